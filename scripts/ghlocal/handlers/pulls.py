"""Pull requests: list (head/base/state filters), create, get, update.

Head and base are branches of the bare repository; a pull request's labels and
milestone live on its Issue record (same number), as on GitHub.
"""

from __future__ import annotations

from typing import Any

from ghlocal.backend import Backend, Handler
from ghlocal.handlers.issues import render_issue_labels, render_milestone_or_none
from ghlocal.http import Call, Reply, or_404, unprocessable
from ghlocal.state import Issue, Pull


def head_sha(b: Backend, pull: Pull) -> str:
    """The live tip of the head branch (remembered for when the branch is deleted)."""
    found = b.repo.ref(f"refs/heads/{pull.head}")
    if found is not None:
        pull.head_sha = found[0]
    return pull.head_sha


def _side(b: Backend, branch: str, sha: str) -> dict[str, Any]:
    repo = b.render.repository("2026-01-01T00:00:00Z")
    repo["default_branch"] = b.default_branch
    return {
        "label": f"{b.render.owner}:{branch}",
        "ref": branch,
        "sha": sha,
        "user": b.render.user(b.render.owner),
        "repo": repo,
    }


def render_pull(b: Backend, pull: Pull, full: bool) -> dict[str, Any]:
    r = b.render
    url = f"{r.repo_url}/pulls/{pull.number}"
    issue_url = f"{r.repo_url}/issues/{pull.number}"
    html = f"{r.html_url}/pull/{pull.number}"
    issue = b.state.issues[pull.number]
    base_sha = b.repo.resolve(f"refs/heads/{pull.base}") or ""
    links = {
        "self": url,
        "html": html,
        "issue": issue_url,
        "comments": f"{issue_url}/comments",
        "review_comments": f"{url}/comments",
        "review_comment": f"{r.repo_url}/pulls/comments{{/number}}",
        "commits": f"{url}/commits",
        "statuses": f"{r.repo_url}/statuses/{pull.head_sha}",
    }
    body: dict[str, Any] = {
        "url": url,
        "id": pull.id,
        "node_id": f"PR_{pull.id}",
        "html_url": html,
        "diff_url": html + ".diff",
        "patch_url": html + ".patch",
        "issue_url": issue_url,
        "commits_url": f"{url}/commits",
        "review_comments_url": f"{url}/comments",
        "review_comment_url": links["review_comment"],
        "comments_url": f"{issue_url}/comments",
        "statuses_url": links["statuses"],
        "number": pull.number,
        "state": pull.state,
        "locked": False,
        "title": pull.title,
        "user": r.user(pull.user),
        "body": pull.body,
        "labels": render_issue_labels(b, issue),
        "milestone": render_milestone_or_none(b, issue),
        "created_at": pull.created_at,
        "updated_at": pull.updated_at,
        "closed_at": pull.closed_at,
        "merged_at": pull.merged_at,
        "merge_commit_sha": pull.merge_commit_sha,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": _side(b, pull.head, head_sha(b, pull)),
        "base": _side(b, pull.base, base_sha),
        "_links": {k: {"href": v} for k, v in links.items()},
        "author_association": "MEMBER",
        "auto_merge": None,
        "draft": pull.draft,
    }
    if full:
        body.update(
            merged=pull.merged_at is not None,
            mergeable=True if pull.state == "open" else None,
            mergeable_state="clean" if pull.state == "open" else "unknown",
            merged_by=r.user("octocat") if pull.merged_at else None,
            maintainer_can_modify=False,
            comments=len(issue.comments),
            review_comments=0,
            commits=len(b.repo.log(f"{base_sha}..{pull.head_sha}"))
            if base_sha and pull.head_sha
            else 0,
            additions=0,
            deletions=0,
            changed_files=0,
            rebaseable=True,
        )
    return body


def _branch(spec: str) -> str:
    """`org:branch` or `branch` -> `branch`."""
    return spec.split(":", 1)[1] if ":" in spec else spec


def _pull(b: Backend, call: Call) -> Pull:
    return or_404(b.state.pulls.get(call.int_param("pull_number")))


def list_pulls(b: Backend, call: Call) -> Reply:
    state = call.query.get("state", "open")
    head = call.query.get("head")
    base = call.query.get("base")
    found = [
        p
        for p in b.state.pulls.values()
        if (state == "all" or p.state == state)
        and (
            head is None
            or (
                p.head == _branch(head)
                and (":" not in head or head.startswith(b.render.owner + ":"))
            )
        )
        and (base is None or p.base == base)
    ]
    found.sort(key=lambda p: p.number, reverse=call.query.get("direction", "desc") == "desc")
    return Reply(200, [render_pull(b, p, full=False) for p in found])


def create_pull(b: Backend, call: Call) -> Reply:
    data = call.json()
    head, base = _branch(str(data["head"])), str(data["base"])
    head_tip = b.repo.resolve(f"refs/heads/{head}")
    base_tip = b.repo.resolve(f"refs/heads/{base}")
    if head_tip is None:
        raise unprocessable("Validation Failed", "PullRequest", "invalid", field="head")
    if base_tip is None:
        raise unprocessable("Validation Failed", "PullRequest", "invalid", field="base")
    for pull in b.state.pulls.values():
        if pull.state == "open" and pull.head == head and pull.base == base:
            raise unprocessable(
                f"A pull request already exists for {b.render.owner}:{head}.", "PullRequest"
            )
    if b.repo.is_ancestor(head_tip, base_tip):
        raise unprocessable(f"No commits between {base} and {head}", "PullRequest")
    number, now = b.state.next_number(), b.state.now()
    title = str(data.get("title") or head)
    pull = Pull(number, b.state.next_id(), head, base, title, data.get("body"))
    pull.created_at = pull.updated_at = now
    pull.head_sha = head_tip
    pull.draft = bool(data.get("draft", False))
    b.state.issues[number] = Issue(
        number, b.state.next_id(), title, data.get("body"), created_at=now, is_pull=True
    )
    b.state.pulls[number] = pull
    return Reply(201, render_pull(b, pull, full=True))


def get_pull(b: Backend, call: Call) -> Reply:
    return Reply(200, render_pull(b, _pull(b, call), full=True))


def update_pull(b: Backend, call: Call) -> Reply:
    pull = _pull(b, call)
    data = call.json()
    issue = b.state.issues[pull.number]
    if "title" in data:
        pull.title = issue.title = str(data["title"])
    if "body" in data:
        pull.body = issue.body = data["body"]
    if "base" in data:
        if b.repo.resolve(f"refs/heads/{data['base']}") is None:
            raise unprocessable("Validation Failed", "PullRequest", "invalid", field="base")
        pull.base = str(data["base"])
    if data.get("state") in ("open", "closed") and data["state"] != pull.state:
        if pull.merged_at is not None:
            raise unprocessable("Validation Failed", "PullRequest", "invalid", field="state")
        pull.state = issue.state = str(data["state"])
        pull.closed_at = issue.closed_at = b.state.now() if pull.state == "closed" else None
    pull.updated_at = b.state.now()
    return Reply(200, render_pull(b, pull, full=True))


HANDLERS: dict[str, Handler] = {
    "pulls/list": list_pulls,
    "pulls/create": create_pull,
    "pulls/get": get_pull,
    "pulls/update": update_pull,
}
