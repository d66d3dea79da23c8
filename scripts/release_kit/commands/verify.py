"""`release-kit verify TAG`: the tag, the release and its assets are as expected."""

from __future__ import annotations

import argparse
import re

from release_kit.config import load_config
from release_kit.context import Context
from release_kit.errors import InputError, ReleaseKitError
from release_kit.git import Git
from release_kit.release.inputs import check_release_tag
from release_kit.release.settings import ReleaseSettings
from release_kit.settings import CoreSettings

FULL_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tag", help="the release's tag")
    parser.add_argument("--commit", metavar="REV", help="the commit the tag must point at")
    parser.add_argument("--draft", action="store_true", help="expect a draft (default: published)")
    parser.add_argument(
        "--asset", action="append", default=[], metavar="NAME", help="an asset that must be there"
    )
    parser.add_argument("--checksums", metavar="NAME", help="checksum file (default from config)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from release_kit.github import GitHubClient
    from release_kit.release.api import ReleaseApi
    from release_kit.release.verify import verify_release

    git = Git(ctx.cwd, env=ctx.env)
    in_clone = git.ok("rev-parse", "--git-dir")
    root = git.toplevel() if in_clone else ctx.cwd
    cfg = load_config(root)
    settings = ReleaseSettings.from_config(cfg)
    check_release_tag(args.tag, CoreSettings.from_config(cfg), settings.rolling_tag)
    commit = None
    if args.commit:
        commit = git.try_rev_parse(args.commit) if in_clone else None
        if commit is None and not FULL_SHA.fullmatch(args.commit):
            raise InputError(
                f"--commit {args.commit}: no such commit here (outside a clone, give the full SHA)"
            )
        commit = commit or args.commit
    checksums = settings.checksums if args.checksums is None else args.checksums
    api = ReleaseApi(GitHubClient.from_env(ctx.env, log=ctx.say))
    report = verify_release(
        api,
        args.tag,
        commit=commit,
        draft=args.draft,
        expected_assets=args.asset,
        checksums=checksums,
    )
    release = report.release or {}
    payload = {
        "tag": args.tag,
        "ok": not report.problems,
        "tag_sha": report.tag_sha,
        "release_id": release.get("id"),
        "html_url": release.get("html_url", ""),
        "checked": report.checked,
        "problems": report.problems,
    }
    if report.problems:
        raise ReleaseKitError(
            f"release {args.tag} failed verification: " + "; ".join(report.problems)
        )
    ctx.emit(
        payload,
        f"release {args.tag} verified: tag at {str(report.tag_sha)[:12]}, "
        f"{len(report.checked)} checksum(s) match",
    )
    return 0
