"""`next-version` and `changelog` on real repositories with a bare origin."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from typing import Any

import pytest

from conftest import CliResult, Repo, all_refs, git_tree_snapshot
from release_kit.git import Git

MakeRepo = Callable[..., Repo]
RunCli = Callable[..., CliResult]


def commits(repo: Repo, *messages: str) -> None:
    for message in messages:
        repo.commit_all(message)


def next_version(run_cli: RunCli, repo: Repo, *args: str) -> dict[str, Any]:
    result = run_cli(repo.path, "next-version", "--json", *args)
    assert result.code == 0, result.err
    payload: dict[str, Any] = json.loads(result.out)
    return payload


def test_next_version_from_commits_since_the_last_tag(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo()
    repo.git("tag", "v1.2.3")
    commits(repo, "fix: a", "docs: b")
    assert next_version(run_cli, repo)["version"] == "1.2.4"
    commits(repo, "feat(x): c")
    payload = next_version(run_cli, repo)
    assert payload == {
        "version": "1.3.0",
        "tag": "v1.3.0",
        "bump": "minor",
        "current_version": "1.2.3",
        "current_tag": "v1.2.3",
        "last_release": "1.2.3",
        "channel": "",
        "changes": 3,
        "decided_by": "tag",
        "reason": "tag v1.2.3, the last release counting every release tag (main is not a"
        " release branch): the version comes from tags",
        "files_version": "",
        "last_release_tag": "v1.2.3",
        "disagreement": "",
    }
    repo.git("tag", "-a", "-m", "release", "v1.3.0")  # annotated tags are peeled
    payload = next_version(run_cli, repo)
    assert (payload["bump"], payload["version"], payload["changes"]) == ("none", "1.3.0", 0)
    text = run_cli(repo.path, "next-version")
    assert text.out == "1.3.0\n"


def test_untagged_repository_starts_from_the_initial_version(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    repo = make_repo()
    commits(repo, "feat!: first public api")
    payload = next_version(run_cli, repo)
    assert (payload["version"], payload["bump"], payload["current_tag"]) == ("0.1.0", "minor", "")


def test_monorepo_prefix_ignores_other_packages_and_counts_tags_off_the_branch(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    # Until issue 11, a release tag HEAD does not reach was ignored; now it is a
    # release of the line wherever it sits (wasmtime's v48.0.0 on release-48.0.0).
    repo = make_repo({"release-kit.toml": 'tag-format = "core-v{version}"\n'})
    repo.git("tag", "core-v2.0.0")
    commits(repo, "feat: for core")
    repo.git("tag", "cli-v9.0.0")  # another package of the monorepo
    repo.git("checkout", "-q", "-b", "side")
    commits(repo, "fix: only on side")
    repo.git("checkout", "-q", "main")
    commits(repo, "fix: on main")
    payload = next_version(run_cli, repo)
    assert (payload["current_tag"], payload["version"], payload["tag"]) == (
        "core-v2.0.0",
        "2.1.0",
        "core-v2.1.0",
    )
    repo.git("tag", "core-v3.0.0", "side")  # released from the side branch
    payload = next_version(run_cli, repo)
    assert (payload["current_tag"], payload["version"], payload["changes"]) == (
        "core-v3.0.0",
        "3.0.1",
        1,  # only "fix: on main": "feat: for core" is in core-v3.0.0 already
    )


def test_prerelease_channel_per_branch(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo({"release-kit.toml": '[commits]\nchannels = { "develop" = "beta" }\n'})
    repo.git("tag", "v1.0.0")
    repo.git("checkout", "-q", "-b", "develop")
    commits(repo, "feat: shiny")
    payload = next_version(run_cli, repo)
    assert (payload["version"], payload["channel"]) == ("1.1.0-beta.1", "beta")
    repo.git("tag", "v1.1.0-beta.1")
    assert next_version(run_cli, repo)["bump"] == "none"  # nothing new since beta.1
    commits(repo, "fix: polish")
    assert next_version(run_cli, repo)["version"] == "1.1.0-beta.2"
    assert next_version(run_cli, repo, "--branch", "main")["version"] == "1.1.0"
    # On a runner the branch comes from the event, not the (detached) checkout.
    repo.git("checkout", "-q", "--detach")
    result = run_cli(repo.path, "next-version", env={"GITHUB_REF": "refs/heads/develop"})
    assert result.out == "1.1.0-beta.2\n"


def test_python_project_uses_pep440(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo(
        {
            "pyproject.toml": '[project]\nname = "p"\nversion = "1.0.0"\n\n'
            '[tool.release-kit.commits]\nchannels = { "main" = "rc" }\n'
        }
    )
    repo.git("tag", "v1.0.0")
    commits(repo, "feat: x")
    assert next_version(run_cli, repo)["version"] == "1.1.0rc1"


def test_one_log_and_one_for_each_ref(
    make_repo: MakeRepo, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo()
    for n in range(5):
        commits(repo, f"fix: {n}", f"feat: {n}")
        repo.git("tag", f"v1.{n}.0")
    commits(repo, "fix: last")
    calls: list[str] = []

    class Spy(subprocess.Popen):  # type: ignore[type-arg]
        def __init__(self, args: Any, *rest: Any, **kwargs: Any) -> None:
            if args[0] == "git":
                calls.append(args[1])
            super().__init__(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", Spy)
    next_version(run_cli, repo)
    assert calls == ["for-each-ref", "log"]
    calls.clear()
    assert run_cli(repo.path, "changelog", "--all", "--stdout").code == 0
    assert sorted(calls) == ["config", "for-each-ref", "log"]


def test_changelog_whole_history_grouped_by_version(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo()
    commits(repo, "feat: one")
    repo.git("tag", "v0.1.0")
    repo.git("checkout", "-q", "-b", "topic")
    commits(repo, "fix: from topic")
    repo.git("checkout", "-q", "main")
    commits(repo, "perf: faster")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge pull request #7 from me/topic", "topic")
    repo.git("tag", "v0.2.0")
    commits(repo, "feat: unreleased (#9)")
    env = {"GITHUB_SERVER_URL": "https://ghe.example.com", "GITHUB_REPOSITORY": "o/r"}
    result = run_cli(repo.path, "changelog", "--all", "--stdout", env=env)
    assert result.code == 0, result.err
    text = result.out
    heads = [line for line in text.splitlines() if line.startswith("## ")]
    assert heads[0] == "## [Unreleased]"
    assert heads[1].startswith("## [0.2.0] - ")
    assert heads[2].startswith("## [0.1.0] - ")
    links = [line for line in text.splitlines() if line.startswith("[")]
    assert links == [
        "[Unreleased]: https://ghe.example.com/o/r/compare/v0.2.0...HEAD",
        "[0.2.0]: https://ghe.example.com/o/r/compare/v0.1.0...v0.2.0",
        "[0.1.0]: https://ghe.example.com/o/r/tree/v0.1.0",
    ]
    v2 = text[text.index("## [0.2.0]") : text.index("## [0.1.0]")]
    assert "from topic" in v2 and "faster" in v2 and "Merge" not in v2
    assert "unreleased ([#9](https://ghe.example.com/o/r/pull/9))" in text


def test_changelog_writes_under_unreleased_idempotently(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    below = "## [1.0.0] - 2020-01-01\n\n*   kept   exactly as written\n"
    repo = make_repo({"CHANGELOG.md": "# Changelog\n\n" + below})
    repo.git("tag", "v1.0.0")
    commits(repo, "feat: new thing")
    before = git_tree_snapshot(repo.path)
    dry = run_cli(repo.path, "changelog", "--dry-run")
    assert dry.code == 0 and "+- new thing" in dry.out
    assert git_tree_snapshot(repo.path) == before
    first = run_cli(repo.path, "changelog", "--json")
    assert json.loads(first.out)["changed"] is True
    text = repo.read("CHANGELOG.md")
    assert text.startswith("# Changelog\n\n## [Unreleased]\n\n### Features\n\n- new thing (")
    assert text.endswith("\n" + below)
    again = run_cli(repo.path, "changelog", "--json")
    assert json.loads(again.out)["changed"] is False
    assert repo.read("CHANGELOG.md") == text
    titled = run_cli(repo.path, "changelog", "--version", "1.1.0")
    assert titled.code == 0
    assert repo.read("CHANGELOG.md").startswith("# Changelog\n\n## [1.1.0] - 2026-11-09\n")
    assert repo.read("CHANGELOG.md").endswith("\n" + below)


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        pytest.param(
            {"release-kit.toml": "[commits]\nsectons = {}\n"},
            ("changelog",),
            "unknown key",
            id="unknown-key",
        ),
        pytest.param({}, ("changelog", "--version", "one.two"), "version", id="bad-version"),
        pytest.param(
            {"release-kit.toml": '[commits]\ntemplate = "nope.j2"\n'},
            ("changelog",),
            "nope.j2",
            id="missing-template",
        ),
        pytest.param(
            {"release-kit.toml": "[commits]\nmajor-on-zero = 1\n"},
            ("next-version",),
            "true or false",
            id="bad-type",
        ),
    ],
)
def test_bad_input_exits_2_and_changes_nothing(
    make_repo: MakeRepo, run_cli: RunCli, files: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    repo = make_repo(files)
    commits(repo, "feat: x")
    before, refs = git_tree_snapshot(repo.path), all_refs(repo.path)
    result = run_cli(repo.path, *args)
    assert result.code == 2
    assert message in result.err and len(result.err.strip().splitlines()) == 1
    assert git_tree_snapshot(repo.path) == before and all_refs(repo.path) == refs


def test_render_commit_notes_for_a_release(make_repo: MakeRepo) -> None:
    from release_kit.commits import render_commit_notes

    repo = make_repo()
    repo.git("tag", "v1.0.0")
    commits(repo, "feat: a (#3)", "chore: b", "fix: c")
    repo.git("tag", "v1.1.0")
    notes = render_commit_notes(Git(repo.path), "v1.0.0", "v1.1.0")
    assert notes.startswith("### Features\n\n- a (#3) (")
    assert "### Bug fixes\n\n- c (" in notes and "chore" not in notes
    assert not [line for line in notes.splitlines() if line.startswith("## ")]
    assert render_commit_notes(Git(repo.path), "v1.1.0", "v1.1.0") == ""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({}, "1.1.0-rc.1", id="no-manifest-semver"),
        pytest.param({"package.json": '{"name": "p", "version": "1.0.0"}'}, "1.1.0-rc.1", id="npm"),
        pytest.param(
            {"pyproject.toml": '[project]\nname = "p"\nversion = "1.0.0"\n'}, "1.1.0rc1", id="py"
        ),
        pytest.param(
            {
                "package.json": '{"name": "p", "version": "1.0.0"}',
                "pyproject.toml": "[tool.ruff]\nline-length = 90\n",
            },
            "1.1.0-rc.1",
            id="npm-with-tool-only-pyproject",
        ),
    ],
)
def test_auto_scheme_matches_the_version_source(
    make_repo: MakeRepo, run_cli: RunCli, files: dict[str, str], expected: str
) -> None:
    repo = make_repo(
        {**files, ".github/release-kit.toml": '[commits]\nchannels = { "*" = "rc" }\n'}
    )
    repo.git("tag", "v1.0.0")
    commits(repo, "feat: x")
    assert next_version(run_cli, repo)["version"] == expected


def test_changelog_then_bump_promotes_and_the_next_run_keeps_it(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    repo = make_repo({"pyproject.toml": '[project]\nname = "p"\nversion = "1.0.0"\n'})
    repo.git("tag", "v1.0.0")
    repo.git("remote", "set-url", "origin", "https://github.com/o/r.git")
    commits(repo, "feat: first feature (#1)")
    assert run_cli(repo.path, "changelog").code == 0
    repo.commit_all("docs: changelog")
    bumped = run_cli(repo.path, "bump", "auto", "--commit")
    assert bumped.code == 0, bumped.err
    repo.git("tag", "v1.1.0")
    released = repo.read("CHANGELOG.md")
    assert "## [1.1.0] - 2026-11-09\n\n### Features\n\n- first feature" in released
    assert "[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0" in released
    commits(repo, "fix: after the release")
    assert run_cli(repo.path, "changelog").code == 0
    text = repo.read("CHANGELOG.md")
    assert text.startswith("# Changelog\n\n## [Unreleased]\n\n### Bug fixes\n\n- after the release")
    assert text.endswith(released[released.index("## [1.1.0]") :])


def test_never_below_a_pre_release_of_the_cycle(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo({"release-kit.toml": '[commits]\nchannels = { "next" = "rc" }\n'})
    repo.git("tag", "v2.0.0-rc.1")  # cut by hand; no release yet
    commits(repo, "fix: small")
    assert next_version(run_cli, repo)["version"] == "2.0.0"
    assert next_version(run_cli, repo, "--branch", "next")["version"] == "2.0.0-rc.2"


def test_changelog_all_rewrites_below_the_preamble(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo({"CHANGELOG.md": "# Changes\n\nWritten by hand.\n\n## old stuff\n"})
    commits(repo, "feat: one")
    repo.git("tag", "v0.1.0")
    commits(repo, "fix: two")
    refused = run_cli(repo.path, "changelog", "--all", "--json")
    assert refused.code == 2 and "--all would drop 1 line(s)" in refused.err
    assert repo.read("CHANGELOG.md") == "# Changes\n\nWritten by hand.\n\n## old stuff\n"
    result = run_cli(repo.path, "changelog", "--all", "--replace", "--json")
    assert result.code == 0 and json.loads(result.out)["releases"] == 1
    text = repo.read("CHANGELOG.md")
    assert text.startswith("# Changes\n\nWritten by hand.\n\n## [Unreleased]\n")
    assert "## [0.1.0] - " in text and "old stuff" not in text


@pytest.mark.parametrize(
    ("files", "written"),
    [
        pytest.param({}, "CHANGELOG.md", id="default"),
        pytest.param({"RELEASES.md": "# Releases\n"}, "RELEASES.md", id="existing-usual-name"),
        pytest.param(
            {"release-kit.toml": '[changelog]\npath = "docs/CHANGES.md"\n'},
            "docs/CHANGES.md",
            id="changelog-path",
        ),
    ],
)
def test_changelog_writes_the_file_bump_promotes(
    make_repo: MakeRepo, run_cli: RunCli, files: dict[str, str], written: str
) -> None:
    repo = make_repo(files)
    commits(repo, "feat: x")
    result = run_cli(repo.path, "changelog", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["file"] == written
    assert "## [Unreleased]" in repo.read(written)


def test_commands_work_from_a_subfolder(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo({"release-kit.toml": 'tag-format = "{version}"\n', "src/x.txt": "x\n"})
    repo.git("tag", "1.0.0")
    commits(repo, "feat: x")
    result = run_cli(repo.path / "src", "next-version", "--json")
    assert json.loads(result.out)["tag"] == "1.1.0"
    result = run_cli(repo.path, "changelog", "--json", "-C", "src")
    assert result.code == 0 and json.loads(result.out)["file"] == "CHANGELOG.md"
    assert (repo.path / "CHANGELOG.md").is_file()
