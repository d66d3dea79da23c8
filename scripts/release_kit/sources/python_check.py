"""The check of a bumped pyproject.toml: requirements on the project itself (PEP 440).

A project can name itself in its own requirements (`demo[cli]>=1.4` in an extra or a
dependency group); after a bump each such specifier must still accept the new version,
as pip and uv would read it, or the bump is refused with `file:line`.
"""

from __future__ import annotations

from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from release_kit.sources.common import load_toml
from release_kit.tree import Tree


def _requirement_lists(data: dict[str, Any]) -> list[list[Any]]:
    project = data.get("project", {})
    lists = [project.get("dependencies", [])]
    lists += list(project.get("optional-dependencies", {}).values())
    lists += list(data.get("dependency-groups", {}).values())
    return [value for value in lists if isinstance(value, list)]


def check_result(tree: Tree, name: str | None, new: str) -> list[str]:
    """`pyproject.toml:LINE: ...` for each requirement on `name` that refuses `new`."""
    doc = load_toml(tree, "pyproject.toml")
    if doc is None or not name:
        return []
    try:
        version = Version(new)
    except InvalidVersion:
        return []
    own = canonicalize_name(name)
    problems = []
    for entries in _requirement_lists(doc.data):
        for entry in entries:
            if not isinstance(entry, str):
                continue  # an include-group table
            try:
                requirement = Requirement(entry)
            except InvalidRequirement:
                continue
            if canonicalize_name(requirement.name) != own or not requirement.specifier:
                continue
            if not requirement.specifier.contains(version, prereleases=True):
                at = doc.text.find(entry)
                line = doc.text.count("\n", 0, at) + 1 if at >= 0 else 0
                problems.append(
                    f"pyproject.toml:{line}: {entry!r} does not accept {new} (a requirement"
                    " on the project itself); change its specifier"
                )
    return problems
