"""Notes from a RELEASES.md in wasmtime's shape keep the version's heading and date line,
as wasmtime's own release notes do; a section with no entry stays empty (refused)."""

from __future__ import annotations

from pathlib import Path

from conftest import DictTree
from release_kit.config import Config
from release_kit.release.gather import changelog_section

SHAPE = """## 7.0.0

Released 2026-12-07.

### Added

* A new knob for the widget.

### Changed

--------------------------------------------------------------------------------

Older notes live on the release branches.
"""


def _cfg() -> Config:
    return Config(Path("."), "release-kit.toml", {"changelog": {"path": "RELEASES.md"}})


def test_the_heading_and_the_date_line_are_kept_and_empty_headings_dropped() -> None:
    path, notes = changelog_section(_cfg(), DictTree({"RELEASES.md": SHAPE}), "7.0.0")
    assert path == "RELEASES.md"
    assert notes == (
        "## 7.0.0\n\nReleased 2026-12-07.\n\n### Added\n\n* A new knob for the widget.\n"
    )


def test_a_section_of_template_headings_only_has_no_notes() -> None:
    """`[release] notes = ["changelog"]` then refuses the release: nothing to say yet."""
    empty = SHAPE.replace("* A new knob for the widget.\n\n", "")
    assert changelog_section(_cfg(), DictTree({"RELEASES.md": empty}), "7.0.0") == (
        "RELEASES.md",
        None,
    )
