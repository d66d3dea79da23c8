"""`release-kit tag`: tag the marker commit of a push, or HEAD when its version has no tag.

Modes (option --mode or `[tag] mode`):
  marker   scan the pushed range `before..after` (from the push event, or
           --before/--after) for commits on the branch's first-parent line
           whose message carries the marker on a line of its own, and tag each
           with the version read at that commit (see tagging.markers); a commit
           the remote branch no longer contains (force-pushed away) is refused.
  version  tag --rev (default HEAD) when its version has no tag yet (a two-part
           tag such as v0.6 carries 0.6.0); refused when that version is below
           the last release of the branch's line (files behind the tags).
Tags are annotated (message: the changelog section of the version), signed
when a key is configured, always created at an explicit commit, and pushed.
"""

from __future__ import annotations

import argparse
from typing import Any

from release_kit.config import Config, load_config
from release_kit.context import Context
from release_kit.git import Git
from release_kit.github import GitHubClient
from release_kit.settings import CoreSettings
from release_kit.tagging import github_ops, refs, runtime
from release_kit.tagging.current import branch_of, line_for
from release_kit.tagging.gitops import Signing
from release_kit.tagging.settings import MODES, TagSettings
from release_kit.tagging.tagger import (
    Plan,
    Project,
    confirm_on_branch,
    move_floating,
    plan_marker,
    plan_version,
    preflight,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mode", choices=MODES, help="marker (default) or version")
    parser.add_argument("--before", help="push range start (default: the push event's before)")
    parser.add_argument("--after", help="push range end (default: the event's after, else HEAD)")
    parser.add_argument("--branch", help="the pushed branch (default: from GITHUB_REF)")
    parser.add_argument("--rev", default="HEAD", help="version mode: the commit to tag")
    parser.add_argument("--version", dest="explicit_version", help="tag this version")
    parser.add_argument("--remote", help="the remote to push to (default origin)")
    parser.add_argument("--signing-key", help="sign tags with this GPG key id or SSH key file")
    parser.add_argument("--signing-format", choices=("openpgp", "ssh", "x509"))
    parser.add_argument(
        "--floating-major",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="move the major tag (v1) to the newest v1.x.y",
    )
    parser.add_argument(
        "--wait-for-checks",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="wait until the commit's checks pass before tagging",
    )
    parser.add_argument("--checks-timeout", type=float, help="seconds to wait for checks")
    parser.add_argument(
        "--required-check",
        action="append",
        default=[],
        metavar="NAME",
        help="wait for this check only (repeatable)",
    )
    parser.add_argument(
        "--dispatch",
        metavar="WORKFLOW",
        help="start this workflow (file name or id) at the new tag",
    )
    parser.add_argument("--dispatch-input", action="append", default=[], metavar="KEY=VALUE")


def _project(args: argparse.Namespace, ctx: Context, cfg: Config, settings: TagSettings) -> Project:
    core = CoreSettings.from_config(cfg)
    remote = args.remote or settings.remote
    git = Git(ctx.cwd, env=ctx.env)
    url = git.run("remote", "get-url", remote, check=False)
    email = git.run("config", "user.email", check=False)
    extra = {**runtime.git_auth_env(ctx.env, url), **runtime.identity_env(email, ctx.env)}
    git = Git(ctx.cwd, env={**ctx.env, **extra})
    return Project(git, cfg, core.scheme, core.tag_format, remote, args.explicit_version)


def _branch(args: argparse.Namespace, ctx: Context, project: Project, mode: str) -> str | None:
    """The pushed branch (marker mode) or the branch of --rev (version mode)."""
    if args.branch:
        return str(args.branch)
    if mode == "marker" and (pushed := runtime.ref_name(ctx.env, "heads")):
        return pushed
    return branch_of(project.git, ctx.env, ctx.cwd)


def _plan(
    args: argparse.Namespace,
    ctx: Context,
    project: Project,
    mode: str,
    branch: str | None,
    settings: TagSettings,
) -> Plan:
    line = line_for(project.cfg, branch)
    if mode == "version":
        return plan_version(project, args.rev, line)
    core = CoreSettings.from_config(project.cfg)
    event = runtime.push_event(ctx.env)
    before = args.before or event.get("before")
    after = args.after or event.get("after") or "HEAD"
    return plan_marker(
        project,
        core.marker,
        before,
        after,
        branch,
        line=line,
        allow_prereleases=settings.allow_prereleases,
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    cfg = load_config(ctx.cwd)
    settings = TagSettings.from_config(cfg)
    project = _project(args, ctx, cfg, settings)
    mode = args.mode or settings.mode
    branch = _branch(args, ctx, project, mode)
    plan = _plan(args, ctx, project, mode, branch, settings)
    ctx.say(plan.note)
    preflight(project, plan)
    key = args.signing_key or settings.signing_key
    signing = Signing(key, args.signing_format or settings.signing_format) if key else None
    workflow = args.dispatch or settings.dispatch
    wait = settings.wait_for_checks if args.wait_for_checks is None else args.wait_for_checks
    client = GitHubClient.from_env(ctx.env, log=ctx.say) if (workflow or wait) else None
    for target in plan.targets:  # every target's checks pass before the first tag
        if wait and client is not None:
            verdict = github_ops.wait_for_checks(
                client,
                target.sha,
                required=args.required_check or settings.required_checks,
                ignore=[ctx.env.get("GITHUB_JOB", "")],
                run_id=ctx.env.get("GITHUB_RUN_ID", ""),
                timeout=args.checks_timeout or settings.checks_timeout,
                interval=settings.checks_interval,
                say=ctx.say,
            )
            ctx.say(f"checks of {target.sha[:12]}: {verdict.detail}")
    if mode == "marker":  # as late as possible: a force push since withdraws a marker
        confirm_on_branch(project, plan, branch)
    results: list[refs.RefResult] = []
    for target in plan.targets:
        result = refs.ensure_tag(
            project.git,
            project.remote,
            target.tag,
            target.sha,
            target.message,
            signing,
            dry_run=ctx.dry_run,
        )
        ctx.say(result.note)
        results.append(result)
    floating = None
    floating_on = settings.floating_major if args.floating_major is None else args.floating_major
    if floating_on and plan.targets:
        floating = move_floating(project, plan.targets[-1], dry_run=ctx.dry_run, say=ctx.say)
    dispatched = ""
    if workflow and results and client is not None and runtime.push_starts_workflows(ctx.env):
        ctx.say(
            f"not dispatching {workflow}: the tag was pushed with a token other than the"
            " default one, and that push starts the workflow itself"
        )
    elif workflow and results and client is not None:
        inputs = {**settings.dispatch_inputs, **runtime.parse_inputs(args.dispatch_input)}
        last = results[-1]
        note = github_ops.dispatch_workflow(
            client, workflow, last.name, inputs, created=last.created, dry_run=ctx.dry_run
        )
        ctx.say(note)
        dispatched = workflow if note.startswith("dispatched") else ""
    _report(ctx, mode, plan, results, floating.name if floating else "", dispatched)
    return 0


def _report(
    ctx: Context,
    mode: str,
    plan: Plan,
    results: list[refs.RefResult],
    floating: str,
    dispatched: str,
) -> None:
    last = results[-1] if results else None
    payload: dict[str, Any] = {
        "mode": mode,
        "tag": last.name if last else "",
        "sha": last.sha if last else "",
        "version": str(plan.targets[-1].version) if plan.targets else "",
        "created": any(r.created for r in results),
        "tags": [{"tag": r.name, "sha": r.sha, "created": r.created} for r in results],
        "floating_tag": floating,
        "dispatched": dispatched,
        "note": plan.note,
        "dry_run": ctx.dry_run,
    }
    ctx.emit(payload)  # the notes were said as the run went
    rows = "".join(
        f"| `{r.name}` | `{r.sha[:12]}` | {'created' if r.created else 'already there'} |\n"
        for r in results
    )
    table = f"| tag | commit | result |\n|---|---|---|\n{rows}" if rows else ""
    extra = "".join(
        f"- {text}\n"
        for text in (
            f"floating tag `{floating}` updated" if floating else "",
            f"dispatched workflow `{dispatched}`" if dispatched else "",
        )
        if text
    )
    ctx.summary(f"### release-kit tag ({mode} mode)\n\n{plan.note}\n\n{table}{extra}")
