"""`release-kit release [TAG]`: create or update the GitHub release of a tag.

Notes from the configured sources through a Jinja2 template, assets from globs
with a SHA256SUMS file, resumable uploads, `make_latest` that keeps "Latest" on
the newest line, milestone and blocker-label gates, and `--rolling` for a
pre-release whose tag follows each build (e.g. `dev-latest`). A draft gets no
tag and leaves the milestone open; `--publish TAG` publishes it later.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from release_kit.config import load_config
from release_kit.context import Context
from release_kit.errors import InputError
from release_kit.git import Git
from release_kit.release import flow, report
from release_kit.release.milestone import MilestoneRef, parse_ref
from release_kit.release.settings import (
    ReleaseSettings,
    check_make_latest,
    check_rolling_sources,
    check_sources,
    parse_prerelease,
)
from release_kit.settings import CoreSettings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "tag",
        nargs="?",
        help="the tag to release (default: $GITHUB_REF's tag, or from --milestone)",
    )
    parser.add_argument("--target", metavar="REV", help="the commit the tag must point at")
    parser.add_argument(
        "--create-tag",
        action="store_true",
        help="a missing tag is made at --target when the release is published",
    )
    parser.add_argument(
        "--milestone",
        metavar="N|TITLE",
        help="take the version from the milestone numbered N or titled TITLE (digits only: a"
        " number), closed after (with --publish: the one to close)",
    )
    parser.add_argument(
        "--notes",
        metavar="LIST",
        help="notes sources, comma-separated: changelog,generated,milestone,commits",
    )
    parser.add_argument("--notes-template", metavar="FILE", help="Jinja2 template for the notes")
    parser.add_argument(
        "--asset", action="append", default=[], metavar="GLOB", help="asset glob (repeatable)"
    )
    parser.add_argument(
        "--allow-empty", action="store_true", help="a glob matching nothing is not an error"
    )
    parser.add_argument("--checksums", metavar="NAME", help="checksum file name ('' for none)")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace assets whose content changed"
    )
    parser.add_argument(
        "--draft", action="store_true", help="leave the release a draft (no tag, milestone open)"
    )
    parser.add_argument("--prerelease", metavar="auto|true|false", help="default: from the version")
    parser.add_argument("--make-latest", metavar="auto|true|false|legacy")
    parser.add_argument(
        "--blocker-label", metavar="LABEL", help="refuse while issues with it are open"
    )
    parser.add_argument(
        "--rolling",
        action="store_true",
        help="TAG is a rolling pre-release moved to --target (HEAD)",
    )
    parser.add_argument(
        "--publish",
        metavar="TAG",
        help="publish the draft release of TAG as it is (GitHub creates a missing tag)",
    )


# What --publish cannot be combined with: it publishes the draft as it is.
_NOT_WITH_PUBLISH = (
    ("tag", "a TAG argument"),
    ("rolling", "--rolling"),
    ("draft", "--draft"),
    ("target", "--target"),
    ("create_tag", "--create-tag"),
    ("notes", "--notes"),
    ("notes_template", "--notes-template"),
    ("asset", "--asset"),
    ("allow_empty", "--allow-empty"),
    ("checksums", "--checksums"),
    ("overwrite", "--overwrite"),
)


def check_publish_args(args: argparse.Namespace) -> None:
    """--publish TAG takes --milestone, --make-latest, --blocker-label and --dry-run only."""
    skip = {"tag"} if args.rolling else set()  # --rolling's TAG is the rolling tag
    given = [
        flag
        for name, flag in _NOT_WITH_PUBLISH
        if name not in skip and getattr(args, name) not in (None, False, [])
    ]
    if (
        args.prerelease is not None
        and parse_prerelease(args.prerelease, "--prerelease") is not None
    ):
        given.append("--prerelease")
    if given:
        raise InputError(
            f"--publish publishes the draft as it is; it cannot be combined with {', '.join(given)}"
        )


def settings_from_args(base: ReleaseSettings, args: argparse.Namespace) -> ReleaseSettings:
    """The configuration, with whatever the command line (or action input) says on top."""
    changes: dict[str, Any] = {}
    if args.notes:
        names = [n.strip() for n in args.notes.split(",") if n.strip()]
        changes.update(notes=check_sources(names, "--notes"), notes_explicit=True)
    if args.notes_template:
        changes["notes_template"] = args.notes_template
    if args.asset:
        changes["assets"] = tuple(g for text in args.asset for g in _globs(text))
    if args.checksums is not None:
        changes["checksums"] = args.checksums
    for flag in ("allow_empty", "overwrite", "draft"):
        if getattr(args, flag):
            changes[flag] = True
    if args.prerelease is not None:
        changes["prerelease"] = parse_prerelease(args.prerelease, "--prerelease")
    if args.make_latest:
        changes["make_latest"] = check_make_latest(args.make_latest, "--make-latest")
    if args.blocker_label:
        changes["blocker_label"] = args.blocker_label
    return dataclasses.replace(base, **changes)


def _tag_from_ref(ref: str, milestone: MilestoneRef | None) -> str | None:
    """In a tag-triggered workflow the tag defaults to the one that was pushed."""
    if milestone is None and ref.startswith("refs/tags/"):
        return ref.removeprefix("refs/tags/")
    return None


def _floating(git: Git, tag: str | None, core: CoreSettings) -> str | None:
    """Why `tag` is a floating tag (`v1`), never a release; None for any other tag."""
    if tag is None:
        return None
    from release_kit.tagging.brancher import floating_reason

    return floating_reason(git, "origin", tag, core.tag_format)


def _globs(text: str) -> list[str]:
    return [g.strip() for line in text.splitlines() for g in line.split(",") if g.strip()]


def run(args: argparse.Namespace, ctx: Context) -> int:
    from release_kit.github import GitHubClient
    from release_kit.release.api import ReleaseApi

    if args.publish is not None:
        check_publish_args(args)  # before anything is read
    git = Git(ctx.cwd, env=ctx.env)
    root = git.toplevel()
    cfg = load_config(root)
    core = CoreSettings.from_config(cfg)
    rs = settings_from_args(ReleaseSettings.from_config(cfg), args)
    milestone = parse_ref(args.milestone)
    if args.publish is not None:
        return _publish(args, ctx, core, rs, milestone)
    if not args.rolling:  # a floating tag (v1) is never a release: stop before any request
        tag = args.tag or _tag_from_ref(ctx.env.get("GITHUB_REF", ""), milestone)
        floating = _floating(git, tag, core)
        if floating is not None:
            ctx.emit(
                {"tag": tag, "version": "", "created": False, "changed": False, "plan": []},
                f"floating tag: nothing to release ({floating})",
            )
            ctx.summary(
                f"### release-kit release\n\nfloating tag: nothing to release ({floating})\n"
            )
            return 0
    api = ReleaseApi(GitHubClient.from_env(ctx.env, log=ctx.say))
    if args.rolling:
        from release_kit.release import rolling_flow

        tag = args.tag or rs.rolling_tag
        if not tag:
            raise InputError("--rolling needs a tag (or [release] rolling-tag)")
        # --notes (the action's `notes` input) names this run's sources; else rolling-notes
        sources = (
            check_rolling_sources(list(rs.notes), "--notes") if args.notes else rs.rolling_notes
        )
        result = rolling_flow.run_rolling(
            api,
            git,
            root,
            tag,
            args.target or "HEAD",
            rs,
            cfg=cfg,
            core=core,
            sources=sources,
            dry_run=ctx.dry_run,
            say=ctx.say,
            env=ctx.env,
        )
    else:
        tag = args.tag or _tag_from_ref(ctx.env.get("GITHUB_REF", ""), milestone)
        req = flow.Request(tag, args.target, args.create_tag, milestone, rs)
        result = flow.run_release(
            api, git, root, cfg, core, req, dry_run=ctx.dry_run, say=ctx.say, env=ctx.env
        )
    payload = report.payload(result, dry_run=ctx.dry_run)
    ctx.emit(payload, report.text(result, dry_run=ctx.dry_run))
    ctx.summary(report.summary(result, dry_run=ctx.dry_run))
    return 0


def _publish(
    args: argparse.Namespace,
    ctx: Context,
    core: CoreSettings,
    rs: ReleaseSettings,
    milestone: MilestoneRef | None,
) -> int:
    from release_kit.github import GitHubClient
    from release_kit.release.api import ReleaseApi
    from release_kit.release.inputs import parse_tag_version
    from release_kit.release.publish import run_publish

    parse_tag_version(args.publish, core)  # bad input exits 2 before any request
    api = ReleaseApi(GitHubClient.from_env(ctx.env, log=ctx.say))
    result = run_publish(api, core, args.publish, milestone, rs, dry_run=ctx.dry_run, say=ctx.say)
    ctx.emit(report.payload(result, dry_run=ctx.dry_run), report.text(result, dry_run=ctx.dry_run))
    ctx.summary(report.summary(result, dry_run=ctx.dry_run))
    return 0
