"""Which release GitHub shows as "Latest": a patch on an old line must not take the badge.

GitHub's own default ("legacy") picks by creation date, so releasing 1.4.3 after
2.0.0 would make 1.4.3 "Latest". With `make-latest = "auto"` we compare the
version with every published, non-prerelease release of the same tag format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol


class _Ordered(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


def decide_make_latest(
    setting: str,
    version: _Ordered,
    *,
    prerelease: bool,
    draft: bool,
    releases: Iterable[Mapping[str, Any]],
    tag: str,
    version_of: Callable[[str], _Ordered | None],
) -> str:
    """The `make_latest` value to send: "true", "false" or "legacy".

    `version_of(tag)` parses another release's tag (None for a foreign tag);
    prereleases and drafts never become latest.
    """
    if setting != "auto":
        return "false" if prerelease or draft else setting
    if prerelease or draft:
        return "false"
    for release in releases:
        other_tag = str(release.get("tag_name") or "")
        if other_tag == tag or release.get("draft") or release.get("prerelease"):
            continue
        other = version_of(other_tag)
        if other is not None and version < other:
            return "false"
    return "true"
