"""Bad input and policy: exit 2 (or 1 for a refused release), one line, nothing changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from conftest import all_refs, git_tree_snapshot

PYPROJECT = '[project]\nname = "demo"\nversion = "{v}"\n'
CARGO = '[package]\nname = "demo"\nversion = "1.4.0"\nedition = "2021"\n'

BAD_INPUT = {
    "invalid-version": ({"pyproject.toml": PYPROJECT.format(v="one.two")}, "minor", "not a valid"),
    "missing-version": ({"README.md": "# demo\n"}, "minor", "no version found"),
    "package-json-without-version": ({"package.json": '{"name": "x"}\n'}, "patch", "no version"),
    "unparsable-toml": (
        {"Cargo.toml": '[package]\nname = "x\n'},
        "patch",
        "Cargo.toml: invalid TOML",
    ),
    "unparsable-json": (
        {"package.json": '{"name": "x", "version": "1.0.0",}\n'},
        "patch",
        "package.json: invalid JSON",
    ),
    "unparsable-lock": (
        {"package.json": '{"version": "1.0.0"}\n', "package-lock.json": "{"},
        "patch",
        "package-lock.json: invalid JSON",
    ),
    "explicit-not-greater": ({"Cargo.toml": CARGO}, "1.3.9", "not greater"),
    "explicit-invalid": ({"Cargo.toml": CARGO}, "1.5", "not a valid SemVer"),
    "unknown-kind": ({"Cargo.toml": CARGO}, "sideways", "not a valid SemVer"),
    "release-of-a-release": ({"Cargo.toml": CARGO}, "release", "not greater"),
    "pattern-matches-nothing": (
        {
            "Cargo.toml": CARGO,
            "include/demo.h": '#define DEMO_VERSION_STRING "1.4.0"\n',
            "release-kit.toml": '[[files]]\npath = "include/demo.h"\n'
            "pattern = '^#define DEMO_VERSION \"{version}\"$'\n",
        },
        "minor",
        "matches nothing",
    ),
    "bad-config-key": (
        {"Cargo.toml": CARGO, "release-kit.toml": 'tag-fromat = "{version}"\n'},
        "minor",
        "unknown key",
    ),
}


@pytest.mark.parametrize(("files", "kind", "reason"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_exits_2_with_one_line_and_changes_nothing(
    make_repo: Callable[..., Any],
    run_cli: Callable[..., Any],
    files: dict[str, str],
    kind: str,
    reason: str,
) -> None:
    repo = make_repo(files)
    before, refs = git_tree_snapshot(repo.path), all_refs(repo.path)
    result = run_cli(repo.path, "bump", kind, "--commit")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert reason in result.err
    assert git_tree_snapshot(repo.path) == before
    assert all_refs(repo.path) == refs


def test_disagreeing_files_are_all_listed_with_file_and_line(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo(
        {
            "pyproject.toml": PYPROJECT.format(v="1.0.0"),
            "src/demo/__init__.py": '"""Demo."""\n\n__version__ = "1.0.1"\n',
            "VERSION": "1.0.2\n",
        }
    )
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "bump", "patch")
    assert result.code == 2
    line = result.err.strip()
    assert "\n" not in line
    for where in ("pyproject.toml:3: 1.0.0", "VERSION:1: 1.0.2", "src/demo/__init__.py:3: 1.0.1"):
        assert where in line
    assert git_tree_snapshot(repo.path) == before


def test_error_annotation_on_a_runner(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo({"pyproject.toml": PYPROJECT.format(v="1.0.0"), "VERSION": "1.1.0\n"})
    result = run_cli(repo.path, "bump", "minor", env={"GITHUB_ACTIONS": "true"})
    assert result.code == 2
    assert "::error file=pyproject.toml,line=3" in result.out


def test_dirty_tree_is_refused_unless_allowed(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo({"Cargo.toml": CARGO})
    repo.write("notes.txt", "work in progress\n")
    refused = run_cli(repo.path, "bump", "minor")
    assert refused.code == 1
    assert "uncommitted changes (notes.txt)" in refused.err
    assert repo.read("Cargo.toml") == CARGO
    allowed = run_cli(repo.path, "bump", "minor", "--allow-dirty", "--commit", "--json")
    assert allowed.code == 0, allowed.err
    assert json.loads(allowed.out)["version"] == "1.5.0"
    assert repo.git("status", "--porcelain") == "?? notes.txt"


PATCH_POLICY = 'patch-branches = ["release/*"]\n'


@pytest.mark.parametrize(
    ("branch", "kind", "code"),
    [
        ("main", "patch", 1),
        ("main", "1.4.1", 1),
        ("main", "minor", 0),
        ("release/v1.4.0", "patch", 0),
        ("main", "pre", 0),
    ],
    ids=["patch-on-main", "explicit-patch-on-main", "minor-on-main", "patch-on-release", "rc"],
)
def test_patch_releases_only_on_patch_branches(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any], branch: str, kind: str, code: int
) -> None:
    repo = make_repo({"Cargo.toml": CARGO, "release-kit.toml": PATCH_POLICY})
    if branch != "main":
        repo.git("switch", "-q", "-c", branch)
    result = run_cli(repo.path, "bump", kind)
    assert result.code == code, result.err
    if code:
        assert "patch releases are made on release/* only, not on main" in result.err
        assert repo.read("Cargo.toml") == CARGO


def test_required_changelog_refuses_an_empty_section(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    changelog = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n## [1.4.0] - 2026-01-01\n\n- x\n"
    repo = make_repo(
        {
            "Cargo.toml": CARGO,
            "CHANGELOG.md": changelog,
            "release-kit.toml": "[changelog]\nrequire = true\n",
        }
    )
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "bump", "minor")
    assert result.code == 1
    assert "CHANGELOG.md: the section for 1.5.0 is empty" in result.err
    assert git_tree_snapshot(repo.path) == before
    repo.write("CHANGELOG.md", changelog.replace("### Added\n", "### Added\n\n- A flag.\n"))
    repo.commit_all("Describe the change")
    assert run_cli(repo.path, "bump", "minor").code == 0
    assert "## [1.5.0] - 2026-11-09\n\n### Added\n\n- A flag." in repo.read("CHANGELOG.md")


def test_extra_file_pattern_is_anchored(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    header = (
        "/* Compatible with zlib 1.4.0 */\n"
        '#define DEMO_VERSION "1.4.0"\n'
        '#define DEMO_MIN_PEER "1.4.0"\n'
    )
    repo = make_repo(
        {
            "Cargo.toml": CARGO,
            "include/demo.h": header,
            "release-kit.toml": '[[files]]\npath = "include/demo.h"\n'
            "pattern = '^#define DEMO_VERSION \"{version}\"$'\n",
        }
    )
    result = run_cli(repo.path, "bump", "minor")
    assert result.code == 0, result.err
    assert repo.read("include/demo.h") == header.replace(
        '#define DEMO_VERSION "1.4.0"', '#define DEMO_VERSION "1.5.0"'
    )


def test_bump_auto_uses_conventional_commits(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo({"Cargo.toml": CARGO})
    repo.git("tag", "v1.4.0")
    repo.write("src/lib.rs", "pub fn f() {}\n")
    repo.commit_all("feat: add f")
    result = run_cli(repo.path, "bump", "auto", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["version"] == "1.5.0"


def test_crlf_files_keep_their_line_ends(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo({})
    (repo.path / "Cargo.toml").write_bytes(CARGO.replace("\n", "\r\n").encode())
    repo.commit_all("CRLF manifest")
    result = run_cli(repo.path, "bump", "minor")
    assert result.code == 0, result.err
    assert (repo.path / "Cargo.toml").read_bytes() == CARGO.replace("1.4.0", "1.5.0").replace(
        "\n", "\r\n"
    ).encode()


def test_bump_auto_with_nothing_to_release_is_refused(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo({"Cargo.toml": CARGO})
    repo.git("tag", "v1.4.0")
    repo.write("README.md", "docs\n")
    repo.commit_all("docs: explain")
    result = run_cli(repo.path, "bump", "auto")
    assert result.code == 1
    assert "no commit since the last release asks for a release" in result.err
    assert repo.read("Cargo.toml") == CARGO
