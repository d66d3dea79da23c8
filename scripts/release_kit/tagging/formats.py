"""Which tag format a repository's tags follow, when it is not the configured one. Pure.

A repository whose release tags are `0.9.9` read with the default `v{version}`
has no release tag at all, and every command counts from nothing: `version`
names the format its tags do follow, so that the fix is one line of
configuration.
"""

from __future__ import annotations

from collections.abc import Iterable

from release_kit.versioning import TagFormat

COMMON = ("v{version}", "{version}", "release-{version}", "release-v{version}")


def suggest_format(tags: Iterable[str], configured: str) -> tuple[str, int, str] | None:
    """(format, how many tags follow it, the highest-sorting example) of the common
    format most tags follow, when none follows `configured`; None otherwise."""
    names = list(tags)
    if any(TagFormat(configured).parse(t) for t in names):
        return None
    best: tuple[str, int, str] | None = None
    for fmt in COMMON:
        if fmt == configured:
            continue
        found = sorted(t for t in names if TagFormat(fmt).parse(t))
        if found and (best is None or len(found) > best[1]):
            best = (fmt, len(found), found[-1])
    return best
