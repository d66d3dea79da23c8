"""Pins from a project's lock file, as pip constraints (pure)."""

from __future__ import annotations

import tomli
from packaging.utils import canonicalize_name

from release_kit.errors import InputError


def constraints_from_uv_lock(text: str, project: str) -> str:
    """`name==version` for every package pinned by uv.lock, except the project itself.

    Packages that come from the project's own tree (editable, virtual or path
    sources) are left out: they are built, not downloaded.
    """
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise InputError(f"uv.lock: invalid TOML: {exc}") from exc
    packages = data.get("package", [])
    if not isinstance(packages, list):
        raise InputError("uv.lock: [[package]] must be an array of tables")
    own = canonicalize_name(project)
    pins: dict[str, set[str]] = {}
    for pkg in packages:
        if not isinstance(pkg, dict) or "name" not in pkg or "version" not in pkg:
            continue
        name = canonicalize_name(str(pkg["name"]))
        source = pkg.get("source", {})
        local = isinstance(source, dict) and bool({"editable", "virtual", "path"} & set(source))
        if name == own or local:
            continue
        pins.setdefault(name, set()).add(str(pkg["version"]))
    # A package locked at several versions (forked by markers) cannot be one constraint.
    single = {name: next(iter(vs)) for name, vs in pins.items() if len(vs) == 1}
    return "".join(f"{name}=={version}\n" for name, version in sorted(single.items()))
