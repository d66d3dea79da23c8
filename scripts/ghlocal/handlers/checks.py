"""Commit statuses (combined), check runs for a ref, and recorded workflow dispatches."""

from __future__ import annotations

import zlib
from typing import Any

from ghlocal.backend import Backend, Handler
from ghlocal.http import Call, Reply, unprocessable
from ghlocal.state import CheckRun, Dispatch, Status


def _status(b: Backend, status: Status) -> dict[str, Any]:
    return {
        "url": f"{b.render.repo_url}/statuses/{status.sha}",
        "avatar_url": None,
        "id": status.id,
        "node_id": f"SC_{status.id}",
        "state": status.state,
        "description": status.description,
        "target_url": status.target_url,
        "context": status.context,
        "created_at": status.created_at,
        "updated_at": status.created_at,
        "creator": b.render.user("github-actions[bot]"),
    }


def combined_state(states: list[str]) -> str:
    """GitHub's rule: failure if any error/failure, pending if any pending or none, else success."""
    if any(s in ("error", "failure") for s in states):
        return "failure"
    if not states or any(s == "pending" for s in states):
        return "pending"
    return "success"


def create_status(b: Backend, call: Call) -> Reply:
    data = call.json()
    sha = call.params["sha"]
    if b.repo.object_type(sha) != "commit":
        raise unprocessable(f"No commit found for SHA: {sha}", "Status")
    status = b.state.add_status(
        b.repo.resolve(sha) or sha,
        str(data["state"]),
        str(data.get("context") or "default"),
        data.get("description"),
    )
    status.target_url = data.get("target_url")
    return Reply(201, _status(b, status))


def combined_status(b: Backend, call: Call) -> Reply:
    sha = b.commit_sha(call.params["ref"])
    latest: dict[str, Status] = {}
    for status in b.state.statuses:
        if status.sha == sha:
            latest[status.context] = status
    statuses = sorted(latest.values(), key=lambda s: s.context)
    rendered = []
    for status in statuses:
        item = _status(b, status)
        item.pop("creator")
        rendered.append(item)
    repo = b.render.repository("2026-01-01T00:00:00Z")
    return Reply(
        200,
        {
            "state": combined_state([s.state for s in statuses]),
            "sha": sha,
            "total_count": len(statuses),
            "statuses": rendered,
            "repository": repo,
            "commit_url": f"{b.render.repo_url}/commits/{sha}",
            "url": f"{b.render.repo_url}/commits/{sha}/status",
        },
    )


def _check_run(b: Backend, run: CheckRun) -> dict[str, Any]:
    url = f"{b.render.repo_url}/check-runs/{run.id}"
    return {
        "id": run.id,
        "node_id": f"CR_{run.id}",
        "head_sha": run.head_sha,
        "name": run.name,
        "url": url,
        "html_url": f"{b.render.html_url}/runs/{run.id}",
        "details_url": None,
        "status": run.status,
        "conclusion": run.conclusion,
        "started_at": run.started_at,
        "completed_at": run.completed_at,
        "external_id": None,
        "check_suite": None,
        "output": {
            "title": None,
            "summary": None,
            "text": None,
            "annotations_count": 0,
            "annotations_url": f"{url}/annotations",
        },
        "app": None,
        "pull_requests": [],
    }


def checks_for_ref(b: Backend, call: Call) -> Reply:
    sha = b.commit_sha(call.params["ref"])
    name = call.query.get("check_name")
    wanted = call.query.get("status")
    runs = [
        r
        for r in b.state.check_runs
        if r.head_sha == sha
        and (name is None or r.name == name)
        and (wanted is None or r.status == wanted)
    ]
    body = {"total_count": len(runs), "check_runs": [_check_run(b, r) for r in runs]}
    return Reply(200, body)


def create_check_run(b: Backend, call: Call) -> Reply:
    data = call.json()
    sha = str(data["head_sha"])
    if b.repo.object_type(sha) != "commit":
        raise unprocessable(f"No commit found for SHA: {sha}", "CheckRun")
    run = b.state.add_check_run(
        sha,
        str(data["name"]),
        status=str(data.get("status", "queued" if "conclusion" not in data else "completed")),
        conclusion=data.get("conclusion"),
    )
    return Reply(201, _check_run(b, run))


def _workflow_number(workflow_id: str) -> int:
    """A stable numeric id for a workflow file name (numeric ids stay as they are)."""
    return int(workflow_id) if workflow_id.isdigit() else zlib.crc32(workflow_id.encode()) % 10**8


def dispatch(b: Backend, call: Call) -> Reply:
    data = call.json()
    ref = str(data["ref"])
    short = ref.removeprefix("refs/heads/").removeprefix("refs/tags/")
    sha = b.repo.resolve(f"refs/heads/{short}") or b.repo.resolve(f"refs/tags/{short}")
    if sha is None:
        raise unprocessable(f"No ref found for: {ref}", "Workflow")
    inputs = dict(data.get("inputs") or {})
    record = Dispatch(call.params["workflow_id"], ref, inputs, b.state.now())
    record.id, record.head_sha = b.state.next_id(), sha
    b.state.dispatches.append(record)
    return Reply(204)


def _run(b: Backend, number: int, d: Dispatch) -> dict[str, Any]:
    r = b.render
    url = f"{r.repo_url}/actions/runs/{d.id}"
    commit = b.repo.commit(d.head_sha)
    head_commit = None
    if commit is not None:
        head_commit = {
            "id": commit.sha,
            "tree_id": commit.tree,
            "message": commit.message.rstrip("\n"),
            "timestamp": commit.committer.date,
            "author": {"name": commit.author.name, "email": commit.author.email},
            "committer": {"name": commit.committer.name, "email": commit.committer.email},
        }
    repo = r.repository("2026-01-01T00:00:00Z")
    workflow = d.workflow_id
    return {
        "id": d.id,
        "node_id": f"WFR_{d.id}",
        "name": workflow,
        "head_branch": d.ref.removeprefix("refs/heads/").removeprefix("refs/tags/"),
        "head_sha": d.head_sha,
        "path": f".github/workflows/{workflow}",
        "display_title": workflow,
        "run_number": number,
        "run_attempt": 1,
        "event": "workflow_dispatch",
        "status": d.status,
        "conclusion": d.conclusion,
        "workflow_id": _workflow_number(workflow),
        "url": url,
        "html_url": f"{r.html_url}/actions/runs/{d.id}",
        "pull_requests": [],
        "created_at": d.created_at,
        "updated_at": d.created_at,
        "jobs_url": f"{url}/jobs",
        "logs_url": f"{url}/logs",
        "check_suite_url": f"{r.repo_url}/check-suites/{d.id}",
        "artifacts_url": f"{url}/artifacts",
        "cancel_url": f"{url}/cancel",
        "rerun_url": f"{url}/rerun",
        "workflow_url": f"{r.repo_url}/actions/workflows/{_workflow_number(workflow)}",
        "head_commit": head_commit,
        "repository": repo,
        "head_repository": repo,
    }


def workflow_runs(b: Backend, call: Call) -> Reply:
    """Runs of one workflow (by file name or numeric id): the recorded dispatches, newest first."""
    wanted = _workflow_number(call.params["workflow_id"])
    q = call.query
    mine = [d for d in b.state.dispatches if _workflow_number(d.workflow_id) == wanted]
    runs = [
        _run(b, n, d)
        for n, d in enumerate(mine, start=1)
        if q.get("event", "workflow_dispatch") == "workflow_dispatch"
        and q.get("status") in (None, d.status, d.conclusion)
        and q.get("head_sha") in (None, d.head_sha)
    ]
    if "branch" in q:
        runs = [run for run in runs if run["head_branch"] == q["branch"]]
    runs.reverse()
    return Reply(200, {"total_count": len(runs), "workflow_runs": runs})


HANDLERS: dict[str, Handler] = {
    "repos/create-commit-status": create_status,
    "repos/get-combined-status-for-ref": combined_status,
    "checks/list-for-ref": checks_for_ref,
    "checks/create": create_check_run,
    "actions/create-workflow-dispatch": dispatch,
    "actions/list-workflow-runs": workflow_runs,
}
