"""Which commits a push event brought: the `before..after` range, decided purely.

A push event names two commits. What the pushed commits are depends on how
the ref moved:

- `after` all zeros: the ref was deleted; nothing was pushed.
- `before` all zeros: a new ref. Its new commits are those reachable from
  `after` and from no other branch of the remote (`git rev-list AFTER --not
  <other remote branches>`): a release branch created at a commit already on
  main brings nothing new, and the first push of a repository brings all of
  its history.
- `before` not an ancestor of `after` (a force push), or `before` missing from
  the clone (a force push drops it from the remote): the commits reachable
  from `after` and not from `before` when `before` is known (`before..after`
  counts from the merge base), else the new-ref rule.
- otherwise a fast-forward: `before..after`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

ZERO_SHA = "0" * 40


class PushKind(Enum):
    DELETE = "delete"
    NEW_REF = "new-ref"
    FORCE = "force-push"
    FAST_FORWARD = "fast-forward"


@dataclass(frozen=True)
class PushRange:
    """What to pass to `git rev-list`: include `after`, exclude `exclude`."""

    kind: PushKind
    after: str
    exclude: tuple[str, ...]  # commits (or refs) whose history is not part of the push
    note: str  # one line for the log and the summary

    @property
    def empty(self) -> bool:
        return self.kind is PushKind.DELETE


def is_zero(sha: str) -> bool:
    return bool(sha) and set(sha) == {"0"}


def classify(
    before: str,
    after: str,
    *,
    before_known: bool,
    before_is_ancestor: bool,
    other_branches: tuple[str, ...],
) -> PushRange:
    """Decide the range of a push from its two SHAs and three facts about the clone."""
    if is_zero(after):
        return PushRange(PushKind.DELETE, after, (), "the ref was deleted: nothing to scan")
    others = tuple(sorted(other_branches))
    new_ref_note = (
        f"commits on no other branch of the remote ({len(others)} other branch(es))"
        if others
        else "all history (the remote has no other branch)"
    )
    if is_zero(before):
        return PushRange(PushKind.NEW_REF, after, others, f"new ref: {new_ref_note}")
    if not before_known:
        return PushRange(
            PushKind.FORCE,
            after,
            others,
            f"force push, {before[:12]} is not in the clone: {new_ref_note}",
        )
    if not before_is_ancestor:
        return PushRange(
            PushKind.FORCE,
            after,
            (before,),
            f"force push: commits of {after[:12]} not reachable from {before[:12]}",
        )
    return PushRange(PushKind.FAST_FORWARD, after, (before,), f"{before[:12]}..{after[:12]}")
