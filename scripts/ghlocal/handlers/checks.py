"""Commit statuses (combined), check runs for a ref, and recorded workflow dispatches."""

from __future__ import annotations

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


def dispatch(b: Backend, call: Call) -> Reply:
    data = call.json()
    ref = str(data["ref"])
    if b.repo.resolve(f"refs/heads/{ref}") is None and b.repo.resolve(f"refs/tags/{ref}") is None:
        ref_name = ref.removeprefix("refs/heads/").removeprefix("refs/tags/")
        if ref_name == ref or b.repo.resolve(ref) is None:
            raise unprocessable(f"No ref found for: {ref}", "Workflow")
    inputs = dict(data.get("inputs") or {})
    record = Dispatch(call.params["workflow_id"], ref, inputs, b.state.now())
    b.state.dispatches.append(record)
    return Reply(204)


HANDLERS: dict[str, Handler] = {
    "repos/create-commit-status": create_status,
    "repos/get-combined-status-for-ref": combined_status,
    "checks/list-for-ref": checks_for_ref,
    "checks/create": create_check_run,
    "actions/create-workflow-dispatch": dispatch,
}
