"""The Actions side of tagging: event, refs, token for git, identity, inputs, check verdicts."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from release_kit.errors import InputError
from release_kit.tagging.github_ops import evaluate_checks
from release_kit.tagging.runtime import (
    BOT_EMAIL,
    git_auth_env,
    identity_env,
    parse_inputs,
    push_event,
    ref_name,
)


def test_push_event_only_for_push(tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text('{"before": "a", "after": "b"}', encoding="utf-8")
    env = {"GITHUB_EVENT_PATH": str(event)}
    assert push_event({**env, "GITHUB_EVENT_NAME": "push"}) == {"before": "a", "after": "b"}
    assert push_event({**env, "GITHUB_EVENT_NAME": "workflow_dispatch"}) == {}
    event.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the push event"):
        push_event({**env, "GITHUB_EVENT_NAME": "push"})


@pytest.mark.parametrize(
    ("ref", "kind", "expected"),
    [
        ("refs/heads/release/1.2", "heads", "release/1.2"),
        ("refs/tags/v1.2.0", "tags", "v1.2.0"),
        ("refs/tags/v1.2.0", "heads", None),
        ("", "tags", None),
    ],
    ids=["branch", "tag", "wrong-kind", "unset"],
)
def test_ref_name(ref: str, kind: str, expected: str | None) -> None:
    assert ref_name({"GITHUB_REF": ref}, kind) == expected


def test_git_auth_env_only_for_the_github_server() -> None:
    env = {"GITHUB_TOKEN": "s3cret", "GITHUB_SERVER_URL": "https://github.example"}
    found = git_auth_env(env, "https://github.example/org/repo.git")
    assert found["GIT_CONFIG_COUNT"] == "2" and found["GIT_CONFIG_VALUE_0"] == ""
    header = found["GIT_CONFIG_VALUE_1"].removeprefix("AUTHORIZATION: basic ")
    assert base64.b64decode(header).decode() == "x-access-token:s3cret"
    assert git_auth_env(env, "../origin.git") == {}
    assert git_auth_env({}, "https://github.com/org/repo") == {}


def test_identity_only_when_git_has_none() -> None:
    assert identity_env("", {})["GIT_COMMITTER_EMAIL"] == BOT_EMAIL
    assert identity_env("me@example.invalid", {}) == {}
    assert identity_env("", {"GIT_COMMITTER_EMAIL": "x@example.invalid"}) == {}


def test_parse_inputs() -> None:
    assert parse_inputs(["tag=v1.0.0", "note=a=b", "empty="]) == {
        "tag": "v1.0.0",
        "note": "a=b",
        "empty": "",
    }
    with pytest.raises(InputError, match="KEY=VALUE"):
        parse_inputs(["novalue"])


def run(name: str, status: str = "completed", conclusion: str | None = "success") -> dict:
    return {"name": name, "status": status, "conclusion": conclusion}


@pytest.mark.parametrize(
    ("runs", "statuses", "required", "state"),
    [
        ([], [], [], "success"),
        ([run("test"), run("lint", conclusion="skipped")], [], [], "success"),
        ([run("test", "in_progress", None)], [], [], "pending"),
        ([run("test", conclusion="failure")], [], [], "failure"),
        ([run("test")], [{"context": "ci/x", "state": "pending"}], [], "pending"),
        ([run("test")], [{"context": "ci/x", "state": "error"}], [], "failure"),
        ([run("test")], [], ["test", "deploy"], "pending"),
        ([run("test"), run("other", conclusion="failure")], [], ["test"], "success"),
        ([run("push-tag", "in_progress", None), run("test")], [], [], "success"),
    ],
    ids=[
        "none",
        "passed",
        "running",
        "failed",
        "status-pending",
        "status-error",
        "required-missing",
        "required-only",
        "own-job-ignored",
    ],
)
def test_evaluate_checks(runs: list, statuses: list, required: list, state: str) -> None:
    verdict = evaluate_checks(runs, statuses, required=required, ignore=["push-tag"])
    assert verdict.state == state


def test_checks_of_the_waiting_run_are_ignored() -> None:
    mine = run("Tag the release commit", "in_progress", None)
    mine["details_url"] = "https://github.com/o/r/actions/runs/77/job/5"
    other = run("CI", "in_progress", None)
    other["details_url"] = "https://github.com/o/r/actions/runs/76/job/1"
    assert evaluate_checks([mine], [], run_id="77").state == "success"
    assert evaluate_checks([mine, other], [], run_id="77").state == "pending"
    assert evaluate_checks([mine], [], run_id="").state == "pending"
    assert evaluate_checks([mine], [], required=["Tag the release commit"], run_id="77").state == (
        "pending"
    )
