"""wasmtime's two version lines on its real repository (issue 16).

The workspace carries `49.0.0-dev` and the cranelift crates their own `0.136.0-dev`;
with the wasmtime preset (`[[linked]] cranelift`, wasmtime.h in `[[files]]`) the
monthly major bump releases both lines (49.0.0 / 0.136.0, no pre-release crate left
in the publish list) and the after-release step (`bump dev`, what the on-tag
workflow's PR on main runs) starts the next train on both (50.0.0-dev / 0.137.0-dev).
cargo itself checks every step (`cargo metadata --no-deps --offline`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult, git_tree_snapshot
from realworld import real_repos
from realworld.real_repos import cargo_metadata, lock_versions, unsatisfied, with_targets

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed"),
]

Cli = Callable[..., CliResult]
HEADER = "crates/c-api/include/wasmtime.h"


@pytest.fixture
def wasmtime(tmp_path: Path, run_cli: Cli) -> Path:
    real_repos.require()
    repo = real_repos.materialize("wasmtime", tmp_path / "wasmtime")
    assert run_cli(repo, "init", "--preset", "wasmtime").code == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "release-kit init")
    return repo


def _git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def _lines(repo: Path, tmp: Path) -> dict[str, real_repos.Crate]:
    """cargo's view of the workspace (empty targets given in a copy)."""
    crates = cargo_metadata(with_targets(repo, tmp / f"cargo-{len(list(tmp.iterdir()))}"))
    assert unsatisfied(crates) == [], "internal requirements not satisfied"
    return crates


def _cranelift(crates: dict[str, real_repos.Crate]) -> dict[str, str]:
    return {n: c.version for n, c in crates.items() if n.startswith("cranelift") and c.released}


def _header(repo: Path) -> dict[str, str]:
    text = (repo / HEADER).read_text("utf-8")
    return dict(re.findall(r"^#define WASMTIME_VERSION(\w*) (\S+)$", text, re.M))


def _check(repo: Path, tmp: Path, workspace: str, line: str, header: dict[str, str]) -> None:
    crates = _lines(repo, tmp)
    cranelift = _cranelift(crates)
    assert len(cranelift) == 20 and set(cranelift.values()) == {line}, cranelift
    assert crates["wasmtime"].version == workspace
    assert crates["wasmtime-internal-cranelift"].version == workspace
    locked = lock_versions(repo / "Cargo.lock")
    assert {n: v for n, v in locked.items() if n in cranelift and v != {line}} == {}
    assert locked["wasmtime"] == {workspace}
    assert _header(repo) == header


def test_monthly_release_then_next_dev_moves_both_lines(
    wasmtime: Path, tmp_path: Path, run_cli: Cli
) -> None:
    tmp = tmp_path / "stubs"
    tmp.mkdir()
    dev = {"": '"49.0.0-dev"', "_MAJOR": "49", "_MINOR": "0", "_PATCH": "0"}
    _check(wasmtime, tmp, "49.0.0-dev", "0.136.0-dev", dev)

    released = run_cli(wasmtime, "bump", "major", "--commit", "--json")
    assert released.code == 0, released.err
    data = json.loads(released.out)
    assert (data["version"], data["linked"]) == (
        "49.0.0",
        [{"name": "cranelift", "previous": "0.136.0-dev", "version": "0.136.0"}],
    )
    _check(wasmtime, tmp, "49.0.0", "0.136.0", {**dev, "": '"49.0.0"'})
    # what the crates job of the release would publish: no crate at a pre-release version
    crates = _lines(wasmtime, tmp)
    assert [n for n, c in crates.items() if c.released and "-" in c.version] == []

    after = run_cli(wasmtime, "bump", "dev", "--json")  # the after-release PR on main
    assert after.code == 0, after.err
    assert json.loads(after.out)["linked"][0]["version"] == "0.137.0-dev"
    next_dev = {"": '"50.0.0-dev"', "_MAJOR": "50", "_MINOR": "0", "_PATCH": "0"}
    _check(wasmtime, tmp, "50.0.0-dev", "0.137.0-dev", next_dev)


def test_a_line_whose_crates_disagree_is_refused_with_their_names(
    wasmtime: Path, run_cli: Cli
) -> None:
    manifest = wasmtime / "cranelift/entity/Cargo.toml"
    text = manifest.read_text("utf-8")
    manifest.write_text(text.replace('version = "0.136.0-dev"', 'version = "0.135.0"', 1))
    before = git_tree_snapshot(wasmtime)
    result = run_cli(wasmtime, "bump", "major", "--allow-dirty")
    assert result.code == 2
    message = result.err.strip()
    assert "\n" not in message
    assert "linked line cranelift: its crates disagree on the version" in message
    assert "cranelift-entity (cranelift/entity/Cargo.toml): 0.135.0" in message
    assert "cranelift-codegen (cranelift/codegen/Cargo.toml): 0.136.0-dev" in message
    assert git_tree_snapshot(wasmtime) == before
