"""push-tag against the local GitHub API: waiting for checks, dispatching the next workflow."""

from __future__ import annotations

import threading

import pytest
from tagkit import PROJECT, bump, payload, tag_commit

from conftest import all_refs

FAST = "[tag]\nchecks-interval = 0.1\n"


def setup(make_repo, local_github, files=None):
    repo = make_repo({**PROJECT, "release-kit.toml": FAST, **(files or {})})
    before = repo.git("rev-parse", "HEAD")
    marked = bump(repo, "1.1.0")
    repo.push()
    server = local_github(repo.origin)
    env = {
        "GITHUB_API_URL": server.api_url,
        "GITHUB_REPOSITORY": "org/repo",
        "GITHUB_TOKEN": "t0ken",
        "GITHUB_JOB": "push-tag",
    }
    return repo, before, marked, server, env


def test_dispatch_once_per_tag(make_repo, run_cli, local_github) -> None:
    repo, before, marked, server, env = setup(make_repo, local_github)
    args = [
        "tag",
        "--json",
        "--before",
        before,
        "--after",
        marked,
        "--dispatch",
        "release.yml",
        "--dispatch-input",
        "tag=v1.1.0",
    ]
    data = payload(run_cli(repo.path, *args, env=env))
    assert (data["created"], data["dispatched"]) == (True, "release.yml")
    assert [(d.workflow_id, d.ref, d.inputs) for d in server.state.dispatches] == [
        ("release.yml", "v1.1.0", {"tag": "v1.1.0"})
    ]
    again = payload(run_cli(repo.path, *args, env=env))
    assert (again["created"], again["dispatched"]) == (False, "")
    assert len(server.state.dispatches) == 1


@pytest.mark.parametrize(
    ("default", "dispatched"),
    [("t0ken", ["release.yml"]), ("ghs_default", []), ("", ["release.yml"])],
    ids=["pushed-with-the-default-token", "pushed-with-a-pat", "default-unknown"],
)
def test_dispatch_only_when_the_push_cannot_start_the_workflow(
    make_repo, run_cli, local_github, default, dispatched
) -> None:
    """A tag pushed with a PAT or App token starts on-tag itself: dispatching it as well
    ran the release twice. The actions pass the job's default token as RK_DEFAULT_TOKEN."""
    repo, before, marked, server, env = setup(make_repo, local_github)
    env = {**env, "RK_DEFAULT_TOKEN": default}
    args = ["tag", "--json", "--before", before, "--after", marked, "--dispatch", "release.yml"]
    data = payload(run_cli(repo.path, *args, env=env))
    assert data["created"] is True
    assert [d.workflow_id for d in server.state.dispatches] == dispatched
    assert data["dispatched"] == (dispatched[0] if dispatched else "")


def test_no_marker_dispatches_nothing(make_repo, run_cli, local_github) -> None:
    repo, _, marked, server, env = setup(make_repo, local_github)
    data = payload(
        run_cli(
            repo.path,
            "tag",
            "--json",
            "--before",
            marked,
            "--after",
            marked,
            "--dispatch",
            "release.yml",
            env=env,
        )
    )
    assert data["tags"] == [] and server.state.dispatches == []


@pytest.mark.parametrize(
    ("seed", "match"),
    [
        ([("test", "completed", "failure")], "failed: test"),
        ([("test", "in_progress", None)], "still pending: test"),
    ],
    ids=["failed", "timeout"],
)
def test_checks_refuse_and_tag_nothing(make_repo, run_cli, local_github, seed, match) -> None:
    repo, before, marked, server, env = setup(make_repo, local_github)
    for name, status, conclusion in seed:
        server.state.add_check_run(marked, name, status=status, conclusion=conclusion)
    refs = all_refs(repo.origin)
    result = run_cli(
        repo.path,
        "tag",
        "--before",
        before,
        "--after",
        marked,
        "--wait-for-checks",
        "--checks-timeout",
        "0.3",
        env=env,
    )
    assert result.code == 1 and match in result.err
    assert all_refs(repo.origin) == refs


def test_checks_pass_while_waiting(make_repo, run_cli, local_github) -> None:
    repo, before, marked, server, env = setup(make_repo, local_github)
    server.state.add_check_run(marked, "push-tag", status="in_progress", conclusion=None)
    pending = server.state.add_check_run(marked, "test", status="in_progress", conclusion=None)
    server.state.add_status(marked, "pending", "ci/legacy")

    def finish() -> None:
        pending.status, pending.conclusion = "completed", "success"
        server.state.add_status(marked, "success", "ci/legacy")

    timer = threading.Timer(0.4, finish)
    timer.start()
    try:
        data = payload(
            run_cli(
                repo.path,
                "tag",
                "--json",
                "--before",
                before,
                "--after",
                marked,
                "--wait-for-checks",
                "--checks-timeout",
                "20",
                env=env,
            )
        )
    finally:
        timer.cancel()
    assert data["created"] is True and tag_commit(repo, "v1.1.0") == marked


def test_force_push_while_waiting_for_checks_tags_nothing(make_repo, run_cli, local_github) -> None:
    """Guards the window of --wait-for-checks: the branch is force-pushed without the
    marker commit while tag waits; once the checks pass the commit is refused."""
    repo, before, marked, server, env = setup(make_repo, local_github)
    pending = server.state.add_check_run(marked, "test", status="in_progress", conclusion=None)

    def withdraw_then_pass() -> None:
        repo.git("push", "-q", "--force", "origin", f"{before}:refs/heads/main")
        pending.status, pending.conclusion = "completed", "success"

    timer = threading.Timer(0.4, withdraw_then_pass)
    timer.start()
    try:
        result = run_cli(
            repo.path,
            "tag",
            "--before",
            before,
            "--after",
            marked,
            "--branch",
            "main",
            "--wait-for-checks",
            "--checks-timeout",
            "20",
            env=env,
        )
    finally:
        timer.join()
    assert result.code == 1 and "not on origin/main now" in result.err, result.err
    assert tag_commit(repo, "v1.1.0") is None and repo.git("tag", "-l") == ""


def test_rerun_after_failed_dispatch_finishes_the_job(make_repo, run_cli, local_github) -> None:
    repo, before, marked, server, env = setup(make_repo, local_github)
    server.inject("POST", r"/dispatches$", status=403)
    args = ["tag", "--json", "--before", before, "--after", marked, "--dispatch", "release.yml"]
    failed = run_cli(repo.path, *args, env=env)
    assert failed.code == 1 and "403" in failed.err
    assert tag_commit(repo, "v1.1.0") == marked and server.state.dispatches == []
    data = payload(run_cli(repo.path, *args, env=env))
    assert (data["created"], data["dispatched"]) == (False, "release.yml")
    assert [d.ref for d in server.state.dispatches] == ["v1.1.0"]


def test_branch_dispatch(make_repo, run_cli, local_github) -> None:
    repo, _, marked, server, env = setup(make_repo, local_github)
    repo.git("tag", "-a", "-m", "Release 1.1.0", "v1.1.0", marked)
    repo.push("refs/tags/v1.1.0")
    args = [
        "branch",
        "--json",
        "--tag",
        "v1.1.0",
        "--dispatch",
        "release.yml",
        "--dispatch-ref",
        "release/v1.1.0",
        "--dispatch-input",
        "tag=v1.1.0",
    ]
    data = payload(run_cli(repo.path, *args, env=env))
    assert (data["branch"], data["created"], data["dispatched"]) == (
        "release/v1.1.0",
        True,
        "release.yml",
    )
    assert [(d.ref, d.inputs) for d in server.state.dispatches] == [
        ("release/v1.1.0", {"tag": "v1.1.0"})
    ]
    again = payload(run_cli(repo.path, *args, env=env))
    assert (again["created"], again["dispatched"]) == (False, "")
