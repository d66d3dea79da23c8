"""From parsed commits to a bump kind and a next version (pure; no git here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from release_kit.commits.parse import ConventionalCommit, parse_message
from release_kit.commits.settings import CommitSettings

if TYPE_CHECKING:
    from release_kit.commits.history import LogEntry
    from release_kit.versioning import Version

_RANK = {None: 0, "patch": 1, "minor": 2, "major": 3}


def changes(entries: Iterable[LogEntry], settings: CommitSettings) -> list[ConventionalCommit]:
    """The changes `entries` make, in order: squash items expanded, merge commits left
    out (or, with include-merges, read from the title GitHub puts in their body), and
    a revert dropped together with the commit it reverts when both are here."""
    found: list[ConventionalCommit] = []
    for entry in entries:
        is_merge = len(entry.parents) > 1
        if is_merge and not settings.include_merges:
            continue
        message = entry.message
        if is_merge:
            head, _, rest = message.strip().partition("\n\n")
            merged = parse_message(head, sha=entry.sha, is_merge=True)[0]
            if not rest.strip():
                continue
            for item in parse_message(rest, sha=entry.sha, squash=settings.squash_items):
                found.append(item if item.pr is not None else _with_pr(item, merged.pr))
            continue
        found.extend(parse_message(message, sha=entry.sha, squash=settings.squash_items))
    return cancel_reverts(found)


def _with_pr(commit: ConventionalCommit, pr: int | None) -> ConventionalCommit:
    from dataclasses import replace

    return replace(commit, pr=pr)


def cancel_reverts(commits: Sequence[ConventionalCommit]) -> list[ConventionalCommit]:
    """Drop each revert whose reverted commit is in `commits`, and that commit too
    (matched by SHA or SHA prefix, else by the reverted header)."""
    reverts = [i for i, c in enumerate(commits) if c.type == "revert" and c.reverts]
    if not reverts:
        return list(commits)
    by_sha: dict[str, list[int]] = {}
    by_header: dict[str, list[int]] = {}
    for j, other in enumerate(commits):
        by_sha.setdefault(other.sha, []).append(j)
        by_header.setdefault(other.header, []).append(j)
    dropped: set[int] = set()
    for i in reverts:
        target = commits[i].reverts or ""
        hits = by_sha.get(target, [])
        if not hits and 7 <= len(target) < 40:
            hits = [j for sha, js in by_sha.items() if sha.startswith(target) for j in js]
        hits = hits or by_header.get(target, [])
        hits = [j for j in hits if j != i and j not in dropped]
        if hits and i not in dropped:
            dropped.update((i, *hits))  # every item of a reverted squash commit goes
    return [c for i, c in enumerate(commits) if i not in dropped]


def commit_kind(commit: ConventionalCommit, settings: CommitSettings) -> str | None:
    """The bump one commit asks for, before the 0.x rules: major, minor, patch or None."""
    if not commit.conforming:
        return None
    if commit.breaking:
        return "major"
    if commit.type in settings.minor_types:
        return "minor"
    if commit.type in settings.patch_types:
        return "patch"
    return None


def bump_kind(
    commits: Iterable[ConventionalCommit], settings: CommitSettings, major: int
) -> str | None:
    """The largest bump among `commits`, with the 0.x rules applied when `major` is 0."""
    kind: str | None = None
    for commit in commits:
        found = commit_kind(commit, settings)
        if _RANK[found] > _RANK[kind]:
            kind = found
            if kind == "major":
                break
    if major == 0:
        if kind == "major" and not settings.major_on_zero:
            kind = "minor"
        elif kind == "minor" and not settings.minor_on_zero:
            kind = "patch"
    return kind


def next_version(
    current: Version,
    kind: str | None,
    channel: str | None,
    existing: Sequence[Version] = (),
) -> Version:
    """The version after `current` for a bump of `kind` (None: `current` itself).

    On a pre-release channel the result is the first pre-release of the bumped
    version that is not among `existing` (`1.3.0-rc.1`, then `-rc.2`, ...).
    """
    from release_kit.versioning import bump

    if kind is None:
        return current
    candidate = bump(current, kind, channel)
    if channel is None:
        return candidate
    taken = set(existing)
    while candidate in taken:
        candidate = bump(candidate, "pre", channel)
    return candidate


def not_below(
    candidate: Version, top: Version, channel: str | None, existing: Sequence[Version] = ()
) -> Version:
    """`candidate`, unless a pre-release of this cycle (`top`) already ranks above it:
    then `top` released (no channel) or the channel's next pre-release after it."""
    from release_kit.versioning import bump

    if not candidate < top:
        return candidate
    if channel is None:
        return bump(top, "release")
    taken = set(existing)
    result = bump(top, "pre", channel)
    while result in taken:
        result = bump(result, "pre", channel)
    return result
