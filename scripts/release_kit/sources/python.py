"""Python projects: pyproject.toml (PEP 621, Poetry, hatch/setuptools dynamic versions,
setuptools_scm / hatch-vcs tag-only versions), setup.cfg, `__version__` and uv.lock."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from release_kit.config import pyproject_problem
from release_kit.errors import SourceError
from release_kit.sources.common import (
    TomlFile,
    load_toml,
    plain_file_carrier,
    python_version_carrier,
)
from release_kit.sources.model import Carrier, line_of
from release_kit.tree import Tree

TAG_ONLY_BACKENDS = ("setuptools_scm", "setuptools-scm", "hatch-vcs", "hatch_vcs")
VERSION_MODULES = ("__init__.py", "_version.py", "__about__.py", "version.py")


@dataclass
class Found:
    """Carriers of one source family, plus the project name and whether tags are the version."""

    carriers: list[Carrier] = field(default_factory=list)
    name: str | None = None
    tag_only: bool = False


def normalize_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _followed(tree: Tree, path: str, what: str) -> Carrier:
    text = tree.read_text(path)
    if text is None:
        raise SourceError(f"{what} names {path}, which does not exist")
    if path.endswith(".py"):
        carrier = python_version_carrier(path, text, what)
        if carrier is None:
            raise SourceError(f'{path}: no __version__ = "..." assignment', file=path)
        return carrier
    return plain_file_carrier(path, text, what)


def _attr_file(tree: Tree, attr: str, package_dirs: dict[str, Any]) -> str:
    module = attr.rpartition(".")[0].replace(".", "/")
    roots = [str(package_dirs.get("", "")).strip("/"), "src", ""]
    for root in dict.fromkeys(roots):
        base = f"{root}/{module}" if root else module
        for candidate in (f"{base}/__init__.py", f"{base}.py"):
            if tree.read_text(candidate) is not None:
                return candidate
    raise SourceError(f"cannot find the module of the version attr {attr!r}")


def _dynamic(tree: Tree, doc: TomlFile, found: Found) -> None:
    tool = doc.data.get("tool", {})
    requires = " ".join(doc.data.get("build-system", {}).get("requires", []))
    hatch = tool.get("hatch", {}).get("version", {})
    dynamic = tool.get("setuptools", {}).get("dynamic", {}).get("version")
    if (
        hatch.get("source") == "vcs"
        or "setuptools_scm" in tool
        or "scm" in str(tool.get("pdm", {}).get("version", {}).get("source", ""))
    ):
        found.tag_only = True
    elif isinstance(hatch.get("path"), str):
        found.carriers.append(_followed(tree, hatch["path"], "[tool.hatch.version] path"))
    elif isinstance(dynamic, dict) and isinstance(dynamic.get("attr"), str):
        path = _attr_file(tree, dynamic["attr"], tool.get("setuptools", {}).get("package-dir", {}))
        found.carriers.append(_followed(tree, path, "[tool.setuptools.dynamic] attr"))
    elif isinstance(dynamic, dict) and dynamic.get("file"):
        files = dynamic["file"]
        path = files if isinstance(files, str) else files[0]
        found.carriers.append(_followed(tree, path, "[tool.setuptools.dynamic] file"))
    elif any(backend in requires for backend in TAG_ONLY_BACKENDS):
        found.tag_only = True


def from_pyproject(tree: Tree) -> Found | None:
    doc = load_toml(tree, "pyproject.toml")
    if doc is None:
        return None
    problem = pyproject_problem(doc.data, doc.text)
    if problem is not None:  # `tool = 'x'`: one line, not a traceback
        raise SourceError(f"pyproject.toml: {problem[0]}", file=doc.path, line=problem[1])
    found = Found()
    project = doc.data.get("project", {})
    poetry = doc.data.get("tool", {}).get("poetry", {})
    found.name = project.get("name") or poetry.get("name")
    if "version" in project:
        found.carriers.append(doc.carrier(("project", "version"), "[project] version"))
    elif "version" in project.get("dynamic", []):
        _dynamic(tree, doc, found)
    if isinstance(poetry.get("version"), str):
        found.carriers.append(doc.carrier(("tool", "poetry", "version"), "[tool.poetry] version"))
    if not found.carriers and not found.tag_only:
        return None
    return found


def from_setup_cfg(tree: Tree) -> Found | None:
    text = tree.read_text("setup.cfg")
    if text is None:
        return None
    section = re.search(r"^\[metadata\][ \t]*$(?P<body>.*?)(?=^\[|\Z)", text, re.M | re.S)
    if section is None:
        return None
    body_start = section.start("body")
    found = Found()
    name = re.search(r"^name[ \t]*=[ \t]*(\S+)", section.group("body"), re.M)
    found.name = name.group(1) if name else None
    match = re.search(r"^version[ \t]*=[ \t]*(?P<v>\S[^\n]*?)[ \t]*$", section.group("body"), re.M)
    if match is None:
        return None
    value = match.group("v")
    if value.startswith("attr:"):
        path = _attr_file(tree, value[5:].strip(), {})
        found.carriers.append(_followed(tree, path, "setup.cfg version attr"))
    elif value.startswith("file:"):
        found.carriers.append(_followed(tree, value[5:].strip(), "setup.cfg version file"))
    else:
        start = body_start + match.start("v")
        found.carriers.append(
            Carrier(
                "setup.cfg",
                start,
                start + len(value),
                line_of(text, start),
                value,
                "[metadata] version",
            )
        )
    return found


def module_carriers(tree: Tree, name: str | None, skip: set[str]) -> list[Carrier]:
    """`__version__` literals in the project's own package (src/ layout or flat)."""
    if not name:
        return []
    package = re.sub(r"[-.]+", "_", name).lower()
    carriers = []
    for root in ("src/", ""):
        for module in VERSION_MODULES:
            path = f"{root}{package}/{module}"
            if path in skip:
                continue
            text = tree.read_text(path)
            carrier = text and python_version_carrier(path, text, "__version__")
            if carrier:
                carriers.append(carrier)
    return carriers


def uv_lock_carriers(tree: Tree, name: str | None) -> list[Carrier]:
    """The project's own `[[package]]` entry in uv.lock (an editable or virtual source `.`)."""
    if not name:
        return []
    doc = load_toml(tree, "uv.lock")
    if doc is None:
        return []
    wanted = normalize_name(name)
    carriers = []
    for index, package in enumerate(doc.data.get("package", [])):
        source = package.get("source", {})
        own = source.get("editable") == "." or source.get("virtual") == "."
        if own and normalize_name(str(package.get("name", ""))) == wanted and "version" in package:
            what = f"uv.lock package {package['name']}"
            carriers.append(doc.carrier(("package", index, "version"), what, declares=False))
    return carriers
