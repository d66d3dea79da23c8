"""Milestone gate (VMPilot) and label blockers (hyperlight). Decisions are pure.

The version comes from the milestone's title ("v1.4.0", "1.4.0", "Release 1.4.0",
or two parts, "0.7", read as 0.7.0 like a two-part tag);
the release is refused while the milestone has open issues or pull requests,
or while issues with the blocker label are open; the milestone is closed after
the release.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from release_kit.errors import InputError, RefusedError
from release_kit.versioning.shortforms import VersionText, read_text

_VERSION_IN_TITLE = re.compile(
    r"(?<![\w.])v?(\d+\.\d+(?:\.\d+)?(?:[-+.]?[0-9A-Za-z][0-9A-Za-z.+-]*)?)(?![\w.])"
)


def read_title(title: str) -> VersionText:
    """The one version a milestone title names, read as tags are (`0.7` -> 0.7.0,
    see versioning.shortforms); exit 2 when it names none or several."""
    found = [text for text in map(read_text, _VERSION_IN_TITLE.findall(title)) if text]
    if len(found) != 1:
        what = "no version" if not found else "several versions"
        raise InputError(f"milestone title {title!r} names {what}; expected e.g. 'v1.4.0' or '0.7'")
    return found[0]


def version_from_title(title: str) -> str:
    """The version a milestone title names (a two-part `0.7` is 0.7.0)."""
    return read_title(title).text


def _listing(items: Sequence[Mapping[str, Any]], limit: int = 10) -> str:
    shown = [f"#{i['number']} {i.get('title', '')}".strip() for i in items[:limit]]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return "; ".join(shown) + more


def check_milestone_open_items(title: str, open_items: Sequence[Mapping[str, Any]]) -> None:
    """Refuse while the milestone still has open issues or pull requests, listing them."""
    if open_items:
        raise RefusedError(
            f"milestone {title!r} has {len(open_items)} open issue(s): {_listing(open_items)}"
        )


def check_blockers(label: str, open_items: Sequence[Mapping[str, Any]]) -> None:
    """Refuse while issues carrying the blocker label are open, listing them."""
    if open_items:
        raise RefusedError(
            f"{len(open_items)} open issue(s) labelled {label!r} block the release: "
            f"{_listing(open_items)}"
        )
