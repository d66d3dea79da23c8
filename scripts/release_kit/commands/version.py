"""`release-kit version`: the current version, its tag, and where it was read.

With `--at REV` the version is read from the files of that commit (no checkout).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from release_kit.config import load_config
from release_kit.context import Context
from release_kit.errors import GitError, InputError
from release_kit.git import Git
from release_kit.settings import CoreSettings
from release_kit.sources import detect
from release_kit.tree import GitTree, Tree, WorkTree


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--at", metavar="REV", help="read the version at this commit")


def project_root(cwd: Path) -> tuple[Path, Git | None]:
    """The repository root (or `cwd` outside git) and a Git adapter when in a repository."""
    try:
        root = Git(cwd).toplevel()
    except GitError:
        return cwd, None
    return root, Git(root)


def run(args: argparse.Namespace, ctx: Context) -> int:
    root, git = project_root(ctx.cwd)
    cfg = load_config(root)
    settings = CoreSettings.from_config(cfg)
    tree: Tree
    if args.at:
        if git is None:
            raise GitError(f"--at {args.at}: {root} is not a git repository")
        if git.try_rev_parse(args.at) is None:
            raise InputError(f"--at {args.at}: no such commit in {root.name}")
        tree = GitTree(git, args.at)
    else:
        tree = WorkTree(root)
    project = detect(tree, cfg, settings=settings, git=git)
    tag = settings.tag_format.format(project.version)
    locations = [str(loc) for loc in project.locations]
    lines = [f"{project.version}  (tag {tag}, {project.scheme})"]
    if project.tag_only:
        lines.append("the version comes from tags (setuptools_scm / hatch-vcs): no file carries it")
    lines += [f"  {loc}  {loc.what}" for loc in project.locations]
    lines += [f"warning: {warning}" for warning in project.warnings]
    ctx.emit(
        {
            "version": project.version,
            "tag": tag,
            "scheme": project.scheme,
            "name": project.name or "",
            "tag_only": project.tag_only,
            "source": project.source,
            "locations": locations,
            "warnings": list(project.warnings),
        },
        "\n".join(lines),
    )
    return 0
