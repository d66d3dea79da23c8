"""Release branch patterns: placeholders, validation, release lines."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from release_kit.config import load_config
from release_kit.errors import ConfigError, InputError
from release_kit.tagging.patterns import (
    BranchPattern,
    VersionParts,
    existing_line_branch,
    reused_branch_glob,
    valid_branch_name,
)
from release_kit.tagging.settings import BranchSettings, TagSettings

NOW = datetime(2026, 11, 9, 12, 0, tzinfo=UTC)
V041 = VersionParts("0.4.1", 0, 4, 1)


@pytest.mark.parametrize(
    ("pattern", "expected", "per_release"),
    [
        ("release/v{version}", "release/v0.4.1", True),
        ("release-{major}.{minor}-{date}", "release-0.4-20261109", False),
        ("release-{version}", "release-0.4.1", True),
        ("maint/{major}.{minor}.{patch}", "maint/0.4.1", True),
        ("stable-{major}", "stable-0", False),
    ],
    ids=["hyperlight", "lepton", "wasmtime", "all-parts", "major-line"],
)
def test_render(pattern: str, expected: str, per_release: bool) -> None:
    parsed = BranchPattern.parse(pattern)
    assert parsed.render(V041, NOW, "%Y%m%d") == expected
    assert parsed.per_release is per_release


@pytest.mark.parametrize(
    ("pattern", "match"),
    [
        ("release/{ver}", "unknown placeholder {ver}"),
        ("release/{version:>10}", "unknown placeholder"),
        ("release/{version!r}", "unknown placeholder"),
        ("release/{version", "malformed"),
        ("release/{minor}", "must contain"),
        ("release/fixed", "must contain"),
    ],
    ids=["unknown", "format-spec", "conversion", "unclosed", "no-major", "no-placeholder"],
)
def test_invalid_patterns(pattern: str, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        BranchPattern.parse(pattern)


def test_render_rejects_invalid_ref() -> None:
    with pytest.raises(InputError, match="not a valid branch name"):
        BranchPattern.parse("release {version}").render(V041, NOW, "%Y%m%d")


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("release/v1.0.0", True),
        ("a..b", False),
        ("-x", False),
        ("x.lock", False),
        ("a b", False),
        ("x/", False),
        ("re@{x", False),
        ("ok-1.2-20261109", True),
    ],
    ids=["ok", "dotdot", "dash", "lock", "space", "slash-end", "at-brace", "dated"],
)
def test_valid_branch_name(name: str, ok: bool) -> None:
    assert valid_branch_name(name) is ok


def test_existing_line_branch_found_whatever_the_date() -> None:
    pattern = BranchPattern.parse("release-{major}.{minor}-{date}")
    names = ["release-0.4-20260101", "release-0.41-20260101", "release-0.5-20260301", "main"]
    assert existing_line_branch(pattern, V041, names) == "release-0.4-20260101"
    assert existing_line_branch(pattern, VersionParts("0.6.0", 0, 6, 0), names) is None
    per_release = BranchPattern.parse("release/v{version}")
    assert existing_line_branch(per_release, V041, ["release/v0.4.1"]) is None


@pytest.mark.parametrize(
    ("pattern", "version", "patch_tags", "glob"),
    [
        ("release/v{version}", V041, "create", None),  # hyperlight: release/v0.4.1
        ("release/v{version}", VersionParts("0.4.0", 0, 4, 0), "reuse", None),
        ("release-{version}", VersionParts("40.0.1", 40, 0, 1), "reuse", "release-40.0.0"),
        ("release-{version}", VersionParts("40.0.1", 40, 0, 1), "create", None),
        ("maint/{major}.{minor}.{patch}", V041, "reuse", "maint/0.4.0"),
        ("release-{version}-{date}", V041, "reuse", "release-0.4.0-*"),
        ("release-{major}.{minor}-{date}", V041, "create", "release-0.4-*"),  # a line: always
        ("release-{major}.{minor}-{date}", V041, "reuse", "release-0.4-*"),
    ],
    ids=[
        "hyperlight-patch",
        "reuse-first-tag",
        "wasmtime-patch",
        "per-release-patch",
        "patch-placeholder",
        "dated",
        "lepton-line",
        "lepton-line-reuse",
    ],
)
def test_reused_branch_glob(
    pattern: str, version: VersionParts, patch_tags: str, glob: str | None
) -> None:
    assert reused_branch_glob(BranchPattern.parse(pattern), version, patch_tags) == glob


def test_wasmtime_patch_finds_its_x_y_0_branch() -> None:
    pattern = BranchPattern.parse("release-{version}")
    names = ["release-40.0.0", "release-41.0.0", "main"]
    v = VersionParts("40.0.3", 40, 0, 3)
    assert existing_line_branch(pattern, v, names, "reuse") == "release-40.0.0"
    assert existing_line_branch(pattern, v, names) is None  # create: release-40.0.3


@pytest.mark.parametrize(
    ("section", "match"),
    [
        ('[tag]\nmode = "head"\n', "mode must be one of marker, version"),
        ("[tag]\nbogus = 1\n", "unknown key"),
        ('[tag]\nsigning-format = "pgp"\n', "signing-format"),
        ("[tag]\nchecks-timeout = true\n", "must be a number"),
        ("[tag.dispatch-inputs]\ncount = 3\n", "must be strings"),
        ('[branch]\npatern = "x"\n', "unknown key"),
        ('[branch]\npatch-tags = "always"\n', "patch-tags must be one of create, reuse"),
    ],
    ids=[
        "mode",
        "tag-key",
        "signing-format",
        "timeout-type",
        "input-type",
        "branch-key",
        "patch-tags",
    ],
)
def test_settings_errors(tmp_path: Path, section: str, match: str) -> None:
    (tmp_path / "release-kit.toml").write_text(section, encoding="utf-8")
    cfg = load_config(tmp_path)
    with pytest.raises(ConfigError, match=match):
        TagSettings.from_config(cfg)
        BranchSettings.from_config(cfg)


def test_settings_defaults_and_values(tmp_path: Path) -> None:
    (tmp_path / "release-kit.toml").write_text(
        '[tag]\nmode = "version"\nfloating-major = true\nrequired-checks = ["test"]\n'
        "allow-prereleases = true\n"
        'dispatch = "release.yml"\n[tag.dispatch-inputs]\nkind = "final"\n'
        '[branch]\npattern = "release-{major}.{minor}-{date}"\ndate-format = "%Y-%m-%d"\n',
        encoding="utf-8",
    )
    cfg = load_config(tmp_path)
    tag = TagSettings.from_config(cfg)
    assert (tag.mode, tag.floating_major, tag.required_checks) == ("version", True, ("test",))
    assert tag.allow_prereleases is True
    assert (tag.dispatch, dict(tag.dispatch_inputs)) == ("release.yml", {"kind": "final"})
    branch = BranchSettings.from_config(cfg)
    assert (branch.pattern, branch.date_format) == ("release-{major}.{minor}-{date}", "%Y-%m-%d")
    assert branch.patch_tags == "create"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert TagSettings.from_config(load_config(empty)) == TagSettings()
