"""`release-kit rollback TAG --yes`: delete the release and the tag (emergency procedure)."""

from __future__ import annotations

import argparse

from release_kit.config import load_config
from release_kit.config_check import repository_root
from release_kit.context import Context
from release_kit.errors import InputError
from release_kit.release.inputs import check_release_tag
from release_kit.release.settings import ReleaseSettings
from release_kit.settings import CoreSettings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tag", help="the release's tag")
    parser.add_argument("--yes", action="store_true", help="really delete (try --dry-run first)")
    parser.add_argument("--keep-tag", action="store_true", help="delete only the release")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from release_kit.github import GitHubClient
    from release_kit.release.api import ReleaseApi
    from release_kit.release.rollback import apply_rollback, plan_rollback

    # Before any request: the configuration (at the root cli.main checked it, whole)
    # gives the tag format, and a tag that is no release tag is bad input (exit 2).
    cfg = load_config(repository_root(ctx.cwd))
    rolling = ReleaseSettings.from_config(cfg).rolling_tag
    check_release_tag(args.tag, CoreSettings.from_config(cfg), rolling)
    api = ReleaseApi(GitHubClient.from_env(ctx.env, log=ctx.say))
    plan = plan_rollback(api, args.tag, keep_tag=args.keep_tag)
    lines = plan.lines()
    if not ctx.dry_run and lines and not args.yes:
        raise InputError(
            f"rollback would {'; '.join(lines)}: re-run with --yes (see it first with --dry-run)"
        )
    if not ctx.dry_run:
        apply_rollback(api, plan, ctx.say)
    verb = "would " if ctx.dry_run else ""
    text = "\n".join(f"{verb}{line}" for line in lines) or f"nothing to roll back for {args.tag}"
    ctx.emit(
        {
            "tag": args.tag,
            "plan": lines,
            "deleted": plan.done,
            "dry_run": ctx.dry_run,
        },
        text,
    )
    return 0
