"""The root action (`uses: org/release-kit@v1`) takes every input and output of every action.

It runs `actions/<command>/run.sh` with the same RK_INPUT_* environment the
action passes, so each action's inputs must be declared there with the same
default and mapped to the same variable. When this fails, add what it names to
the root action.yml (inputs, the `run` step's env, outputs).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = sorted(
    p.parent.name
    for p in (ROOT / "actions").glob("*/action.yml")
    if p.parent.name != "setup" and (p.parent / "run.sh").is_file()
)
STEP_OUTPUT = re.compile(r"\$\{\{ steps\.[\w-]+\.outputs\.([\w-]+) \}\}")


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _env(action: dict[str, Any], step_id: str | None = None) -> dict[str, str]:
    env: dict[str, str] = {}
    for step in action["runs"]["steps"]:
        if step_id is None or step.get("id") == step_id:
            env.update(step.get("env") or {})
    return env


@pytest.fixture(scope="module")
def root() -> dict[str, Any]:
    return _load(ROOT / "action.yml")


def test_there_are_actions_to_check() -> None:
    assert "bump-version" in ACTIONS


@pytest.mark.parametrize("name", ACTIONS)
def test_root_declares_the_inputs_with_the_same_defaults(root: dict[str, Any], name: str) -> None:
    action = _load(ROOT / "actions" / name / "action.yml")
    for key, spec in action["inputs"].items():
        assert key in root["inputs"], f"root action.yml lacks input {key!r} of {name}"
        assert str(root["inputs"][key].get("default", "")) == str(spec.get("default", "")), (
            f"input {key!r}: root default differs from {name}'s"
        )


@pytest.mark.parametrize("name", ACTIONS)
def test_root_passes_the_same_environment(root: dict[str, Any], name: str) -> None:
    action = _load(ROOT / "actions" / name / "action.yml")
    root_env = {**_env(root, "run"), **_env(root, "setup")}
    for variable, value in _env(action).items():
        assert root_env.get(variable) == value, (
            f"root action.yml must set {variable}: {value} (as {name} does)"
        )


@pytest.mark.parametrize("name", ACTIONS)
def test_root_declares_the_outputs(root: dict[str, Any], name: str) -> None:
    action = _load(ROOT / "actions" / name / "action.yml")
    for key, spec in (action.get("outputs") or {}).items():
        assert key in root["outputs"], f"root action.yml lacks output {key!r} of {name}"
        theirs = STEP_OUTPUT.fullmatch(spec["value"])
        ours = STEP_OUTPUT.fullmatch(root["outputs"][key]["value"])
        assert theirs and ours and theirs.group(1) == ours.group(1), (
            f"output {key!r}: root reads steps.run.outputs.{ours.group(1) if ours else '?'},"
            f" {name} reads {theirs.group(1) if theirs else spec['value']}"
        )


def test_root_inputs_all_reach_the_script(root: dict[str, Any]) -> None:
    env = {**_env(root, "run"), **_env(root, "setup")}
    mapped = {
        m.group(1) for v in env.values() if (m := re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", v))
    }
    assert mapped == set(root["inputs"])
