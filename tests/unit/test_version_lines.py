"""Release lines and the files-versus-tags decision (pure; issue 11)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from release_kit.versioning import Version, parse_version
from release_kit.versioning.lines import (
    Line,
    at_least,
    branch_line,
    decide,
    is_dev,
    last_release,
)


@pytest.mark.parametrize(
    ("branch", "pattern", "key"),
    [
        ("main", "release/v{version}", ()),
        ("dev", None, ()),
        (None, None, ()),
        ("release/v0.16.0", "release/v{version}", (0, 16)),
        ("release-48.0.0", "release/v{version}", (48, 0)),  # not the pattern, still a release
        ("release-48.0.0", "release-{version}", (48, 0)),
        ("release-0.25-20260101", "release-{major}.{minor}-{date}", (0, 25)),
        ("stable-7", "stable-{major}", (7,)),
        ("release-0.21.0-cardy", None, (0, 21)),
        ("feature/release-notes", None, ()),
    ],
    ids=lambda v: str(v),
)
def test_branch_line(branch: str | None, pattern: str | None, key: tuple[int, ...]) -> None:
    assert branch_line(branch, pattern).key == key


@dataclass(frozen=True)
class Tag:
    name: str
    version: Version
    padded: bool = False


WASMTIME = [Tag(f"v{v}", parse_version(v, "semver")) for v in ("47.0.4", "48.0.0", "48.0.1")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (Line("main"), "v48.0.1"),
        (Line("release-47.0.0", (47, 0)), "v47.0.4"),
        (Line("release-49.0.0", (49, 0)), None),
    ],
    ids=["main-counts-every-line", "release-branch-its-own", "new-line"],
)
def test_last_release_of_a_line(line: Line, expected: str | None) -> None:
    found = last_release(WASMTIME, line)
    assert (found.name if found else None) == expected


def _v(text: str) -> Version:
    return parse_version(text, "semver")


def test_files_ahead_win() -> None:
    d = decide(_v("49.0.0-dev"), "Cargo.toml:223", WASMTIME[1], Line("main"))
    assert (d.source, str(d.current), d.disagreement) == ("files", "49.0.0-dev", "")
    assert "ahead of the last release v48.0.0" in d.reason


def test_files_behind_the_tag_lose_and_it_is_said() -> None:
    last = Tag("v0.6", _v("0.6.0"), padded=True)
    d = decide(_v("0.1.0"), "pyproject.toml:7, VERSION:1", last, Line("main"))
    assert (d.source, str(d.current), d.released) == ("tag", "0.6.0", True)
    assert d.disagreement == (
        "files and tags disagree: pyproject.toml:7, VERSION:1 say 0.1.0,"
        " the last release is v0.6 (read as 0.6.0)"
    )
    assert "never goes backwards" in d.reason


def test_no_files_no_tags() -> None:
    d = decide(None, "", None, Line("main"))
    assert (d.source, d.current) == ("none", None)


@pytest.mark.parametrize(
    ("files", "last", "candidate", "channel", "expected"),
    [
        ("49.0.0-dev", "48.0.0", "48.1.0", None, "49.0.0"),  # the -dev train is released
        ("49.0.0-dev", "48.0.0", "49.0.0", None, "49.0.0"),
        ("49.0.0-dev", "48.0.0", "48.0.1", "rc", "49.0.0-rc.1"),
        ("49.0.0-dev", "48.0.0", "50.0.0", None, "50.0.0"),  # above: kept
        ("0.3.0", "0.2.0", "0.2.1", None, "0.3.0"),  # set by hand, not tagged yet
        ("0.3.0", "0.2.0", "0.2.1", "rc", "0.3.0-rc.1"),
        ("1.1.0-rc.1", "1.0.0", "1.0.1-rc.1", "rc", "1.1.0-rc.1"),
        ("0.1.0", "0.6.0", "0.7.0", None, "0.7.0"),  # files behind: from the tag
    ],
    ids=lambda v: str(v),
)
def test_next_version_never_below_the_current(
    files: str, last: str, candidate: str, channel: str | None, expected: str
) -> None:
    d = decide(_v(files), "f:1", Tag(f"v{last}", _v(last)), Line("main"))
    assert str(at_least(_v(candidate), d, channel)) == expected


def test_an_existing_prerelease_is_not_answered_again() -> None:
    d = decide(_v("1.1.0-rc.1"), "f:1", Tag("v1.0.0", _v("1.0.0")), Line("main"))
    assert str(at_least(_v("1.0.1"), d, "rc", [_v("1.1.0-rc.1")])) == "1.1.0-rc.2"


def test_dev_versions() -> None:
    assert is_dev(_v("49.0.0-dev")) and not is_dev(_v("49.0.0-rc.1"))
    assert is_dev(parse_version("1.2.dev0", "pep440")) and not is_dev(
        parse_version("1.2rc1", "pep440")
    )
