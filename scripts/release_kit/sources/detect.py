"""Find the project version: every source family present, or the configured one.

Families, in order of precedence for the project name and scheme: cargo,
pyproject (+ `__version__` in the package, uv.lock), package.json (+ lock),
setup.cfg, VERSION; then the extra `files` of the configuration. All the
places that declare the version must agree; disagreement lists every one.
A tag-only project (setuptools_scm, hatch-vcs) reads its version from the
highest tag of the tag format reachable from the commit.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from release_kit.commits.history import highest_reachable
from release_kit.config import Config
from release_kit.errors import ConfigError, GitError, SourceError, VersionError
from release_kit.git import Git
from release_kit.settings import CoreSettings, ExtraFile
from release_kit.sources import cargo, npm, python
from release_kit.sources.common import load_json, plain_file_carrier
from release_kit.sources.model import (
    Carrier,
    LineVersion,
    Location,
    ProjectVersion,
    line_of,
    part_value,
)
from release_kit.sources.python import Found
from release_kit.tree import GitTree, Tree, WorkTree
from release_kit.versioning import Version, parse_version

PYTHON_FAMILIES = ("pyproject", "setup.cfg")


def _version_file(tree: Tree) -> Found | None:
    text = tree.read_text("VERSION")
    if text is None:
        return None
    return Found(carriers=[plain_file_carrier("VERSION", text, "VERSION file")])


FAMILIES: dict[str, Callable[[Tree], Found | None]] = {
    "cargo": cargo.from_cargo,
    "pyproject": python.from_pyproject,
    "package.json": npm.from_package_json,
    "setup.cfg": python.from_setup_cfg,
    "VERSION": _version_file,
}


def extra_carriers(tree: Tree, extra: ExtraFile) -> list[Carrier]:
    """The places `extra.pattern` anchors: the version, or one number of it (`{major}`)."""
    text = tree.read_text(extra.path)
    if text is None:
        raise SourceError(f"files: {extra.path} does not exist")
    part = extra.part
    before, _, after = extra.pattern.partition(f"{{{part}}}")
    value = "[0-9A-Za-z][0-9A-Za-z.+-]*" if part == "version" else "[0-9]+"
    try:
        pattern = re.compile(f"(?:{before})(?P<version>{value})(?:{after})", re.M)
    except re.error as exc:
        raise ConfigError(f"files: pattern for {extra.path} is not a valid regex: {exc}") from None
    carriers = [
        Carrier(
            extra.path,
            m.start("version"),
            m.end("version"),
            line_of(text, m.start()),
            m.group("version"),
            f"pattern {extra.pattern}",
            declares=part == "version",
            part=part,
        )
        for m in pattern.finditer(text)
    ]
    if not carriers:
        raise SourceError(f"{extra.path}: the pattern {extra.pattern!r} matches nothing")
    return carriers


def _check_parts(carriers: list[Carrier], version: Version) -> None:
    """A carrier of one number of the version (`VERSION_MAJOR 49`) must agree with it."""
    wrong = [c for c in carriers if c.part != "version" and c.value != part_value(c.part, version)]
    if wrong:
        listing = "; ".join(
            f"{c.location}: {c.part} {c.value}, not {part_value(c.part, version)}" for c in wrong
        )
        raise SourceError(
            f"files disagree on the current version {version}: {listing}",
            file=wrong[0].file,
            line=wrong[0].line,
        )


def _tag_version(
    tree: Tree, git: Git | None, settings: CoreSettings, scheme: str
) -> tuple[str, str | None]:
    if git is None:
        if isinstance(tree, GitTree):
            git, rev = tree.git, tree.rev
        elif isinstance(tree, WorkTree):
            git, rev = Git(tree.root), "HEAD"
        else:
            return "0.0.0", None
    else:
        rev = tree.rev if isinstance(tree, GitTree) else "HEAD"
    try:
        best = highest_reachable(git, settings.tag_format, scheme, rev)
    except GitError:  # not a repository, or no commit yet: no tag either
        best = None
    return (str(best.version), best.name) if best else ("0.0.0", None)


def _seen(tree: Tree) -> str:
    """What the version families found instead of a version, for the error message."""
    seen = []
    text = tree.read_text("package.json")
    if text is not None:
        data = load_json("package.json", text)
        data = data if isinstance(data, dict) else {}
        traits = [t for t in ("private" if data.get("private") is True else "",) if t]
        workspaces = data.get("workspaces")
        if isinstance(workspaces, dict):
            workspaces = workspaces.get("packages")
        if isinstance(workspaces, list) and workspaces:
            traits.append(f"workspaces {', '.join(str(w) for w in workspaces[:3])}")
        if tree.read_text("pnpm-workspace.yaml") is not None:
            traits.append("pnpm-workspace.yaml")
        what = f" ({', '.join(traits)}: a monorepo root?)" if traits else ""
        seen.append(f"package.json has no version{what}")
    for name in ("pyproject.toml", "Cargo.toml", "setup.cfg"):
        if tree.read_text(name) is not None:
            seen.append(f"{name} declares no version")
    if not seen:
        seen.append("none of Cargo.toml, pyproject.toml, package.json, setup.cfg, VERSION exist")
    return "; ".join(seen)


def _comparable(value: str, scheme: str) -> str:
    """PEP 440 spellings of one version (`1.0-rc1`, `1.0rc1`) agree; SemVer is compared as is."""
    if scheme != "pep440":
        return value
    try:
        return str(parse_version(value, scheme))
    except VersionError:
        return value


def detect(
    tree: Tree, cfg: Config, *, settings: CoreSettings | None = None, git: Git | None = None
) -> ProjectVersion:
    """The project's current version and every place that carries it (see module doc)."""
    settings = settings or CoreSettings.from_config(cfg)
    wanted = settings.version_source
    found: dict[str, Found] = {}
    for family, reader in FAMILIES.items():
        if wanted in ("auto", family) or (wanted == "tag" and family == "pyproject"):
            result = reader(tree)
            if result is not None:
                found[family] = result
    if wanted == "auto" and "package.json" in found and len(found) > 1 and npm.is_private(tree):
        del found["package.json"]  # a private tooling package.json is not the project
    primary = next(iter(found), None)
    if wanted not in ("auto", "tag") and primary is None:
        raise SourceError(f"version-source = {wanted!r} but no version was found there")
    name = next((f.name for f in found.values() if f.name), None)
    carriers = [c for f in found.values() for c in f.carriers]
    if "pyproject" in found or "setup.cfg" in found:
        carriers += python.module_carriers(tree, name, {c.file for c in carriers})
        carriers += python.uv_lock_carriers(tree, name)
    for extra in settings.files:
        carriers += extra_carriers(tree, extra)
    scheme = settings.scheme
    if scheme == "auto":
        scheme = "pep440" if primary in PYTHON_FAMILIES else "semver"
    tag_only = wanted == "tag" or any(f.tag_only for f in found.values())
    if tag_only:
        version, tag = _tag_version(tree, git, settings, scheme)
        where = (Location(f"refs/tags/{tag}", None, "tag"),) if tag else ()
        return ProjectVersion(version, scheme, name, where, True, "tag", (), {})
    declared = [c for c in carriers if c.declares]
    if not declared:
        raise SourceError(
            f"no version found: {_seen(tree)}; set `files` (a file and pattern that carry"
            ' the version) or `version-source = "tag"` in the configuration'
        )
    values = {_comparable(c.value, scheme) for c in declared}
    if len(values) > 1:
        listing = "; ".join(f"{c.location}: {c.value}" for c in declared)
        first = declared[0]
        raise SourceError(
            f"files disagree on the current version: {listing}", file=first.file, line=first.line
        )
    version = declared[0].value
    _check_parts(carriers, parse_version(version, scheme))
    carriers = [_mark_stale(c, version, scheme) for c in carriers]
    warnings = tuple(
        f"{c.location}: {c.what} is at {c.value}, behind {version} (stale: bump sets it)"
        for c in carriers
        if c.stale
    )
    lines = _linked(tree, settings, primary, version)
    every = [*carriers, *(c for line in lines for c in line.carriers)]
    texts = {path: tree.read_text(path) or "" for path in dict.fromkeys(c.file for c in every)}
    return ProjectVersion(
        version=version,
        scheme=scheme,
        name=name,
        locations=tuple(c.location for c in carriers if not c.stale),
        tag_only=False,
        source=primary or "files",
        carriers=tuple(carriers),
        texts=texts,
        warnings=warnings,
        lines=lines,
    )


def _linked(
    tree: Tree, settings: CoreSettings, primary: str | None, version: str
) -> tuple[LineVersion, ...]:
    """The `[[linked]]` lines (Cargo workspaces only, for now)."""
    if not settings.linked:
        return ()
    if primary != "cargo":
        raise SourceError(
            f"linked lines ({', '.join(line.name for line in settings.linked)})"
            " are read from a Cargo workspace, and there is none here"
        )
    from release_kit.sources.linked import detect_line

    return tuple(detect_line(tree, line, version) for line in settings.linked)


def _mark_stale(carrier: Carrier, version: str, scheme: str) -> Carrier:
    """A follower (lock entry) whose value is not the version lags: it is stale."""
    if (
        carrier.declares
        or carrier.part != "version"
        or _comparable(carrier.value, scheme) == _comparable(version, scheme)
    ):
        return carrier
    return dataclasses.replace(carrier, stale=True)
