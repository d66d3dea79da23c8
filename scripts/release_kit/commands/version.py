"""`release-kit version`: the current version, its tag, and where it was read.

The files' version is checked against the last release tag of the branch's
line (see versioning.lines): the output says which source won and why, and
prints any disagreement. With `--at REV` the version is read from the files
of that commit (no checkout), against the tags that commit reaches.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from release_kit.config import Config, load_config
from release_kit.context import Context
from release_kit.errors import GitError, InputError, NotARepositoryError
from release_kit.git import Git
from release_kit.settings import CoreSettings
from release_kit.sources import detect
from release_kit.sources.model import Location
from release_kit.tree import GitTree, Tree, WorkTree

if TYPE_CHECKING:
    from release_kit.sources.model import ProjectVersion
    from release_kit.tagging.current import Current


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
            raise NotARepositoryError(f"--at {args.at}: {root} is not a git repository")
        if git.try_rev_parse(args.at) is None:
            raise InputError(f"--at {args.at}: no such commit in {root.name}")
        tree = GitTree(git, args.at)
    else:
        tree = WorkTree(root)
    project = detect(tree, cfg, settings=settings, git=git)
    current = _current(git, cfg, settings, project, args.at, ctx)
    decision = current.decision
    version = str(decision.current) if decision.current is not None else project.version
    tag = decision.last.name if decision.released and decision.last else None
    tag = tag or settings.tag_format.format(version)
    where = list(project.locations)
    lines = [f"{version}  (tag {tag}, {project.scheme})"]
    if project.tag_only:
        lines.append("the version comes from tags (setuptools_scm / hatch-vcs): no file carries it")
        if (
            decision.last is not None
            and where
            and where[0].file != f"refs/tags/{decision.last.name}"
        ):
            lines.append(
                f"HEAD reaches {where[0].file.removeprefix('refs/tags/')} only: setuptools_scm"
                f" builds from that tag here, the line's last release is {decision.last.name}"
            )
            where = [Location(f"refs/tags/{decision.last.name}", None, "tag")]
    lines.append(f"decided by {decision.source}: {decision.reason}")
    hint = _format_hint(git, settings) if decision.last is None else None
    if hint:
        lines.append(hint)
    if decision.disagreement:
        lines.append(decision.disagreement)
    lines += [f"  {loc}  {loc.what}" for loc in where]
    lines += [f"warning: {warning}" for warning in project.warnings]
    locations = [str(loc) for loc in where]
    ctx.emit(
        {
            "version": version,
            "tag": tag,
            "scheme": project.scheme,
            "name": project.name or "",
            "tag_only": project.tag_only,
            "source": project.source,
            "locations": locations,
            "warnings": list(project.warnings),
            "hint": hint or "",
            **current.report(),
        },
        "\n".join(lines),
    )
    return 0


def _format_hint(git: Git | None, settings: CoreSettings) -> str | None:
    """No release tag of the format: the format the repository's tags do follow."""
    if git is None:
        return None
    from release_kit.tagging.formats import suggest_format

    tags = git.run("tag", "--list", check=False).split()
    found = suggest_format(tags, settings.tag_format.fmt)
    if found is None:
        return None
    fmt, count, example = found
    return (
        f"hint: no tag follows tag-format {settings.tag_format.fmt!r}, but {count} follow"
        f" {fmt!r} (e.g. {example}): set tag-format = {fmt!r} in the configuration"
    )


def _current(
    git: Git | None,
    cfg: Config,
    settings: CoreSettings,
    project: ProjectVersion,
    at: str | None,
    ctx: Context,
) -> Current:
    """Files against tags: the branch's line now, or the tags `--at REV` reaches."""
    from release_kit.commits.history import read_tags
    from release_kit.tagging import current
    from release_kit.versioning import parse_version
    from release_kit.versioning.lines import Line

    if at is None or git is None:
        branch = current.branch_of(git, ctx.env) if git is not None else None
        return current.of_project(git, cfg, settings.tag_format, project, branch)
    files = None if project.tag_only else parse_version(project.version, project.scheme)
    where = current.files_where(project)
    tags = read_tags(git, settings.tag_format, project.scheme, merged=at)
    return current.decide_current(
        git, settings.tag_format, project.scheme, files, where, Line(), tags=tags
    )
