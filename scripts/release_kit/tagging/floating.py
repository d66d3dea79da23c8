"""The floating major tag (`v1` -> the newest `v1.x.y`), decided purely.

Only final releases count: a pre-release never moves `v1`. The floating tag
is the one ref release-kit moves on purpose; it is a lightweight tag
force-pushed to the commit of the newest release of that major.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Floating:
    name: str  # e.g. "v1"
    source: str  # the release tag it follows, e.g. "v1.4.2"
    sha: str


def newest_of_major(
    tags: Mapping[str, str],
    major: int,
    *,
    version_of: Callable[[str], Any | None],
    floating_name: str,
) -> Floating | None:
    """Among `tags` ({tag: commit}), the newest final release of `major`, if any.

    `version_of(tag)` returns the parsed version of a tag of the project's
    format (with `.major` and `.is_prerelease`) or None for foreign tags.
    """
    best: tuple[Any, str] | None = None
    for tag in tags:
        version = version_of(tag)
        if version is None or version.major != major or version.is_prerelease:
            continue
        if best is None or best[0] < version:
            best = (version, tag)
    if best is None:
        return None
    return Floating(floating_name, best[1], tags[best[1]])
