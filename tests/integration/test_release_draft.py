"""A draft pushes no tag and closes no milestone; publishing it later finishes the job.

Real git repositories with a bare origin, the local GitHub server (which, like
GitHub, creates a published release's missing tag at its `target_commitish`)
and the CLI in-process.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from conftest import all_refs
from ghlocal.server import LocalGitHub

CHANGELOG = """\
# Changelog

## [1.3.0] - 2026-11-09

- The milestone's work.

## [1.2.0] - 2026-10-01

- Older things.
"""
WRITE = ("POST", "PATCH", "PUT", "DELETE")


class Draft:
    """v1.2.0 released on origin; main one commit further, to become v1.3.0; milestone 1."""

    def __init__(
        self,
        make_repo: Callable[..., Any],
        run_cli: Callable[..., Any],
        local_github: Callable[..., LocalGitHub],
    ) -> None:
        repo = make_repo({"CHANGELOG.md": CHANGELOG, "release-kit.toml": "[release]\n"})
        repo.git("tag", "v1.2.0")
        repo.write("work.txt", "done\n")
        self.head = repo.commit_all("feat: the milestone's work (#2)")
        repo.push("main", "--tags")
        (repo.path / "dist").mkdir()
        (repo.path / "dist" / "app-1.3.0.tar.gz").write_bytes(b"sdist")
        self.repo, self._run = repo, run_cli
        self.gh = local_github(repo.origin)
        state = self.gh.state
        self.milestone = state.add_milestone("v1.3.0").number
        state.add_issue("Ship it", milestone=self.milestone, state="closed")
        self.env = {
            "GITHUB_API_URL": self.gh.api_url,
            "GITHUB_REPOSITORY": "org/repo",
            "GITHUB_TOKEN": "test-token",
        }

    def release(self, *args: str) -> Any:
        return self._run(self.repo.path, "release", *args, env=self.env)

    def draft(self, *extra: str) -> Any:
        """The first, draft run of a dispatch: the tag does not exist yet."""
        return self.release(
            "v1.3.0",
            "--create-tag",
            "--target",
            "main",
            "--milestone",
            str(self.milestone),
            "--asset",
            "dist/*",
            "--draft",
            *extra,
        )

    def origin_tag(self, tag: str = "v1.3.0") -> str | None:
        out = self.repo.origin_git("tag", "--list", tag)
        return self.repo.origin_git("rev-parse", f"refs/tags/{tag}^{{commit}}") if out else None

    def only_release(self) -> Any:
        (release,) = self.gh.state.releases.values()
        return release

    def milestone_state(self) -> str:
        return self.gh.state.milestones[self.milestone].state

    def snapshot(self) -> tuple[str, str]:
        """The server's releases, assets and milestones, and every ref on origin."""
        state = self.gh.state
        server = repr(
            (
                sorted(map(repr, state.releases.values())),
                sorted(map(repr, state.assets.values())),
                sorted(map(repr, state.milestones.values())),
            )
        )
        return server, all_refs(self.repo.origin)

    def writes_since(self, mark: int) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in self.gh.requests[mark:] if r.method in WRITE]


@pytest.fixture
def project(
    make_repo: Callable[..., Any],
    run_cli: Callable[..., Any],
    local_github: Callable[..., LocalGitHub],
) -> Draft:
    return Draft(make_repo, run_cli, local_github)


def test_draft_with_create_tag_makes_no_tag_and_leaves_the_milestone_open(
    project: Draft,
) -> None:
    result = project.draft("--json")
    assert result.code == 0, result.err
    release = project.only_release()
    assert release.draft and release.tag_name == "v1.3.0"
    assert release.target_commitish == project.head
    assert project.origin_tag() is None  # neither on origin nor on the server (same repo)
    assert not [r for r in project.gh.requests if r.path.endswith("/git/refs")]
    assert project.milestone_state() == "open"
    payload = json.loads(result.out)
    assert payload["draft"] is True and payload["milestone_left_open"] is True
    assert payload["milestone_closed"] is False
    assert "close milestone 'v1.3.0'" not in payload["plan"]
    assert "left open" in result.err  # progress goes to stderr under --json

    text = project.draft()
    assert text.code == 0, text.err
    assert "milestone 'v1.3.0' left open while the release is a draft" in text.out
    assert "--publish v1.3.0 --milestone 1" in text.out
    assert project.origin_tag() is None and project.milestone_state() == "open"


def test_draft_dry_run_says_the_milestone_stays_open(project: Draft) -> None:
    before = project.snapshot()
    result = project.draft("--dry-run")
    assert result.code == 0, result.err
    assert "would create draft release v1.3.0" in result.out
    assert "would close milestone" not in result.out
    assert "left open while the release is a draft" in result.out
    assert project.snapshot() == before


def test_draft_of_an_existing_tag_works_as_before(project: Draft) -> None:
    project.repo.git("tag", "v1.3.0")
    project.repo.push("v1.3.0")
    result = project.release("v1.3.0", "--draft", "--asset", "dist/*", "--json")
    assert result.code == 0, result.err
    assert project.only_release().draft
    assert project.origin_tag() == project.head
    assert json.loads(result.out)["milestone_left_open"] is False


def test_rerun_without_draft_publishes_it_and_lets_publishing_make_the_tag(
    project: Draft,
) -> None:
    assert project.draft().code == 0
    draft_id = project.only_release().id
    mark = len(project.gh.requests)
    result = project.release(
        "v1.3.0",
        "--create-tag",
        "--target",
        "main",
        "--milestone",
        str(project.milestone),
        "--asset",
        "dist/*",
        "--json",
    )
    assert result.code == 0, result.err
    release = project.only_release()
    assert release.id == draft_id and not release.draft
    assert project.origin_tag() == project.head
    writes = project.writes_since(mark)
    assert not [w for w in writes if w[1].endswith("/git/refs")]  # no tag ref of its own
    published = [m for m, p in writes if "/releases/" in p and "generate-notes" not in p]
    assert published == ["PATCH"]  # draft=false, nothing else
    assert project.milestone_state() == "closed"
    payload = json.loads(result.out)
    assert payload["milestone_closed"] is True and payload["milestone_left_open"] is False
    assert [line for line in payload["plan"] if not line.startswith("keep ")] == [
        "publish v1.3.0",
        "close milestone 'v1.3.0'",
    ]
    assert project.gh.state.latest_release_id == draft_id

    before, mark = project.snapshot(), len(project.gh.requests)
    again = project.release("v1.3.0", "--milestone", str(project.milestone), "--asset", "dist/*")
    assert again.code == 0, again.err
    assert "is up to date" in again.out
    assert project.writes_since(mark) == [("POST", "/repos/org/repo/releases/generate-notes")]
    assert project.snapshot() == before


def test_first_run_without_draft_creates_the_tag_by_publishing(project: Draft) -> None:
    result = project.release(
        "v1.3.0", "--create-tag", "--target", "main", "--milestone", str(project.milestone)
    )
    assert result.code == 0, result.err
    assert not project.only_release().draft
    assert project.origin_tag() == project.head
    assert not [r for r in project.gh.requests if r.path.endswith("/git/refs")]
    assert project.milestone_state() == "closed"


def test_draft_moved_to_a_new_target_is_published_there(project: Draft) -> None:
    assert project.draft().code == 0
    repo = project.repo
    repo.write("fix.txt", "fix\n")
    head = repo.commit_all("fix: last-minute fix")
    repo.push("main")
    result = project.release("v1.3.0", "--create-tag", "--target", "main", "--asset", "dist/*")
    assert result.code == 0, result.err
    assert project.only_release().target_commitish == head
    assert project.origin_tag() == head
