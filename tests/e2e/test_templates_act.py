"""The workflow templates, rendered by `release-kit init`, run under act end to end.

Six act invocations in all, against a sample repository with a bare origin and
the local GitHub API:

1. monthly release on a Monday that is not the second one (date injected through
   RK_TODAY): the guard stops it, nothing is pushed, no PR;
2-4. the default preset's chain: monthly bump on the second Monday opens the PR,
   the test squash-merges it as a maintainer would, push-tag tags the squash commit
   (whose body carries the bump commit's marker line) and
   dispatches on-tag, which (run as that dispatch) creates the release branch and
   the release with its notes;
5. the manual release dispatched from main, which is not a release branch: refused
   before anything changes;
6. hyperlight's release dispatched from its release branch while an issue labelled
   `release-blocker` is open: refused, no release.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import all_refs

pytestmark = pytest.mark.e2e

PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "sample-pkg"
version = "1.0.0"
"""
CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- A greeting.\n"
SECRETS = {"GITHUB_TOKEN": "ghs_local_e2e_token"}
REPOSITORY = {"full_name": "org/repo", "default_branch": "main"}


def _sample(make_repo: Callable[..., Any], run_cli: Callable[..., Any], *init: str) -> Any:
    """A sample package whose release workflows `release-kit init` wrote and pushed."""
    repo = make_repo({"pyproject.toml": PYPROJECT, "CHANGELOG.md": CHANGELOG})
    result = run_cli(repo.path, "init", *init)
    assert result.code == 0, result.err
    repo.commit_all("Add the release workflows")
    repo.push()
    return repo


def _workflow(repo: Any, name: str) -> Path:
    return repo.path / ".github" / "workflows" / f"{name}.yml"


def _outcomes(run: Any, job: str) -> dict[str, str]:
    return {step: result.outcome for step, result in run.steps[job].items()}


def test_monthly_guard_stops_on_a_monday_that_is_not_the_second(
    make_repo: Callable[..., Any],
    run_cli: Callable[..., Any],
    local_github: Callable[..., Any],
    act_harness: Any,
) -> None:
    repo = _sample(make_repo, run_cli, "--preset", "default", "--runners", "", "--no-publish")
    server = local_github(repo.origin)
    before = all_refs(repo.origin)
    run = act_harness.run(
        _workflow(repo, "release-monthly"),
        workdir=repo.path,
        event="schedule",
        payload={"schedule": "0 6 * * 1", "repository": REPOSITORY},
        env={"RK_TODAY": "2026-11-16"},  # the third Monday of November 2026
        secrets=SECRETS,
        api_url=server.api_url,
    )
    assert run.returncode == 0, run.log[-3000:]
    assert run.step("guard").outputs == {"go": "false"}
    assert run.step("bump").outcome == "skipped"
    assert "2026-11-16 is not the second Monday" in run.log
    assert all_refs(repo.origin) == before
    assert not server.state.pulls


def test_default_chain_bump_pr_merge_tag_release(
    make_repo: Callable[..., Any],
    run_cli: Callable[..., Any],
    local_github: Callable[..., Any],
    act_harness: Any,
) -> None:
    repo = _sample(make_repo, run_cli, "--preset", "default", "--runners", "", "--no-publish")
    server = local_github(repo.origin)

    monthly = act_harness.run(
        _workflow(repo, "release-monthly"),
        workdir=repo.path,
        event="schedule",
        payload={"schedule": "0 6 * * 1", "repository": REPOSITORY},
        env={"RK_TODAY": "2026-11-09"},  # the second Monday
        secrets=SECRETS,
        api_url=server.api_url,
    )
    assert monthly.returncode == 0, monthly.log[-3000:]
    bump = monthly.step("bump").outputs
    assert (bump["version"], bump["pr-number"]) == ("1.1.0", "1")

    before = repo.git("rev-parse", "HEAD")
    # the maintainer's decision; a merge commit would need the marker in its own message
    merged = server.merge_pull(1, method="squash")
    repo.git("fetch", "-q", "origin")
    repo.git("checkout", "-q", "-B", "main", "origin/main")
    push_tag = act_harness.run(
        _workflow(repo, "release-push-tag"),
        workdir=repo.path,
        event="push",
        payload={
            "ref": "refs/heads/main",
            "before": before,
            "after": merged,
            "repository": REPOSITORY,
        },
        secrets=SECRETS,
        api_url=server.api_url,
    )
    assert push_tag.returncode == 0, push_tag.log[-3000:]
    tag = push_tag.step("tag").outputs
    assert (tag["tag"], tag["sha"], tag["created"]) == ("v1.1.0", merged, "true")
    assert [(d.workflow_id, d.ref) for d in server.state.dispatches] == [
        ("release-on-tag.yml", "v1.1.0")
    ]

    repo.git("fetch", "-q", "--tags", "origin")
    repo.git("checkout", "-q", "v1.1.0")
    on_tag = act_harness.run(
        _workflow(repo, "release-on-tag"),
        workdir=repo.path,
        event="workflow_dispatch",  # as push-tag's dispatch starts it
        payload={"ref": "refs/tags/v1.1.0", "inputs": {}, "repository": REPOSITORY},
        secrets=SECRETS,
        api_url=server.api_url,
    )
    assert on_tag.returncode == 0, on_tag.log[-3000:]
    assert on_tag.step("branch", "branch").outputs["branch"] == "release/v1.1.0"
    assert repo.origin_git("rev-parse", "release/v1.1.0") == merged
    release = on_tag.step("release", "release").outputs
    assert (release["tag"], release["created"]) == ("v1.1.0", "true")
    (made,) = server.state.releases.values()
    assert (made.tag_name, made.target_commitish, made.draft) == ("v1.1.0", merged, False)
    assert "- A greeting." in made.body  # the changelog section, then generated notes


def test_dispatch_from_a_ref_that_is_not_a_release_branch_is_refused(
    make_repo: Callable[..., Any],
    run_cli: Callable[..., Any],
    local_github: Callable[..., Any],
    act_harness: Any,
) -> None:
    repo = _sample(make_repo, run_cli, "--preset", "default", "--runners", "", "--no-publish")
    server = local_github(repo.origin)
    before = all_refs(repo.origin)
    run = act_harness.run(
        _workflow(repo, "release-dispatch"),
        workdir=repo.path,
        event="workflow_dispatch",
        payload={
            "ref": "refs/heads/main",
            "inputs": {"kind": "patch", "draft": "false"},
            "repository": REPOSITORY,
        },
        secrets=SECRETS,
        api_url=server.api_url,
    )
    assert run.returncode != 0
    steps = _outcomes(run, "release")
    assert steps["ref-check"] == "failure"
    assert {steps[s] for s in ("bump-patch", "push-bump", "tag", "release")} == {"skipped"}
    assert any("refs/heads/main is not a release branch" in a for a in run.annotations())
    assert all_refs(repo.origin) == before
    assert not server.state.releases


def test_release_with_an_open_blocker_is_refused(
    make_repo: Callable[..., Any],
    run_cli: Callable[..., Any],
    local_github: Callable[..., Any],
    act_harness: Any,
) -> None:
    repo = _sample(make_repo, run_cli, "--preset", "hyperlight")
    repo.git("tag", "-a", "v1.0.0", "-m", "sample-pkg 1.0.0")  # hyperlight: tagged by hand
    repo.git("branch", "release/v1.0.0")
    repo.push("v1.0.0", "release/v1.0.0")
    server = local_github(repo.origin)
    server.state.add_issue(title="Crash on start", labels=["release-blocker"])
    repo.git("checkout", "-q", "release/v1.0.0")
    before = all_refs(repo.origin)
    run = act_harness.run(
        _workflow(repo, "release-dispatch"),
        workdir=repo.path,
        event="workflow_dispatch",
        payload={
            "ref": "refs/heads/release/v1.0.0",
            "inputs": {"kind": "patch", "draft": "false"},
            "repository": REPOSITORY,
        },
        secrets=SECRETS,
        api_url=server.api_url,
    )
    assert run.returncode != 0
    steps = _outcomes(run, "release")
    # The check refuses before the patch bump is committed and pushed: nothing is left behind.
    assert (steps["ref-check"], steps["check"]) == ("success", "failure")
    assert {steps[s] for s in ("bump-patch", "push-bump", "tag", "release")} == {"skipped"}
    assert "publish-crates" not in run.steps  # publishing never started
    assert any("release-blocker" in a and "Crash on start" in a for a in run.annotations()), (
        json.dumps(run.annotations())
    )
    assert all_refs(repo.origin) == before  # v1.0.0 was already there: nothing new
    assert not server.state.releases
