"""Cargo: a single crate or a workspace, its internal path dependencies and its lock files.

Membership follows Cargo: the `members` globs, plus every path dependency (from the
members, the root package and `[workspace.dependencies]`, transitively) that lies inside
the workspace root and is not under `exclude`. Bumped crates are the members that
inherit `[workspace.package] version` and those whose own version is the workspace's
current version; a member on another version (a second line, a test crate at 0.0.0)
keeps it. Every path dependency on a bumped crate whose requirement names the current
version (`=`, `^`, `~`, `>=` or no operator) is rewritten keeping the operator;
`package =` renames are followed through the path. Lock files: the workspace's
Cargo.lock and those of nested workspaces and standalone crates in the repository (a
Cargo.toml beside them); only entries without a `source` (path crates) named like a
bumped crate are touched, so an external crate with the same version never is.
`check_result` re-reads the edited files and lists whatever Cargo would refuse.
"""

from __future__ import annotations

import contextlib
import fnmatch
import posixpath
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from release_kit.errors import SourceError, VersionError
from release_kit.sources.common import TomlFile, load_toml
from release_kit.sources.model import Carrier
from release_kit.sources.python import Found
from release_kit.tree import Tree
from release_kit.versioning.cargo_req import accepts

DEP_TABLES = ("dependencies", "dev-dependencies", "build-dependencies")
_REQ = re.compile(r"^(?P<op>=|\^|~|>=)?[ \t]*(?P<v>\S+)$")


@dataclass
class Crate:
    dir: str  # "" for the root
    doc: TomlFile
    name: str | None
    version: Any  # str, {"workspace": true}, or None

    @property
    def manifest(self) -> str:
        return self.doc.path


@dataclass(frozen=True)
class PathDep:
    """A dependency with a `path`: where it is declared and what it asks for."""

    doc: TomlFile
    key_path: tuple[str, ...]  # the TOML path of the dependency's table
    key: str
    target: str  # the directory it points at, relative to the repository root
    requirement: str | None


def _join(*parts: str) -> str:
    joined = posixpath.normpath(posixpath.join(*parts)) if any(parts) else ""
    return "" if joined == "." else joined


def _glob_dirs(tree: Tree, pattern: str) -> list[str]:
    pattern = _join(pattern)
    depth = pattern.count("/") + 1
    manifests = tree.glob(f"{pattern}/Cargo.toml")
    dirs = [m.rpartition("/")[0] for m in manifests]
    return [d for d in dirs if d.count("/") + 1 == depth and fnmatch.fnmatchcase(d, pattern)]


def _manifest_path(directory: str) -> str:
    return f"{directory}/Cargo.toml" if directory else "Cargo.toml"


def path_deps(doc: TomlFile, base: str, *, workspace_table: bool) -> Iterator[PathDep]:
    """Every dependency with a path in `doc` (and its `[workspace.dependencies]` if asked)."""
    data = doc.data
    tables: list[tuple[tuple[str, ...], Any]] = [((kind,), data.get(kind)) for kind in DEP_TABLES]
    for target, body in data.get("target", {}).items():
        if isinstance(body, dict):
            tables += [(("target", target, kind), body.get(kind)) for kind in DEP_TABLES]
    if workspace_table:
        workspace = data.get("workspace", {})
        tables.append((("workspace", "dependencies"), workspace.get("dependencies")))
    for key_path, table in tables:
        if not isinstance(table, dict):
            continue
        for key, spec in table.items():
            if isinstance(spec, dict) and isinstance(spec.get("path"), str):
                requirement = spec.get("version")
                yield PathDep(
                    doc,
                    key_path,
                    key,
                    _join(base, spec["path"]),
                    requirement if isinstance(requirement, str) else None,
                )


def _excluded(directory: str, excluded: set[str]) -> bool:
    return any(directory == e or directory.startswith(e + "/") for e in excluded)


def _crates(tree: Tree, root: TomlFile) -> list[Crate]:
    """The root package (if any) and every workspace member, as Cargo counts them."""
    package = root.data.get("package", {})
    crates = []
    if package:
        crates.append(Crate("", root, package.get("name"), package.get("version")))
    workspace = root.data.get("workspace")
    if not isinstance(workspace, dict):
        return crates
    excluded = {_join(e) for e in workspace.get("exclude", [])}
    seen = {""}
    queue: list[tuple[str, str]] = []  # (directory, who names it)
    for pattern in workspace.get("members", []):
        globbed = any(c in pattern for c in "*?[")
        for member in _glob_dirs(tree, pattern) if globbed else [_join(pattern)]:
            queue.append((member, "Cargo.toml: workspace member"))
    queue += [
        (dep.target, f"Cargo.toml: path dependency {dep.key}")
        for dep in path_deps(root, "", workspace_table=True)
    ]
    while queue:
        member, named_by = queue.pop(0)
        if member in seen or _excluded(member, excluded):
            continue
        seen.add(member)
        inside = not member.startswith("../") and member != ".."
        doc = load_toml(tree, _manifest_path(member))
        if doc is None:
            if not inside or named_by.startswith("Cargo.toml: path"):
                continue  # outside the repository, or cargo would fail on it itself
            raise SourceError(f"{named_by} {member} has no Cargo.toml")
        if not inside or "workspace" in doc.data:
            continue  # outside the workspace root, or a workspace of its own
        pkg = doc.data.get("package", {})
        crates.append(Crate(member, doc, pkg.get("name"), pkg.get("version")))
        queue += [
            (dep.target, f"{doc.path}: path dependency {dep.key}")
            for dep in path_deps(doc, member, workspace_table=False)
        ]
    return crates


def _current(root: TomlFile, crates: list[Crate]) -> tuple[str, list[Carrier]]:
    """The workspace's current version and the carriers that declare it."""
    ws_version = root.data.get("workspace", {}).get("package", {}).get("version")
    if isinstance(ws_version, str):
        return ws_version, [
            root.carrier(("workspace", "package", "version"), "[workspace.package] version")
        ]
    literal = [c for c in crates if isinstance(c.version, str)]
    if not literal:
        raise SourceError(
            "Cargo.toml: no crate version found (no [package] or [workspace.package] version)"
        )
    if literal[0].dir == "":
        version = literal[0].version
    else:
        versions = {c.version for c in literal}
        if len(versions) > 1:
            where = "; ".join(
                f"{c.manifest}:{c.doc.carrier(('package', 'version'), '').line}: {c.version}"
                for c in literal
            )
            raise SourceError(
                "workspace crates disagree on the version and there is no"
                f" [workspace.package] version: {where}"
            )
        version = literal[0].version
    return version, []


def dep_carriers(deps: list[PathDep], bumped_dirs: set[str], old: str) -> list[Carrier]:
    carriers = []
    for dep in deps:
        if dep.target not in bumped_dirs or dep.requirement is None:
            continue
        match = _REQ.match(dep.requirement)
        if match is None or match.group("v") != old:
            continue
        spec = _lookup_spec(dep)
        name = spec.get("package", dep.key)
        what = f"{'.'.join(dep.key_path)} {dep.key}" + (
            f" (package {name})" if name != dep.key else ""
        )
        carriers.append(
            dep.doc.carrier(
                (*dep.key_path, dep.key, "version"),
                what,
                prefix=dep.requirement[: match.start("v")],
                declares=False,
            )
        )
    return carriers


def _lookup_spec(dep: PathDep) -> dict[str, Any]:
    data: Any = dep.doc.data
    for key in (*dep.key_path, dep.key):
        data = data[key]
    return dict(data)


def lock_files(tree: Tree, crates: list[Crate]) -> list[str]:
    """The Cargo.lock files Cargo reads: the workspace's, and those of nested workspaces
    and standalone crates (a Cargo.toml beside them that is not a member here)."""
    member_dirs = {c.dir for c in crates if c.dir}
    found = []
    for lock in tree.find_files("Cargo.lock"):
        directory = lock.rpartition("/")[0]
        if directory in member_dirs:
            continue  # cargo ignores a member's own lock file
        if directory and tree.read_text(_manifest_path(directory)) is None:
            continue  # no crate beside it: nothing reads it
        found.append(lock)
    return found


# Cargo writes its lock file in one shape: `[[package]]`, then `name`, then `version`.
_LOCK_ENTRY = re.compile(
    r'^\[\[package\]\]\nname = "(?P<name>[^"\\\n]*)"\nversion = "(?P<version>[^"\\\n]*)"$', re.M
)


def _entry_versions(doc: TomlFile) -> list[tuple[int, int]] | None:
    """(start, end) of each `[[package]]` version string, in order, when the file has
    Cargo's own shape (checked against what tomllib read); None otherwise."""
    packages = doc.data.get("package", [])
    found = list(_LOCK_ENTRY.finditer(doc.text))
    if len(found) != len(packages) or any(
        m.group("name") != p.get("name") or m.group("version") != p.get("version")
        for m, p in zip(found, packages, strict=True)
    ):
        return None
    return [(m.start("version"), m.end("version")) for m in found]


def lock_carriers(doc: TomlFile, names: set[str], old: str) -> list[Carrier]:
    carriers = []
    spans = _entry_versions(doc)  # a lock of 900 entries: no full scan of its spans
    for index, package in enumerate(doc.data.get("package", [])):
        if "source" in package or package.get("name") not in names:
            continue
        what = f"Cargo.lock package {package['name']}"
        if spans is None:
            carrier = doc.carrier(("package", index, "version"), what, declares=False)
        else:
            start, end = spans[index]
            line = doc.text.count("\n", 0, start) + 1
            value = doc.text[start:end]
            carrier = Carrier(doc.path, start, end, line, value, what, declares=False)
        carriers.append(carrier)  # a lagging one is stale: detect marks it, bump sets it
    for index, package in enumerate(doc.data.get("package", [])):
        for dep_index, dep in enumerate(package.get("dependencies", [])):
            name, _, rest = str(dep).partition(" ")
            if name in names and rest == old:
                path = ("package", index, "dependencies", dep_index)
                carriers.append(
                    doc.carrier(path, f"{doc.path} dependency", prefix=f"{name} ", declares=False)
                )
    return carriers


@dataclass(frozen=True)
class Layout:
    """What detection learned of a Cargo workspace, for the result check."""

    crates: list[Crate]
    bumped: list[Crate]
    locks: list[str]


# One layout per tree object and root manifest text: detection, the linked lines and the
# check of a plan ask for it several times (each walk of wasmtime's 98 members: 25 ms);
# a tree object is read while its files stay as they are (a plan is checked on a new one).
_LAYOUTS: weakref.WeakKeyDictionary[Any, tuple[str, Layout]] = weakref.WeakKeyDictionary()


def layout(tree: Tree) -> Layout | None:
    """The workspace's crates, bumped crates and lock files (None: no Cargo.toml)."""
    root = load_toml(tree, "Cargo.toml")
    if root is None:
        return None
    try:
        text, found = _LAYOUTS[tree]
    except (KeyError, TypeError):  # TypeError: a tree that takes no weak reference
        pass
    else:
        if text == root.text:
            return found
    found = _layout(tree, root)
    with contextlib.suppress(TypeError):  # a tree that takes no weak reference
        _LAYOUTS[tree] = (root.text, found)
    return found


def _layout(tree: Tree, root: TomlFile) -> Layout:
    crates = _crates(tree, root)
    if not crates and "workspace" not in root.data:
        raise SourceError("Cargo.toml: neither [package] nor [workspace]")
    old, _ = _current(root, crates)
    bumped = [
        c
        for c in crates
        if (isinstance(c.version, dict) and c.version.get("workspace") is True) or c.version == old
    ]
    return Layout(crates, bumped, lock_files(tree, crates))


def from_cargo(tree: Tree) -> Found | None:
    root = load_toml(tree, "Cargo.toml")
    if root is None:
        return None
    found = layout(tree)
    assert found is not None
    crates = found.crates
    old, carriers = _current(root, crates)
    for crate in found.bumped:
        if crate.version == old:
            carriers.append(
                crate.doc.carrier(("package", "version"), f"[package] version ({crate.name})")
            )
    dirs = {c.dir for c in found.bumped}
    names = {c.name for c in found.bumped if c.name}
    carriers.extend(dep_carriers(all_deps(tree, root, found), dirs, old))
    for lock in found.locks:
        doc = load_toml(tree, lock)
        assert doc is not None
        carriers.extend(lock_carriers(doc, names, old))
    root_name = crates[0].name if crates and crates[0].dir == "" else None
    return Found(carriers=carriers, name=root_name)


def all_deps(tree: Tree, root: TomlFile, found: Layout) -> list[PathDep]:
    """Every path dependency of the workspace, and of the nested workspaces and crates
    whose lock files follow it (their manifests may depend on ours by path)."""
    deps = list(path_deps(root, "", workspace_table=True))
    for crate in found.crates:
        if crate.dir:
            deps += path_deps(crate.doc, crate.dir, workspace_table=False)
    for lock in found.locks:
        directory = lock.rpartition("/")[0]
        if directory:
            deps += _nested_deps(tree, directory)
    return deps


def _nested_deps(tree: Tree, directory: str) -> list[PathDep]:
    """The path dependencies of a nested workspace (or standalone crate) and its members."""
    doc = load_toml(tree, _manifest_path(directory))
    if doc is None:
        return []
    deps = list(path_deps(doc, directory, workspace_table=True))
    for pattern in doc.data.get("workspace", {}).get("members", []):
        globbed = any(c in pattern for c in "*?[")
        base = _join(directory, pattern)
        for member in _glob_dirs(tree, base) if globbed else [base]:
            member_doc = load_toml(tree, _manifest_path(member))
            if member_doc is not None:
                deps += path_deps(member_doc, member, workspace_table=False)
    return deps


def check_result(tree: Tree, new: str) -> list[str]:
    """What Cargo would refuse in the edited tree: `file:line: reason`, one per problem.

    Every path dependency on a bumped crate must accept `new`, and every lock entry of a
    bumped crate must carry it.
    """
    found = layout(tree)
    if found is None:
        return []
    return check_crates(tree, found, found.bumped, new)


def check_crates(tree: Tree, found: Layout, moved: list[Crate], new: str) -> list[str]:
    """check_result for the crates `moved` to `new` (the project's, or a linked line's)."""
    problems = []
    by_dir = {c.dir: c for c in moved}
    names = {c.name for c in moved if c.name}
    root = load_toml(tree, "Cargo.toml")
    assert root is not None
    for dep in all_deps(tree, root, found):
        target = by_dir.get(dep.target)
        if target is None or dep.requirement is None:
            continue
        try:
            ok = accepts(dep.requirement, new)
        except VersionError as exc:
            ok, why = False, str(exc)
        else:
            why = f"does not accept {new}"
        if not ok:
            line = dep.doc.carrier((*dep.key_path, dep.key, "version"), "", declares=False).line
            problems.append(
                f"{dep.doc.path}:{line}: {dep.key} = {dep.requirement!r} {why}"
                f" (the version of {target.name}); change the requirement"
            )
    for lock in found.locks:
        doc = load_toml(tree, lock)
        assert doc is not None
        for package in doc.data.get("package", []):  # values only: no spans needed
            name, version = package.get("name"), package.get("version")
            if "source" not in package and name in names and version != new:
                problems.append(f"{lock}: Cargo.lock package {name} is at {version}, not {new}")
    return problems
