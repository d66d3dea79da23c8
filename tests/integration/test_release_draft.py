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

from conftest import all_refs, github_env
from ghlocal.server import LocalGitHub
from ghlocal.state import Asset

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
        self.env = github_env(self.gh.api_url)

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
        f"create tag v1.3.0 at {project.head[:12]} by publishing",
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


def test_publish_creates_the_tag_at_the_target_and_closes_the_milestone(project: Draft) -> None:
    assert project.draft().code == 0
    draft = project.only_release()
    project.repo.write("later.txt", "later\n")
    project.repo.commit_all("chore: main moves on")
    project.repo.push("main")  # the tag goes where the draft says, not to main's head
    result = project.release("--publish", "v1.3.0", "--milestone", str(project.milestone), "--json")
    assert result.code == 0, result.err
    release = project.only_release()
    assert release.id == draft.id and not release.draft
    assert project.origin_tag() == project.head
    assert project.milestone_state() == "closed"
    assert project.gh.state.latest_release_id == release.id
    payload = json.loads(result.out)
    assert payload["plan"] == [
        "publish v1.3.0",
        f"create tag v1.3.0 at {project.head[:12]} by publishing",
        "close milestone 'v1.3.0'",
    ]
    assert payload["changed"] is True and payload["created"] is False
    assert payload["draft"] is False and payload["make_latest"] == "true"
    assert payload["milestone_closed"] is True and payload["target"] == project.head
    assert payload["release_id"] == release.id
    assert [a["name"] for a in payload["assets"]] == ["app-1.3.0.tar.gz", "SHA256SUMS"]
    assert "tag v1.3.0 created at" in result.err

    before, mark = project.snapshot(), len(project.gh.requests)
    again = project.release("--publish", "v1.3.0", "--milestone", str(project.milestone))
    assert again.code == 0, again.err
    assert "release v1.3.0 is already published" in again.out
    assert project.writes_since(mark) == []
    assert project.snapshot() == before


def test_publish_dry_run_changes_nothing(project: Draft) -> None:
    assert project.draft().code == 0
    before, mark = project.snapshot(), len(project.gh.requests)
    result = project.release(
        "--publish", "v1.3.0", "--milestone", str(project.milestone), "--dry-run"
    )
    assert result.code == 0, result.err
    assert "would publish v1.3.0" in result.out
    assert "would close milestone 'v1.3.0'" in result.out
    assert f"would create tag v1.3.0 at {project.head[:12]} by publishing" in result.out
    assert project.writes_since(mark) == []
    assert project.snapshot() == before


def test_publish_finishes_a_run_that_stopped_before_closing_the_milestone(
    project: Draft,
) -> None:
    assert project.draft().code == 0
    project.gh.inject("PATCH", r"/milestones/\d+$", status=403, times=1)
    failed = project.release("--publish", "v1.3.0", "--milestone", str(project.milestone))
    assert failed.code == 1 and "403" in failed.err
    assert not project.only_release().draft and project.milestone_state() == "open"
    done = project.release("--publish", "v1.3.0", "--milestone", str(project.milestone))
    assert done.code == 0, done.err
    assert project.milestone_state() == "closed"


def test_publish_of_a_missing_draft_refuses_and_changes_nothing(project: Draft) -> None:
    before, mark = project.snapshot(), len(project.gh.requests)
    result = project.release("--publish", "v1.3.0", "--milestone", str(project.milestone))
    assert result.code == 1
    assert "no draft release of v1.3.0 to publish" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert project.writes_since(mark) == []
    assert project.snapshot() == before


def test_publish_refuses_while_the_milestone_has_open_issues(project: Draft) -> None:
    assert project.draft().code == 0
    project.gh.state.add_issue("Late regression", milestone=project.milestone)
    before, mark = project.snapshot(), len(project.gh.requests)
    result = project.release("--publish", "v1.3.0", "--milestone", str(project.milestone))
    assert result.code == 1 and "Late regression" in result.err
    assert project.writes_since(mark) == []
    assert project.snapshot() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--publish", "release-1.3"], "does not match tag-format"),
        (["--publish", "v1.3.0", "--rolling"], "cannot be combined with --rolling"),
        (["--publish", "v1.3.0", "--draft"], "cannot be combined with --draft"),
        (["v1.3.0", "--publish", "v1.3.0"], "cannot be combined with a TAG argument"),
        (["--publish", "v1.3.0", "--asset", "dist/*"], "cannot be combined with --asset"),
        (["--publish", "v1.3.0", "--prerelease", "true"], "cannot be combined with --prerelease"),
    ],
    ids=["tag-format", "rolling", "draft", "two-tags", "assets", "prerelease"],
)
def test_publish_bad_input_exits_2_and_changes_nothing(
    project: Draft, args: list[str], message: str
) -> None:
    assert project.draft().code == 0
    before, mark = project.snapshot(), len(project.gh.requests)
    result = project.release(*args)
    assert result.code == 2, result.err
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert project.gh.requests[mark:] == []  # not even a read
    assert project.snapshot() == before


def test_publish_refuses_a_draft_with_incomplete_assets(project: Draft) -> None:
    assert project.draft().code == 0
    draft = project.only_release()
    # An interrupted replace leaves a temporary asset behind.
    name = "rk-tmp-abc-app-1.3.0.tar.gz"
    project.gh.state.assets[999] = Asset(999, draft.id, name, None, "x", b"x", "")
    draft.asset_ids.append(999)
    before, mark = project.snapshot(), len(project.gh.requests)
    result = project.release("--publish", "v1.3.0")
    assert result.code == 1 and f"incomplete assets ({name})" in result.err
    assert project.writes_since(mark) == []
    assert project.snapshot() == before


def test_publish_a_draft_of_an_existing_tag(project: Draft) -> None:
    project.repo.git("tag", "v1.3.0")
    project.repo.push("v1.3.0")
    assert project.release("v1.3.0", "--draft").code == 0
    refs = all_refs(project.repo.origin)
    result = project.release("--publish", "v1.3.0", "--json")
    assert result.code == 0, result.err
    assert not project.only_release().draft
    assert all_refs(project.repo.origin) == refs
    assert json.loads(result.out)["target"] == project.head


def test_publish_refuses_when_the_tag_appeared_on_another_commit(project: Draft) -> None:
    assert project.draft().code == 0
    project.repo.git("tag", "v1.3.0", "HEAD~1")
    project.repo.push("v1.3.0")
    before, mark = project.snapshot(), len(project.gh.requests)
    result = project.release("--publish", "v1.3.0")
    assert result.code == 1
    assert "tag v1.3.0 points at" in result.err and "not at the draft's target" in result.err
    assert project.writes_since(mark) == []
    assert project.snapshot() == before
