"""`release-kit pr`: publish a bump as a pull request, the way wasmtime's monthly job does.

Takes the work tree's edits from `release-kit bump` (its --json result names
the version and the files), commits them with the marker on a fixed branch made
from the base commit, pushes with --force-with-lease and opens the PR or
updates the open one. Re-running with nothing new pushes nothing, makes no
commit and leaves the one PR in place.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from release_kit import runner
from release_kit.config import load_config
from release_kit.context import Context
from release_kit.errors import InputError, RefusedError
from release_kit.git import Git
from release_kit.github import GitHubClient
from release_kit.pr import pulls
from release_kit.pr.gitops import BumpGit, TreeObject, auth_env, basic_auth
from release_kit.pr.plan import (
    OpenPull,
    PrPlan,
    Wanted,
    check_carried_version,
    parse_labels,
    plan_pr,
)
from release_kit.pr.settings import PrSettings
from release_kit.pr.text import BumpResult, render_body, render_summary, render_title
from release_kit.settings import CoreSettings
from release_kit.sources import detect


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bump-result",
        required=True,
        metavar="FILE",
        help="the JSON that `release-kit bump --json` printed ('-' reads stdin)",
    )
    parser.add_argument(
        "--branch",
        help="the PR branch, {base} replaced by the base (default: [pr] branch, release-kit/bump)",
    )
    parser.add_argument(
        "--base", help="the PR's base branch (default: the checked-out branch, else GITHUB_REF's)"
    )
    parser.add_argument("--marker", help="the commit marker (default: the configured marker)")
    parser.add_argument("--title", help="the PR title template (default: [pr] title)")
    parser.add_argument(
        "--labels", help="labels to add, comma or newline separated (default: [pr] labels)"
    )
    parser.add_argument("--remote", default="origin", help="the remote to push to")
    parser.add_argument("--no-push", action="store_true", help="commit locally only")
    parser.add_argument("--no-open-pr", action="store_true", help="push the branch, open no PR")


def _read_bump(source: str, cwd: Path) -> BumpResult:
    try:
        text = sys.stdin.read() if source == "-" else (cwd / source).read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        raise InputError(f"cannot read the bump result {source}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"the bump result {source} is not JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise InputError(f"the bump result {source} is not a JSON object")
    return BumpResult.from_json(data, source)


def _check_branch_name(git: Git, name: str, what: str) -> None:
    if not name or not git.ok("check-ref-format", "--branch", name):
        raise InputError(f"{what} {name!r} is not a valid branch name")


def _describe(plan: PrPlan, branch: str, pull: OpenPull | None) -> list[str]:
    lines = [
        f"commit: reuse {plan.reuse[:12]} (same tree on the same base)"
        if plan.reuse
        else "commit: new bump commit",
        f"push: {branch} (lease {plan.lease[:12] or 'absent'})" if plan.push else "push: nothing",
    ]
    target = f"#{pull.number}" if pull else "a new PR"
    detail = ", ".join([*plan.pr_changes, *(f"label {x}" for x in plan.add_labels)])
    lines.append(f"pull request: {plan.pr_action} {target}" + (f" ({detail})" if detail else ""))
    return lines


def run(args: argparse.Namespace, ctx: Context) -> int:
    root = Git(ctx.cwd, ctx.env).toplevel()
    git = Git(root, ctx.env)  # bump's changed_files are relative to the repository root
    cfg = load_config(root)
    core = CoreSettings.from_config(cfg)
    if args.marker:
        core = dataclasses.replace(core, marker=args.marker)
    settings = PrSettings.from_config(cfg)
    bump = _read_bump(args.bump_result, ctx.cwd)
    push, open_pr = not args.no_push, not args.no_open_pr
    if open_pr and not push:
        raise InputError("opening a PR needs the branch pushed: drop --no-push or add --no-open-pr")
    token = ctx.env.get("GITHUB_TOKEN") or None
    if ctx.in_actions and token:
        runner.mask(token, ctx.out)
        runner.mask(basic_auth(token), ctx.out)

    ref = ctx.env.get("GITHUB_REF", "")
    branch_ref = ref.removeprefix("refs/heads/") if ref.startswith("refs/heads/") else ""
    base = args.base or git.current_branch() or branch_ref
    if not base:
        raise InputError("HEAD is detached: name the PR's base branch with --base")
    branch = (args.branch or settings.branch).replace("{base}", base)
    _check_branch_name(git, branch, "branch")
    _check_branch_name(git, base, "base")
    if branch == base:
        raise InputError(f"the PR branch and its base are both {branch!r}")

    ops = BumpGit(git, args.remote, auth_env(git, args.remote, token))
    parent = ops.head()
    explicit = bool(bump.changed_files) or bump.tag_only
    files = list(bump.changed_files) if explicit else ops.changed_files()
    tree = ops.bump_tree(parent, files)
    if tree == ops.tree_of(parent) and not bump.tag_only:
        if not ctx.dry_run:
            raise RefusedError("nothing to commit: the work tree has no bump (run `bump` first)")
        ctx.say("nothing to commit: the work tree has no bump (dry run)")
    elif not bump.tag_only:  # the commit carries the version its title names, or nothing
        carried = detect(TreeObject(git, tree), cfg)
        check_carried_version(bump.version, carried.version, carried.scheme)
    values = bump.fields(branch, base)
    title = render_title(args.title or settings.title, values)
    labels = parse_labels(args.labels) if args.labels is not None else settings.labels
    body = render_body(bump, branch=branch, marker=core.marker)
    wanted = Wanted(parent, tree, branch, base, title, body, labels)

    remote = None
    pull = None
    if push or open_pr:
        base_tip = ops.remote_tip(base)
        if base_tip is None:
            raise RefusedError(f"{args.remote} has no branch {base!r} to open the PR against")
        if base_tip != parent:
            raise RefusedError(
                f"HEAD ({parent[:12]}) is not the tip of {args.remote}/{base}"
                f" ({base_tip[:12]}): check out the current {base} and bump again"
            )
        remote = ops.remote_commit(branch)
    client = None
    if open_pr:
        client = GitHubClient.from_env(ctx.env, token=token, log=ctx.say)
        pull = pulls.find_open_pull(client, branch)
    plan = plan_pr(wanted, remote, pull, push=push, open_pr=open_pr)
    for line in _describe(plan, branch, pull):
        ctx.say(("would " if ctx.dry_run else "") + line)

    sha = plan.reuse or ""
    if not ctx.dry_run:
        if sha == "":
            message = core.render_commit_message(
                version=bump.version, previous=bump.previous, tag=bump.tag
            )
            sha = ops.commit(tree, parent, message, ctx.env)
        if plan.push:
            ops.push(sha, branch, plan.lease)
        ops.set_local_branch(branch, sha)
        if client is not None:
            pull = _apply_pull(client, plan, pull, wanted)

    pr_number = pull.number if pull else None
    payload = {
        "commit_sha": sha,
        "branch": branch,
        "base": base,
        "committed": plan.commit and not ctx.dry_run,
        "pushed": plan.push and not ctx.dry_run,
        "pr_number": pr_number,
        "pr_url": pull.url if pull else "",
        "pr_action": plan.pr_action,
        "dry_run": ctx.dry_run,
    }
    ctx.summary(
        render_summary(
            bump,
            files=files,
            branch=branch,
            commit=sha,
            pushed=plan.push and not ctx.dry_run,
            pr_number=pr_number,
            pr_url=pull.url if pull else "",
            pr_action=plan.pr_action,
            dry_run=ctx.dry_run,
        )
    )
    where = f"#{pull.number} {pull.url}" if pull else branch
    ctx.emit(payload, f"{bump.version}: {plan.pr_action} {where} at {sha[:12] or '-'}")
    return 0


def _apply_pull(
    client: GitHubClient, plan: PrPlan, pull: OpenPull | None, wanted: Wanted
) -> OpenPull:
    if pull is None:
        pull = pulls.create_pull(
            client, branch=wanted.branch, base=wanted.base, title=wanted.title, body=wanted.body
        )
    elif plan.pr_changes:
        pull = pulls.update_pull(client, pull.number, plan.pr_changes)
    pulls.add_labels(client, pull.number, plan.add_labels)
    return dataclasses.replace(pull, labels=tuple(dict.fromkeys(pull.labels + plan.add_labels)))
