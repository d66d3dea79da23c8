"""One rule for where a changelog names a version (issue 16): headings of two parts
(`## [0.6]`, vmpilot) are X.Y.0's, three parts as written, an optional `v`; the same
rule for the release notes, the tag message, bump's changelog checks and wasmtime's
text above the rule."""

from __future__ import annotations

import pytest

from conftest import DictTree
from release_kit.changelog import ChangelogSettings, section, start_section, title_names
from release_kit.release.changelog_rule import above_rule
from release_kit.versioning.shortforms import written_forms


@pytest.mark.parametrize(
    ("title", "version", "named"),
    [
        ("[0.6] - 2025-06-03", "0.6.0", True),
        ("[0.6]", "0.6.0", True),
        ("0.6", "0.6.0", True),
        ("v0.6 (2025-06-03)", "0.6.0", True),
        ("[v0.6] - 2025-06-03", "0.6.0", True),
        ("[0.6.0] - 2025-06-03", "0.6.0", True),
        ("v0.6.0", "0.6.0", True),
        ("[0.3.1] - 2025-03-25", "0.3.1", True),
        ("[2.1-rc.1] - 2026-01-01", "2.1.0-rc.1", True),
        ("[1.0rc1]", "1.0.0rc1", True),
        # negative: a two-part heading is X.Y.0's only
        ("[0.6] - 2025-06-03", "0.6.1", False),
        ("[0.6.1] - 2025-06-03", "0.6.0", False),
        ("[0.3.1] - 2025-03-25", "0.3.0", False),
        ("[0.6.0-rc.1]", "0.6.0", False),
        ("[0.6-rc.1]", "0.6.0", False),
        ("[10.6]", "0.6.0", False),
        ("[0.60]", "0.6.0", False),
        ("[0.6.0.1]", "0.6.0", False),
        ("[0]", "0.0.0", False),
        ("V0.6", "0.6.0", False),  # the v is lower case, as tags write it
        ("Release 0.6", "0.6.0", False),
        ("[Unreleased]", "0.6.0", False),
    ],
    ids=lambda v: str(v),
)
def test_title_names(title: str, version: str, named: bool) -> None:
    assert title_names(title, version) is named


@pytest.mark.parametrize(
    ("version", "forms"),
    [
        ("0.6.0", ("0.6.0", "0.6")),
        ("0.6.1", ("0.6.1",)),
        ("2.1.0-rc.1", ("2.1.0-rc.1", "2.1-rc.1")),
        ("1.2.0.1", ("1.2.0.1",)),
        ("1!2.0.0", ("1!2.0.0",)),
    ],
    ids=lambda v: str(v),
)
def test_written_forms(version: str, forms: tuple[str, ...]) -> None:
    assert written_forms(version) == forms


# Two-part and three-part headings side by side, as vmpilot's file has them.
MIXED = """\
# Changelog

## [0.6] - 2025-06-03

### Added

- The six.

## [0.3.1] - 2025-03-25

- The patch.

## [0.3] - 2025-03-24

- The three.
"""


@pytest.mark.parametrize(
    ("version", "body"),
    [
        ("0.6.0", "### Added\n\n- The six."),
        ("0.3.0", "- The three."),
        ("0.3.1", "- The patch."),
        ("0.6.1", None),
        ("0.3.2", None),
    ],
    ids=lambda v: str(v),
)
def test_section_of_a_two_part_heading(version: str, body: str | None) -> None:
    assert section(MIXED, version) == body


def test_the_text_above_the_rule_names_a_two_part_version() -> None:
    text = "## 0.7\n\n- Seven.\n\n---\n\nOlder notes elsewhere.\n"
    assert above_rule(text, "0.7.0") == "## 0.7\n\n- Seven.\n"
    assert above_rule(text, "0.7.1") is None


def test_bump_starts_no_second_section_beside_a_two_part_one() -> None:
    """start_section asks the same rule whether the section exists: `## [0.6]` is 0.6.0's."""
    tree = DictTree({"CHANGELOG.md": MIXED, "tpl.md": "## [{version}]\n\n- TBD.\n"})
    settings = ChangelogSettings(section_template="tpl.md")
    assert start_section(tree, settings, "0.6.0") is None
    started = start_section(tree, settings, "0.6.1")
    assert started is not None and "## [0.6.1]\n\n- TBD.\n\n## [0.6]" in started[2]
