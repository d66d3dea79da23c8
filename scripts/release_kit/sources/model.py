"""What detection finds: the places that carry the version, and the project version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from release_kit.versioning.version import Version


@dataclass(frozen=True)
class Location:
    """A place the version was read: `file:line` and what it is."""

    file: str
    line: int | None
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass(frozen=True)
class Carrier:
    """A version string in a file: the exact characters `text[start:end]` are `prefix + value`.

    `declares` carriers state the project version and must all agree; the others
    (lock entries, dependency requirements) follow it and are rewritten with it. A
    `stale` carrier is a lock entry of the project that lags behind (a hand edit of
    the manifest without re-locking): not a place the version is read, but one that
    `bump` sets. A carrier of one `part` (major, minor or patch: a C header's
    `VERSION_MAJOR 49`) holds that number of the version, and must agree with it.
    """

    file: str
    start: int
    end: int
    line: int
    value: str
    what: str
    prefix: str = ""
    declares: bool = True
    stale: bool = False
    part: str = "version"  # or major, minor, patch: the number of the version it holds

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.what)


@dataclass(frozen=True)
class LineVersion:
    """A linked line (`[[linked]]`): its current version, crates and carriers.

    Its carriers (the crates' `[package] version`, the requirements naming it, their
    lock entries) are rewritten to the line's own next version, never the project's.
    """

    name: str
    version: str
    crates: tuple[str, ...]
    carriers: tuple[Carrier, ...]


@dataclass(frozen=True)
class ProjectVersion:
    """The current version of a project and every place that carries it."""

    version: str
    scheme: str
    name: str | None
    locations: tuple[Location, ...]
    tag_only: bool = False
    source: str = ""  # the family it came from: cargo, pyproject, package.json, ...
    carriers: tuple[Carrier, ...] = ()
    texts: Mapping[str, str] = field(default_factory=dict, repr=False)
    warnings: tuple[str, ...] = ()
    lines: tuple[LineVersion, ...] = ()  # the linked lines that move with it

    @property
    def files(self) -> tuple[str, ...]:
        """The files that carry the version, in order of first appearance."""
        return tuple(dict.fromkeys(c.file for c in self.carriers))


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def part_value(part: str, version: Version) -> str:
    """What a carrier of `part` holds for `version`: the version, or one of its numbers."""
    if part == "version":
        return str(version)
    return str({"major": version.major, "minor": version.minor, "patch": version.patch}[part])
