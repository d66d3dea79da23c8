"""`release-kit check [STEP ...]`: every gate of a run, before anything changes.

Read-only: it computes what the run would do (version, tag, branch, merge, notes,
the assets expected) and evaluates every gate at once (the whole configuration,
the branch policy, milestone and blocker issues, tags and branches in the way,
the version above the line's last release, required CI checks, the changelog
section). Each problem is one line. Exit 0: ready; 1: refused; 2: bad input.
Release workflows run it before their first push, merge, tag or release.
"""

from __future__ import annotations

import argparse

from release_kit.check.model import STEPS, default_steps, in_order
from release_kit.context import Context
from release_kit.errors import InputError


def _flag(text: str) -> bool:
    if text in ("true", "false"):
        return text == "true"
    raise InputError(f"--draft takes true or false, got {text!r}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "steps",
        nargs="*",
        metavar="STEP",
        help=f"the steps to check: {', '.join(s for s in STEPS if s != 'config')}"
        " (default: tag and release, after merge and bump when asked for)",
    )
    parser.add_argument("--bump", metavar="KIND", help="the bump the run makes (as `bump KIND`)")
    parser.add_argument("--pre-id", help="pre-release identifier of the bump (rc, beta, ...)")
    parser.add_argument("--tag", help="the tag to release (an on-tag run)")
    parser.add_argument(
        "--milestone",
        default="",
        metavar="N|TITLE",
        help="the milestone numbered N or titled TITLE (digits only: a number)",
    )
    parser.add_argument("--merge-from", metavar="BRANCH", help="the branch the run merges first")
    parser.add_argument(
        "--draft",
        nargs="?",
        const="true",
        default="false",
        metavar="true|false",
        help="the release stays a draft",
    )
    parser.add_argument("--blocker-label", metavar="LABEL", help="issues with it block the run")
    parser.add_argument("--branch", help="the branch the run is for (default: the checkout's)")
    parser.add_argument("--allow-dirty", action="store_true", default=None)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from release_kit.check.gates import Checker, Request
    from release_kit.config import load_config
    from release_kit.git import Git
    from release_kit.release.milestone import parse_ref

    unknown = [s for s in args.steps if s not in STEPS]
    if unknown:
        raise InputError(f"unknown step(s) {', '.join(unknown)}; the steps are {', '.join(STEPS)}")
    bump = args.bump or None
    steps = in_order(args.steps) if args.steps else default_steps(bump, args.merge_from)
    if bump and "bump" not in steps:
        raise InputError("--bump is given but the bump step is not checked")
    req = Request(
        steps=steps,
        bump=bump,
        pre_id=args.pre_id or None,
        tag=(args.tag or "").removeprefix("refs/tags/") or None,
        milestone=parse_ref(args.milestone),
        merge_from=args.merge_from or None,
        draft=_flag(args.draft),
        blocker_label=args.blocker_label or None,
        branch=args.branch or None,
        allow_dirty=args.allow_dirty,
        laptop=not ctx.in_actions and bool(args.milestone.strip()),
    )
    git = Git(ctx.cwd, env=ctx.env)
    root = git.toplevel()
    cfg = load_config(root)

    def api_factory():  # type: ignore[no-untyped-def]
        from release_kit.github import GitHubClient
        from release_kit.release.api import ReleaseApi

        return ReleaseApi(GitHubClient.from_env(ctx.env, log=ctx.say))

    report = Checker(req, root, git, cfg, ctx.env, ctx.now, api_factory).run()
    text = report.text()
    preview = report.plan.get("notes_preview")
    if preview and req.laptop:
        text += "\n\nnotes (draft):\n" + str(preview)
    ctx.emit(report.payload(), text)
    ctx.summary(report.summary())
    for problem in report.ordered():
        if ctx.json:
            ctx.say(f"release-kit: check: {problem.line()}")
        if ctx.in_actions:  # an annotation per problem (after the JSON, as cli._report does)
            from release_kit import runner

            print(runner.error_line(f"check: {problem.line()}"), file=ctx.out)
    return report.exit_code
