"""What tagging asks of the GitHub API: wait for a commit's checks, dispatch a workflow.

`evaluate_checks` is the pure rule; `wait_for_checks` polls it with a bounded
wait; `dispatch_workflow` starts the next workflow through the
workflow_dispatch API (which, unlike a push made with the default
GITHUB_TOKEN, does start a run) at most once per ref. When the answer of the
dispatch is lost, the workflow's runs are read back (GitHub lists a dispatched
run a moment after it accepts the dispatch, so the read-back waits a little
for it) and the dispatch is sent again only when no new run appeared.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from release_kit.errors import RefusedError
from release_kit.github import GitHubClient

GOOD = frozenset({"success", "neutral", "skipped"})
# After a lost dispatch answer: look for the new run now, then after these waits.
DISPATCH_SETTLE = (1.0, 2.0)


@dataclass(frozen=True)
class ChecksVerdict:
    state: str  # "success" | "pending" | "failure"
    detail: str


def evaluate_checks(
    check_runs: Iterable[Mapping[str, Any]],
    statuses: Iterable[Mapping[str, Any]],
    *,
    required: Iterable[str] = (),
    ignore: Iterable[str] = (),
    run_id: str = "",
) -> ChecksVerdict:
    """Combine check runs and commit statuses into one verdict.

    With `required` names, only those count and a missing one is pending;
    without, every reported check counts except `ignore` (the waiting job's
    id) and the check runs of workflow run `run_id` (the waiting job's own
    run, whatever its jobs are named: their details_url names the run).
    """
    own = f"/actions/runs/{run_id}/" if run_id else None
    wanted = list(required)
    results: dict[str, str] = {}
    for run in check_runs:
        name = str(run.get("name", ""))
        if own and not wanted and own in str(run.get("details_url") or ""):
            continue
        if run.get("status") != "completed":
            state = "pending"
        else:
            state = "success" if run.get("conclusion") in GOOD else "failure"
        if results.get(name) != "failure":
            results[name] = state
    for status in statuses:
        name = str(status.get("context", ""))
        raw = status.get("state")
        state = "success" if raw == "success" else "pending" if raw == "pending" else "failure"
        if results.get(name) != "failure":
            results[name] = state
    if wanted:
        results = {name: results.get(name, "pending") for name in wanted}
    else:
        skip = set(ignore)
        results = {name: state for name, state in results.items() if name not in skip}
    failed = sorted(n for n, s in results.items() if s == "failure")
    pending = sorted(n for n, s in results.items() if s == "pending")
    if failed:
        return ChecksVerdict("failure", "failed: " + ", ".join(failed))
    if pending:
        return ChecksVerdict("pending", "pending: " + ", ".join(pending))
    return ChecksVerdict("success", f"{len(results)} check(s) passed")


def wait_for_checks(
    client: GitHubClient,
    sha: str,
    *,
    required: Iterable[str],
    ignore: Iterable[str],
    run_id: str = "",
    timeout: float,
    interval: float,
    say: Callable[[str], None],
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> ChecksVerdict:
    """Poll until the checks of `sha` pass; RefusedError on a failure or after `timeout`."""
    required, ignore = list(required), list(ignore)
    deadline = clock() + timeout
    while True:
        runs = list(client.paginate(client.repo_path(f"/commits/{sha}/check-runs")))
        combined = client.get(client.repo_path(f"/commits/{sha}/status")) or {}
        verdict = evaluate_checks(
            runs, combined.get("statuses", []), required=required, ignore=ignore, run_id=run_id
        )
        if verdict.state == "success":
            return verdict
        if verdict.state == "failure":
            raise RefusedError(f"checks of {sha[:12]} {verdict.detail}; not tagging")
        if clock() + interval > deadline:
            raise RefusedError(
                f"checks of {sha[:12]} still {verdict.detail} after {timeout:g}s; not tagging"
            )
        say(f"waiting for checks of {sha[:12]}: {verdict.detail}")
        sleep(interval)


def dispatched_runs(client: GitHubClient, workflow: str, ref: str) -> int:
    """How many workflow_dispatch runs `workflow` has at `ref`."""
    path = client.repo_path(f"/actions/workflows/{quote(workflow, safe='')}/runs")
    found = client.get(path, params={"event": "workflow_dispatch", "branch": ref})
    if not found:
        return 0
    return int(found.get("total_count", len(found.get("workflow_runs", []))))


def already_dispatched(client: GitHubClient, workflow: str, ref: str) -> bool:
    return dispatched_runs(client, workflow, ref) > 0


def dispatch_workflow(
    client: GitHubClient,
    workflow: str,
    ref: str,
    inputs: Mapping[str, str],
    *,
    created: bool,
    dry_run: bool,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Start `workflow` at `ref` unless a re-run finds it already started; returns a note.

    The runs are counted before the dispatch (a re-run that finds one stops
    there); a lost answer counts them again, so that a dispatch GitHub accepted
    is not sent twice.
    """
    if dry_run:
        if not created and already_dispatched(client, workflow, ref):
            return f"workflow {workflow} already dispatched for {ref}"
        return f"would dispatch workflow {workflow} at {ref} (dry run)"
    before = dispatched_runs(client, workflow, ref)
    if not created and before:
        return f"workflow {workflow} already dispatched for {ref}"
    path = client.repo_path(f"/actions/workflows/{quote(workflow, safe='')}/dispatches")

    def send() -> str:
        client.post(path, json={"ref": ref, "inputs": dict(inputs)})
        return f"dispatched workflow {workflow} at {ref}"

    def started() -> str | None:
        for wait in (0.0, *DISPATCH_SETTLE):
            if wait:
                sleep(wait)
            if dispatched_runs(client, workflow, ref) > before:
                return f"dispatched workflow {workflow} at {ref}"
        return None

    return client.exactly_once(send, started, f"dispatch {workflow} at {ref}")
