"""The GitHub side of the PR flow: find, open and update the bump PR, add its labels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from release_kit.errors import GitHubError
from release_kit.github import GitHubClient
from release_kit.pr.plan import OpenPull


def _pull(data: Mapping[str, Any]) -> OpenPull:
    labels = tuple(str(item.get("name", "")) for item in data.get("labels") or [])
    return OpenPull(
        number=int(data["number"]),
        url=str(data.get("html_url") or ""),
        title=str(data.get("title") or ""),
        body=str(data.get("body") or ""),
        base=str((data.get("base") or {}).get("ref") or ""),
        labels=labels,
    )


def find_open_pull(client: GitHubClient, branch: str) -> OpenPull | None:
    """The open PR whose head is `branch` of this repository (the oldest, if several)."""
    params = {"state": "open", "head": f"{client.owner}:{branch}"}
    found = [
        item
        for item in client.paginate(client.repo_path("/pulls"), params)
        if isinstance(item, dict) and (item.get("head") or {}).get("ref") == branch
    ]
    if not found:
        return None
    return _pull(min(found, key=lambda item: int(item["number"])))


def create_pull(client: GitHubClient, *, branch: str, base: str, title: str, body: str) -> OpenPull:
    """Open the PR; after a lost answer, the open PR from `branch` is the one opened."""
    payload = {"title": title, "head": branch, "base": base, "body": body}

    def send() -> OpenPull:
        data = client.post(client.repo_path("/pulls"), json=payload)
        if not isinstance(data, dict):
            raise GitHubError("POST /pulls: unexpected response")
        return _pull(data)

    return client.exactly_once(send, lambda: find_open_pull(client, branch), f"open PR {branch}")


def update_pull(client: GitHubClient, number: int, changes: Mapping[str, str]) -> OpenPull:
    data = client.patch(client.repo_path(f"/pulls/{number}"), json=dict(changes))
    if not isinstance(data, dict):
        raise GitHubError(f"PATCH /pulls/{number}: unexpected response")
    return _pull(data)


def add_labels(client: GitHubClient, number: int, labels: Sequence[str]) -> None:
    if labels:
        path = client.repo_path(f"/issues/{number}/labels")
        client.post(path, json={"labels": list(labels)}, idempotent=True)  # adding twice: same
