"""`release-kit wheelhouse [build|merge]`: an offline-installable bundle of a release.

build (default)  build the project, collect a wheel of every runtime dependency per
                 target, check the wheel's version against the release version, pack
                 a reproducible archive (named by `archive-name`, default
                 `{name}-{version}-wheelhouse.tar.gz`; its files in one folder or,
                 with `layout = "flat"`, at the top level), verify it by an offline
                 install in a fresh venv, then move it and its `.sha256` into the
                 output folder.
merge ARCHIVE..  combine partial wheelhouses (one per matrix runner) into one archive.

Nothing is written to the output folder until the archive is complete and verified.
"""

from __future__ import annotations

import argparse
import importlib
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from release_kit.config import load_config
from release_kit.context import Context
from release_kit.errors import InputError
from release_kit.wheelhouse.naming import LAYOUTS, archive_glob, check_archive_name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action", nargs="?", choices=("build", "merge"), default="build", help="default: build"
    )
    parser.add_argument(
        "archives", nargs="*", type=Path, metavar="ARCHIVE", help="merge: partial wheelhouses"
    )
    parser.add_argument(
        "--version",
        dest="release_version",
        default=None,
        help="the release version the wheel must carry (default: read from the project)",
    )
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: dist)")
    parser.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="PY[:PLATFORM,...]",
        help="a Python version and platform tags to collect wheels for (repeatable;"
        " default: this interpreter), e.g. 3.12:manylinux_2_17_x86_64 or native",
    )
    parser.add_argument(
        "--constraint", action="append", default=[], metavar="FILE", help="pip constraints file"
    )
    parser.add_argument("--builder", choices=("build", "uv"), default=None)
    parser.add_argument(
        "--no-verify", action="store_true", help="skip the offline install check (not advised)"
    )
    parser.add_argument(
        "--dists-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="also write the project's own sdist and wheel (the ones in the wheelhouse) here",
    )
    parser.add_argument(
        "--archive-name",
        default=None,
        metavar="TEMPLATE",
        help="the archive's file name with {name} and {version}, ending in .tar.gz"
        " (default: {name}-{version}-wheelhouse.tar.gz)",
    )
    parser.add_argument(
        "--layout",
        choices=LAYOUTS,
        default=None,
        help="folder: the files under one top folder (default); flat: at the archive's top level",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace an existing archive with other content"
    )


def _detected_version(ctx: Context, root: Path) -> tuple[str | None, str]:
    """The release version from the project's sources (area A), when that module exists."""
    try:
        sources: Any = importlib.import_module("release_kit.sources")
        detect = sources.detect
    except (ImportError, AttributeError):
        return None, "the built wheel"
    from release_kit.tree import WorkTree

    found = detect(WorkTree(root), load_config(root))  # the repository's release version
    return str(found.version), "the project's version source"


def _partials(paths: list[Path], pattern: str) -> list[Path]:
    """Archives as given; a folder stands for every archive under it that `pattern` matches
    (the archive-name template with `*` for its placeholders), sorted.

    Links are kept in the list, so that merge_archives refuses them by name.
    """
    from release_kit.wheelhouse.contents import is_junk

    found: list[Path] = []
    for path in paths:
        if path.is_symlink() or not path.is_dir():
            found.append(path)  # a link is refused by merge_archives, naming it
            continue
        inside = sorted(
            p
            for p in path.rglob(pattern)
            if (p.is_file() or p.is_symlink()) and not is_junk(p.relative_to(path).as_posix())
        )
        if not inside:
            raise InputError(f"{path.name}: no {pattern} in this folder")
        found.extend(inside)
    return found


def _table(staged: Any) -> str:
    rows = [
        "| wheel | version | tags | size | sha256 |",
        "|---|---|---|---:|---|",
    ]
    for w in staged.wheels:
        tags = ", ".join(w.tags) if len(w.tags) <= 3 else f"{len(w.tags)} tags"
        rows.append(f"| `{w.filename}` | {w.version} | {tags} | {w.size:,} | `{w.sha256[:16]}…` |")
    return "\n".join(rows)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from release_kit.wheelhouse import backend, links, merge, pipeline, publish
    from release_kit.wheelhouse.settings import WheelhouseSettings

    root = ctx.cwd
    cfg = load_config(root)
    settings = WheelhouseSettings.from_config(cfg).with_targets(args.target)
    if args.builder:
        settings = replace(settings, builder=args.builder)
    if args.constraint:
        settings = replace(settings, constraints=settings.constraints + tuple(args.constraint))
    if args.no_verify:
        settings = replace(settings, verify=False)
    if args.archive_name is not None:
        settings = replace(
            settings, archive_name=check_archive_name(args.archive_name, "--archive-name")
        )
    if args.layout:
        settings = replace(settings, layout=args.layout)
    out_dir = (root / (args.out or Path(settings.output_dir))).resolve()
    project = (root / settings.project_dir).resolve()

    if args.action == "merge":
        if not args.archives:
            raise InputError("wheelhouse merge: name the partial wheelhouse archives to merge")
        # abspath, not resolve: a link given as an archive must stay a link, to be refused
        pattern = archive_glob(settings.archive_name)
        paths = _partials([Path(os.path.abspath(root / p)) for p in args.archives], pattern)
        plan = [f"merge {len(paths)} partial wheelhouse(s) into {out_dir}"]
        plan += [f"  {p.name}" for p in paths]
    else:
        if args.archives:
            raise InputError("wheelhouse build takes no archives (did you mean merge?)")
        plan = [
            f"build {project.name} with {settings.builder}; check the wheel's version",
            *(f"collect wheels for {t.label}" for t in settings.targets),
            f"pack {settings.archive_name} ({settings.layout} layout)"
            + (", verify offline" if settings.verify else ""),
            f"move the archive and its .sha256 into {out_dir}",
        ]
    if ctx.dry_run:
        ctx.emit({"plan": plan, "dry_run": True}, "\n".join(["would:", *plan]))
        return 0

    with tempfile.TemporaryDirectory(prefix="release-kit-wheelhouse-") as tmp:
        work = Path(tmp)
        if args.action == "merge":
            staged = merge.merge_archives(
                paths,
                release_version=args.release_version,
                import_name=settings.import_name,
                verify=settings.verify,
                archive_name=settings.archive_name,
                layout=settings.layout,
                env=ctx.env,
                work=work,
                say=ctx.say,
            )
        else:
            backend.check_backend(project)  # before anything else: exit 2, nothing built
            links.check_project_links(project)  # no tracked link out of the repository
            version, origin = args.release_version, "--version"
            if version is None:
                version, origin = _detected_version(ctx, root)
            ctx.say(f"release version from {origin}: {version or '(read from the wheel)'}")
            staged = pipeline.build_wheelhouse(
                project, settings, version, env=ctx.env, work=work, say=ctx.say
            )
        dists_rel = args.dists_dir or settings.dists_dir
        done = publish.publish(
            out_dir,
            staged.file_name,
            staged.data,
            overwrite=args.overwrite,
            dists_dir=(root / dists_rel).resolve() if dists_rel and staged.dists else None,
            dists=staged.dists,
        )

    payload = {
        "archive": str(done.archive),
        "archive_name": done.archive.name,
        "layout": settings.layout,
        "sha256": done.sha256,
        "sha256_file": str(done.sha256_file),
        "assets": f"{done.archive}\n{done.sha256_file}",
        "dists": "\n".join(str(p) for p in done.dists),
        "size": done.size,
        "wheel_count": len(staged.wheels),
        "name": staged.name,
        "version": staged.version,
        "verified": staged.verified,
        "unchanged": done.unchanged,
    }
    state = "unchanged" if done.unchanged else "written"
    check = "verified offline" if staged.verified else f"not verified: {staged.note}"
    text = (
        f"{done.archive} ({len(staged.wheels)} wheels, {done.size:,} bytes, {state}, {check})\n"
        f"sha256 {done.sha256}"
    )
    ctx.emit(payload, text)
    ctx.summary(
        f"### Wheelhouse `{done.archive.name}`\n\n"
        f"{len(staged.wheels)} wheels, {done.size:,} bytes, sha256 `{done.sha256}`; {check}.\n\n"
        f"{_table(staged)}\n"
    )
    return 0
