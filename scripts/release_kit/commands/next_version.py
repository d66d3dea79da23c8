"""`release-kit next-version`: the version the commits since the last release ask for.

Reads the tags once (`git for-each-ref`) and the commits since the newest
release tag on this branch once (`git log`); prints the next version, or the
current one with bump `none` when nothing since asks for a release.
"""

from __future__ import annotations

import argparse

from release_kit.context import Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--branch",
        default=None,
        help="the branch whose pre-release channel applies (default: the current branch)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from release_kit.commits import setup
    from release_kit.commits.plan import plan_next

    root, git = setup.repo_root(ctx.cwd, ctx.env)
    conf = setup.load(root)
    branch = args.branch
    if branch is None and conf.commits.channels:
        branch = setup.branch_name(git, ctx.env)
    plan = plan_next(
        git,
        scheme=conf.scheme,
        tag_format=conf.tag_format,
        settings=conf.commits,
        branch=branch,
    )
    payload = {
        "version": plan.version,
        "tag": plan.tag,
        "bump": plan.bump or "none",
        "current_version": plan.current,
        "current_tag": plan.current_tag or "",
        "last_release": plan.last_release or "",
        "channel": plan.channel or "",
        "changes": len(plan.changes),
    }
    ctx.emit(payload, plan.version)
    return 0
