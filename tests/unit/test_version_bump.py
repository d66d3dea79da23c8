"""Bump operations in both schemes, refusals, the property that a bump always goes up,
and tag formats."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from release_kit.errors import ConfigError, VersionError
from release_kit.versioning import TagFormat, bump, is_patch_release, parse_version

CASES = [
    ("semver", "1.2.3", "major", None, "2.0.0"),
    ("semver", "1.2.3", "minor", None, "1.3.0"),
    ("semver", "1.2.3", "patch", None, "1.2.4"),
    ("semver", "1.2.3", "minor", "rc", "1.3.0-rc.1"),
    ("semver", "1.2.3", "pre", None, "1.2.4-rc.1"),
    ("semver", "1.2.0-rc.1", "pre", None, "1.2.0-rc.2"),
    ("semver", "1.2.0-rc.1", "pre", "rc", "1.2.0-rc.2"),
    ("semver", "1.2.0-beta.3", "pre", "rc", "1.2.0-rc.1"),
    ("semver", "1.2.0-rc", "pre", "rc", "1.2.0-rc.1"),
    ("semver", "1.2.0-rc.2", "release", None, "1.2.0"),
    ("semver", "2.0.0-rc.1", "major", None, "2.0.0"),
    ("semver", "1.3.0-rc.1", "minor", None, "1.3.0"),
    ("semver", "1.3.0-rc.1", "major", None, "2.0.0"),
    ("semver", "42.0.0", "dev", None, "43.0.0-dev"),
    ("semver", "43.0.0-dev", "release", None, "43.0.0"),
    ("semver", "43.0.0-dev", "major", None, "43.0.0"),
    ("semver", "43.0.0-dev", "pre", "rc", "43.0.0-rc.1"),
    ("semver", "1.2.3+build.7", "patch", None, "1.2.4"),
    ("semver", "1.2.3", "1.4.0", None, "1.4.0"),
    ("semver", "1.2.3", "v1.4.0", None, "1.4.0"),
    ("pep440", "1.2.3", "minor", None, "1.3.0"),
    ("pep440", "1.2", "patch", None, "1.2.1"),
    ("pep440", "1.2.3", "pre", None, "1.2.4rc1"),
    ("pep440", "1.2.0rc1", "pre", None, "1.2.0rc2"),
    ("pep440", "1.2.0b2", "pre", "rc", "1.2.0rc1"),
    ("pep440", "1.2.0rc1", "release", None, "1.2.0"),
    ("pep440", "1.2.3", "minor", "beta", "1.3.0b1"),
    ("pep440", "42.0.0", "dev", None, "43.0.0.dev0"),
    ("pep440", "43.0.0.dev0", "pre", "dev", "43.0.0.dev1"),
    ("pep440", "43.0.0.dev3", "pre", "rc", "43.0.0rc1"),
    ("pep440", "43.0.0.dev3", "release", None, "43.0.0"),
    ("pep440", "1!2.0", "major", None, "1!3.0.0"),
]


@pytest.mark.parametrize(
    ("scheme", "current", "kind", "pre_id", "expected"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}{'-' + c[3] if c[3] else ''}" for c in CASES],
)
def test_bump(scheme: str, current: str, kind: str, pre_id: str | None, expected: str) -> None:
    assert str(bump(parse_version(current, scheme), kind, pre_id)) == expected


REFUSED = [
    ("semver", "1.2.3", "release", None, "not greater"),
    ("semver", "1.2.3", "1.2.3", None, "not greater"),
    ("semver", "1.2.3", "1.2.2", None, "not greater"),
    ("semver", "1.2.0-rc.2", "pre", "beta", "not greater"),
    ("semver", "43.0.0-rc.1", "dev", None, "not greater"),
    ("semver", "1.2.3", "pre", "r c", "not a valid pre-release identifier"),
    ("semver", "1.2.3", "release", "rc", "does not apply"),
    ("semver", "1.2.3", "2.0.0", "rc", "does not apply"),
    ("semver", "1.2.3", "auto", None, "not a valid SemVer"),
    ("pep440", "1.2.3", "pre", "gamma", "alpha, beta, rc or dev"),
    ("pep440", "1.2.3", "1.2.3.0", None, "not greater"),
]


@pytest.mark.parametrize(
    ("scheme", "current", "kind", "pre_id", "reason"),
    REFUSED,
    ids=[f"{c[0]}-{c[1]}-{c[2]}-{c[3]}" for c in REFUSED],
)
def test_refused(scheme: str, current: str, kind: str, pre_id: str | None, reason: str) -> None:
    with pytest.raises(VersionError, match=reason):
        bump(parse_version(current, scheme), kind, pre_id)


SEMVERS = st.builds(
    lambda ma, mi, pa, pre: f"{ma}.{mi}.{pa}" + (f"-{pre}" if pre else ""),
    st.integers(0, 50),
    st.integers(0, 50),
    st.integers(0, 50),
    st.sampled_from(["", "dev", "rc", "rc.3", "alpha.1", "beta", "1", "x.7.y"]),
)
PEP440S = st.builds(
    lambda rel, pre, dev: ".".join(map(str, rel)) + pre + dev,
    st.lists(st.integers(0, 50), min_size=1, max_size=4),
    st.sampled_from(["", "a1", "b3", "rc2", ".post2"]),
    st.sampled_from(["", ".dev0", ".dev5"]),
)
KINDS = st.sampled_from(["major", "minor", "patch", "pre", "release", "dev"])
PRE_IDS = st.sampled_from([None, "rc", "beta", "alpha", "dev"])


@given(
    st.one_of(SEMVERS.map(lambda t: ("semver", t)), PEP440S.map(lambda t: ("pep440", t))),
    KINDS,
    PRE_IDS,
)
def test_every_bump_goes_up(case: tuple[str, str], kind: str, pre_id: str | None) -> None:
    scheme, text = case
    assume(not (pre_id and kind in ("release", "dev")))
    current = parse_version(text, scheme)
    try:
        new = bump(current, kind, pre_id)
    except VersionError as exc:
        assert "not greater" in exc.message  # the only allowed refusal here
        return
    assert new > current
    assert parse_version(str(new), scheme) == new


@pytest.mark.parametrize(
    ("previous", "new", "patch"),
    [
        ("1.2.3", "1.2.4", True),
        ("1.2.3", "1.3.0", False),
        ("1.2.0-rc.1", "1.2.0", False),
        ("1.2.3", "1.2.4-rc.1", False),
        ("2.0.0", "3.0.0", False),
    ],
    ids=["patch", "minor", "release-of-rc", "patch-rc", "major"],
)
def test_is_patch_release(previous: str, new: str, patch: bool) -> None:
    assert (
        is_patch_release(parse_version(previous, "semver"), parse_version(new, "semver")) is patch
    )


@pytest.mark.parametrize(
    ("fmt", "version", "tag", "glob"),
    [
        ("v{version}", "1.2.3", "v1.2.3", "v*"),
        ("{version}", "1.2.3-rc.1", "1.2.3-rc.1", "*"),
        ("wasmtime-v{version}", "27.0.0", "wasmtime-v27.0.0", "wasmtime-v*"),
    ],
    ids=["v", "bare", "name-v"],
)
def test_tag_format(fmt: str, version: str, tag: str, glob: str) -> None:
    tags = TagFormat(fmt)
    assert tags.format(version) == tag
    assert tags.parse(tag) == version
    assert tags.parse(f"refs/tags/{tag}") == version
    assert tags.ref_glob == glob


@pytest.mark.parametrize(
    ("fmt", "tag"),
    [
        ("v{version}", "latest"),
        ("v{version}", "v"),
        ("{version}", "dev-latest"),
        ("name-v{version}", "other-v1.0.0"),
        ("v{version}", "v1.2.x"),
    ],
    ids=["word", "prefix-only", "rolling", "other-name", "not-a-version"],
)
def test_foreign_tags_parse_to_none(fmt: str, tag: str) -> None:
    assert TagFormat(fmt).parse(tag) is None


def test_tag_format_scheme_narrows_parse() -> None:
    # Two-part tags are read as X.Y.0 in both schemes (issue 11: vmpilot's v0.6);
    # until then SemVer refused `v1.2` and PEP 440 read it as written.
    assert TagFormat("v{version}", scheme="semver").parse("v1.2") == "1.2.0"
    assert TagFormat("v{version}", scheme="pep440").parse("v1.2") == "1.2.0"
    assert TagFormat("v{version}", scheme="semver").parse("v1.2rc1") is None
    assert TagFormat("v{version}", scheme="pep440").parse("v1.2rc1") == "1.2.0rc1"


@pytest.mark.parametrize(
    "fmt",
    ["v", "{version}-{version}", "v {version}", "x..{version}"],
    ids=["no-placeholder", "twice", "space", "double-dot"],
)
def test_bad_tag_format(fmt: str) -> None:
    with pytest.raises(ConfigError):
        TagFormat(fmt)
