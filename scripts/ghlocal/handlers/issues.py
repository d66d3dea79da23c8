"""Issues (pull requests included, as GitHub lists them), labels and milestones."""

from __future__ import annotations

from typing import Any

from ghlocal.backend import Backend, Handler
from ghlocal.http import Call, Reply, or_404, unprocessable
from ghlocal.state import Issue, Label


def render_issue_labels(b: Backend, issue: Issue) -> list[dict[str, Any]]:
    return [b.render.label(b.state.label(name)) for name in issue.labels]


def render_milestone_or_none(b: Backend, issue: Issue) -> dict[str, Any] | None:
    milestone = b.state.milestones.get(issue.milestone or -1)
    return None if milestone is None else b.render.milestone(milestone, b.state)


def render_issue(b: Backend, issue: Issue) -> dict[str, Any]:
    r = b.render
    url = f"{r.repo_url}/issues/{issue.number}"
    kind = "pull" if issue.is_pull else "issues"
    body: dict[str, Any] = {
        "id": issue.id,
        "node_id": f"I_{issue.id}",
        "url": url,
        "repository_url": r.repo_url,
        "labels_url": f"{url}/labels{{/name}}",
        "comments_url": f"{url}/comments",
        "events_url": f"{url}/events",
        "html_url": f"{r.html_url}/{kind}/{issue.number}",
        "number": issue.number,
        "state": issue.state,
        "state_reason": issue.state_reason,
        "title": issue.title,
        "body": issue.body,
        "user": r.user(issue.user),
        "labels": render_issue_labels(b, issue),
        "assignee": None,
        "assignees": [],
        "milestone": render_milestone_or_none(b, issue),
        "locked": False,
        "comments": len(issue.comments),
        "created_at": issue.created_at,
        "updated_at": issue.closed_at or issue.created_at,
        "closed_at": issue.closed_at,
        "author_association": "MEMBER",
    }
    if issue.is_pull:
        pull = b.state.pulls.get(issue.number)
        html = f"{r.html_url}/pull/{issue.number}"
        body["pull_request"] = {
            "url": f"{r.repo_url}/pulls/{issue.number}",
            "html_url": html,
            "diff_url": html + ".diff",
            "patch_url": html + ".patch",
            "merged_at": pull.merged_at if pull else None,
        }
    return body


def _issue(b: Backend, call: Call) -> Issue:
    return or_404(b.state.issues.get(call.int_param("issue_number")))


def list_issues(b: Backend, call: Call) -> Reply:
    state = call.query.get("state", "open")
    wanted = [n.strip().lower() for n in call.query.get("labels", "").split(",") if n.strip()]
    milestone = call.query.get("milestone")
    found = []
    for issue in b.state.issues.values():
        if state != "all" and issue.state != state:
            continue
        names = {n.lower() for n in issue.labels}
        if any(n not in names for n in wanted):
            continue
        if milestone == "none" and issue.milestone is not None:
            continue
        if milestone == "*" and issue.milestone is None:
            continue
        if milestone not in (None, "*", "none") and str(issue.milestone) != milestone:
            continue
        found.append(issue)
    found.sort(key=lambda i: i.number, reverse=call.query.get("direction", "desc") == "desc")
    return Reply(200, [render_issue(b, i) for i in found])


def get_issue(b: Backend, call: Call) -> Reply:
    return Reply(200, render_issue(b, _issue(b, call)))


def update_issue(b: Backend, call: Call) -> Reply:
    issue = _issue(b, call)
    data = call.json()
    for key in ("title", "body"):
        if key in data:
            setattr(issue, key, data[key])
    if "labels" in data:
        issue.labels = [_name(item) for item in data["labels"]]
        for name in issue.labels:
            b.state.label(name)
    if "milestone" in data:
        number = data["milestone"]
        if number is not None and int(number) not in b.state.milestones:
            raise unprocessable("Validation Failed", "Issue", "invalid", field="milestone")
        issue.milestone = None if number is None else int(number)
    if data.get("state") in ("open", "closed") and data["state"] != issue.state:
        issue.state = str(data["state"])
        issue.closed_at = b.state.now() if issue.state == "closed" else None
        issue.state_reason = data.get("state_reason") or (
            "completed" if issue.state == "closed" else "reopened"
        )
        pull = b.state.pulls.get(issue.number)
        if pull is not None and pull.merged_at is None:
            pull.state, pull.closed_at = issue.state, issue.closed_at
    return Reply(200, render_issue(b, issue))


def _name(item: Any) -> str:
    return str(item["name"]) if isinstance(item, dict) else str(item)


def _label_names(call: Call) -> list[str]:
    return [_name(item) for item in call.json().get("labels", [])]


def issue_labels(b: Backend, call: Call) -> Reply:
    return Reply(200, render_issue_labels(b, _issue(b, call)))


def add_labels(b: Backend, call: Call) -> Reply:
    issue = _issue(b, call)
    for name in _label_names(call):
        label = b.state.label(name)
        if label.name.lower() not in {n.lower() for n in issue.labels}:
            issue.labels.append(label.name)
    return Reply(200, render_issue_labels(b, issue))


def set_labels(b: Backend, call: Call) -> Reply:
    issue = _issue(b, call)
    issue.labels = [b.state.label(name).name for name in _label_names(call)]
    return Reply(200, render_issue_labels(b, issue))


def create_comment(b: Backend, call: Call) -> Reply:
    issue = _issue(b, call)
    issue.comments.append(str(call.json()["body"]))
    comment_id, r = b.state.next_id(), b.render
    return Reply(
        201,
        {
            "id": comment_id,
            "node_id": f"IC_{comment_id}",
            "url": f"{r.repo_url}/issues/comments/{comment_id}",
            "html_url": f"{r.html_url}/issues/{issue.number}#issuecomment-{comment_id}",
            "issue_url": f"{r.repo_url}/issues/{issue.number}",
            "body": issue.comments[-1],
            "user": r.user("github-actions[bot]"),
            "created_at": b.state.now(),
            "updated_at": b.state.now(),
            "author_association": "NONE",
        },
    )


def list_labels(b: Backend, call: Call) -> Reply:
    return Reply(200, [b.render.label(label) for label in b.state.labels.values()])


def create_label(b: Backend, call: Call) -> Reply:
    data = call.json()
    name = str(data["name"])
    if any(key.lower() == name.lower() for key in b.state.labels):
        raise unprocessable("Validation Failed", "Label", "already_exists", field="name")
    label = Label(b.state.next_id(), name, str(data.get("color", "ededed")).lstrip("#"))
    label.description = str(data.get("description") or "")
    b.state.labels[name] = label
    return Reply(201, b.render.label(label))


def list_milestones(b: Backend, call: Call) -> Reply:
    state = call.query.get("state", "open")
    found = [m for m in b.state.milestones.values() if state == "all" or m.state == state]
    found.sort(key=lambda m: m.number, reverse=call.query.get("direction") == "desc")
    return Reply(200, [b.render.milestone(m, b.state) for m in found])


def get_milestone(b: Backend, call: Call) -> Reply:
    milestone = or_404(b.state.milestones.get(call.int_param("milestone_number")))
    return Reply(200, b.render.milestone(milestone, b.state))


def update_milestone(b: Backend, call: Call) -> Reply:
    milestone = or_404(b.state.milestones.get(call.int_param("milestone_number")))
    data = call.json()
    for key in ("title", "description", "due_on"):
        if key in data:
            setattr(milestone, key, data[key])
    if data.get("state") in ("open", "closed"):
        milestone.state = str(data["state"])
        milestone.closed_at = b.state.now() if milestone.state == "closed" else None
    return Reply(200, b.render.milestone(milestone, b.state))


HANDLERS: dict[str, Handler] = {
    "issues/list-for-repo": list_issues,
    "issues/get": get_issue,
    "issues/update": update_issue,
    "issues/list-labels-on-issue": issue_labels,
    "issues/add-labels": add_labels,
    "issues/set-labels": set_labels,
    "issues/create-comment": create_comment,
    "issues/list-labels-for-repo": list_labels,
    "issues/create-label": create_label,
    "issues/list-milestones": list_milestones,
    "issues/get-milestone": get_milestone,
    "issues/update-milestone": update_milestone,
}
