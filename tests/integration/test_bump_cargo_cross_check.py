"""`bump` asks cargo itself which crates are members (`cargo metadata`, started before
detection and read after it): agreement says nothing, a workspace cargo cannot read or
a machine without cargo gives a note, and a disagreement refuses the bump."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from realworld.real_repos import CARGO_ENV
from release_kit.sources.cargo_metadata import compare

MakeRepo = Callable[..., Any]
RunCli = Callable[..., Any]

needs_cargo = pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not on PATH")

WORKSPACE = {
    "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n\n[workspace.package]\nversion = "1.2.0"\n'
    '\n[workspace.dependencies]\nutil = { path = "support/util", version = "=1.2.0" }\n',
    "crates/app/Cargo.toml": '[package]\nname = "app"\nversion.workspace = true\n\n'
    "[dependencies]\nutil.workspace = true\n",
    "crates/app/src/lib.rs": "",
    "support/util/Cargo.toml": '[package]\nname = "util"\nversion.workspace = true\n',
    "support/util/src/lib.rs": "",
}


def _notes(result: Any) -> list[str]:
    assert result.code == 0, result.err
    notes: list[str] = json.loads(result.out).get("notes", [])
    return notes


@needs_cargo
def test_members_cargo_agrees_with_give_no_note(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo(WORKSPACE)
    notes = _notes(run_cli(repo.path, "bump", "minor", "--dry-run", "--json", env=CARGO_ENV))
    assert not [n for n in notes if "cross-checked" in n], notes


@needs_cargo
def test_a_workspace_cargo_cannot_read_is_a_note_not_a_refusal(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    files = {k: v for k, v in WORKSPACE.items() if not k.endswith(".rs")}  # no targets
    repo = make_repo(files)
    notes = _notes(run_cli(repo.path, "bump", "minor", "--dry-run", "--json", env=CARGO_ENV))
    assert [
        n
        for n in notes
        if n.startswith("members not cross-checked with cargo: cargo metadata failed:")
    ], notes


def test_without_cargo_on_path_the_bump_says_so(
    make_repo: MakeRepo, run_cli: RunCli, tmp_path: Path
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    git = shutil.which("git")
    assert git is not None
    (bin_dir / "git").symlink_to(git)
    repo = make_repo(WORKSPACE)
    result = run_cli(
        repo.path, "bump", "minor", "--dry-run", "--json", env={"PATH": os.fspath(bin_dir)}
    )
    assert "members not cross-checked with cargo: cargo is not on PATH" in _notes(result)


def test_members_one_side_counts_are_named_both_ways() -> None:
    ours = {"": "root", "crates/a": "a", "tools/x": "x"}
    theirs = {"": "root", "crates/a": "a", "crates/b": "b"}
    assert compare(ours, theirs) == (
        "cargo counts b (crates/b) as a member, release-kit does not",
        "release-kit counts x (tools/x) as a member, cargo does not",
    )
    assert compare(ours, dict(ours)) == ()
