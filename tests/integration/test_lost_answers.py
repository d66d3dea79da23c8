"""Lost answers: GitHub did the work, then the answer was lost (a 502, or no answer).

Each call that is not idempotent reads GitHub back before it is sent again, so
the work is done once and the run goes on (exit 0): one release, one asset,
one tag, one dispatch, one pull request. A DELETE retried after its object was
already deleted is done, not a failure. The faults are the local server's
`applied=True` kind: the handler runs and its change is kept, then a 502 is
sent instead of its answer (GitHub's front end) or the connection is dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tagkit import tag_commit
from test_pr_command import _bump, _pr_env
from test_release_local import DIST, Project, serve_project
from test_tag_github import setup

from ghlocal.handlers import releases as release_handlers
from ghlocal.http import Call, Reply
from release_kit.github import GitHubClient

LOST = [{"applied": True}, {"applied": True, "drop": True}]
LOST_IDS = ["502", "dropped"]
NAMES = sorted([*DIST, "SHA256SUMS"])


@pytest.fixture
def project(make_repo: Callable[..., Any], run_cli: Callable[..., Any]) -> Iterator[Project]:
    yield from serve_project(make_repo, run_cli)


def _lost_fired(project_or_server: Any) -> list[Any]:
    """The requests whose work was done and whose answer was lost."""
    server = getattr(project_or_server, "gh", project_or_server)
    return [r for r in server.requests if r.fault and r.applied]


def _asset_names(project: Project) -> list[str]:
    (release,) = project.gh.state.releases.values()
    return sorted(project.gh.state.assets[i].name for i in release.asset_ids)


@pytest.mark.parametrize("fault", LOST, ids=LOST_IDS)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", r"/releases$"),
        ("POST", r"/releases/\d+/assets$"),
        ("PATCH", r"/releases/\d+$"),
    ],
    ids=["create-draft", "upload", "publish"],
)
def test_release_step_done_but_answer_lost(
    project: Project, method: str, path: str, fault: dict[str, Any]
) -> None:
    """Guards the create-release reconcile: a draft created behind a lost answer used to be
    created again by the client's retry (GitHub lets drafts share a tag), leaving an orphan
    draft. Now: exactly one release, published, each asset once, exit 0. The upload (now
    read back by name; before, the retry's 422 already_exists was) and the publish (a PATCH,
    safely sent again) are the run's other steps, held to the same outcome."""
    project.gh.inject(method, path, **fault)
    result = project.release("v1.2.0", "--json")
    assert result.code == 0, result.err
    assert len(_lost_fired(project)) == 1
    release = project.only_release()  # exactly one: no orphan draft
    assert not release.draft
    assert _asset_names(project) == NAMES  # each asset exactly once
    assert project.assets(release)["notes.txt"] == DIST["notes.txt"]
    assert json.loads(result.out)["release_id"] == release.id
    assert project.gh.take_contract_errors() == []
    again = project.release("v1.2.0", "--json")  # and a re-run has nothing left to do
    assert again.code == 0 and json.loads(again.out)["changed"] is False


@pytest.mark.parametrize("fault", LOST, ids=LOST_IDS)
def test_tag_created_but_answer_lost(project: Project, fault: dict[str, Any]) -> None:
    """Guards the tag-ref reconcile: the retried POST /git/refs met 422 "Reference already
    exists" and failed the run; now the ref is read back, found at the target, and kept.
    (A release's missing tag is made by publishing; the rolling tag's first run still
    creates its ref.)"""
    repo = project.repo
    repo.git("checkout", "-q", "main")
    head = repo.git("rev-parse", "HEAD").strip()
    project.gh.inject("POST", r"/git/refs$", **fault)
    result = project.release("--rolling", "dev-latest")
    assert result.code == 0, result.err
    assert len(_lost_fired(project)) == 1
    assert tag_commit(repo, "dev-latest") == head
    (release,) = [r for r in project.gh.state.releases.values() if r.tag_name == "dev-latest"]
    assert release.prerelease and not release.draft


def test_upload_left_broken_is_cleared_and_sent_again(project: Project) -> None:
    """A lost upload that GitHub kept half-done (state not "uploaded") blocks its name: the
    read-back deletes it and the upload is sent again, so the asset ends up complete."""
    broken: set[int] = set()

    def lose_first_upload(backend: Any, call: Call) -> Reply:
        reply = release_handlers.upload_asset(backend, call)
        if not broken:
            broken.add(int(reply.body["id"]))
            return Reply(502, {"message": "Bad Gateway"})
        return reply

    def list_with_broken(backend: Any, call: Call) -> Reply:
        reply = release_handlers.list_assets(backend, call)
        for item in reply.body:
            if item["id"] in broken:
                item["state"] = "open"  # GitHub's state of an upload that did not complete
        return reply

    project.gh.override("repos/upload-release-asset", lose_first_upload)
    project.gh.override("repos/list-release-assets", list_with_broken)
    result = project.release("v1.2.0")
    assert result.code == 0, result.err
    assert _asset_names(project) == NAMES
    (first,) = broken
    assert first not in project.gh.state.assets  # the broken one was deleted
    assert project.gh.calls("DELETE", rf"/releases/assets/{first}$")[0].status == 204


@pytest.mark.parametrize("fault", LOST, ids=LOST_IDS)
def test_replaced_asset_deleted_but_answer_lost(project: Project, fault: dict[str, Any]) -> None:
    """Guards delete-is-done: the retried DELETE of the old asset got 404 and failed an
    --overwrite run half way; an asset already gone is what the delete asked for."""
    assert project.release("v1.2.0").code == 0
    (project.repo.path / "dist" / "notes.txt").write_bytes(b"changed")
    project.gh.inject("DELETE", r"/releases/assets/\d+$", **fault)
    result = project.release("v1.2.0", "--overwrite")
    assert result.code == 0, result.err
    assert [r.applied for r in _lost_fired(project)] == [204]
    retried = project.gh.calls("DELETE", r"/releases/assets/\d+$")[1]
    assert retried.status == 404  # the retry found it gone: success
    assert _asset_names(project) == NAMES
    assert project.assets(project.only_release())["notes.txt"] == b"changed"


@pytest.mark.parametrize(
    "path", [r"/releases/\d+$", r"/git/refs/tags/v1\.2\.0$"], ids=["release", "tag-ref"]
)
def test_rollback_delete_done_but_answer_lost(project: Project, path: str) -> None:
    """Guards delete-is-done for rollback: the retry of a DELETE that GitHub did gets 404
    (release) or 422 "Reference does not exist" (ref), and the rollback still exits 0."""
    assert project.release("v1.2.0").code == 0
    project.gh.inject("DELETE", path, applied=True)
    done = project.cli("rollback", "v1.2.0", "--yes")
    assert done.code == 0, done.err
    assert len(_lost_fired(project)) == 1
    assert project.gh.state.releases == {}
    assert tag_commit(project.repo, "v1.2.0") is None


@pytest.mark.parametrize("fault", LOST, ids=LOST_IDS)
def test_dispatch_accepted_but_answer_lost(
    make_repo: Callable[..., Any],
    run_cli: Callable[..., Any],
    local_github: Callable[..., Any],
    fault: dict[str, Any],
) -> None:
    """Guards the dispatch reconcile: the client retried the dispatch GitHub had accepted,
    and the next workflow ran twice. Now the runs are counted again: one dispatch."""
    repo, before, marked, server, env = setup(make_repo, local_github)
    server.inject("POST", r"/dispatches$", **fault)
    args = ["tag", "--json", "--before", before, "--after", marked, "--dispatch", "release.yml"]
    result = run_cli(repo.path, *args, env=env)
    assert result.code == 0, result.err
    assert json.loads(result.out)["dispatched"] == "release.yml"
    assert len(_lost_fired(server)) == 1
    assert [d.ref for d in server.state.dispatches] == ["v1.1.0"]
    assert tag_commit(repo, "v1.1.0") == marked


def test_branch_dispatch_accepted_but_answer_lost(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any], local_github: Callable[..., Any]
) -> None:
    """The same for `branch --dispatch` at a ref that already had a dispatched run: only a
    run that is new since the dispatch counts as this dispatch."""
    repo, _, marked, server, env = setup(make_repo, local_github)
    repo.git("tag", "-a", "-m", "Release 1.1.0", "v1.1.0", marked)
    repo.push("refs/tags/v1.1.0")
    dispatch = ["--dispatch", "release.yml", "--dispatch-ref", "main"]
    client = GitHubClient.from_env(env)
    client.post(client.repo_path("/actions/workflows/release.yml/dispatches"), {"ref": "main"})
    server.inject("POST", r"/dispatches$", applied=True)
    result = run_cli(repo.path, "branch", "--json", "--tag", "v1.1.0", *dispatch, env=env)
    assert result.code == 0, result.err
    assert json.loads(result.out)["dispatched"] == "release.yml"
    assert len(_lost_fired(server)) == 1
    assert [d.ref for d in server.state.dispatches] == ["main", "main"]  # the old one + ours


def test_dispatch_lost_before_github_took_it_is_sent_again(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any], local_github: Callable[..., Any]
) -> None:
    """A dropped connection that did nothing: no new run appears, so it is sent again."""
    repo, before, marked, server, env = setup(make_repo, local_github)
    server.inject("POST", r"/dispatches$", drop=True)
    args = ["tag", "--json", "--before", before, "--after", marked, "--dispatch", "release.yml"]
    result = run_cli(repo.path, *args, env=env)
    assert result.code == 0, result.err
    assert [r.status for r in server.calls("POST", r"/dispatches$")] == [0, 204]
    assert [d.ref for d in server.state.dispatches] == ["v1.1.0"]


@pytest.mark.parametrize("fault", LOST, ids=LOST_IDS)
def test_pull_request_opened_but_answer_lost(
    make_repo: Callable[..., Any],
    run_cli: Callable[..., Any],
    local_github: Callable[..., Any],
    fault: dict[str, Any],
) -> None:
    """Guards the PR reconcile: the retried POST /pulls met 422 "A pull request already
    exists" and failed the run; now the open PR from the branch is read back and used."""
    sample = make_repo({"pyproject.toml": '[project]\nname = "s"\nversion = "1.2.3"\n'})
    server = local_github(sample.origin)
    server.inject("POST", r"/pulls$", **fault)
    bumped = _bump(sample)
    result = run_cli(
        sample.path, "pr", "--bump-result", str(bumped), "--labels", "release", "--json",
        env=_pr_env(server),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert len(_lost_fired(server)) == 1
    (pull,) = server.state.pulls.values()
    out = json.loads(result.out)
    assert (out["pr_number"], out["pr_action"]) == (pull.number, "create")
    assert server.state.issues[pull.number].labels == ["release"]
