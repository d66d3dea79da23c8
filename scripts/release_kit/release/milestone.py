"""Milestone gate (VMPilot) and label blockers (hyperlight). Decisions are pure.

The version comes from the milestone's title ("v1.4.0", "1.4.0", "Release 1.4.0",
or two parts, "0.7", read as 0.7.0 like a two-part tag);
the release is refused while the milestone has open issues or pull requests,
or while issues with the blocker label are open; the milestone is closed after
the release.

A milestone is named by its number or its title (`--milestone 7`, `--milestone 0.7`),
as vmpilot's own workflow takes either: text of digits only is a number, anything
else a title, matched exactly. A title of digits only (`7`) can therefore not be
named by title, and needs none: one number names no release version (a floating
form, see versioning.shortforms), so such a milestone could not be released anyway.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from release_kit.errors import InputError, RefusedError
from release_kit.versioning.shortforms import VersionText, read_text

_VERSION_IN_TITLE = re.compile(
    r"(?<![\w.])v?(\d+\.\d+(?:\.\d+)?(?:[-+.]?[0-9A-Za-z][0-9A-Za-z.+-]*)?)(?![\w.])"
)


@dataclass(frozen=True)
class MilestoneRef:
    """A milestone as the user named it: by number, or else by title."""

    text: str
    number: int | None  # digits only: the milestone's number
    title: str | None  # anything else: its exact title

    def __str__(self) -> str:
        return f"#{self.number}" if self.number is not None else repr(self.title)


def parse_ref(text: str | None) -> MilestoneRef | None:
    """`7` -> number 7, `0.7` or `v0.7` -> title; empty (an optional input left
    blank) -> None. Surrounding blanks are dropped."""
    text = (text or "").strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return MilestoneRef(text, int(text), None)
    return MilestoneRef(text, None, text)


def pick_by_title(title: str, milestones: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The milestone titled exactly `title` (GitHub keeps titles unique), else None."""
    for milestone in milestones:
        if milestone.get("title") == title:
            return milestone
    return None


def unknown_milestone(
    ref: MilestoneRef, open_milestones: Sequence[Mapping[str, Any]]
) -> InputError:
    """`milestone '0.9' does not exist; open milestones: '0.7' (#3), '0.8' (#4)`."""
    shown = ", ".join(f"{m.get('title', '')!r} (#{m.get('number')})" for m in open_milestones[:20])
    more = f" and {len(open_milestones) - 20} more" if len(open_milestones) > 20 else ""
    listing = f"open milestones: {shown}{more}" if open_milestones else "no milestone is open"
    return InputError(f"milestone {ref} does not exist; {listing}")


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
