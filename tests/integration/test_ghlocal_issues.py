"""Issues, labels, milestones, statuses, check runs and commits on the local server;
its foreground mode; and a GitHub Enterprise style path prefix."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
import requests

from ghlocal import LocalGitHub
from release_kit.errors import GitHubError
from release_kit.github import GitHubClient

Served = tuple[Any, LocalGitHub, GitHubClient]


@pytest.fixture
def served(make_repo: Callable[..., Any], local_github: Callable[..., LocalGitHub]) -> Served:
    repo = make_repo({"README.md": "hello\n"})
    gh = local_github(repo.origin)
    return repo, gh, GitHubClient(gh.api_url, "t", "org/repo", sleep=lambda _: None)


def _titles(client: GitHubClient, **params: str) -> list[str]:
    return [i["title"] for i in client.paginate(client.repo_path("/issues"), params)]


def test_issue_filters_by_state_labels_and_milestone(served: Served) -> None:
    _, gh, client = served
    m1 = gh.state.add_milestone("1.0")
    gh.state.add_milestone("2.0")
    gh.state.add_issue("crash", labels=["bug", "P1"], milestone=m1.number)
    gh.state.add_issue("docs", labels=["docs"], milestone=m1.number, state="closed")
    gh.state.add_issue("idea", labels=["enhancement"])
    assert _titles(client) == ["idea", "crash"]
    assert _titles(client, state="all", direction="asc") == ["crash", "docs", "idea"]
    assert _titles(client, labels="bug,p1") == ["crash"]
    assert _titles(client, labels="bug,docs") == []
    assert _titles(client, milestone=str(m1.number), state="all") == ["docs", "crash"]
    assert _titles(client, milestone="none") == ["idea"]
    assert _titles(client, milestone="*", state="closed") == ["docs"]


def test_milestone_counts_and_close(served: Served) -> None:
    _, gh, client = served
    m = gh.state.add_milestone("v1.2.0", description="Second")
    gh.state.add_issue("a", milestone=m.number)
    gh.state.add_issue("b", milestone=m.number, state="closed")
    listed = list(client.paginate(client.repo_path("/milestones")))
    assert [(x["title"], x["open_issues"], x["closed_issues"]) for x in listed] == [
        ("v1.2.0", 1, 1)
    ]
    issue = next(iter(client.paginate(client.repo_path("/issues"), {"milestone": "1"})))
    client.patch(client.repo_path(f"/issues/{issue['number']}"), {"state": "closed"})
    closed = client.patch(client.repo_path(f"/milestones/{m.number}"), {"state": "closed"})
    assert (closed["state"], closed["open_issues"], closed["closed_issues"]) == ("closed", 0, 2)
    assert list(client.paginate(client.repo_path("/milestones"))) == []
    assert len(list(client.paginate(client.repo_path("/milestones"), {"state": "all"}))) == 1
    assert client.get_or_none(client.repo_path("/milestones/99")) is None


def test_labels_add_set_and_create(served: Served) -> None:
    _, gh, client = served
    issue = gh.state.add_issue("x")
    path = client.repo_path(f"/issues/{issue.number}/labels")
    client.post(path, {"labels": ["release"]})
    names = [lb["name"] for lb in client.post(path, {"labels": ["Release", "bump"]})]
    assert names == ["release", "bump"]
    assert [lb["name"] for lb in client.put(path, {"labels": ["only"]})] == ["only"]
    assert [lb["name"] for lb in client.get(path)] == ["only"]
    created = client.post(client.repo_path("/labels"), {"name": "ci", "color": "#00ff00"})
    assert created["color"] == "00ff00"
    with pytest.raises(GitHubError, match="already_exists"):
        client.post(client.repo_path("/labels"), {"name": "CI"})
    names = [lb["name"] for lb in client.paginate(client.repo_path("/labels"))]
    assert names == ["release", "bump", "only", "ci"]


def test_comments_on_issues(served: Served) -> None:
    _, gh, client = served
    issue = gh.state.add_issue("x")
    client.post(client.repo_path(f"/issues/{issue.number}/comments"), {"body": "Released"})
    assert client.get(client.repo_path(f"/issues/{issue.number}"))["comments"] == 1
    assert gh.state.issues[issue.number].comments == ["Released"]


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ([], "pending"),
        (["success", "success"], "success"),
        (["success", "pending"], "pending"),
        (["success", "failure"], "failure"),
        (["error", "pending"], "failure"),
    ],
    ids=["none", "all-success", "one-pending", "one-failure", "error"],
)
def test_combined_status(served: Served, states: list[str], expected: str) -> None:
    repo, _, client = served
    sha = repo.git("rev-parse", "HEAD")
    for n, state in enumerate(states):
        client.post(client.repo_path(f"/statuses/{sha}"), {"state": state, "context": f"ci/{n}"})
    combined = client.get(client.repo_path("/commits/main/status"))
    assert (combined["state"], combined["total_count"], combined["sha"]) == (
        expected,
        len(states),
        sha,
    )


def test_latest_status_per_context_wins(served: Served) -> None:
    repo, gh, client = served
    sha = repo.git("rev-parse", "HEAD")
    gh.state.add_status(sha, "failure", "ci")
    gh.state.add_status(sha, "success", "ci")
    assert client.get(client.repo_path(f"/commits/{sha}/status"))["state"] == "success"


def test_check_runs_for_a_ref(served: Served) -> None:
    repo, gh, client = served
    sha = repo.git("rev-parse", "HEAD")
    gh.state.add_check_run(sha, "build", conclusion="success")
    gh.state.add_check_run(sha, "test", status="in_progress", conclusion=None)
    client.post(
        client.repo_path("/check-runs"),
        {"name": "lint", "head_sha": sha, "status": "completed", "conclusion": "failure"},
    )
    runs = list(client.paginate(client.repo_path("/commits/main/check-runs"), {"per_page": 2}))
    assert [(r["name"], r["status"], r["conclusion"]) for r in runs] == [
        ("build", "completed", "success"),
        ("test", "in_progress", None),
        ("lint", "completed", "failure"),
    ]
    done = client.get(client.repo_path(f"/commits/{sha}/check-runs"), {"status": "completed"})
    assert done["total_count"] == 2


def test_commit_and_compare(served: Served) -> None:
    repo, _, client = served
    base = repo.git("rev-parse", "HEAD")
    repo.commit_all("feat: second\n\nbody")
    head = repo.commit_all("fix: third")
    repo.push()
    commit = client.get(client.repo_path("/commits/main"))
    assert (commit["sha"], commit["commit"]["message"]) == (head, "fix: third")
    compared = client.get(client.repo_path(f"/compare/{base}...main"))
    assert (compared["status"], compared["ahead_by"], compared["behind_by"]) == ("ahead", 2, 0)
    assert [c["commit"]["message"] for c in compared["commits"]] == [
        "feat: second\n\nbody",
        "fix: third",
    ]


def test_enterprise_path_prefix(
    make_repo: Callable[..., Any], local_github: Callable[..., LocalGitHub]
) -> None:
    gh = local_github(make_repo().origin, prefix="/api/v3")
    assert gh.api_url.endswith("/api/v3")
    client = GitHubClient.from_env(
        {"GITHUB_API_URL": gh.api_url, "GITHUB_REPOSITORY": "org/repo", "GITHUB_TOKEN": "t"}
    )
    release = client.post(client.repo_path("/releases"), {"tag_name": "v1.0.0"})
    assert release["upload_url"].startswith(gh.api_url + "/repos/org/repo/releases/")
    asset = client.upload_asset(release["upload_url"], "a.txt", b"abc", "text/plain")
    assert client.download_asset(asset["id"]) == b"abc"


def test_foreground_mode_prints_the_url_and_serves(make_repo: Callable[..., Any]) -> None:
    repo = make_repo()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ghlocal", "--repo", str(repo.origin)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        body = requests.get(f"{url}/repos/org/repo/git/ref/heads/main", timeout=5).json()
        assert body["object"]["sha"] == repo.git("rev-parse", "HEAD")
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err


def test_foreground_mode_refuses_a_non_repository(tmp_path: Any) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ghlocal", "--repo", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert "not a git repository" in proc.stderr


def test_seeded_pull_requests_are_listed_with_labels(served: Served) -> None:
    _, gh, client = served
    m = gh.state.add_milestone("1.0")
    merged = gh.state.add_pull(
        "feature",
        title="Add x",
        state="closed",
        merged_at="2026-11-01T00:00:00Z",
        labels=["enhancement"],
        milestone=m.number,
    )
    gh.state.add_pull("wip", title="Draft work")
    closed = list(client.paginate(client.repo_path("/pulls"), {"state": "closed"}))
    assert [(p["number"], p["merged_at"]) for p in closed] == [
        (merged.number, "2026-11-01T00:00:00Z")
    ]
    issues = list(
        client.paginate(client.repo_path("/issues"), {"milestone": str(m.number), "state": "all"})
    )
    assert [
        (i["title"], i["pull_request"]["merged_at"], i["labels"][0]["name"]) for i in issues
    ] == [("Add x", "2026-11-01T00:00:00Z", "enhancement")]
