"""What the local server remembers between requests (git data lives in the bare repo).

Tests inspect these records after a run and seed them before one: issues,
milestones, labels, statuses and check runs have `add_*` helpers. Issues and
pull requests share one number sequence, as on GitHub; every pull request has
an Issue record carrying its labels and milestone.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Release:
    id: int
    tag_name: str
    target_commitish: str
    name: str | None
    body: str | None
    draft: bool
    prerelease: bool
    created_at: str
    published_at: str | None
    asset_ids: list[int] = field(default_factory=list)


@dataclass
class Asset:
    id: int
    release_id: int
    name: str
    label: str | None
    content_type: str
    data: bytes
    created_at: str


@dataclass
class Label:
    id: int
    name: str
    color: str = "ededed"
    description: str = ""


@dataclass
class Milestone:
    number: int
    id: int
    title: str
    description: str | None = None
    state: str = "open"
    due_on: str | None = None
    created_at: str = ""
    closed_at: str | None = None


@dataclass
class Issue:
    number: int
    id: int
    title: str
    body: str | None = None
    state: str = "open"
    labels: list[str] = field(default_factory=list)
    milestone: int | None = None
    user: str = "octocat"
    created_at: str = ""
    closed_at: str | None = None
    state_reason: str | None = None
    is_pull: bool = False
    comments: list[str] = field(default_factory=list)


@dataclass
class Pull:
    number: int
    id: int
    head: str  # branch name in the bare repository
    base: str
    title: str
    body: str | None
    state: str = "open"
    user: str = "octocat"
    created_at: str = ""
    updated_at: str = ""
    closed_at: str | None = None
    merged_at: str | None = None
    merge_commit_sha: str | None = None
    head_sha: str = ""  # last known tip of `head` (kept once the branch is gone)
    draft: bool = False


@dataclass
class Status:
    id: int
    sha: str
    state: str
    context: str = "default"
    description: str | None = None
    target_url: str | None = None
    created_at: str = ""


@dataclass
class CheckRun:
    id: int
    head_sha: str
    name: str
    status: str = "completed"
    conclusion: str | None = "success"
    started_at: str | None = None
    completed_at: str | None = None


@dataclass
class Dispatch:
    """A recorded workflow_dispatch; listed back as a workflow run (nothing runs it)."""

    workflow_id: str
    ref: str
    inputs: dict[str, object]
    created_at: str
    id: int = 0
    head_sha: str = ""
    status: str = "queued"
    conclusion: str | None = None


class State:
    """All in-memory objects of one server, with id counters and seeding helpers."""

    def __init__(self, now: Callable[[], str] = utc_now) -> None:
        self.now = now
        self.releases: dict[int, Release] = {}
        self.assets: dict[int, Asset] = {}
        self.pulls: dict[int, Pull] = {}
        self.issues: dict[int, Issue] = {}
        self.labels: dict[str, Label] = {}
        self.milestones: dict[int, Milestone] = {}
        self.statuses: list[Status] = []
        self.check_runs: list[CheckRun] = []
        self.dispatches: list[Dispatch] = []
        self.latest_release_id: int | None = None
        self._ids = itertools.count(1001)
        self._numbers = itertools.count(1)
        self._milestone_numbers = itertools.count(1)

    def next_id(self) -> int:
        return next(self._ids)

    def next_number(self) -> int:
        return next(self._numbers)

    def label(self, name: str) -> Label:
        """The label called `name`, created on first use (as issue-label endpoints do)."""
        for key, label in self.labels.items():
            if key.lower() == name.lower():
                return label
        self.labels[name] = Label(self.next_id(), name)
        return self.labels[name]

    def add_milestone(
        self, title: str, *, state: str = "open", description: str | None = None
    ) -> Milestone:
        number = next(self._milestone_numbers)
        milestone = Milestone(number, self.next_id(), title, description, state)
        milestone.created_at = self.now()
        milestone.closed_at = self.now() if state == "closed" else None
        self.milestones[number] = milestone
        return milestone

    def add_issue(
        self,
        title: str,
        *,
        labels: list[str] | None = None,
        milestone: int | None = None,
        state: str = "open",
        body: str | None = None,
    ) -> Issue:
        number = self.next_number()
        for name in labels or []:
            self.label(name)
        issue = Issue(number, self.next_id(), title, body, state, list(labels or []), milestone)
        issue.created_at = self.now()
        issue.closed_at = self.now() if state == "closed" else None
        self.issues[number] = issue
        return issue

    def add_pull(
        self,
        head: str,
        base: str = "main",
        *,
        title: str | None = None,
        body: str | None = None,
        state: str = "open",
        merged_at: str | None = None,
        merge_commit_sha: str | None = None,
        labels: list[str] | None = None,
        milestone: int | None = None,
    ) -> Pull:
        """A pull request record (and its Issue) without touching git: for seeding history."""
        issue = self.add_issue(
            title or head, labels=labels, milestone=milestone, state=state, body=body
        )
        issue.is_pull = True
        pull = Pull(issue.number, self.next_id(), head, base, issue.title, body, state)
        pull.created_at = pull.updated_at = issue.created_at
        pull.closed_at = issue.closed_at
        pull.merged_at, pull.merge_commit_sha = merged_at, merge_commit_sha
        self.pulls[pull.number] = pull
        return pull

    def add_status(
        self, sha: str, state: str, context: str = "default", description: str | None = None
    ) -> Status:
        status = Status(self.next_id(), sha, state, context, description, None, self.now())
        self.statuses.append(status)
        return status

    def add_check_run(
        self,
        sha: str,
        name: str,
        *,
        status: str = "completed",
        conclusion: str | None = "success",
    ) -> CheckRun:
        done = self.now() if status == "completed" else None
        run = CheckRun(self.next_id(), sha, name, status, conclusion, self.now(), done)
        self.check_runs.append(run)
        return run
