"""In every template and every rendered preset, `release-kit check` runs before the first
step that pushes, merges, tags, creates a branch or a release, or publishes.

A job's changes must come after a check step of its own, or after a job it needs
(directly or through others) whose check passed. The emergency rollback workflow
is the one exception: it undoes a release, and its own command checks its input.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_templates import RENDERED, _load

CHANGING_ACTIONS = (
    "actions/bump-version",
    "actions/push-tag",
    "actions/create-release-branch",
    "actions/create-release",
    "pypa/gh-action-pypi-publish",
)
CHANGING_COMMANDS = ("bump", "tag", "branch", "release", "pr")
CHANGING_SHELL = ("git push", "git merge", "cargo publish", "gh release", "twine upload")


def _uses(step: dict[str, Any]) -> str:
    return str(step.get("uses", "")).split("@")[0]


def _is_kit_root(step: dict[str, Any]) -> bool:
    return _uses(step) in ("org/release-kit", "./")


def is_check(step: dict[str, Any]) -> bool:
    return _is_kit_root(step) and step.get("with", {}).get("command") == "check"


def changes(step: dict[str, Any]) -> bool:
    uses = _uses(step)
    if any(uses.endswith(name) for name in CHANGING_ACTIONS):
        return True
    if _is_kit_root(step) and step.get("with", {}).get("command") in CHANGING_COMMANDS:
        return True
    run = str(step.get("run", ""))
    return any(command in run for command in CHANGING_SHELL)


def _needs(job: dict[str, Any]) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def first_problem(workflow: dict[str, Any]) -> str | None:
    jobs: dict[str, Any] = workflow["jobs"]
    checked: dict[str, bool] = {}

    def has_check(name: str) -> bool:
        if name not in checked:
            job = jobs[name]
            own = any(is_check(s) for s in job.get("steps", []))
            checked[name] = own or any(has_check(n) for n in _needs(job))
        return checked[name]

    for name, job in jobs.items():
        before = any(has_check(n) for n in _needs(job))
        for step in job.get("steps", []):
            before = before or is_check(step)
            if changes(step) and not before:
                return f"job {name}: step {step.get('name')!r} changes something before the check"
    return None


@pytest.mark.parametrize("key", sorted(k for k in RENDERED if "rollback" not in k))
def test_no_step_that_changes_anything_comes_before_the_check(key: str) -> None:
    assert first_problem(_load(RENDERED[key])) is None


def test_the_rule_finds_a_push_before_the_check() -> None:
    workflow = {
        "jobs": {
            "a": {
                "steps": [
                    {"name": "push", "run": "git push origin HEAD"},
                    {"uses": "org/release-kit@v1", "with": {"command": "check"}},
                ]
            },
            "b": {"needs": "a", "steps": [{"uses": "org/release-kit/actions/create-release@v1"}]},
        }
    }
    assert first_problem(workflow) == "job a: step 'push' changes something before the check"
    workflow["jobs"]["a"]["steps"].reverse()
    assert first_problem(workflow) is None
    workflow["jobs"]["b"]["needs"] = []
    assert first_problem(workflow) == "job b: step None changes something before the check"
