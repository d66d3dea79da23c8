"""Linked lines: a second version line that moves with the project's under one bump.

The rule is derived from the line's own version. A 0.x line (wasmtime's cranelift
crates at `0.136.0-dev` beside the workspace's `49.0.0-dev`) follows the 0.x rule:
a major of the group is a minor of the line and a patch is a patch, the pre-release
is the same, so `X.0.Z[-pre]` is `0.(X + offset).Z[-pre]` with the offset read from
the versions of today (136 - 49 = 87):

    49.0.0-dev -> 49.0.0    0.136.0-dev -> 0.136.0   (major: the -dev dropped on both)
    49.0.0     -> 50.0.0-dev 0.136.0    -> 0.137.0-dev (dev: the next train)
    49.0.0     -> 49.0.1    0.136.0     -> 0.136.1   (patch, on release-49.0.0)

Exact or refused: a line that does not follow the project by that rule today, a
project version with a minor (the 0.x line has no place left for it), or a line not
at 0.x (no rule known for it yet) is a VersionError. Pure: versions in, version out.
"""

from __future__ import annotations

from release_kit.errors import VersionError
from release_kit.versioning.version import Version, parse_version


def _pre(version: Version) -> str:
    assert version.semver is not None
    return ".".join(version.semver.pre)


def _expected(project: Version, offset: int) -> str:
    pre = _pre(project)
    return f"0.{project.major + offset}.{project.patch}" + (f"-{pre}" if pre else "")


def follow(name: str, project: Version, line: Version, new: Version) -> Version:
    """The version of the line `name` (now at `line`) once the project moves to `new`."""
    if project.scheme != "semver" or line.scheme != "semver":
        raise VersionError(f"linked line {name}: only SemVer lines can be linked")
    if line.major != 0:
        raise VersionError(
            f"linked line {name} is at {line}: only a 0.x line has a rule"
            " (a major of the project is its minor)"
        )
    offset = line.minor - project.major
    if project.minor != 0 or _expected(project, offset) != str(line):
        raise VersionError(
            f"linked line {name} is at {line}, which does not follow {project} by the 0.x rule"
            f" (X.0.Z is 0.(X+{offset}).Z, same pre-release): set its crates by hand first"
        )
    if new.minor != 0:
        raise VersionError(
            f"{new} has a minor of {new.minor}: the 0.x line {name} has no place for it"
            " (a major of the project is its minor, a patch its patch)"
        )
    return parse_version(_expected(new, offset), "semver")
