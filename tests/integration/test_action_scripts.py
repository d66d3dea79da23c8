"""The scripts behind bump-version and the root action, run as a step would run them.

Inputs arrive as RK_INPUT_* variables and the kit's interpreter as
RELEASE_KIT_PYTHON (here the test venv's); act runs of the same scripts are in
tests/e2e. Every bad input must fail with an `::error::` line before anything
changes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import all_refs, git_tree_snapshot

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = '[project]\nname = "sample"\nversion = "{v}"\n'


def _step(script: str, cwd: Path, tmp_path: Path, **inputs: str) -> tuple[int, str, dict[str, str]]:
    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "RELEASE_KIT_PYTHON": sys.executable,
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(tmp_path),
        **{f"RK_INPUT_{k.upper()}": v for k, v in inputs.items()},
    }
    proc = subprocess.run(
        ["bash", str(ROOT / script)], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    outputs: dict[str, str] = {}
    lines = iter(output.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if "<<" in line and "=" not in line.split("<<", 1)[0]:
            name, delimiter = line.split("<<", 1)
            outputs[name] = "\n".join(iter(lambda: next(lines), delimiter))
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
    return proc.returncode, proc.stdout + proc.stderr, outputs


@pytest.fixture
def sample(make_repo: Callable[..., Any]) -> Any:
    return make_repo({"pyproject.toml": PYPROJECT.format(v="1.2.3")})


BUMP = "actions/bump-version/run.sh"
DISPATCH = "actions/setup/dispatch.sh"


@pytest.mark.parametrize(
    ("script", "inputs", "message"),
    [
        (BUMP, {"bump": ""}, "input bump is required"),
        (BUMP, {"bump": "minor", "commit": "yes please"}, "input commit must be true or false"),
        (BUMP, {"bump": "minor", "dry_run": "maybe"}, "input dry-run must be true or false"),
        (BUMP, {"bump": "minor", "commit": "false"}, "input push needs commit: true"),
        (BUMP, {"bump": "minor", "push": "false"}, "input open-pr needs push: true"),
        (BUMP, {"bump": "not-a-version"}, "not a valid"),
        (DISPATCH, {"command": "../../bin/sh"}, "input command must be"),
        (DISPATCH, {"command": "bump-version", "args": "--x"}, "input args is for CLI commands"),
        (DISPATCH, {"command": "version", "dry_run": "1"}, "input dry-run must be true or false"),
    ],
    ids=[
        "no-bump",
        "bad-bool",
        "bad-dry-run",
        "push-without-commit",
        "pr-without-push",
        "bad-version",
        "bad-command",
        "args-for-action",
        "root-bad-dry-run",
    ],
)
def test_bad_inputs_fail_before_any_change(
    sample: Any, tmp_path: Path, script: str, inputs: dict[str, str], message: str
) -> None:
    before = (git_tree_snapshot(sample.path), all_refs(sample.path), all_refs(sample.origin))
    code, log, _ = _step(script, sample.path, tmp_path, **inputs)
    assert code == 2, log
    assert any(line.startswith("::error::") and message in line for line in log.splitlines()), log
    assert (
        git_tree_snapshot(sample.path),
        all_refs(sample.path),
        all_refs(sample.origin),
    ) == before


def test_commit_false_leaves_the_bump_in_the_work_tree(sample: Any, tmp_path: Path) -> None:
    refs = all_refs(sample.origin)
    code, log, out = _step(
        BUMP, sample.path, tmp_path, bump="minor", commit="false", push="false", open_pr="false"
    )
    assert code == 0, log
    assert (out["previous"], out["version"], out["tag"]) == ("1.2.3", "1.3.0", "v1.3.0")
    assert 'version = "1.3.0"' in sample.read("pyproject.toml")
    assert all_refs(sample.origin) == refs
    assert "commit-sha" not in out


def test_dry_run_changes_nothing(sample: Any, tmp_path: Path) -> None:
    before = (git_tree_snapshot(sample.path), all_refs(sample.path), all_refs(sample.origin))
    code, log, out = _step(BUMP, sample.path, tmp_path, bump="major", dry_run="true")
    assert code == 0, log
    assert out["version"] == "2.0.0"
    assert "dry run" in log
    assert (
        git_tree_snapshot(sample.path),
        all_refs(sample.path),
        all_refs(sample.origin),
    ) == before


def test_push_without_pr(sample: Any, tmp_path: Path) -> None:
    code, log, out = _step(BUMP, sample.path, tmp_path, bump="patch", open_pr="false", labels="x")
    assert code == 0, log
    assert sample.origin_git("rev-parse", "refs/heads/release-kit/bump") == out["commit-sha"]
    assert out["pr-action"] == "skip"


def test_root_action_runs_a_cli_command_with_args(sample: Any, tmp_path: Path) -> None:
    code, log, out = _step(
        DISPATCH,
        sample.path,
        tmp_path,
        command="bump",
        args="minor\n--allow-dirty\n",
        dry_run="true",
    )
    assert code == 0, log
    result = json.loads(out["json"])
    assert (result["version"], result["dry_run"]) == ("1.3.0", True)
    assert 'version = "1.2.3"' in sample.read("pyproject.toml")
