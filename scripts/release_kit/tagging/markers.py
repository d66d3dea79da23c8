"""Marker mode, decided purely: which commits carry the marker, and what to tag.

Rules (documented in the README, tested in tests/unit/test_tagging_markers.py):

- A commit carries the marker when its full message contains the marker text
  anywhere: subject, body, a merge commit's message, or one `* ` line of a
  squash-merge body.
- Every commit of the pushed range is scanned, merges and the commits they
  bring in included.
- Marker commits whose versions are equal are one release: the tag goes on the
  one that landed on the branch itself (the first-parent chain of `after`,
  e.g. the merge commit rather than the bump commit inside the merged PR),
  else on the oldest.
- Two markers with different versions in one push are both tagged, oldest
  first, provided the versions increase in that order; otherwise the whole
  push is refused before anything is tagged.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from release_kit.errors import RefusedError


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
    first_parent: bool
    key: Comparable  # the parsed version, for ordering


def carries_marker(message: str, marker: str) -> bool:
    return bool(marker) and marker in message


def marker_commits(commits: Sequence[Commit], marker: str) -> list[Commit]:
    """The commits of the range (oldest first) whose message contains the marker."""
    return [c for c in commits if carries_marker(c.message, marker)]


def choose_targets(hits: Sequence[MarkerHit]) -> list[MarkerHit]:
    """One commit per version, oldest first; refuse versions that do not increase."""
    by_version: dict[str, list[MarkerHit]] = {}
    for hit in hits:
        by_version.setdefault(hit.version, []).append(hit)
    chosen: list[MarkerHit] = []
    for group in by_version.values():
        landed = [h for h in group if h.first_parent]
        chosen.append(landed[0] if landed else group[0])
    order = {hit.sha: index for index, hit in enumerate(hits)}
    chosen.sort(key=lambda h: order[h.sha])
    for older, newer in itertools.pairwise(chosen):
        if not older.key < newer.key:
            raise RefusedError(
                f"two marker commits in one push with versions out of order: "
                f"{older.sha[:12]} has {older.version}, the newer {newer.sha[:12]} has "
                f"{newer.version}; nothing was tagged"
            )
    return chosen
