"""Where the archive's timestamps come from, and the command's refusals before any build."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from release_kit.errors import InputError
from release_kit.wheelhouse.pipeline import source_date_epoch


def test_source_date_epoch_wins(tmp_path: Path) -> None:
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "1700000000"}, tmp_path) == 1_700_000_000


def test_else_the_commit_time_of_head(make_repo: Callable[..., Any]) -> None:
    repo = make_repo({"a.txt": "a"})
    env = {"GIT_COMMITTER_DATE": "2026-02-01T00:00:00Z"}
    subprocess.run(
        ["git", "commit", "-q", "--allow-empty", "-m", "tagged"],
        cwd=repo.path,
        check=True,
        env={**os.environ, **env},
    )
    assert source_date_epoch({}, repo.path) == 1_769_904_000


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5"], ids=["word", "negative", "fraction"])
def test_bad_source_date_epoch(tmp_path: Path, value: str) -> None:
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH must be whole seconds"):
        source_date_epoch({"SOURCE_DATE_EPOCH": value}, tmp_path)


def test_no_epoch_outside_git(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="set SOURCE_DATE_EPOCH or build inside a git repository"):
        source_date_epoch({}, tmp_path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["merge"], "name the partial wheelhouse archives"),
        (["build", "x.tar.gz"], "takes no archives"),
        (["merge", "empty"], "no *-wheelhouse.tar.gz in this folder"),
        (["--target", "3"], "expected PYTHON"),
    ],
    ids=["merge-nothing", "build-with-archives", "merge-empty-folder", "bad-target"],
)
def test_usage_errors_exit_2(
    tmp_path: Path, run_cli: Callable[..., Any], args: list[str], message: str
) -> None:
    (tmp_path / "empty").mkdir()
    result = run_cli(tmp_path, "wheelhouse", *args)
    assert result.code == 2
    assert message in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]
