"""Release lines and the current version: the files against the tags, decided purely.

A branch follows one release line, and only that line's release tags count
for it, wherever they sit (a tag on a release branch that the branch does
not reach counts: wasmtime's v48.0.0 lives on release-48.0.0, off main):

- a release branch (its name matches the `[branch] pattern`, or reads
  `release<sep>[v]X.Y[.Z]...`) follows the X.Y line: release-48.0.0 -> 48.0.x,
  release/v0.16.0 -> 0.16.x; a `{major}`-only pattern follows the major;
- any other branch (main, dev) follows every release tag of the format.

The line's last release is its highest final (non-pre-release) tag; floating
and partial tags (`v1`) were left out when the tags were read.

The current version (`decide`):
- files and the last release agree, or the files are ahead (a bump not yet
  tagged, a `-dev` train): the files win;
- the files are behind the last release (vmpilot: files 0.1.0, tag v0.6):
  the tag wins, since a release never goes backwards; the next version starts
  from it, and `bump` writes that into the files. The disagreement is reported;
- no files (setuptools_scm, hatch-vcs): the tags.
`at_least` keeps the next version from ever falling below the current one.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from release_kit.versioning.bump import PRE_IDS_PEP440, bump, first_prerelease
from release_kit.versioning.version import Version

_RELEASE_BRANCH = re.compile(r"(?:^|/)release[-_/]?v?(\d+)\.(\d+)(?:\.\d+)?(?:[-_/.+].*)?$")
_PLACEHOLDER = {
    "version": r"(?P<version>\d+(?:\.\d+){1,3})(?:[-+][0-9A-Za-z.+-]*)?",
    "major": r"(?P<major>\d+)",
    "minor": r"(?P<minor>\d+)",
    "patch": r"(?P<patch>\d+)",
    "date": r".+?",
}


class Tagged(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> Version: ...
    @property
    def padded(self) -> bool: ...


T = TypeVar("T", bound=Tagged)


@dataclass(frozen=True)
class Line:
    """The release tags a branch counts: all (`key` ()), or those of one X.Y or X."""

    branch: str | None = None
    key: tuple[int, ...] = ()

    def holds(self, version: Version) -> bool:
        numbers = (version.major, version.minor, version.patch)
        return numbers[: len(self.key)] == self.key

    @property
    def label(self) -> str:
        """`every release tag (main is not a release branch)`, `the 48.0.x line (...)`."""
        if not self.key:
            where = self.branch or "a detached HEAD"
            return f"every release tag ({where} is not a release branch)"
        numbers = ".".join(map(str, self.key))
        return f"the {numbers}.x line (release branch {self.branch})"


def _pattern_regex(pattern: str) -> re.Pattern[str] | None:
    try:
        pieces = [
            re.escape(text) + (_PLACEHOLDER.get(name, "") if name is not None else "")
            for text, name, _, _ in string.Formatter().parse(pattern)
        ]
    except ValueError:
        return None
    return re.compile("".join(pieces))


def branch_line(branch: str | None, pattern: str | None = None) -> Line:
    """The line `branch` follows (see the module doc); `pattern` is `[branch] pattern`."""
    if not branch:
        return Line(branch)
    regex = _pattern_regex(pattern) if pattern else None
    found = regex.fullmatch(branch) if regex else None
    if found is not None:
        groups = found.groupdict()
        if groups.get("version"):
            numbers = [int(n) for n in groups["version"].split(".")]
            return Line(branch, (numbers[0], numbers[1]))
        if groups.get("major") is not None:
            if groups.get("minor") is not None:
                return Line(branch, (int(groups["major"]), int(groups["minor"])))
            return Line(branch, (int(groups["major"]),))
    plain = _RELEASE_BRANCH.search(branch)
    if plain is not None:
        return Line(branch, (int(plain.group(1)), int(plain.group(2))))
    return Line(branch)


def line_tags(tags: Iterable[T], line: Line) -> list[T]:
    """The tags of `line` (pre-releases included), in the order given."""
    return [t for t in tags if line.holds(t.version)]


def last_release(tags: Iterable[T], line: Line) -> T | None:
    """The line's highest final release tag."""
    best: T | None = None
    for tag in tags:
        if tag.version.is_prerelease or not line.holds(tag.version):
            continue
        if best is None or best.version < tag.version:
            best = tag
    return best


def shown(tag: Tagged) -> str:
    return f"{tag.name} (read as {tag.version})" if tag.padded else tag.name


@dataclass(frozen=True)
class Decision(Generic[T]):
    """The current version of a branch, which source gave it, and why."""

    current: Version | None  # None: no files and no release tag yet
    source: str  # "files" | "tag" | "none"
    reason: str
    files: Version | None
    last: T | None  # the line's last release
    line: Line
    disagreement: str = ""

    @property
    def released(self) -> bool:
        """The current version is the line's last release (it has its tag)."""
        return self.last is not None and self.current == self.last.version

    @property
    def base(self) -> Version | None:
        """Where the next version is counted from: the last release, else the current."""
        return self.last.version if self.last is not None else self.current


def decide(files: Version | None, where: str, last: T | None, line: Line) -> Decision[T]:
    """Files (`where` names them, e.g. `pyproject.toml:7`) against the line's last release."""
    scope = f"counting {line.label}"
    if files is None:
        if last is None:
            why = f"no file carries a version and there is no release tag yet, {scope}"
            return Decision(None, "none", why, None, None, line)
        why = f"tag {shown(last)}, the last release {scope}: the version comes from tags"
        return Decision(last.version, "tag", why, None, last, line)
    if last is None:
        why = f"the files ({where}): no release tag yet, {scope}"
        return Decision(files, "files", why, files, None, line)
    if files == last.version:
        why = f"the files ({where}) and the last release {shown(last)} agree, {scope}"
        return Decision(files, "files", why, files, last, line)
    if files > last.version:
        why = f"the files ({where}) are ahead of the last release {shown(last)}, {scope}"
        why += ": not tagged yet"
        return Decision(files, "files", why, files, last, line)
    why = (
        f"tag {shown(last)}, the last release {scope}, is above the files' {files}; a release"
        " never goes backwards, so the version counts from the tag (bump writes the next"
        " one into the files)"
    )
    clash = f"files and tags disagree: {where} say {files}, the last release is {shown(last)}"
    return Decision(last.version, "tag", why, files, last, line, disagreement=clash)


def at_least(
    candidate: Version,
    decision: Decision[T],
    channel: str | None,
    existing: Sequence[Version] = (),
) -> Version:
    """`candidate`, never below the current version. An untagged current version
    (files ahead of the last release) is the floor: a pre-release is released
    (`49.0.0-dev` -> `49.0.0`) or, on a channel, continued (`49.0.0-rc.1`); a final
    version is the answer itself (`0.3.0` set by hand), or its first pre-release."""
    current = decision.current
    if current is None or decision.released or not candidate < current:
        return candidate
    taken = set(existing)
    if channel is None:
        return bump(current, "release") if current.is_prerelease else current
    if current.is_prerelease:
        if _on_channel(current, channel) and current not in taken:
            return current
        result = bump(current, "pre", channel)
    else:
        result = first_prerelease(current, channel)
    while result in taken:
        result = bump(result, "pre", channel)
    return result


def is_dev(version: Version) -> bool:
    """A development version between releases (`49.0.0-dev`, `1.2.dev0`), not a release."""
    if version.semver is not None:
        return bool(version.semver.pre) and version.semver.pre[0] == "dev"
    assert version.pep440 is not None
    return version.pep440.dev is not None


def _on_channel(version: Version, channel: str) -> bool:
    """`version` is a pre-release of `channel` (`1.0.0-rc.2`, `1.0rc2` for rc)."""
    if version.semver is not None:
        return bool(version.semver.pre) and version.semver.pre[0] == channel
    assert version.pep440 is not None
    pre = version.pep440.pre
    return pre is not None and version.pep440.dev is None and pre[0] == PRE_IDS_PEP440.get(channel)
