"""Versions from files and tags on real repositories (issue 11), in our own words:

- files behind the tags, with two-part tags (the layout of a project whose
  VERSION file stayed at 0.1.0 while its releases went v0.1 ... v0.6);
- release tags on release branches that main does not reach (a monthly major
  train: main at N.0.0-dev, each release tagged on release-N.0.0);
- floating tags (`v1`, `v10`) beside the releases they follow.

`version`, `bump auto`, `next-version` and `tag --mode version` must give one
answer and say which source won.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from conftest import CliResult, Repo, all_refs, git_tree_snapshot

MakeRepo = Callable[..., Repo]
RunCli = Callable[..., CliResult]


def as_json(result: CliResult) -> dict[str, Any]:
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def pyproject(version: str) -> str:
    return f'[project]\nname = "pilot"\nversion = "{version}"\n'


# -- files behind two-part tags -------------------------------------------------


@pytest.fixture
def behind(make_repo: MakeRepo) -> Repo:
    """VERSION and pyproject say 0.1.0; the releases were tagged v0.1 ... v0.6."""
    repo = make_repo(
        {
            "pyproject.toml": pyproject("0.1.0"),
            "VERSION": "0.1.0\n",
            "release-kit.toml": 'scheme = "semver"\n',
        }
    )
    for minor in range(1, 7):
        repo.commit_all(f"feat: step {minor}")
        repo.git("tag", f"v0.{minor}")
    repo.commit_all("feat: after the last release")
    repo.push("main", "--tags")
    return repo


def test_files_behind_tags_give_one_answer(behind: Repo, run_cli: RunCli) -> None:
    shown = as_json(run_cli(behind.path, "version", "--json"))
    assert (shown["version"], shown["tag"], shown["decided_by"]) == ("0.6.0", "v0.6", "tag")
    assert shown["files_version"] == "0.1.0"
    assert shown["disagreement"] == (
        "files and tags disagree: pyproject.toml:3, VERSION:1 say 0.1.0,"
        " the last release is v0.6 (read as 0.6.0)"
    )
    text = run_cli(behind.path, "version").out
    assert "decided by tag: tag v0.6 (read as 0.6.0)" in text
    assert "files and tags disagree" in text

    nxt = as_json(run_cli(behind.path, "next-version", "--json"))
    assert (nxt["current_version"], nxt["version"], nxt["bump"]) == ("0.6.0", "0.7.0", "minor")

    dry = run_cli(behind.path, "bump", "auto", "--dry-run")
    assert dry.code == 0, dry.err
    assert "would bump 0.6.0 -> 0.7.0 (tag v0.7.0)" in dry.out
    assert "-0.1.0\n+0.7.0" in dry.out  # the files are brought up from where they lag
    assert "auto: the commits since v0.6 ask for minor" in dry.out

    before, refs = git_tree_snapshot(behind.path), all_refs(behind.origin)
    tagged = run_cli(behind.path, "tag", "--mode", "version", "--dry-run")
    assert tagged.code == 0, tagged.err
    assert "already released as v0.1 (read as 0.1.0)" in tagged.out
    assert "behind the last release v0.6" in tagged.out
    assert "would create" not in tagged.out
    assert git_tree_snapshot(behind.path) == before and all_refs(behind.origin) == refs

    bumped = as_json(run_cli(behind.path, "bump", "auto", "--json"))
    assert (bumped["previous"], bumped["version"]) == ("0.6.0", "0.7.0")
    assert behind.read("VERSION") == "0.7.0\n"
    assert 'version = "0.7.0"' in behind.read("pyproject.toml")


def test_an_untagged_version_below_the_last_release_is_not_tagged(
    behind: Repo, run_cli: RunCli
) -> None:
    behind.write("pyproject.toml", pyproject("0.4.5"))
    behind.write("VERSION", "0.4.5\n")
    behind.commit_all("chore: set the files by hand")
    refs = all_refs(behind.origin)
    result = run_cli(behind.path, "tag", "--mode", "version")
    assert result.code == 1
    assert "version 0.4.5" in result.err and "release backwards" in result.err
    assert "v0.6 (read as 0.6.0)" in result.err
    assert all_refs(behind.origin) == refs


# -- release tags on branches main does not reach ----------------------------------


@pytest.fixture
def train(make_repo: MakeRepo) -> Repo:
    """main moves N.0.0-dev -> N+1.0.0-dev; each N.0.0 is tagged on release-N.0.0."""
    repo = make_repo({"package.json": '{"name": "train", "version": "1.0.0-dev"}\n'})
    for major in (1, 2):
        repo.commit_all(f"feat: work for {major}")
        repo.git("checkout", "-q", "-b", f"release-{major}.0.0")
        repo.write("package.json", f'{{"name": "train", "version": "{major}.0.0"}}\n')
        repo.commit_all(f"Release {major}.0.0")
        repo.git("tag", "-a", "-m", f"{major}.0.0", f"v{major}.0.0")
        repo.git("checkout", "-q", "main")
        repo.write("package.json", f'{{"name": "train", "version": "{major + 1}.0.0-dev"}}\n')
        repo.commit_all(f"chore: {major + 1}.0.0-dev")
    repo.git("checkout", "-q", "release-1.0.0")
    repo.commit_all("fix: backported")
    repo.git("tag", "-a", "-m", "1.0.1", "v1.0.1")
    repo.git("checkout", "-q", "main")
    repo.commit_all("fix: on main")
    repo.push("main", "release-1.0.0", "release-2.0.0", "--tags")
    return repo


def test_main_counts_the_releases_on_release_branches(train: Repo, run_cli: RunCli) -> None:
    assert train.git("tag", "--merged", "main") == ""  # no release tag is on main
    nxt = as_json(run_cli(train.path, "next-version", "--json"))
    assert (nxt["last_release_tag"], nxt["current_version"]) == ("v2.0.0", "3.0.0-dev")
    assert (nxt["version"], nxt["changes"]) == ("3.0.0", 2)  # never below 3.0.0-dev
    shown = as_json(run_cli(train.path, "version", "--json"))
    assert (shown["version"], shown["decided_by"], shown["last_release_tag"]) == (
        "3.0.0-dev",
        "files",
        "v2.0.0",
    )
    tagged = run_cli(train.path, "tag", "--mode", "version", "--dry-run")
    assert tagged.code == 0 and "development version" in tagged.out


def test_a_release_branch_counts_its_own_line(train: Repo, run_cli: RunCli) -> None:
    train.git("checkout", "-q", "release-1.0.0")
    train.commit_all("fix: another backport")
    nxt = as_json(run_cli(train.path, "next-version", "--json"))
    assert (nxt["last_release_tag"], nxt["version"], nxt["bump"]) == ("v1.0.1", "1.0.2", "patch")
    shown = as_json(run_cli(train.path, "version", "--json"))
    # the files say 1.0.0 and v1.0.1 is the line's newest: the tag wins, not v2.0.0
    assert (shown["version"], shown["decided_by"]) == ("1.0.1", "tag")
    dry = run_cli(train.path, "bump", "auto", "--dry-run")
    assert "would bump 1.0.1 -> 1.0.2 (tag v1.0.2)" in dry.out, dry.err


def test_tag_only_project_on_a_release_branch(make_repo: MakeRepo, run_cli: RunCli) -> None:
    """setuptools_scm: the version is the tags'; the line's last release counts
    even where the branch does not reach it, and `version` says what HEAD reaches."""
    repo = make_repo(
        {
            "pyproject.toml": '[project]\nname = "scm"\ndynamic = ["version"]\n\n'
            "[tool.setuptools_scm]\n",
            "release-kit.toml": 'tag-format = "{version}"\nscheme = "semver"\n',
        }
    )
    repo.git("tag", "0.25.8")
    repo.git("checkout", "-q", "-b", "release-0.25.9")
    repo.commit_all("fix: on the release branch")
    repo.git("checkout", "-q", "main")
    repo.commit_all("fix: the same fix on main")
    repo.git("tag", "0.25.9")  # tagged on main, not on the branch
    repo.git("checkout", "-q", "release-0.25.9")
    shown = as_json(run_cli(repo.path, "version", "--json"))
    assert (shown["version"], shown["locations"]) == ("0.25.9", ["refs/tags/0.25.9"])
    assert "HEAD reaches 0.25.8 only" in run_cli(repo.path, "version").out
    nxt = as_json(run_cli(repo.path, "next-version", "--json"))
    assert (nxt["version"], nxt["last_release_tag"]) == ("0.25.10", "0.25.9")


# -- floating tags -------------------------------------------------------------------


@pytest.fixture
def floating(make_repo: MakeRepo) -> Repo:
    """Releases v10.0.0 and v10.1.0, and the floating v10 that follows the newest."""
    repo = make_repo({"pyproject.toml": pyproject("10.1.0")})
    repo.commit_all("feat: ten")
    repo.git("tag", "v10.0.0")
    repo.commit_all("feat: ten one")
    repo.git("tag", "v10.1.0")
    repo.git("tag", "v10")
    repo.commit_all("fix: after")
    repo.push("main", "--tags")
    return repo


def test_floating_tags_are_never_releases(floating: Repo, run_cli: RunCli) -> None:
    log = run_cli(floating.path, "changelog", "--all", "--stdout")
    assert log.code == 0, log.err
    heads = [line for line in log.out.splitlines() if line.startswith("## ")]
    assert [h.split(" - ")[0] for h in heads] == ["## [Unreleased]", "## [10.1.0]", "## [10.0.0]"]
    nxt = as_json(run_cli(floating.path, "next-version", "--json"))
    assert (nxt["last_release_tag"], nxt["version"]) == ("v10.1.0", "10.1.1")

    before = all_refs(floating.origin)
    made = run_cli(floating.path, "branch", "--tag", "v10", "--json")
    assert as_json(made)["branch"] == ""
    text = run_cli(floating.path, "branch", "--tag", "v10")
    assert text.code == 0 and text.out.startswith("floating tag: nothing to release")
    assert all_refs(floating.origin) == before
    real = as_json(run_cli(floating.path, "branch", "--tag", "v10.1.0", "--json"))
    assert real["branch"] == "release/v10.1.0"


def test_release_command_skips_a_floating_tag(floating: Repo, run_cli: RunCli) -> None:
    before = all_refs(floating.origin)
    result = run_cli(floating.path, "release", "v10", env={"GITHUB_TOKEN": "unused"})
    assert result.code == 0, result.err
    assert result.out.startswith("floating tag: nothing to release")
    assert all_refs(floating.origin) == before
