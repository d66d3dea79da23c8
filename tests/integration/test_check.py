"""`release-kit check`: every gate of a run listed at once, in a fixed order, and
nothing changed anywhere (origin, the clone, the local GitHub).

A Python project at 1.4.0 (tags v1.3.0, v1.4.0), a changelog with a pending
section, on a real git repository with a bare origin and the local GitHub server.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from conftest import all_refs, git_tree_snapshot, github_env
from ghlocal import LocalGitHub

WRITE = ("POST", "PATCH", "PUT", "DELETE")
CHANGELOG = (
    "# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n- Crash on start.\n\n## [1.4.0]\n\n- First.\n"
)
CONFIG = 'patch-branches = ["release/*"]\n\n[release]\nblocker-label = "release-blocker"\n'


class Run:
    def __init__(self, repo: Any, gh: LocalGitHub, run_cli: Callable[..., Any]) -> None:
        self.repo, self.gh, self._run = repo, gh, run_cli
        self.env = github_env(gh.api_url, GITHUB_ACTIONS="true")

    def check(self, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
        before = (git_tree_snapshot(self.repo.path), all_refs(self.repo.path))
        origin = all_refs(self.repo.origin)
        mark = len(self.gh.requests)
        result = self._run(
            self.repo.path, "check", "--json", *args, env={**self.env, **(env or {})}
        )
        writes = [(r.method, r.path) for r in self.gh.requests[mark:] if r.method in WRITE]
        assert writes == [], writes  # a check asks, it never changes
        assert (git_tree_snapshot(self.repo.path), all_refs(self.repo.path)) == before
        assert all_refs(self.repo.origin) == origin
        return result.code, json.loads(result.out.splitlines()[0])


@pytest.fixture
def run(make_repo: Callable[..., Any], run_cli: Callable[..., Any]) -> Iterator[Run]:
    repo = make_repo(
        {
            "pyproject.toml": '[project]\nname = "demo"\nversion = "1.3.0"\n',
            "CHANGELOG.md": CHANGELOG.replace("## [1.4.0]\n\n- First.\n", ""),
            "release-kit.toml": CONFIG,
        }
    )
    repo.git("tag", "v1.3.0")
    repo.write("pyproject.toml", '[project]\nname = "demo"\nversion = "1.4.0"\n')
    repo.write("CHANGELOG.md", CHANGELOG)
    repo.commit_all("release 1.4.0")
    repo.git("tag", "v1.4.0")
    repo.push("main", "--tags")
    with LocalGitHub(repo.origin) as gh:
        yield Run(repo, gh, run_cli)
        assert gh.take_contract_errors() == []


def _lines(payload: dict[str, Any]) -> list[str]:
    return [f"{p['kind']}: {p['step']}: {p['message']}" for p in payload["problems"]]


def test_a_ready_run_says_what_it_would_do(run: Run) -> None:
    code, out = run.check("--bump", "minor")
    assert code == 0, out
    assert out["ready"] and out["problems"] == []
    assert (out["version"], out["tag"], out["steps"]) == (
        "1.5.0",
        "v1.5.0",
        ["config", "bump", "tag", "release"],
    )
    assert out["would"][0] == "bump 1.4.0 -> 1.5.0 (pyproject.toml, CHANGELOG.md) and commit it"


def test_every_problem_is_listed_in_the_fixed_order(run: Run) -> None:
    """Patch on main (policy), a blocker (gate), an empty pending section (content):
    all of them, in that order, not only the first one met."""
    run.gh.state.add_issue("Data loss", labels=["release-blocker"])
    run.repo.write("CHANGELOG.md", CHANGELOG.replace("### Fixed\n\n- Crash on start.\n\n", ""))
    run.repo.write("release-kit.toml", CONFIG + "\n[changelog]\nrequire = true\n")
    run.repo.commit_all("empty pending section")
    code, out = run.check("--bump", "patch")
    assert code == 1
    lines = _lines(out)
    assert lines[0].startswith("policy: bump: patch releases are made on release/* only")
    assert lines[1] == (
        "gate: release: 1 open issue(s) labelled 'release-blocker' block the release: #1 Data loss"
    )
    assert (
        lines[2]
        == "content: bump: CHANGELOG.md: the section for 1.4.1 is empty; describe the changes"
    )
    assert len(lines) == 3


def test_a_milestone_with_an_open_issue(run: Run) -> None:
    number = run.gh.state.add_milestone("v1.5.0").number
    run.gh.state.add_issue("Still broken", milestone=number)
    code, out = run.check("--milestone", str(number))
    assert code == 1
    assert _lines(out) == ["gate: release: milestone 'v1.5.0' has 1 open issue(s): #1 Still broken"]
    code, out = run.check("--milestone", str(number), "--bump", "minor")
    assert code == 2 and "input: bump: --milestone gives the version" in _lines(out)[0]


def test_a_configuration_typo_in_any_table_is_bad_input_listed_with_the_others(run: Run) -> None:
    run.repo.write("release-kit.toml", CONFIG + "note = []\n\n[tag]\nmod = 'version'\n")
    run.repo.commit_all("typos")
    code, out = run.check("--bump", "minor")
    assert code == 2
    text = "\n".join(_lines(out))
    assert "[release]" in text and "note" in text
    assert "[tag]" in text and "mod" in text
    assert all(p["kind"] == "input" for p in out["problems"])


def test_a_tag_on_another_commit_and_a_version_below_the_last_release(run: Run) -> None:
    repo = run.repo
    repo.git("checkout", "-q", "-b", "side", "v1.3.0")
    repo.write("side.txt", "side\n")
    repo.commit_all("side")
    repo.git("tag", "v1.5.0")
    repo.push("v1.5.0")
    repo.git("checkout", "-q", "main")
    repo.write("pyproject.toml", '[project]\nname = "demo"\nversion = "1.5.0"\n')
    repo.commit_all("1.5.0 by hand")
    code, out = run.check("tag")
    assert code == 1
    assert any(line.startswith("gate: tag: tag v1.5.0 already exists at") for line in _lines(out))
    repo.git("push", "-q", "origin", ":refs/tags/v1.5.0")
    repo.git("tag", "-d", "v1.5.0")
    repo.git("reset", "-q", "--hard", "HEAD~1")
    run.repo.git("tag", "v2.0.0", "v1.3.0")
    code, out = run.check("tag", "release")
    assert code == 0, out  # v1.4.0 is on HEAD already: a re-run, not a release backwards
    run.repo.write("pyproject.toml", '[project]\nname = "demo"\nversion = "1.4.1"\n')
    run.repo.commit_all("1.4.1 by hand")
    code, out = run.check("tag")
    assert code == 1
    assert any(line.startswith("gate: tag: ") and "backwards" in line for line in _lines(out)), out
    code, out = run.check("--bump", "patch", "--branch", "release/v1.4")
    assert (code, out["version"]) == (0, "1.4.2"), out  # the 1.4 line: v1.4.0 is its last


def test_the_tag_already_on_this_commit_is_a_re_run(run: Run) -> None:
    code, out = run.check("tag", "release")
    assert code == 0, out
    assert out["tag"] == "v1.4.0"


def test_a_merge_that_conflicts_and_a_branch_that_is_missing(run: Run) -> None:
    repo = run.repo
    repo.git("checkout", "-q", "-b", "dev")
    repo.write("CHANGELOG.md", CHANGELOG.replace("Crash on start", "Crash on exit"))
    repo.commit_all("dev edit")
    repo.push("dev")
    repo.git("checkout", "-q", "main")
    repo.write("CHANGELOG.md", CHANGELOG.replace("Crash on start", "Crash on load"))
    repo.commit_all("main edit")
    repo.push("main")
    code, out = run.check("merge", "--merge-from", "dev")
    assert code == 1
    assert "gate: merge: merging dev into main conflicts: CHANGELOG.md" in _lines(out)
    code, out = run.check("merge", "--merge-from", "nope")
    assert code == 2
    assert "input: merge: branch nope to merge does not exist on origin" in _lines(out)


def test_required_checks_failing_refuse(run: Run) -> None:
    run.repo.write("release-kit.toml", CONFIG + '\n[tag]\nrequired-checks = ["ci"]\n')
    run.repo.write("pyproject.toml", '[project]\nname = "demo"\nversion = "1.5.0"\n')
    run.repo.commit_all("1.5.0 by hand")
    run.repo.push("main")
    sha = run.repo.git("rev-parse", "HEAD").strip()
    run.gh.state.add_check_run(sha, "ci", conclusion="failure")
    code, out = run.check("tag")
    assert code == 1
    assert _lines(out) == [f"gate: tag: checks of {sha[:12]} failed: ci"]
    run.gh.state.add_check_run(sha, "ci", conclusion="success")
    run.gh.state.check_runs = [r for r in run.gh.state.check_runs if r.conclusion == "success"]
    code, out = run.check("tag")
    assert code == 0, out
    assert out["would"] == ["tag v1.5.0 and push it"]


def test_bad_input_is_exit_2(run: Run) -> None:
    code, out = run.check("--milestone", "seven", env={"GITHUB_ACTIONS": ""})
    assert code == 2  # a title no milestone has
    assert "input: tag: milestone 'seven' does not exist; no milestone is open" in _lines(out)
    code, out = run.check("bogus", env={"GITHUB_ACTIONS": ""})
    assert code == 2 and "unknown step(s) bogus" in out["error"]


def test_on_a_laptop_the_milestone_check_covers_the_prepare_script(run: Run) -> None:
    """Not on a runner: the expected branch, clean and pushed; the milestone's version
    and its open issues; the draft notes printed."""
    state = run.gh.state
    number = state.add_milestone("Release 1.5.0").number
    state.add_issue("Fixed the thing", milestone=number, state="closed")
    run.repo.git("checkout", "-q", "-b", "topic")
    run.repo.write("notes.txt", "local\n")
    code, out = run.check("--milestone", str(number), env={"GITHUB_ACTIONS": ""})
    assert code == 1
    lines = _lines(out)
    assert "policy: config: on topic, not on main" in lines
    assert any(
        line.startswith("policy: config: the work tree has uncommitted changes") for line in lines
    )
    assert "policy: config: topic is not on origin: push it" in lines
    assert out["version"] == "1.5.0" and out["tag"] == "v1.5.0"
    assert "Fixed the thing (#1)" in out["notes_preview"]


def test_a_draft_run_pushes_no_tag(run: Run) -> None:
    code, out = run.check("--bump", "minor", "--draft=true")
    assert code == 0, out
    assert any("a draft release pushes no tag" in line for line in out["would"])
    assert out["draft"] is True
