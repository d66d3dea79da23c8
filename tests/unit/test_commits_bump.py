"""Bump kinds from commits, the 0.x rules, channels, reverts and the [commits] settings."""

from __future__ import annotations

import pytest

from release_kit.commits.bump import bump_kind, cancel_reverts, changes, next_version
from release_kit.commits.history import LogEntry
from release_kit.commits.parse import parse_message
from release_kit.commits.settings import CommitSettings
from release_kit.config import Section
from release_kit.errors import ConfigError
from release_kit.versioning import parse_version

DEFAULT = CommitSettings()


def entry(message: str, sha: str = "a" * 40, parents: int = 1) -> LogEntry:
    return LogEntry(sha, tuple(f"{i:040x}" for i in range(parents)), "2026-01-01", message)


def kinds(*messages: str, major: int = 1, settings: CommitSettings = DEFAULT) -> str | None:
    found = [c for m in messages for c in parse_message(m)]
    return bump_kind(found, settings, major)


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        pytest.param((), None, id="nothing"),
        pytest.param(("chore: tidy", "docs: words", "Update x"), None, id="no-release-types"),
        pytest.param(("fix: a",), "patch", id="fix"),
        pytest.param(("perf: a", "refactor: b"), "patch", id="perf-refactor"),
        pytest.param(("fix: a", "feat: b"), "minor", id="feat-wins"),
        pytest.param(("feat: a", "docs!: drop old docs"), "major", id="bang-any-type"),
        pytest.param(("fix: a\n\nBREAKING CHANGE: b",), "major", id="footer"),
        pytest.param(("Squash (#1)\n\n* fix: a\n\n* feat: b",), "minor", id="squash-items"),
    ],
)
def test_bump_kind(messages: tuple[str, ...], expected: str | None) -> None:
    assert kinds(*messages) == expected


@pytest.mark.parametrize(
    ("message", "major_on_zero", "minor_on_zero", "expected"),
    [
        pytest.param("feat!: x", False, True, "minor", id="breaking-is-minor-on-zero"),
        pytest.param("feat!: x", True, True, "major", id="major-on-zero"),
        pytest.param("feat: x", False, True, "minor", id="feature-minor"),
        pytest.param("feat: x", False, False, "patch", id="feature-patch-on-zero"),
        pytest.param("fix: x", False, False, "patch", id="fix"),
    ],
)
def test_zero_major_rules(
    message: str, major_on_zero: bool, minor_on_zero: bool, expected: str
) -> None:
    settings = CommitSettings(major_on_zero=major_on_zero, minor_on_zero=minor_on_zero)
    assert kinds(message, major=0, settings=settings) == expected
    assert kinds("feat!: x", major=1, settings=settings) == "major"


def test_merge_commits_are_left_out_unless_configured() -> None:
    merge = entry("Merge pull request #9 from a/b\n\nfeat: from the PR title", parents=2)
    assert changes([merge], DEFAULT) == []
    found = changes([merge], CommitSettings(include_merges=True))
    assert [(c.type, c.pr) for c in found] == [("feat", 9)]


def test_revert_cancels_the_reverted_commit_in_the_same_range() -> None:
    feat_sha = "b" * 40
    entries = [
        entry(f'Revert "feat: risky"\n\nThis reverts commit {feat_sha}.', sha="c" * 40),
        entry("feat: risky", sha=feat_sha),
        entry("fix: kept", sha="d" * 40),
    ]
    assert [c.subject for c in changes(entries, DEFAULT)] == ["kept"]


def test_revert_of_an_older_commit_is_a_patch() -> None:
    found = changes([entry('Revert "feat: old"\n\nThis reverts commit ' + "e" * 40 + ".")], DEFAULT)
    assert [c.type for c in found] == ["revert"]
    assert bump_kind(found, DEFAULT, 1) == "patch"


def test_cancel_reverts_by_header_when_no_sha() -> None:
    found = [*parse_message("revert: feat: a"), *parse_message("feat: a")]
    assert cancel_reverts(found) == []


@pytest.mark.parametrize(
    ("current", "kind", "channel", "existing", "expected", "scheme"),
    [
        pytest.param("1.2.3", None, None, (), "1.2.3", "semver", id="none"),
        pytest.param("1.2.3", "minor", None, (), "1.3.0", "semver", id="minor"),
        pytest.param("1.2.3", "minor", "rc", (), "1.3.0-rc.1", "semver", id="channel"),
        pytest.param(
            "1.2.3",
            "minor",
            "rc",
            ("1.3.0-rc.1", "1.3.0-rc.2"),
            "1.3.0-rc.3",
            "semver",
            id="next-rc",
        ),
        pytest.param("1.2.3", "major", "b", ("2.0.0b1",), "2.0.0b2", "pep440", id="pep440"),
    ],
)
def test_next_version(
    current: str,
    kind: str | None,
    channel: str | None,
    existing: tuple[str, ...],
    expected: str,
    scheme: str,
) -> None:
    taken = [parse_version(v, scheme) for v in existing]
    result = next_version(parse_version(current, scheme), kind, channel, taken)
    assert str(result) == expected


def test_settings_from_config_and_unknown_keys() -> None:
    sec = Section(
        "tool.release-kit.commits",
        {
            "sections": {"feat": "New", "Deps": "Dependencies"},
            "channels": {"develop": "beta", "release/*": "rc"},
            "other-section": "Other",
            "minor-on-zero": False,
        },
        "release-kit.toml",
    )
    s = CommitSettings.from_section(sec)
    assert s.section_for("feat") == "New" and s.section_for("deps") == "Dependencies"
    assert s.section_for(None) == "Other" and s.section_for("chore") is None
    assert (s.channel_for("release/1.x"), s.channel_for("main"), s.channel_for(None)) == (
        "rc",
        None,
        None,
    )
    with pytest.raises(ConfigError, match="unknown key"):
        CommitSettings.from_section(Section("tool.release-kit.commits", {"sectons": {}}))
    with pytest.raises(ConfigError, match="letters and digits"):
        CommitSettings.from_section(Section("c", {"channels": {"dev": "beta-1"}}))
    with pytest.raises(ConfigError, match="must be"):
        CommitSettings.from_section(Section("c", {"major-on-zero": "yes"}))
