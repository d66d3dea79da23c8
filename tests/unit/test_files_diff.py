"""file_diff's one-pass path for line-for-line edits: a valid unified diff of the change,
and the same text as difflib's where lines do not repeat."""

from __future__ import annotations

import difflib
import re

from hypothesis import given
from hypothesis import strategies as st

from release_kit.files import file_diff

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$")


def apply(before: list[str], diff: str) -> list[str]:
    """`before` with the diff's hunks applied, checking each hunk against it."""
    lines = diff.splitlines(keepends=True)[2:]
    out, cursor, i = [], 0, 0
    while i < len(lines):
        match = HUNK.match(lines[i].rstrip("\n"))
        assert match, lines[i]
        start = int(match.group(1)) - 1
        old_len = int(match.group(2) or 1)
        out += before[cursor:start]
        cursor, i, seen = start, i + 1, 0
        while i < len(lines) and not lines[i].startswith("@@"):
            kind, text = lines[i][0], lines[i][1:]
            if kind in " -":
                assert before[cursor] == text
                cursor, seen = cursor + 1, seen + 1
            if kind in " +":
                out.append(text)
            i += 1
        assert seen == old_len
    return out + before[cursor:]


def _pair(lines: list[str], edits: list[tuple[int, str]]) -> tuple[list[str], list[str]]:
    before = [f"{line}\n" for line in lines]
    after = list(before)
    for index, text in edits:
        if index < len(after):
            after[index] = f"{text}\n"
    return before, after


EDITS = st.lists(st.tuples(st.integers(0, 39), st.sampled_from(["x", "y", "a"])))


@given(lines=st.lists(st.sampled_from(["a", "b", "c"]), max_size=40), edits=EDITS)
def test_line_for_line_edits_give_a_valid_diff(
    lines: list[str], edits: list[tuple[int, str]]
) -> None:
    before, after = _pair(lines, edits)
    diff = file_diff("f", "".join(before), "".join(after))
    assert (diff == "") == (before == after)
    if diff:
        assert apply(before, diff) == after


@given(count=st.integers(0, 40), edits=EDITS)
def test_same_text_as_difflib_where_lines_do_not_repeat(
    count: int, edits: list[tuple[int, str]]
) -> None:
    before, after = _pair([f"line {i}" for i in range(count)], edits)
    want = "".join(difflib.unified_diff(before, after, "a/f", "b/f"))
    assert file_diff("f", "".join(before), "".join(after)) == want
