"""SemVer 2.0.0 and PEP 440 parsing, precedence, and the semver.org regex as an oracle."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from release_kit.errors import VersionError
from release_kit.versioning import parse_version
from release_kit.versioning.semver import OFFICIAL_PATTERN, is_valid

# Copied from https://semver.org (the "suggested regular expression", numbered groups).
SEMVER_ORG = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
    re.ASCII,
)


def official(text: str) -> bool:
    # `$` also matches before a final newline; the spec means the end of the string.
    return SEMVER_ORG.match(text) is not None and not text.endswith("\n")


def test_module_keeps_the_official_pattern() -> None:
    assert SEMVER_ORG.pattern == OFFICIAL_PATTERN


@pytest.mark.parametrize(
    "text",
    [
        "0.0.4",
        "1.2.3",
        "10.20.30",
        "1.1.2-prerelease+meta",
        "1.0.0-alpha.beta.1",
        "1.0.0-alpha0.valid",
        "1.0.0-rc.1+build.1",
        "2.0.0-rc.1+build.123",
        "1.2.3----RC-SNAPSHOT.12.9.1--.12+788",
        "1.0.0-0A.is.legal",
        "99999999999999999999999.999999999999999999.99999999999999999",
    ],
)
def test_valid(text: str) -> None:
    assert is_valid(text) and official(text)
    assert str(parse_version(text, "semver")) == text


@pytest.mark.parametrize(
    "text",
    [
        "1",
        "1.2",
        "1.2.3-0123",
        "1.2.3-0123.0123",
        "1.1.2+.123",
        "+invalid",
        "-invalid",
        "alpha",
        "1.2.3.DEV",
        "1.2-SNAPSHOT",
        "01.1.1",
        "1.01.1",
        "9.8.7-whatever+meta+meta",
        "1.2.3-",
        "1.2.3+",
        "1.2.3-a..b",
        "v1.2.3",
        " 1.2.3",
        "1.2.3\n",
        "1.2.3-é",
        "١.2.3",
    ],
)
def test_invalid(text: str) -> None:
    assert not is_valid(text)
    assert not official(text)
    with pytest.raises(VersionError, match="not a valid SemVer"):
        parse_version(text, "semver")


IDENT = st.text(alphabet="0123456789abzAZ-", min_size=0, max_size=4)
NEAR_SEMVER = st.builds(
    lambda parts, seps: "".join(p + s for p, s in zip(parts, seps, strict=False)),
    st.lists(IDENT, min_size=1, max_size=7),
    st.lists(st.sampled_from([".", "-", "+", ""]), min_size=7, max_size=7),
)


@given(st.one_of(NEAR_SEMVER, st.text(alphabet="0123456789.+-aZ\n ", max_size=14)))
def test_validator_agrees_with_the_official_regex(text: str) -> None:
    assert is_valid(text) == official(text)


def test_precedence_follows_the_spec_example() -> None:
    chain = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "1.0.1",
        "1.1.0",
        "2.0.0",
    ]
    versions = [parse_version(v, "semver") for v in chain]
    assert versions == sorted(versions)
    assert all(a < b for a, b in itertools.pairwise(versions))


def test_build_metadata_does_not_change_precedence() -> None:
    assert parse_version("1.0.0+a", "semver") == parse_version("1.0.0+b", "semver")


VERSIONS = st.builds(
    lambda ma, mi, pa, pre, build: (
        f"{ma}.{mi}.{pa}" + (f"-{pre}" if pre else "") + (f"+{build}" if build else "")
    ),
    st.integers(0, 10**6),
    st.integers(0, 999),
    st.integers(0, 999),
    st.sampled_from(["", "rc.1", "alpha", "beta.2", "dev", "0.3.x-y"]),
    st.sampled_from(["", "build.5", "sha-abc"]),
)


@given(VERSIONS)
def test_semver_round_trips(text: str) -> None:
    version = parse_version(text, "semver")
    assert str(version) == text
    assert parse_version(str(version), "semver") == version


PEP440 = st.builds(
    lambda epoch, rel, pre, post, dev: (
        (f"{epoch}!" if epoch else "") + ".".join(map(str, rel)) + pre + post + dev
    ),
    st.integers(0, 2),
    st.lists(st.integers(0, 300), min_size=1, max_size=4),
    st.sampled_from(["", "a1", "b2", "rc3"]),
    st.sampled_from(["", ".post1"]),
    st.sampled_from(["", ".dev0", ".dev4"]),
)


@given(PEP440)
def test_pep440_round_trips(text: str) -> None:
    version = parse_version(text, "pep440")
    assert str(version) == text
    assert parse_version(str(version), "pep440") == version


@pytest.mark.parametrize(
    ("text", "normal"),
    [("1.0RC1", "1.0rc1"), ("v2.0", "2.0"), ("1.2.3-rc.1", "1.2.3rc1")],
    ids=["upper-rc", "v-prefix", "semver-like"],
)
def test_pep440_normalizes(text: str, normal: str) -> None:
    assert str(parse_version(text, "pep440")) == normal


def test_pep440_invalid_and_unknown_scheme() -> None:
    with pytest.raises(VersionError, match="PEP 440"):
        parse_version("1.2.3-foo-bar", "pep440")
    with pytest.raises(VersionError, match="unknown version scheme"):
        parse_version("1.2.3", "calver")


def test_cross_scheme_comparison_is_an_error() -> None:
    with pytest.raises(TypeError):
        _ = parse_version("1.0.0", "semver") < parse_version("1.0.0", "pep440")


@pytest.mark.parametrize(
    ("text", "scheme", "parts", "pre"),
    [
        ("1.2.3-rc.1", "semver", (1, 2, 3), True),
        ("4.5", "pep440", (4, 5, 0), False),
        ("2.0.0.dev1", "pep440", (2, 0, 0), True),
    ],
    ids=["semver-rc", "pep440-short", "pep440-dev"],
)
def test_parts(text: str, scheme: str, parts: tuple[int, int, int], pre: bool) -> None:
    version = parse_version(text, scheme)
    assert (version.major, version.minor, version.patch) == parts
    assert version.is_prerelease is pre
    assert version.scheme == scheme
