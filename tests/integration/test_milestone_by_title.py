"""A milestone named by number or by title (issue 16, vmpilot), on the local GitHub.

A vmpilot-like project: two-part tags (`v0.6`), two-part milestone titles (`0.7`)
and a CHANGELOG.md whose sections are `## [0.6] - date`. `--milestone 0.7` finds
the milestone titled 0.7, `--milestone 3` the one numbered 3; a name that finds
none exits 2 naming it and the open milestones, with nothing written anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from test_release_local import WRITE, Project

from conftest import all_refs
from ghlocal import LocalGitHub

CHANGELOG = """\
# Changelog

## [0.7] - 2026-02-01

### Added

- #31: Seven things (@someone)

## [0.6.1] - 2026-01-15

- #30: The patch.

## [0.6] - 2026-01-10

### Added

- #20: Six things (@someone)
"""
SEVEN = "### Added\n\n- #31: Seven things (@someone)"


@pytest.fixture
def project(make_repo: Callable[..., Any], run_cli: Callable[..., Any]) -> Iterator[Project]:
    repo = make_repo(
        {
            "VERSION": "0.1.0\n",  # vmpilot's files lag its tags
            "CHANGELOG.md": CHANGELOG,
            "release-kit.toml": '[release]\nnotes = ["changelog"]\nname = "Release {tag}"\n',
        }
    )
    repo.git("tag", "v0.6")
    repo.push("main", "--tags")
    with LocalGitHub(repo.origin) as gh:
        state = gh.state
        state.add_milestone("0.5", state="closed")
        state.add_milestone("0.8")
        seven = state.add_milestone("0.7")
        state.add_issue("Seven things", milestone=seven.number, state="closed")
        yield Project(repo, gh, run_cli)
        assert gh.take_contract_errors() == []


def _release(project: Project, milestone: str, *more: str) -> Any:
    return project.release(
        "--milestone", milestone, "--create-tag", "--target", "HEAD", "--json", *more
    )


@pytest.mark.parametrize("named", ["0.7", "3", " 0.7 "], ids=["title", "number", "blanks"])
def test_the_milestone_by_title_or_number(project: Project, named: str) -> None:
    result = _release(project, named)
    assert result.code == 0, result.err
    release = project.only_release()
    assert (release.tag_name, release.name, release.draft) == ("v0.7.0", "Release v0.7.0", False)
    assert release.body.strip() == SEVEN  # the two-part section, not 0.6.1's
    assert project.gh.state.milestones[3].state == "closed"
    assert "milestone title '0.7': 0.7 read as 0.7.0" in result.err
    # Re-run: the milestone is closed now; by title it is still found, nothing changes.
    mark = project.mark()
    again = _release(project, named)
    assert again.code == 0, again.err
    assert [r for r in project.since(mark) if r.method in WRITE] == []


def test_a_title_is_looked_up_in_one_list_and_a_number_directly(project: Project) -> None:
    mark = project.mark()
    assert _release(project, "0.7", "--dry-run").code == 0
    paths = [r.path for r in project.since(mark) if r.method == "GET" and "milestones" in r.path]
    assert paths == ["/repos/org/repo/milestones"]
    mark = project.mark()
    assert _release(project, "3", "--dry-run").code == 0
    paths = [r.path for r in project.since(mark) if r.method == "GET" and "milestones" in r.path]
    assert paths == ["/repos/org/repo/milestones/3"]


@pytest.mark.parametrize(
    ("named", "line"),
    [
        ("0.9", "milestone '0.9' does not exist; open milestones: '0.8' (#2), '0.7' (#3)"),
        ("v0.7", "milestone 'v0.7' does not exist; open milestones: '0.8' (#2), '0.7' (#3)"),
        ("9", "milestone #9 does not exist; open milestones: '0.8' (#2), '0.7' (#3)"),
        ("0", "milestone #0 does not exist; open milestones: '0.8' (#2), '0.7' (#3)"),
    ],
    ids=["title", "tag-not-title", "number", "zero"],
)
def test_an_unknown_milestone_is_bad_input_and_changes_nothing(
    project: Project, named: str, line: str
) -> None:
    refs, mark = all_refs(project.repo.origin), project.mark()
    result = _release(project, named)
    assert result.code == 2
    assert json.loads(result.out)["error"] == line
    assert [r for r in project.since(mark) if r.method in WRITE] == []
    assert all_refs(project.repo.origin) == refs and project.gh.state.releases == {}


def test_with_no_open_milestone_the_error_says_so(project: Project) -> None:
    for milestone in project.gh.state.milestones.values():
        milestone.state = "closed"
    result = _release(project, "0.9")
    assert result.code == 2
    assert json.loads(result.out)["error"] == "milestone '0.9' does not exist; no milestone is open"


def test_check_and_publish_take_a_title_too(project: Project) -> None:
    env = {"GITHUB_ACTIONS": "true"}
    checked = project._run(
        project.repo.path, "check", "--milestone", "0.7", "--json", env={**project.env, **env}
    )
    assert checked.code == 0, checked.out
    out = json.loads(checked.out.splitlines()[0])
    assert (out["version"], out["tag"], out["milestone"]) == ("0.7.0", "v0.7.0", "0.7")
    assert out["notes_preview"] == SEVEN  # the changelog section: the notes source named
    unknown = project._run(
        project.repo.path, "check", "--milestone", "0.9", "--json", env={**project.env, **env}
    )
    assert unknown.code == 2
    assert "milestone '0.9' does not exist; open milestones: '0.8' (#2), '0.7' (#3)" in unknown.out

    assert _release(project, "0.7", "--draft").code == 0
    assert project.gh.state.milestones[3].state == "open"  # a draft leaves it open
    published = project.release("--publish", "v0.7.0", "--milestone", "0.7")
    assert published.code == 0, published.err
    assert not project.only_release().draft
    assert project.gh.state.milestones[3].state == "closed"
