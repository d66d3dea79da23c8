"""Naming a milestone (issue 16): digits only are its number, anything else its title."""

from __future__ import annotations

import pytest

from release_kit.release.milestone import (
    MilestoneRef,
    parse_ref,
    pick_by_title,
    unknown_milestone,
)


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("7", MilestoneRef("7", 7, None)),
        ("007", MilestoneRef("007", 7, None)),
        (" 12\n", MilestoneRef("12", 12, None)),
        ("0.7", MilestoneRef("0.7", None, "0.7")),
        ("v0.7", MilestoneRef("v0.7", None, "v0.7")),
        ("Release 1.4.0", MilestoneRef("Release 1.4.0", None, "Release 1.4.0")),
        ("-3", MilestoneRef("-3", None, "-3")),
        ("٣", MilestoneRef("٣", None, "٣")),  # a digit, but not an ASCII one: a title
    ],
    ids=lambda v: repr(v),
)
def test_parse_ref(text: str, ref: MilestoneRef) -> None:
    assert parse_ref(text) == ref


@pytest.mark.parametrize("text", ["", "  ", None])
def test_an_input_left_empty_names_no_milestone(text: str | None) -> None:
    assert parse_ref(text) is None


def test_pick_by_title_is_exact() -> None:
    listed = [{"number": 1, "title": "0.7.1"}, {"number": 2, "title": "0.7"}]
    assert pick_by_title("0.7", listed) == {"number": 2, "title": "0.7"}
    assert pick_by_title("v0.7", listed) is None
    assert pick_by_title("0.7 ", listed) is None


def test_unknown_milestone_lists_the_open_ones() -> None:
    open_ = [{"number": n, "title": f"0.{n}"} for n in range(1, 25)]
    error = unknown_milestone(MilestoneRef("9", 99, None), open_)
    assert error.message.startswith("milestone #99 does not exist; open milestones: '0.1' (#1)")
    assert error.message.endswith("'0.20' (#20) and 4 more")
    assert "\n" not in error.message
    none = unknown_milestone(MilestoneRef("0.9", None, "0.9"), [])
    assert none.message == "milestone '0.9' does not exist; no milestone is open"
