"""Milestones, blocker labels, the rolling pre-release, verify and rollback, on the local server."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from test_release_local import DIST, WRITE, Project, serve_project

from ghlocal.state import Pull


@pytest.fixture
def project(make_repo: Callable[..., Any], run_cli: Callable[..., Any]) -> Iterator[Project]:
    yield from serve_project(make_repo, run_cli)


def _milestone(project: Project, title: str, *, open_issue: bool) -> int:
    state = project.gh.state
    number = state.add_milestone(title).number
    state.add_issue("Crash on start", milestone=number, state="closed")
    state.add_issue("Won't fix this", milestone=number, state="closed").state_reason = "not_planned"
    pr = state.add_issue("Add the frobnicator", milestone=number, state="closed")
    pr.is_pull = True
    state.pulls[pr.number] = Pull(
        pr.number,
        pr.id,
        "feature",
        "main",
        pr.title,
        None,
        state="closed",
        merged_at="2026-11-01T00:00:00Z",
    )
    if open_issue:
        state.add_issue("Still broken", milestone=number)
    return number


def test_milestone_refuses_while_open_then_releases_and_closes(project: Project) -> None:
    number = _milestone(project, "v1.2.0", open_issue=True)
    refused = project.release("--milestone", str(number), "--notes", "milestone,changelog")
    assert refused.code == 1
    assert "1 open issue(s): #4 Still broken" in refused.err
    assert project.gh.state.releases == {}
    project.gh.state.issues[4].state = "closed"
    done = project.release("--milestone", str(number), "--notes", "milestone,changelog")
    assert done.code == 0, done.err
    body = project.only_release().body or ""
    assert "### Closed issues\n\n- Crash on start (#1)" in body
    assert "- Still broken (#4)" in body
    assert "### Merged pull requests\n\n- Add the frobnicator (#3)" in body
    assert "Won't fix" not in body
    assert body.index("Closed issues") < body.index("The frobnicator.")
    assert project.only_release().tag_name == "v1.2.0"
    assert project.gh.state.milestones[number].state == "closed"
    mark = project.mark()
    assert project.release("--milestone", str(number), "--notes", "milestone,changelog").code == 0
    assert [r for r in project.since(mark) if r.method in WRITE] == []


def test_milestone_title_without_version_is_bad_input(project: Project) -> None:
    number = project.gh.state.add_milestone("Next").number
    result = project.release("--milestone", str(number))
    assert result.code == 2 and "names no version" in result.err


def test_blocker_label_refuses(project: Project) -> None:
    project.gh.state.add_issue("Data loss", labels=["release-blocker"])
    project.gh.state.add_issue("Unrelated")
    refused = project.release("v1.2.0", "--blocker-label", "release-blocker")
    assert refused.code == 1 and "#1 Data loss" in refused.err and "Unrelated" not in refused.err
    assert project.gh.state.releases == {}
    project.gh.state.issues[1].state = "closed"
    assert project.release("v1.2.0", "--blocker-label", "release-blocker").code == 0


def _origin_tag(project: Project, tag: str) -> str:
    return project.repo.origin_git("rev-parse", f"refs/tags/{tag}^{{commit}}")


def test_rolling_release_moves_tag_and_replaces_assets_in_place(project: Project) -> None:
    repo = project.repo
    first_sha = repo.git("rev-parse", "HEAD")
    result = project.release("--rolling", "dev-latest", "--json")
    assert result.code == 0, result.err
    release = project.only_release()
    assert release.prerelease and not release.draft
    assert _origin_tag(project, "dev-latest") == first_sha

    repo.git("checkout", "-q", "main")
    repo.write("more.txt", "more\n")
    second_sha = repo.commit_all("feat: more")
    repo.push("main")
    (repo.path / "dist" / "app-1.2.0.tar.gz").write_bytes(b"new sdist")
    (repo.path / "dist" / "notes.txt").unlink()
    mark = project.mark()
    moved = project.release("--rolling", "dev-latest")
    assert moved.code == 0, moved.err
    assert project.only_release().id == release.id  # updated in place, never deleted
    assert _origin_tag(project, "dev-latest") == second_sha
    assets = project.assets(project.only_release())
    assert sorted(assets) == sorted(
        ["app-1.2.0.tar.gz", "app-1.2.0-py3-none-any.whl", "SHA256SUMS"]
    )
    assert assets["app-1.2.0.tar.gz"] == b"new sdist"
    calls = [
        (r.method, r.path.rsplit("/", 2)[-2]) for r in project.since(mark) if r.method in WRITE
    ]
    assert ("DELETE", "releases") not in calls
    first_swap = next(i for i, c in enumerate(calls) if c[0] == "DELETE")
    ref_move = next(i for i, c in enumerate(calls) if c == ("PATCH", "tags"))
    last_stage = max(i for i, c in enumerate(calls) if c[0] == "POST")
    assert last_stage < ref_move < first_swap  # staged first, tag moved, then swapped
    assert second_sha[:12] in (project.only_release().body or "")

    mark = project.mark()
    assert project.release("--rolling", "dev-latest").code == 0
    assert [r for r in project.since(mark) if r.method in WRITE] == []


def test_verify_and_rollback(project: Project) -> None:
    assert project.release("v1.2.0").code == 0
    sha = project.repo.git("rev-parse", "v1.2.0^{commit}")
    ok = project.cli("verify", "v1.2.0", "--commit", sha, "--asset", "notes.txt", "--json")
    assert ok.code == 0, ok.err
    assert sorted(json.loads(ok.out)["checked"]) == sorted(DIST)
    release = project.only_release()
    asset = next(
        project.gh.state.assets[i]
        for i in release.asset_ids
        if project.gh.state.assets[i].name == "notes.txt"
    )
    asset.data = b"tampered"
    bad = project.cli("verify", "v1.2.0", "--asset", "missing.zip")
    assert bad.code == 1
    assert "asset missing.zip is missing" in bad.err and "asset notes.txt: sha256" in bad.err
    assert project.cli("verify", "v1.2.0", "--draft").code == 1

    refused = project.cli("rollback", "v1.2.0")
    assert refused.code == 2 and "--yes" in refused.err
    dry = project.cli("rollback", "v1.2.0", "--dry-run")
    assert (
        dry.code == 0
        and "would delete release v1.2.0" in dry.out
        and "would delete tag v1.2.0" in dry.out
    )
    assert project.gh.state.releases and _origin_tag(project, "v1.2.0")
    done = project.cli("rollback", "v1.2.0", "--yes")
    assert done.code == 0, done.err
    assert project.gh.state.releases == {}
    gone = subprocess.run(
        ["git", "rev-parse", "--verify", "-q", "refs/tags/v1.2.0"],
        cwd=project.repo.origin,
        check=False,
    )
    assert gone.returncode != 0
    again = project.cli("rollback", "v1.2.0", "--yes")
    assert again.code == 0 and "nothing to roll back" in again.out


@pytest.mark.parametrize("flag", ["--draft", ""], ids=["draft", "published"])
def test_draft_flag(project: Project, flag: str) -> None:
    args = ["v1.2.0", flag] if flag else ["v1.2.0"]
    assert project.release(*args).code == 0
    assert project.only_release().draft is bool(flag)


def test_milestone_release_creates_the_tag_at_an_explicit_target(project: Project) -> None:
    repo = project.repo
    repo.git("checkout", "-q", "main")
    repo.write("CHANGELOG.md", "# Changelog\n\n## [1.3.0]\n\n- Milestone work.\n")
    head = repo.commit_all("Prepare 1.3.0")
    repo.push("main")
    number = project.gh.state.add_milestone("Release 1.3.0").number
    missing = project.release("--milestone", str(number))
    assert missing.code == 2 and "tag 'v1.3.0' does not exist" in missing.err
    assert "--create-tag" in missing.err
    done = project.release("--milestone", str(number), "--target", "main", "--create-tag")
    assert done.code == 0, done.err
    assert _origin_tag(project, "v1.3.0") == head
    assert "- Milestone work." in (project.only_release().body or "")
    conflict = project.release("v1.2.0", "--target", "main")
    assert conflict.code == 1 and "not at the target" in conflict.err


def test_the_rolling_pre_release_has_a_title_of_its_own(project: Project) -> None:
    """hyperlight titles its releases `Release vX.Y.Z` and dev-latest `Latest prerelease
    from main branch`: `[release] rolling-name` titles the rolling one, `name` the rest."""
    project.repo.write(
        "release-kit.toml",
        '[release]\nassets = ["dist/*"]\nname = "Release {tag}"\n'
        'rolling-name = "Latest prerelease from main branch"\n',
    )
    result = project.release("--rolling", "dev-latest")
    assert result.code == 0, result.err
    assert project.only_release().name == "Latest prerelease from main branch"
    project.repo.write("release-kit.toml", '[release]\nrolling-name = "{nope}"\n')
    bad = project.release("--rolling", "dev-latest")
    assert bad.code == 2 and "{nope}" in bad.err, bad.err
