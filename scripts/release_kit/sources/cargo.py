"""Cargo: a single crate or a workspace, its internal path dependencies and Cargo.lock.

Bumped crates are the root package, members that inherit `[workspace.package]
version` and members whose own version is the workspace's current version.
Every path dependency on a bumped crate whose requirement names the current
version (with `=`, `^`, `~`, `>=` or no operator) is rewritten keeping the
operator; `package =` renames are followed through the path. In Cargo.lock only
entries without a `source` (workspace and path crates) are touched: an external
crate that happens to have the same version never is.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass
from typing import Any

from release_kit.errors import SourceError
from release_kit.sources.common import TomlFile, load_toml
from release_kit.sources.model import Carrier
from release_kit.sources.python import Found
from release_kit.tree import Tree

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


def _join(*parts: str) -> str:
    joined = posixpath.normpath(posixpath.join(*parts)) if any(parts) else ""
    return "" if joined == "." else joined


def _glob_dirs(tree: Tree, pattern: str) -> list[str]:
    pattern = _join(pattern)
    depth = pattern.count("/") + 1
    manifests = tree.glob(f"{pattern}/Cargo.toml")
    dirs = [m.rpartition("/")[0] for m in manifests]
    return [d for d in dirs if d.count("/") + 1 == depth and fnmatch.fnmatchcase(d, pattern)]


def _crates(tree: Tree, root: TomlFile) -> list[Crate]:
    package = root.data.get("package", {})
    crates = []
    if package:
        crates.append(Crate("", root, package.get("name"), package.get("version")))
    workspace = root.data.get("workspace", {})
    excluded = {_join(e) for e in workspace.get("exclude", [])}
    seen = {""}
    for pattern in workspace.get("members", []):
        for member in (
            _glob_dirs(tree, pattern) if any(c in pattern for c in "*?[") else [_join(pattern)]
        ):
            if member in seen or member in excluded:
                continue
            seen.add(member)
            doc = load_toml(tree, f"{member}/Cargo.toml")
            if doc is None:
                raise SourceError(f"Cargo.toml: workspace member {member} has no Cargo.toml")
            pkg = doc.data.get("package", {})
            crates.append(Crate(member, doc, pkg.get("name"), pkg.get("version")))
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


def _dep_carriers(crate: Crate, bumped_dirs: set[str], old: str) -> list[Carrier]:
    data = crate.doc.data
    tables: list[tuple[tuple[str, ...], dict[str, Any]]] = []
    for kind in DEP_TABLES:
        tables.append(((kind,), data.get(kind, {})))
    for target, body in data.get("target", {}).items():
        for kind in DEP_TABLES:
            tables.append((("target", target, kind), body.get(kind, {})))
    if crate.dir == "":
        tables.append(
            (("workspace", "dependencies"), data.get("workspace", {}).get("dependencies", {}))
        )
    carriers = []
    for table_path, table in tables:
        for key, spec in table.items():
            if not isinstance(spec, dict) or not isinstance(spec.get("path"), str):
                continue
            if _join(crate.dir, spec["path"]) not in bumped_dirs:
                continue
            requirement = spec.get("version")
            if not isinstance(requirement, str):
                continue
            match = _REQ.match(requirement)
            if match is None or match.group("v") != old:
                continue
            name = spec.get("package", key)
            what = f"{'.'.join(table_path)} {key}" + (f" (package {name})" if name != key else "")
            carriers.append(
                crate.doc.carrier(
                    (*table_path, key, "version"),
                    what,
                    prefix=requirement[: match.start("v")],
                    declares=False,
                )
            )
    return carriers


def _lock_carriers(tree: Tree, names: set[str], old: str) -> list[Carrier]:
    doc = load_toml(tree, "Cargo.lock")
    if doc is None:
        return []
    carriers = []
    for index, package in enumerate(doc.data.get("package", [])):
        if "source" in package or package.get("name") not in names:
            continue
        if package.get("version") == old:
            what = f"Cargo.lock package {package['name']}"
            carriers.append(doc.carrier(("package", index, "version"), what, declares=False))
    for index, package in enumerate(doc.data.get("package", [])):
        for dep_index, dep in enumerate(package.get("dependencies", [])):
            name, _, rest = str(dep).partition(" ")
            if name in names and rest == old:
                path = ("package", index, "dependencies", dep_index)
                carriers.append(
                    doc.carrier(path, "Cargo.lock dependency", prefix=f"{name} ", declares=False)
                )
    return carriers


def from_cargo(tree: Tree) -> Found | None:
    root = load_toml(tree, "Cargo.toml")
    if root is None:
        return None
    crates = _crates(tree, root)
    if not crates and "workspace" not in root.data:
        raise SourceError("Cargo.toml: neither [package] nor [workspace]")
    old, carriers = _current(root, crates)
    bumped: list[Crate] = []
    for crate in crates:
        if isinstance(crate.version, dict) and crate.version.get("workspace") is True:
            bumped.append(crate)
        elif crate.version == old:
            what = f"[package] version ({crate.name})"
            carriers.append(crate.doc.carrier(("package", "version"), what))
            bumped.append(crate)
    dirs = {c.dir for c in bumped}
    names = {c.name for c in bumped if c.name}
    for crate in (
        crates if crates and crates[0].dir == "" else [Crate("", root, None, None), *crates]
    ):
        carriers.extend(_dep_carriers(crate, dirs, old))
    carriers.extend(_lock_carriers(tree, names, old))
    root_name = crates[0].name if crates and crates[0].dir == "" else None
    return Found(carriers=carriers, name=root_name)
