"""Marker mode, decided purely: which commits carry the marker, and what to tag.

Rules (documented in the README, tested in tests/unit/test_tagging_decisions.py):

- Only the commits of the pushed range on the first-parent chain of `after`
  count: the commits that landed on the branch itself. A merge commit counts
  through its own message; the commits a merge brings in never count, so a
  marker inside a merged branch (say a middle commit whose change a later
  commit undoes) tags nothing. They are named in the note, as ignored.
- The marker counts only on a line of its own: a line whose stripped text is
  the marker (a trailer-like last line, the default `Release vX.Y.Z\\n\\nMARKER`),
  or a squash-merge item line, `* ` then text that is the marker or ends
  with it after a space (`* Bump versions MARKER`). A marker inside a sentence
  (`the MARKER line makes tag run.`) or at the end of an ordinary subject does
  not count.
- The tag goes on the marker commit itself, with the version read from that
  commit's tree. A development version (`1.1.0.dev0`, `1.1.0-dev`) is never
  tagged, and a pre-release only with `[tag] allow-prereleases = true`: such a
  commit is left untagged, and the note says why.
- Marker commits whose versions are equal are one release: the oldest.
- Two markers with different versions in one push are both tagged, oldest
  first, provided the versions increase in that order; otherwise the whole
  push is refused before anything is tagged.
- A version below the line's last release is refused (a release never goes
  backwards), and so is the last release's own version at another commit;
  at the commit it is tagged at, it is the same release again (a re-run).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from release_kit.errors import ConflictError, RefusedError


class Comparable(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


@dataclass(frozen=True)
class Commit:
    """One commit of the range, oldest first."""

    sha: str
    message: str
    first_parent: bool  # on the first-parent chain of `after` (landed on the branch itself)


@dataclass(frozen=True)
class MarkerHit:
    """A marker commit and the version read at it."""

    sha: str
    version: str
    key: Comparable  # the parsed version, for ordering
    tag: str = ""
    prerelease: bool = False
    dev: bool = False  # a development version (`1.1.0.dev0`, `1.1.0-dev`)


@dataclass(frozen=True)
class Released:
    """The last release of the branch's line: its tag, commit and version."""

    name: str
    sha: str
    key: Comparable


def marker_line(line: str, marker: str) -> bool:
    """The line is the marker on its own, or a `* ` squash item ending with it."""
    marker = marker.strip()
    text = line.strip()
    if not marker:
        return False
    if text == marker:
        return True
    if not text.startswith("* "):
        return False
    item = text[2:].strip()
    return item == marker or item.endswith(" " + marker)


def carries_marker(message: str, marker: str) -> bool:
    return any(marker_line(line, marker) for line in message.splitlines())


def marker_commits(commits: Sequence[Commit], marker: str) -> list[Commit]:
    """The first-parent commits of the range (oldest first) that carry the marker."""
    return [c for c in commits if c.first_parent and carries_marker(c.message, marker)]


def ignored_commits(commits: Sequence[Commit], marker: str) -> list[Commit]:
    """Commits that carry the marker inside a merged branch: never tagged."""
    return [c for c in commits if not c.first_parent and carries_marker(c.message, marker)]


def releasable(hit: MarkerHit, *, allow_prereleases: bool) -> str | None:
    """Why the version of a marker commit is not tagged, or None when it may be."""
    if hit.dev:
        return f"{hit.sha[:12]} has {hit.version}, a development version: not tagged"
    if hit.prerelease and not allow_prereleases:
        return (
            f"{hit.sha[:12]} has {hit.version}, a pre-release: not tagged"
            " ([tag] allow-prereleases = true tags pre-releases)"
        )
    return None


def choose_targets(hits: Sequence[MarkerHit]) -> list[MarkerHit]:
    """One commit per version (the oldest), oldest first; refuse versions that do not
    increase."""
    chosen: dict[str, MarkerHit] = {}
    for hit in hits:
        chosen.setdefault(hit.version, hit)
    targets = list(chosen.values())
    for older, newer in itertools.pairwise(targets):
        if not older.key < newer.key:
            raise RefusedError(
                f"two marker commits in one push with versions out of order: "
                f"{older.sha[:12]} has {older.version}, the newer {newer.sha[:12]} has "
                f"{newer.version}; nothing was tagged"
            )
    return targets


def above_last_release(
    targets: Sequence[MarkerHit], last: Released | None, line: str
) -> tuple[list[MarkerHit], list[str]]:
    """The targets above the line's last release (`line` names the line in messages),
    and a note for each one left out. The last release's own version at its own commit
    is the same release again (a re-run: kept, the tag is there; under another name,
    `v0.6` for 0.6.0, left out). Below it, or that version at another commit: refused,
    nothing tagged."""
    if last is None:
        return list(targets), []
    kept: list[MarkerHit] = []
    notes: list[str] = []
    for hit in targets:
        if hit.key < last.key:
            raise RefusedError(
                f"marker commit {hit.sha[:12]} has {hit.version}, below the last release"
                f" {last.name} counting {line}: tagging it would release backwards;"
                " nothing was tagged"
            )
        if last.key < hit.key:
            kept.append(hit)
        elif hit.sha != last.sha:
            raise ConflictError(
                f"marker commit {hit.sha} has {hit.version}, already released as"
                f" {last.name} at {last.sha}; nothing was tagged"
            )
        elif hit.tag and hit.tag != last.name:
            notes.append(f"{hit.sha[:12]} has {hit.version}, already released as {last.name}")
        else:
            kept.append(hit)
    return kept, notes


def still_on_branch(
    sha: str, version: str, branch: str, tip: str | None, *, contained: bool
) -> None:
    """Refuse to tag a commit the remote branch no longer contains (force-pushed away)."""
    if tip is None:
        raise RefusedError(
            f"marker commit {sha[:12]} ({version}): branch {branch} no longer exists;"
            " nothing was tagged"
        )
    if not contained:
        raise RefusedError(
            f"marker commit {sha[:12]} ({version}) is not on {branch} now (its tip"
            f" {tip[:12]} does not contain it: force-pushed away since the push, or never"
            " pushed); nothing was tagged"
        )
