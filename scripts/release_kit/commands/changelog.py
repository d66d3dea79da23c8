"""`release-kit changelog`: Markdown notes from Conventional Commits.

By default the commits since the newest version tag are added to the pending
section of CHANGELOG.md: entries written by hand stay, generated ones not there
yet are added under their group (`--replace` regenerates the section instead);
everything below it is kept byte for byte. A reStructuredText changelog is not
edited (exit 2: use --stdout, or --file a Markdown file). `--all`
renders every tagged version; `--stdout` prints instead of writing;
`--version X` titles the unreleased commits as version X, dated today.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from release_kit.context import Context

if TYPE_CHECKING:
    from release_kit.changelog import ChangelogSettings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--all", action="store_true", help="the whole history, one heading per version tag"
    )
    parser.add_argument("--stdout", action="store_true", help="print the Markdown, write nothing")
    parser.add_argument(
        "--version",
        dest="title",
        default=None,
        metavar="VERSION",
        help="title the unreleased commits as VERSION (dated today) instead of Unreleased",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="regenerate the pending section (default: add the missing entries, keep the rest)",
    )
    parser.add_argument(
        "--file",
        default=None,
        help="the changelog file (default: [changelog] path, else the first of CHANGELOG.md,"
        " RELEASES.md, CHANGES.md, HISTORY.md that exists, else CHANGELOG.md)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    import gc

    # A whole history makes tens of thousands of short-lived objects and no cycles:
    # the cyclic collector would only rescan them (about a tenth of the run).
    gc.disable()
    try:
        return _run(args, ctx)
    finally:
        gc.enable()


def _run(args: argparse.Namespace, ctx: Context) -> int:
    from release_kit.commits import setup
    from release_kit.commits.history import PendingLog

    root, git = setup.repo_root(ctx.cwd, ctx.env)
    # The whole history is `git log HEAD` whatever the configuration says: start
    # it first and let git walk while Python imports, reads the config and the
    # tags and compiles the template.
    pending = PendingLog(git, ["HEAD"]) if args.all else None
    from release_kit.commits.notes import build_releases, links_for
    from release_kit.commits.render import compile_template, render, template_source

    try:
        conf = setup.load(root)
        if args.title is not None:
            from release_kit.versioning import parse_version

            args.title = str(parse_version(args.title.removeprefix("v"), conf.scheme))
        template = compile_template(template_source(conf.commits, conf.root))
        releases = build_releases(
            git,
            scheme=conf.scheme,
            tag_format=conf.tag_format,
            settings=conf.commits,
            whole_history=args.all,
            title=args.title,
            date=ctx.now.date().isoformat() if args.title else "",
            pending=pending,
        )
    finally:
        if pending is not None:
            pending.close()
    text = render(releases, conf.commits, links_for(git, ctx.env), template)
    payload = {
        "changelog": text,
        "file": "",
        "changed": False,
        "releases": sum(1 for r in releases if r.tag),
        "changes": sum(len(r.changes) for r in releases),
    }
    if args.stdout:
        ctx.emit(payload, text.rstrip("\n"))
        return 0
    from release_kit.changelog import ChangelogSettings, is_rst, refuse_rst
    from release_kit.config import load_config

    settings = ChangelogSettings.from_config(load_config(conf.root))
    rel = args.file or _changelog_path(conf.root, settings)
    if is_rst(rel):
        raise refuse_rst(rel, "print the notes with --stdout, or pass --file a Markdown file")
    path = conf.root / rel
    headings = (
        conf.commits.unreleased_heading,
        *settings.pending_headings,
        *([args.title] if args.title else []),
    )
    return _write(
        ctx, root, path, text, payload, headings=headings, whole=args.all, replace=args.replace
    )


def _changelog_path(root: Path, settings: ChangelogSettings) -> str:
    """The file `release-kit bump` promotes: `[changelog] path`, else the first
    usual name that exists, else CHANGELOG.md."""
    from release_kit.changelog import CANDIDATES

    if settings.path:
        return settings.path
    return next((name for name in CANDIDATES if (root / name).is_file()), CANDIDATES[0])


def _write(
    ctx: Context,
    root: Path,
    path: Path,
    text: str,
    payload: dict[str, Any],
    *,
    headings: tuple[str, ...],
    whole: bool,
    replace: bool,
) -> int:
    from release_kit.commits.insert import insert_unreleased, replace_all
    from release_kit.errors import InputError, SourceError
    from release_kit.files import file_diff

    try:
        old = path.read_text(encoding="utf-8") if path.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path.name}: cannot read: {exc}") from exc
    if whole:
        new = replace_all(old, text)
        dropped = _dropped_lines(old, new)
        if dropped and not replace:
            raise InputError(
                f"{path.name}: --all would drop {dropped} line(s) written in the file;"
                " pass --replace to regenerate it, or print with --stdout"
            )
    else:
        new = insert_unreleased(old, text, headings, replace=replace)
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    payload.update(file=rel, changed=new != old)
    if new == old:
        ctx.emit(payload, f"{rel} is up to date")
        return 0
    if ctx.dry_run:
        ctx.say(file_diff(rel, old or "", new).rstrip("\n"))
        ctx.emit(payload, f"would write {rel} (dry run)")
        return 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new, encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"{rel}: cannot write: {exc.strerror}") from exc
    ctx.emit(payload, f"wrote {rel}")
    return 0


def _dropped_lines(old: str | None, new: str) -> int:
    """How many non-blank lines of `old` the whole-history text `new` no longer has."""
    if not old:
        return 0
    kept = set(new.splitlines())
    return sum(1 for line in old.splitlines() if line.strip() and line not in kept)
