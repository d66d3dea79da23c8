"""`release-kit next-version`: the version the commits since the last release ask for.

Reads the version files, the tags once (`git for-each-ref`) and the commits
since the last release of the branch's line once (`git log`); prints the next
version, never below the current one (see versioning.lines), or the current
one with bump `none` when nothing since asks for a release.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from release_kit.context import Context

if TYPE_CHECKING:
    from release_kit.config import Config
    from release_kit.versioning import Version


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--branch",
        default=None,
        help="the branch whose pre-release channel applies (default: the current branch)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from release_kit.commits import setup
    from release_kit.commits.plan import plan_next
    from release_kit.config import load_config
    from release_kit.tagging import current

    root, git = setup.repo_root(ctx.cwd, ctx.env)
    conf = setup.load(root)
    branch = args.branch or current.branch_of(git, ctx.env, root)
    cfg = conf.cfg or load_config(root)
    files, where = _files_version(root, cfg, conf.scheme)
    plan = plan_next(
        git,
        scheme=conf.scheme,
        tag_format=conf.tag_format,
        settings=conf.commits,
        branch=branch,
        files=files,
        where=where,
        line=current.line_for(cfg, branch),
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
    if plan.decision is not None:
        payload |= current.Current(plan.decision, ()).report()
        if plan.decision.disagreement and not ctx.json:
            # stdout stays the bare version for scripts; the why goes to stderr
            print(ctx.show(f"{plan.decision.disagreement}; {plan.decision.reason}"), file=ctx.err)
    ctx.emit(payload, plan.version)
    return 0


def _files_version(root: Path, cfg: Config, scheme: str) -> tuple[Version | None, str]:
    """The version the files declare (None for a tag-only project or no files at all)."""
    from release_kit.errors import SourceError, VersionError
    from release_kit.sources import detect
    from release_kit.tagging.current import files_where
    from release_kit.tree import WorkTree
    from release_kit.versioning import parse_version

    try:
        project = detect(WorkTree(root), cfg)
        if project.tag_only:
            return None, ""
        return parse_version(project.version, scheme), files_where(project)
    except (SourceError, VersionError):  # no files, or none in this scheme: the tags decide
        return None, ""
