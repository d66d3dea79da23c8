"""`release-kit branch`: the release branch of a tag, from a name pattern.

The tag is --tag, or the tag this run was triggered for (GITHUB_REF
refs/tags/...). The branch is created on the remote at the tag's commit; one
that already exists there is success, one elsewhere an error; a release-line
pattern (no {version}/{patch}) reuses the line's branch for later tags. A
floating tag (`v1`, `v10`) is no release: nothing is created, exit 0.
"""

from __future__ import annotations

import argparse

from release_kit.config import load_config
from release_kit.context import Context
from release_kit.errors import InputError
from release_kit.git import Git
from release_kit.github import GitHubClient
from release_kit.settings import CoreSettings
from release_kit.tagging import github_ops, runtime
from release_kit.tagging.brancher import ensure_release_branch, floating_reason, read_tag
from release_kit.tagging.patterns import BranchPattern
from release_kit.tagging.settings import BranchSettings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tag", help="the release tag (default: the tag of GITHUB_REF)")
    parser.add_argument(
        "--pattern", help="branch name pattern, e.g. release/v{version} (default from [branch])"
    )
    parser.add_argument("--remote", help="the remote to push to (default origin)")
    parser.add_argument(
        "--dispatch", metavar="WORKFLOW", help="start this workflow (file name or id) afterwards"
    )
    parser.add_argument(
        "--dispatch-ref", help="the ref to start it at (default: the tag; e.g. the branch)"
    )
    parser.add_argument("--dispatch-input", action="append", default=[], metavar="KEY=VALUE")


def run(args: argparse.Namespace, ctx: Context) -> int:
    cfg = load_config(ctx.cwd)
    core = CoreSettings.from_config(cfg)
    settings = BranchSettings.from_config(cfg)
    pattern = BranchPattern.parse(args.pattern or settings.pattern)
    tag = args.tag or runtime.ref_name(ctx.env, "tags")
    if not tag:
        raise InputError("no tag: pass --tag, or run on a tag push (GITHUB_REF refs/tags/...)")
    remote = args.remote or settings.remote
    git = Git(ctx.cwd, env=ctx.env)
    url = git.run("remote", "get-url", remote, check=False)
    git = Git(ctx.cwd, env={**ctx.env, **runtime.git_auth_env(ctx.env, url)})
    floating = floating_reason(git, remote, tag, core.tag_format)
    if floating is not None:
        return _floating(ctx, tag, floating)
    info = read_tag(git, remote, tag, core.tag_format, core.scheme)
    result = ensure_release_branch(
        git,
        remote,
        pattern,
        info,
        now=ctx.now,
        date_format=settings.date_format,
        dry_run=ctx.dry_run,
        patch_tags=settings.patch_tags,
    )
    ctx.say(result.note)
    dispatched = ""
    workflow = args.dispatch or settings.dispatch
    if workflow:
        client = GitHubClient.from_env(ctx.env, log=ctx.say)
        inputs = {**settings.dispatch_inputs, **runtime.parse_inputs(args.dispatch_input)}
        ref = args.dispatch_ref or info.tag
        note = github_ops.dispatch_workflow(
            client, workflow, ref, inputs, created=result.created, dry_run=ctx.dry_run
        )
        ctx.say(note)
        dispatched = workflow if note.startswith("dispatched") else ""
    payload = {
        "branch": result.name,
        "tag": info.tag,
        "sha": info.sha,
        "version": str(info.version),
        "created": result.created,
        "dispatched": dispatched,
        "dry_run": ctx.dry_run,
    }
    ctx.emit(payload, result.note)
    state = "created" if result.created else "already there"
    ctx.summary(
        f"### release-kit branch\n\n| branch | tag | commit | result |\n|---|---|---|---|\n"
        f"| `{result.name}` | `{info.tag}` | `{info.sha[:12]}` | {state} |\n"
        + (f"\n- dispatched workflow `{dispatched}`\n" if dispatched else "")
    )
    return 0


def _floating(ctx: Context, tag: str, reason: str) -> int:
    """A floating tag (`v1`) is never a release: no branch, no dispatch, exit 0."""
    payload = {
        "branch": "",
        "tag": tag.removeprefix("refs/tags/"),
        "sha": "",
        "version": "",
        "created": False,
        "dispatched": "",
        "dry_run": ctx.dry_run,
    }
    ctx.emit(payload, f"floating tag: nothing to release ({reason})")
    ctx.summary(f"### release-kit branch\n\nfloating tag: nothing to release ({reason})\n")
    return 0
