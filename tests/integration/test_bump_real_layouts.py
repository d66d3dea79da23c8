"""`bump` and `version` through the CLI on layouts met in real repositories (our words):
a requirement Cargo would refuse after the bump, and a uv.lock entry left behind by a hand
edit of pyproject.toml."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from conftest import all_refs, git_tree_snapshot

MakeRepo = Callable[..., Any]
RunCli = Callable[..., Any]

WORKSPACE = {
    "Cargo.toml": '[workspace]\nmembers = ["core"]\n\n[workspace.package]\nversion = "2.3.0"\n',
    "core/Cargo.toml": '[package]\nname = "core"\nversion.workspace = true\n',
    "core/src/lib.rs": "",
    "tools/Cargo.toml": '[package]\nname = "tools"\nversion = "0.1.0"\n\n[dependencies]\n'
    'core = { path = "../core", version = ">=2.3, <2.4" }\n',
    "tools/src/lib.rs": "",
    "tools/Cargo.lock": 'version = 4\n\n[[package]]\nname = "core"\nversion = "2.3.0"\n\n'
    '[[package]]\nname = "tools"\nversion = "0.1.0"\ndependencies = [\n "core",\n]\n',
}

UV_PROJECT = {
    "pyproject.toml": '[project]\nname = "Demo_Tool"\nversion = "1.5.0"\n',
    "uv.lock": 'version = 1\n\n[[package]]\nname = "demo-tool"\nversion = "1.4.0"\n'
    'source = { editable = "." }\n',
}


def test_a_requirement_cargo_would_refuse_stops_the_bump(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    repo = make_repo(WORKSPACE)
    before, refs = git_tree_snapshot(repo.path), all_refs(repo.path)
    result = run_cli(repo.path, "bump", "minor", "--commit")
    assert result.code == 1, result.err
    assert "tools/Cargo.toml:6: core = '>=2.3, <2.4' does not accept 2.4.0" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert git_tree_snapshot(repo.path) == before and all_refs(repo.path) == refs
    ok = run_cli(repo.path, "bump", "patch", "--branch", "release/2.3", "--json")
    assert ok.code == 0, ok.err
    assert 'version = "2.3.1"' in repo.read("tools/Cargo.lock")  # the standalone crate's lock
    assert repo.read("tools/Cargo.toml") == WORKSPACE["tools/Cargo.toml"]  # still accepts it


def test_a_lagging_uv_lock_entry_is_a_warning_and_the_bump_sets_it(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    repo = make_repo(UV_PROJECT)
    version = json.loads(run_cli(repo.path, "version", "--json").out)
    assert version["locations"] == ["pyproject.toml:3"]
    assert version["warnings"] == [
        "uv.lock:5: uv.lock package demo-tool is at 1.4.0, behind 1.5.0 (stale: bump sets it)"
    ]
    result = run_cli(repo.path, "bump", "minor", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["changed_files"] == ["pyproject.toml", "uv.lock"]
    assert 'name = "demo-tool"\nversion = "1.6.0"' in repo.read("uv.lock")
    assert json.loads(run_cli(repo.path, "version", "--json").out)["warnings"] == []


def test_patch_on_main_is_refused_by_the_branch_policy_before_the_changelog(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    repo = make_repo(
        {
            "Cargo.toml": '[package]\nname = "engine"\nversion = "49.0.0-dev"\n',
            "src/lib.rs": "",
            "RELEASES.md": "## 49.0.0\n\nUnreleased.\n\n----\n",
            "release-kit.toml": 'patch-branches = ["release-*"]\n\n[changelog]\n'
            'path = "RELEASES.md"\n\n[release]\nnotes = ["changelog"]\n',
        }
    )
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "bump", "patch")
    assert result.code == 1
    assert "patch releases are made on release-* only, not on main" in result.err
    assert git_tree_snapshot(repo.path) == before


def test_a_requirement_on_the_project_itself_that_refuses_the_new_version_stops_the_bump(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    pyproject = (
        '[project]\nname = "demo-tool"\nversion = "1.5.0"\n\n'
        '[project.optional-dependencies]\nall = ["demo_tool[cli]>=1.5,<1.6"]\ncli = ["click"]\n'
    )
    repo = make_repo({"pyproject.toml": pyproject})
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "bump", "minor")
    assert result.code == 1
    assert "pyproject.toml:6: 'demo_tool[cli]>=1.5,<1.6' does not accept 1.6.0" in result.err
    assert git_tree_snapshot(repo.path) == before
    assert run_cli(repo.path, "bump", "patch", "--branch", "release/1.5").code == 0
