"""Short version forms in tags and milestone titles: two parts read as X.Y.0,
one part a floating tag (issue 11: vmpilot's `v0.6`, the kit's own `v1`)."""

from __future__ import annotations

import pytest

from release_kit.commits.history import parse_tags
from release_kit.release.milestone import read_title, version_from_title
from release_kit.versioning import TagFormat
from release_kit.versioning.shortforms import read_text


@pytest.mark.parametrize(
    ("written", "text", "padded", "partial"),
    [
        ("1.2.3", "1.2.3", False, False),
        ("0.6", "0.6.0", True, False),
        ("2.1-rc.1", "2.1.0-rc.1", True, False),
        ("1.2rc1", "1.2.0rc1", True, False),
        ("1", "1", False, True),
        ("10", "10", False, True),
        ("1.2.3.4", "1.2.3.4", False, False),
        ("1!2.0", "1!2.0", False, False),
        ("1.x", "1.x", False, False),  # no version at all (it fails to parse later)
    ],
    ids=lambda v: str(v),
)
def test_short_forms(written: str, text: str, padded: bool, partial: bool) -> None:
    found = read_text(written)
    assert found is not None
    assert (found.text, found.padded, found.partial) == (text, padded, partial)


def test_text_that_is_no_version() -> None:
    assert read_text("latest") is None
    assert read_text("") is None


@pytest.mark.parametrize(
    ("fmt", "tag", "parsed", "floating"),
    [
        ("v{version}", "v1.2.3", "1.2.3", False),
        ("v{version}", "v0.6", "0.6.0", False),
        ("v{version}", "v1", None, True),
        ("v{version}", "v10", None, True),
        ("{version}", "0", None, True),
        ("name-v{version}", "name-v2", None, True),
        ("v{version}", "dev-latest", None, False),
    ],
    ids=lambda v: str(v),
)
def test_tag_format_floating_and_two_part(
    fmt: str, tag: str, parsed: str | None, floating: bool
) -> None:
    tags = TagFormat(fmt, scheme="semver")
    assert tags.parse(tag) == parsed
    assert tags.is_floating(tag) == floating


def _tag_lines(*tags: tuple[str, str]) -> str:
    return "".join(f"{name}\0{commit}\0\0" + "2026-01-01\n" for name, commit in tags)


@pytest.mark.parametrize("scheme", ["semver", "pep440"])
def test_parse_tags_skips_floating_tags_and_reads_two_part_ones(scheme: str) -> None:
    out = _tag_lines(
        ("v1", "c3"),  # floating major
        ("v10", "c9"),
        ("v0.6", "c1"),  # a two-part release: 0.6.0
        ("v1.2", "c3"),  # a floating minor: on the commit of v1.2.1
        ("v1.2.1", "c3"),
        ("v1.3", "c4"),
        ("v1.3.0", "c4"),  # the same release under two names: the full one is kept
    )
    tags = parse_tags(out, TagFormat("v{version}"), scheme)
    assert [(t.name, str(t.version), t.padded) for t in tags] == [
        ("v0.6", "0.6.0", True),
        ("v1.2.1", "1.2.1", False),
        ("v1.3.0", "1.3.0", False),
    ]
    assert tags[0].shown == "v0.6 (read as 0.6.0)"


@pytest.mark.parametrize(
    ("title", "expected", "padded"),
    [("v1.4.0", "1.4.0", False), ("0.7", "0.7.0", True), ("Release v0.6", "0.6.0", True)],
    ids=["three-parts", "two-parts", "words"],
)
def test_milestone_titles_read_like_tags(title: str, expected: str, padded: bool) -> None:
    assert version_from_title(title) == expected
    assert read_title(title).padded == padded
