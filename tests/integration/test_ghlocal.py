"""The local GitHub server through the kit's client: git data, releases, assets, pulls.

Every request and response of these tests is checked against GitHub's OpenAPI
description by the server; the `local_github` fixture fails a test that broke it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from ghlocal import LocalGitHub
from release_kit.errors import GitHubError
from release_kit.github import GitHubClient

Served = tuple[Any, LocalGitHub, GitHubClient]


@pytest.fixture
def served(make_repo: Callable[..., Any], local_github: Callable[..., LocalGitHub]) -> Served:
    repo = make_repo({"README.md": "hello\n"})
    gh = local_github(repo.origin)
    client = GitHubClient(gh.api_url, "test-token", "org/repo", sleep=lambda _: None)
    return repo, gh, client


def _feature(repo: Any, branch: str = "release-kit/bump", message: str = "Bump") -> str:
    repo.git("checkout", "-q", "-b", branch)
    repo.write("VERSION", message + "\n")
    sha: str = repo.commit_all(message)
    repo.push(branch)
    repo.git("checkout", "-q", "main")
    return sha


def test_repository_and_refs_follow_git_push(served: Served) -> None:
    repo, _, client = served
    assert client.get(client.repo_path())["default_branch"] == "main"
    main_sha = repo.git("rev-parse", "HEAD")
    assert client.get(client.repo_path("/git/ref/heads/main"))["object"]["sha"] == main_sha
    repo.git("tag", "-a", "v1.0.0", "-m", "Release 1.0.0")
    repo.push("v1.0.0")
    ref = client.get(client.repo_path("/git/ref/tags/v1.0.0"))
    assert ref["object"]["type"] == "tag"
    tag = client.get(client.repo_path(f"/git/tags/{ref['object']['sha']}"))
    assert (tag["tag"], tag["object"]["sha"]) == ("v1.0.0", main_sha)
    commit = client.get(client.repo_path(f"/git/commits/{main_sha}"))
    assert commit["message"].strip() == "Initial commit"
    assert client.get_or_none(client.repo_path("/git/ref/tags/v9")) is None


def test_refs_created_moved_and_deleted_through_the_api_reach_git(served: Served) -> None:
    repo, _, client = served
    first = repo.git("rev-parse", "HEAD")
    second = repo.commit_all("Second")
    repo.push()
    client.post(client.repo_path("/git/refs"), {"ref": "refs/tags/v0.1.0", "sha": first})
    assert repo.origin_git("rev-parse", "refs/tags/v0.1.0") == first
    with pytest.raises(GitHubError) as exists:
        client.post(client.repo_path("/git/refs"), {"ref": "refs/tags/v0.1.0", "sha": second})
    assert exists.value.status == 422
    assert "Reference already exists" in str(exists.value)
    client.post(client.repo_path("/git/refs"), {"ref": "refs/heads/rel", "sha": second})
    with pytest.raises(GitHubError, match="not a fast forward"):
        client.patch(client.repo_path("/git/refs/heads/rel"), {"sha": first})
    client.patch(client.repo_path("/git/refs/heads/rel"), {"sha": first, "force": True})
    assert repo.origin_git("rev-parse", "refs/heads/rel") == first
    client.delete(client.repo_path("/git/refs/tags/v0.1.0"))
    assert "refs/tags/v0.1.0" not in repo.origin_git("for-each-ref")
    names = [r["ref"] for r in client.paginate(client.repo_path("/git/matching-refs/heads/"))]
    assert names == ["refs/heads/main", "refs/heads/rel"]


def test_annotated_tag_object_through_the_api(served: Served) -> None:
    repo, _, client = served
    sha = repo.git("rev-parse", "HEAD")
    tag = client.post(
        client.repo_path("/git/tags"),
        {"tag": "v2.0.0", "message": "Release 2.0.0", "object": sha, "type": "commit"},
    )
    client.post(client.repo_path("/git/refs"), {"ref": "refs/tags/v2.0.0", "sha": tag["sha"]})
    assert repo.origin_git("rev-parse", "v2.0.0^{commit}") == sha
    assert repo.origin_git("cat-file", "-t", "v2.0.0") == "tag"


def test_release_lifecycle_with_assets(served: Served) -> None:
    repo, gh, client = served
    sha = repo.git("rev-parse", "HEAD")
    release = client.post(
        client.repo_path("/releases"),
        {"tag_name": "v1.0.0", "target_commitish": sha, "name": "1.0.0", "body": "Notes"},
    )
    # Publishing created the tag at the target, as GitHub does.
    assert repo.origin_git("rev-parse", "refs/tags/v1.0.0") == sha
    assert client.get(client.repo_path("/releases/tags/v1.0.0"))["id"] == release["id"]
    assert client.get(client.repo_path("/releases/latest"))["id"] == release["id"]
    data = bytes(range(256)) * 40
    asset = client.upload_asset(release["upload_url"], "pkg-1.0.0.tar.gz", data, "application/gzip")
    assert (asset["name"], asset["size"], asset["content_type"]) == (
        "pkg-1.0.0.tar.gz",
        len(data),
        "application/gzip",
    )
    assert asset["digest"] == "sha256:" + hashlib.sha256(data).hexdigest()
    with pytest.raises(GitHubError, match="already_exists"):
        client.upload_asset(release["upload_url"], "pkg-1.0.0.tar.gz", b"x")
    assert client.download_asset(asset["id"]) == data
    listed = list(client.paginate(client.repo_path(f"/releases/{release['id']}/assets")))
    assert [a["id"] for a in listed] == [asset["id"]]
    updated = client.patch(client.repo_path(f"/releases/{release['id']}"), {"body": "New"})
    assert updated["body"] == "New"
    client.delete(client.repo_path(f"/releases/assets/{asset['id']}"))
    assert client.get(client.repo_path(f"/releases/{release['id']}"))["assets"] == []
    client.delete(client.repo_path(f"/releases/{release['id']}"))
    assert client.get_or_none(client.repo_path("/releases/tags/v1.0.0")) is None
    assert gh.state.releases == {}


def test_draft_has_no_tag_until_published(served: Served) -> None:
    repo, _, client = served
    draft = client.post(client.repo_path("/releases"), {"tag_name": "v3.0.0", "draft": True})
    assert "refs/tags/v3.0.0" not in repo.origin_git("for-each-ref")
    assert client.get_or_none(client.repo_path("/releases/tags/v3.0.0")) is None
    assert client.get_or_none(client.repo_path("/releases/latest")) is None
    client.patch(client.repo_path(f"/releases/{draft['id']}"), {"draft": False})
    assert repo.origin_git("rev-parse", "refs/tags/v3.0.0") == repo.git("rev-parse", "HEAD")
    assert client.get(client.repo_path("/releases/latest"))["tag_name"] == "v3.0.0"


def test_one_published_release_per_tag(served: Served) -> None:
    """As on GitHub: drafts may share a tag, but a second published release for one tag is
    a 422, whether created published or published by an update (guards the server rule
    that makes an orphan draft, once published, visible as an error)."""
    _, gh, client = served
    releases = client.repo_path("/releases")
    first = client.post(releases, {"tag_name": "v3.0.0", "draft": True})
    second = client.post(releases, {"tag_name": "v3.0.0", "draft": True})
    client.patch(client.repo_path(f"/releases/{first['id']}"), {"draft": False})
    with pytest.raises(GitHubError) as published_twice:
        client.patch(client.repo_path(f"/releases/{second['id']}"), {"draft": False})
    assert published_twice.value.status == 422 and "already_exists" in str(published_twice.value)
    with pytest.raises(GitHubError) as created_twice:
        client.post(releases, {"tag_name": "v3.0.0"})
    assert created_twice.value.status == 422
    assert gh.state.releases[second["id"]].draft  # refused: left as it was
    # updating the published one (it is the tag's only published release) is fine
    assert client.patch(client.repo_path(f"/releases/{first['id']}"), {"name": "3"})["name"] == "3"


@pytest.mark.parametrize("drop", [False, True], ids=["502", "dropped"])
def test_lost_answer_fault_keeps_the_work(served: Served, drop: bool) -> None:
    """The `applied` fault: the handler runs and its change stays, then the answer is lost
    (502 Bad Gateway, as GitHub's front end answers, or no answer); logged with both."""
    import requests

    _, gh, client = served
    gh.inject("POST", r"/releases$", applied=True, drop=drop)
    url = gh.api_url + client.repo_path("/releases")
    body = {"tag_name": "v1.0.0", "draft": True}
    if drop:
        with pytest.raises(requests.ConnectionError):
            requests.post(url, json=body, timeout=5)
    else:
        answer = requests.post(url, json=body, timeout=5)
        assert (answer.status_code, answer.json()["message"]) == (502, "Bad Gateway")
    (release,) = gh.state.releases.values()
    assert release.tag_name == "v1.0.0" and release.draft
    (record,) = gh.calls("POST", r"/releases$")
    assert (record.status, record.fault, record.applied) == (0 if drop else 502, True, 201)
    assert not gh.faults.pending


@pytest.mark.parametrize(
    ("make_latest", "prerelease", "expected"),
    [("true", False, "v1.1.0"), ("false", False, "v1.0.0"), ("true", True, "v1.0.0")],
    ids=["newest-is-latest", "make-latest-false", "prerelease-never-latest"],
)
def test_latest_release_rules(
    served: Served, make_latest: str, prerelease: bool, expected: str
) -> None:
    _, _, client = served
    client.post(client.repo_path("/releases"), {"tag_name": "v1.0.0"})
    client.post(
        client.repo_path("/releases"),
        {"tag_name": "v1.1.0", "make_latest": make_latest, "prerelease": prerelease},
    )
    assert client.get(client.repo_path("/releases/latest"))["tag_name"] == expected


def test_pull_request_flow_and_merge(served: Served) -> None:
    repo, gh, client = served
    head_sha = _feature(repo)
    pr = client.post(
        client.repo_path("/pulls"),
        {"title": "Bump to 1.1.0", "head": "release-kit/bump", "base": "main", "body": "B"},
    )
    assert pr["head"]["sha"] == head_sha
    with pytest.raises(GitHubError, match="A pull request already exists"):
        client.post(
            client.repo_path("/pulls"),
            {"title": "again", "head": "release-kit/bump", "base": "main"},
        )
    client.post(client.repo_path(f"/issues/{pr['number']}/labels"), {"labels": ["release"]})
    found = list(
        client.paginate(
            client.repo_path("/pulls"), {"head": "org:release-kit/bump", "state": "open"}
        )
    )
    assert [(p["number"], [lb["name"] for lb in p["labels"]]) for p in found] == [
        (pr["number"], ["release"])
    ]
    assert (
        list(client.paginate(client.repo_path("/pulls"), {"head": "other:release-kit/bump"})) == []
    )
    updated = client.patch(client.repo_path(f"/pulls/{pr['number']}"), {"title": "Bump to 1.2.0"})
    assert updated["title"] == "Bump to 1.2.0"
    merge_sha = gh.merge_pull(pr["number"], method="squash", delete_branch=True)
    assert repo.origin_git("rev-parse", "main") == merge_sha
    message = repo.origin_git("log", "-1", "--format=%B", "main")
    assert message.startswith(f"Bump to 1.2.0 (#{pr['number']})\n\n* Bump")
    merged = client.get(client.repo_path(f"/pulls/{pr['number']}"))
    assert (merged["state"], merged["merged"], merged["merge_commit_sha"]) == (
        "closed",
        True,
        merge_sha,
    )
    assert list(client.paginate(client.repo_path("/pulls"))) == []


def test_pull_without_commits_is_refused(served: Served) -> None:
    repo, _, client = served
    repo.git("branch", "empty")
    repo.push("empty")
    with pytest.raises(GitHubError) as refused:
        client.post(client.repo_path("/pulls"), {"title": "x", "head": "empty", "base": "main"})
    assert refused.value.status == 422
    assert "No commits between main and empty" in str(refused.value)


def test_generated_notes_list_merged_pulls_and_direct_commits(served: Served) -> None:
    repo, gh, client = served
    client.post(client.repo_path("/releases"), {"tag_name": "v1.0.0"})
    _feature(repo, "feature/a", "Add a")
    pr = client.post(
        client.repo_path("/pulls"), {"title": "Add a", "head": "feature/a", "base": "main"}
    )
    gh.merge_pull(pr["number"])
    repo.git("pull", "-q", "origin", "main")
    repo.commit_all("Fix typo directly")
    repo.push()
    notes = client.post(client.repo_path("/releases/generate-notes"), {"tag_name": "v1.1.0"})
    assert notes["name"] == "v1.1.0"
    assert notes["body"] == (
        "## What's Changed\n"
        f"* Add a by @octocat in https://github.com/org/repo/pull/{pr['number']}\n"
        "* Fix typo directly by Release Tester in "
        f"{repo.git('rev-parse', '--short=7', 'HEAD')}\n\n"
        "**Full Changelog**: https://github.com/org/repo/compare/v1.0.0...v1.1.0"
    )


def test_workflow_dispatch_is_recorded(served: Served) -> None:
    _, gh, client = served
    path = client.repo_path("/actions/workflows/release.yml/dispatches")
    assert client.post(path, {"ref": "main", "inputs": {"version": "1.2.0"}}) is None
    assert [(d.workflow_id, d.ref, d.inputs) for d in gh.state.dispatches] == [
        ("release.yml", "main", {"version": "1.2.0"})
    ]
    with pytest.raises(GitHubError, match="No ref found for: nope"):
        client.post(path, {"ref": "nope"})


def test_dispatches_are_listed_as_workflow_runs(served: Served) -> None:
    repo, _, client = served
    repo.git("tag", "v1.0.0")
    repo.push("v1.0.0")
    dispatch = client.repo_path("/actions/workflows/release.yml/dispatches")
    client.post(dispatch, {"ref": "main"})
    client.post(dispatch, {"ref": "refs/tags/v1.0.0"})
    client.post(client.repo_path("/actions/workflows/other.yml/dispatches"), {"ref": "main"})
    runs_path = client.repo_path("/actions/workflows/release.yml/runs")

    def branches(**query: str) -> list[str]:
        return [r["head_branch"] for r in client.paginate(runs_path, query)]

    assert branches() == ["v1.0.0", "main"]
    assert branches(event="workflow_dispatch", branch="v1.0.0") == ["v1.0.0"]
    assert branches(event="push") == []
    (run,) = client.paginate(runs_path, {"branch": "main"})
    assert (run["event"], run["path"], run["head_sha"]) == (
        "workflow_dispatch",
        ".github/workflows/release.yml",
        repo.git("rev-parse", "HEAD"),
    )
    by_id = client.repo_path(f"/actions/workflows/{run['workflow_id']}/runs")
    assert len(list(client.paginate(by_id))) == 2


@pytest.mark.parametrize("per_page", [1, 2, 100], ids=lambda n: f"per_page={n}")
def test_link_pagination_is_followed(served: Served, per_page: int) -> None:
    _, gh, client = served
    for n in range(5):
        client.post(client.repo_path("/releases"), {"tag_name": f"v0.0.{n}"})
    tags = [
        r["tag_name"]
        for r in client.paginate(client.repo_path("/releases"), {"per_page": per_page})
    ]
    assert tags == [f"v0.0.{n}" for n in reversed(range(5))]
    pages = gh.calls("GET", r"/releases$")
    assert len(pages) == -(-5 // per_page)
