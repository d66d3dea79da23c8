"""Changelog sections and their promotion at release time (both styles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DictTree
from release_kit.changelog import (
    DEFAULT_PENDING,
    ChangelogSettings,
    is_empty,
    pending_section,
    promote,
    release_edit,
    section,
)
from release_kit.config import Config
from release_kit.errors import ConfigError, RefusedError

KAC = """\
# Changelog

## [Unreleased]

### Added

- A flag.

## [1.2.0] - 2026-01-05

### Fixed

- A crash.

## [1.1.0] - 2025-12-01

- First.

[Unreleased]: https://github.com/o/r/compare/v1.2.0...HEAD
[1.2.0]: https://github.com/o/r/compare/v1.1.0...v1.2.0
[1.1.0]: https://github.com/o/r/releases/tag/v1.1.0
"""

KAC_PROMOTED = """\
# Changelog

## [Unreleased]

## [1.3.0] - 2026-11-09

### Added

- A flag.

## [1.2.0] - 2026-01-05

### Fixed

- A crash.

## [1.1.0] - 2025-12-01

- First.

[Unreleased]: https://github.com/o/r/compare/v1.3.0...HEAD
[1.3.0]: https://github.com/o/r/compare/v1.2.0...v1.3.0
[1.2.0]: https://github.com/o/r/compare/v1.1.0...v1.2.0
[1.1.0]: https://github.com/o/r/releases/tag/v1.1.0
"""

PLAIN = """\
## 28.0.0

Unreleased.

### Changed

* Something.

--------------------------------------------------------------------------------

## 27.0.0

Released 2026-10-20.

* Older.
"""


def test_keep_a_changelog_promotion() -> None:
    promoted = promote(KAC, "1.3.0", "2026-11-09", tag="v1.3.0")
    assert promoted is not None
    assert promoted.text == KAC_PROMOTED
    assert promoted.body == "### Added\n\n- A flag."
    assert section(promoted.text, "1.3.0") == "### Added\n\n- A flag."
    assert section(promoted.text, "Unreleased") == ""  # the fresh section is empty


def test_plain_promotion_keeps_everything_else() -> None:
    promoted = promote(PLAIN, "28.0.0", "2026-11-09")
    assert promoted is not None
    assert promoted.text == PLAIN.replace("Unreleased.", "Released 2026-11-09.")
    assert promoted.body == "### Changed\n\n* Something."


def test_plain_pending_section_under_an_older_title_is_retitled() -> None:
    promoted = promote(PLAIN, "28.1.0", "2026-11-09")
    assert promoted is not None
    assert promoted.text.startswith("## 28.1.0\n\nReleased 2026-11-09.\n")


@pytest.mark.parametrize(
    ("text", "version", "body"),
    [
        (KAC, "1.2.0", "### Fixed\n\n- A crash."),
        (KAC, "1.1.0", "- First."),
        (PLAIN, "27.0.0", "* Older."),
        (PLAIN, "28.0.0", "### Changed\n\n* Something."),
        ("## v2.0.0 (2026-01-01)\n\nBig.\n## v1.0.0\n", "2.0.0", "Big."),
        (KAC, "1.0.0", None),
        (KAC, "1.2", None),
    ],
    ids=[
        "kac",
        "kac-before-links",
        "plain-released",
        "plain-pending",
        "v-and-date",
        "absent",
        "prefix-is-not-a-match",
    ],
)
def test_section(text: str, version: str, body: str | None) -> None:
    assert section(text, version) == body


def test_nothing_pending() -> None:
    assert promote("# Changelog\n\n## [1.0.0]\n", "1.1.0", "2026-11-09") is None


@pytest.mark.parametrize(
    ("body", "empty"),
    [("", True), ("### Added\n\n### Fixed\n", True), ("- x", False)],
    ids=["blank", "headings-only", "entry"],
)
def test_is_empty(body: str, empty: bool) -> None:
    assert is_empty(body) is empty


def test_release_edit_require() -> None:
    required = ChangelogSettings(require=True)
    with pytest.raises(RefusedError, match="no changelog file"):
        release_edit(DictTree({}), required, "1.3.0", "2026-11-09", "v1.3.0")
    empty = KAC.replace("### Added\n\n- A flag.\n\n", "")
    with pytest.raises(RefusedError, match="empty"):
        release_edit(DictTree({"CHANGELOG.md": empty}), required, "1.3.0", "2026-11-09", "v1.3.0")
    assert release_edit(DictTree({}), ChangelogSettings(), "1.3.0", "d", "v1.3.0") is None
    edit = release_edit(DictTree({"RELEASES.md": PLAIN}), required, "28.0.0", "2026-11-09", "v28")
    assert edit is not None and edit[0] == "RELEASES.md"


def test_settings_from_config() -> None:
    config = Config(
        Path("."), "release-kit.toml", {"changelog": {"path": "NEWS.md", "style": "plain"}}
    )
    assert ChangelogSettings.from_config(config) == ChangelogSettings("NEWS.md", "plain", False)
    bad = Config(Path("."), "release-kit.toml", {"changelog": {"style": "fancy"}})
    with pytest.raises(ConfigError):
        ChangelogSettings.from_config(bad)


PRERELEASE = """\
# Changelog

## [Prerelease] - Unreleased

### Added
* A sandbox builder.

### Removed

### Fixed
* A crash on restore.

## [v0.16.0] - 2026-06-26

### Added
* Snapshots.
"""


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (KAC, DEFAULT_PENDING, "### Added\n\n- A flag."),
        (
            PRERELEASE,
            DEFAULT_PENDING,
            "### Added\n* A sandbox builder.\n\n### Fixed\n* A crash on restore.",
        ),
        (
            PRERELEASE,
            ("Prerelease",),
            "### Added\n* A sandbox builder.\n\n### Fixed\n* A crash on restore.",
        ),
        (PLAIN, DEFAULT_PENDING, "### Changed\n\n* Something."),
        (KAC_PROMOTED, DEFAULT_PENDING, ""),
        ("# Changelog\n\n## [1.0.0] - 2026-01-01\n\n- First.\n", DEFAULT_PENDING, None),
        (PRERELEASE.replace(" - Unreleased", ""), DEFAULT_PENDING, None),
    ],
    ids=[
        "keepachangelog",
        "hyperlight-by-suffix",
        "hyperlight-by-name",
        "plain",
        "empty-after-release",
        "none",
        "other-name",
    ],
)
def test_pending_section(text: str, names: tuple[str, ...], expected: str | None) -> None:
    assert pending_section(text, names) == expected


def test_real_hyperlight_prerelease_section() -> None:
    """hyperlight's CHANGELOG.md: the `## [Prerelease] - Unreleased` section, up to the
    first release's heading, with its empty `### Removed` left out."""
    from realworld.real_repos import REAL, require

    require()
    text = (REAL / "hyperlight" / "tree" / "CHANGELOG.md").read_text(encoding="utf-8")
    body = pending_section(text)
    assert body is not None and body.startswith("### Added\n")
    raw = text.split("## [Prerelease] - Unreleased\n", 1)[1].split("\n## [v", 1)[0]
    assert body == raw.replace("### Removed\n\n", "").strip()
    assert "## [v0.16.0]" not in body
