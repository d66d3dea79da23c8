"""Linked lines of a Cargo workspace (`[[linked]]`): found from the workspace membership.

A line's crates are the workspace members (as Cargo counts them, `cargo.layout`) whose
name matches one of its `crates` globs and that are released (not `publish = false`
or `publish = []`: a test crate at 0.0.0 keeps its version). They must all carry the
same literal version, none the project's own line; whatever disagrees is one SourceError
that names every crate. Its carriers are the crates' `[package] version`, every path
dependency whose requirement names that version (`=0.136.0-dev`, `0.136.0-dev`, in
any manifest, `[workspace.dependencies]` included) and the crates' entries in every
Cargo.lock. `targets` says where each line goes (versioning.linked's rule) and
`check_line` re-reads the edited tree as `cargo.check_result` does for the project.
"""

from __future__ import annotations

import fnmatch

from release_kit.errors import SourceError
from release_kit.settings import LinkedLine
from release_kit.sources import cargo
from release_kit.sources.common import load_toml
from release_kit.sources.model import LineVersion
from release_kit.tree import Tree
from release_kit.versioning import Version, parse_version
from release_kit.versioning.linked import follow


def _released(crate: cargo.Crate) -> bool:
    publish = crate.doc.data.get("package", {}).get("publish")
    return publish is not False and publish != []


def members(found: cargo.Layout, line: LinkedLine) -> list[cargo.Crate]:
    """The released workspace members whose name matches the line's globs."""
    return [
        c
        for c in found.crates
        if c.name and _released(c) and any(fnmatch.fnmatchcase(c.name, g) for g in line.crates)
    ]


def detect_line(tree: Tree, line: LinkedLine, project_version: str) -> LineVersion:
    """The line's version and carriers; SourceError naming the crates that disagree."""
    root = load_toml(tree, "Cargo.toml")
    found = cargo.layout(tree)
    if root is None or found is None:
        raise SourceError(f"linked line {line.name}: a linked line needs a Cargo workspace")
    crates = members(found, line)
    if not crates:
        raise SourceError(
            f"linked line {line.name}: no released workspace member matches"
            f" {', '.join(line.crates)}"
        )
    on_project = [
        c.name for c in crates if not isinstance(c.version, str) or c.version == project_version
    ]
    if on_project:
        raise SourceError(
            f"linked line {line.name}: {', '.join(sorted(map(str, on_project)))} carry the"
            f" project's version {project_version} (or inherit it), not a line of their own"
        )
    versions = {c.version for c in crates}
    if len(versions) > 1:
        listing = "; ".join(f"{c.name} ({c.manifest}): {c.version}" for c in crates)
        raise SourceError(f"linked line {line.name}: its crates disagree on the version: {listing}")
    old = str(crates[0].version)
    carriers = [
        c.doc.carrier(("package", "version"), f"[package] version ({c.name}, {line.name})")
        for c in crates
    ]
    dirs = {c.dir for c in crates}
    names = {c.name for c in crates if c.name}
    carriers += cargo.dep_carriers(cargo.all_deps(tree, root, found), dirs, old)
    for lock in found.locks:
        doc = load_toml(tree, lock)
        assert doc is not None
        carriers += cargo.lock_carriers(doc, names, old)
    return LineVersion(line.name, old, tuple(sorted(names)), tuple(carriers))


def targets(
    lines: tuple[LineVersion, ...], project: Version, new: Version
) -> list[tuple[LineVersion, Version]]:
    """Each line with the version it moves to when the project moves to `new`."""
    return [
        (line, follow(line.name, project, parse_version(line.version, "semver"), new))
        for line in lines
    ]


def check_line(tree: Tree, line: LineVersion, new: str) -> list[str]:
    """What Cargo would refuse about the line's crates at `new` in the edited tree."""
    found = cargo.layout(tree)
    assert found is not None
    names = set(line.crates)
    moved = [c for c in found.crates if c.name in names]
    problems = [
        f"{c.manifest}: {c.name} is at {c.version}, not {new} (linked line {line.name})"
        for c in moved
        if c.version != new
    ]
    return problems + cargo.check_crates(tree, found, moved, new)
