"""Bad input found by the security review: each exits with one line and changes nothing.

Every test names the finding it guards; each failed (a traceback, exit 1, a
multi-line error, a deleted tag, a wrong tag accepted, a PR at the wrong
version, a template running Python) on the code before the fix.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tagkit import PROJECT, bump, tag_commit, work

from conftest import Repo, all_refs, git_tree_snapshot, github_env
from ghlocal.state import Release

RunCli = Callable[..., Any]
MakeRepo = Callable[..., Repo]


def _one_line(result: Any, code: int, text: str) -> None:
    assert result.code == code, (result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert text in lines[0], result.err


def _env(server: Any) -> dict[str, str]:
    return github_env(server.api_url)


# -- `tool = 'x'` in pyproject.toml ------------------------------------------------------------

TOOL_STRING = 'tool = \'x\'\n\n[project]\nname = "sample"\nversion = "1.0.0"\n'


@pytest.mark.parametrize(
    "args",
    [
        ("version",),
        ("bump", "minor"),
        ("tag", "--mode", "version"),
        ("changelog",),
        ("next-version",),
        ("release", "v1.0.0"),
        ("verify", "v1.0.0"),
        ("rollback", "v1.0.0", "--yes"),
        ("check", "tag"),
        ("wheelhouse", "--dry-run"),
    ],
    ids=lambda args: args[0],
)
def test_tool_that_is_not_a_table_is_one_line(
    make_repo: MakeRepo, run_cli: RunCli, args: tuple[str, ...]
) -> None:
    """Guards `tool = 'x'`: before, every command reading pyproject.toml died with an
    AttributeError traceback (`'str' object has no attribute 'get'`)."""
    repo = make_repo({"pyproject.toml": TOOL_STRING})
    before, refs = git_tree_snapshot(repo.path), all_refs(repo.origin)
    result = run_cli(repo.path, *args, env={"GITHUB_REPOSITORY": "org/repo"})
    _one_line(result, 2, "pyproject.toml:1: [tool] must be a table, got 'x'")
    assert git_tree_snapshot(repo.path) == before and all_refs(repo.origin) == refs


def test_tool_string_at_an_older_commit_is_one_line(make_repo: MakeRepo, run_cli: RunCli) -> None:
    """The same file read at a commit (version --at, tag at a marker) is a SourceError."""
    repo = make_repo({"pyproject.toml": TOOL_STRING})
    old = repo.git("rev-parse", "HEAD")
    repo.write("pyproject.toml", '[project]\nname = "sample"\nversion = "1.0.1"\n')
    repo.commit_all("fix the file")
    result = run_cli(repo.path, "version", "--at", old)
    _one_line(result, 2, "pyproject.toml: [tool] must be a table, got 'x'")


# -- outside a git repository ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("tag",),
        ("tag", "--mode", "version"),
        ("version", "--at", "HEAD"),
        ("release", "v1.0.0"),
        ("changelog",),
        ("next-version",),
        ("branch", "--tag", "v1.0.0"),
        ("pr", "--bump-result", "bump.json"),
    ],
    ids=lambda args: "-".join(a.strip("-") for a in args[:3]),
)
def test_outside_a_repository_is_bad_input(
    tmp_path: Path, run_cli: RunCli, args: tuple[str, ...]
) -> None:
    """Guards "a non-git directory exits 1, not 2": git's "not a git repository" is an
    InputError-class error (NotARepositoryError), one line, exit 2."""
    folder = tmp_path / "not-a-clone"
    folder.mkdir()
    (folder / "bump.json").write_text('{"version": "1.1.0", "changed_files": []}\n')
    result = run_cli(folder, *args, env={"GITHUB_REPOSITORY": "org/repo"})
    _one_line(result, 2, "not a git repository" if args[0] == "version" else "not in a git repo")


def test_verify_outside_a_clone_still_takes_a_full_sha(
    make_repo: MakeRepo, run_cli: RunCli, local_github: Callable[..., Any], tmp_path: Path
) -> None:
    """verify works outside a clone when --commit is a full SHA (not a 'not a repository')."""
    repo = make_repo(PROJECT)
    repo.git("tag", "v1.0.0")
    repo.push("--tags")
    server = local_github(repo.origin)
    state = server.state
    sha = repo.git("rev-parse", "HEAD")
    release = Release(state.next_id(), "v1.0.0", sha, "v1.0.0", "", False, False, "t", "t")
    state.releases[release.id] = release
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    result = run_cli(
        folder, "verify", "v1.0.0", "--commit", sha, "--checksums", "", env=_env(server)
    )
    assert result.code == 0, result.err


# -- verify and rollback check the tag first ---------------------------------------------------


def _released(make_repo: MakeRepo, local_github: Callable[..., Any], files: dict[str, str]) -> Any:
    repo = make_repo({**PROJECT, **files})
    repo.git("tag", "v1.0.0")
    repo.push("--tags")
    server = local_github(repo.origin)
    state = server.state
    sha = repo.git("rev-parse", "HEAD")
    release = Release(state.next_id(), "v1.0.0", sha, "v1.0.0", "", False, False, "t", "t")
    state.releases[release.id] = release
    return repo, server


@pytest.mark.parametrize("command", ["verify", "rollback"])
@pytest.mark.parametrize(
    ("tag", "says"),
    [
        ("v1.0.0\n::error::injected", r"'v1.0.0\n::error::injected' matches neither tag-format"),
        ("release-1.0.0", "matches neither tag-format 'v{version}'"),
        ("v1", "'v1' is a floating tag"),
    ],
    ids=["newline", "other-format", "floating"],
)
def test_verify_and_rollback_check_the_tag_before_any_request(
    make_repo: MakeRepo,
    run_cli: RunCli,
    local_github: Callable[..., Any],
    command: str,
    tag: str,
    says: str,
) -> None:
    """Guards "verify and rollback do not check tag names": a newline in the tag gave a
    multi-line error after requests; now exit 2, one line (the tag quoted), no request."""
    repo, server = _released(make_repo, local_github, {})
    refs = all_refs(repo.origin)
    args = [command, tag, *(["--yes"] if command == "rollback" else [])]
    result = run_cli(repo.path, *args, env=_env(server))
    _one_line(result, 2, says)
    assert server.requests == []
    assert all_refs(repo.origin) == refs and len(server.state.releases) == 1


def test_rollback_of_the_configured_rolling_tag_is_allowed(
    make_repo: MakeRepo, run_cli: RunCli, local_github: Callable[..., Any]
) -> None:
    """[release] rolling-tag names the one tag outside tag-format that is a release."""
    config = {"release-kit.toml": '[release]\nrolling-tag = "dev-latest"\n'}
    repo, server = _released(make_repo, local_github, config)
    result = run_cli(repo.path, "rollback", "dev-latest", "--dry-run", env=_env(server))
    assert result.code == 0, result.err
    assert "nothing to roll back for dev-latest" in result.out


def test_rollback_stops_on_a_broken_configuration(
    make_repo: MakeRepo, run_cli: RunCli, local_github: Callable[..., Any]
) -> None:
    """Guards "rollback ignores a broken configuration and deletes the tag": a typo in any
    table stops it before the first request; the release and the tag stay."""
    broken = {"release-kit.toml": '[release]\nnote = ["changelog"]\n'}
    repo, server = _released(make_repo, local_github, broken)
    refs = all_refs(repo.origin)
    result = run_cli(repo.path, "rollback", "v1.0.0", "--yes", env=_env(server))
    _one_line(result, 2, "release-kit.toml:2: unknown key 'note' in [release]")
    assert server.requests == []
    assert all_refs(repo.origin) == refs and tag_commit(repo, "v1.0.0") is not None
    assert len(server.state.releases) == 1


# -- version mode: a tag of the version on an ancestor -----------------------------------------


def test_someone_elses_tag_on_an_ancestor_is_refused(make_repo: MakeRepo, run_cli: RunCli) -> None:
    """Guards plan_version: v1.1.0 pushed by someone onto an older commit whose files say
    1.0.0 was taken for "already tagged at an ancestor: nothing to do", so 1.1.0 was
    never tagged where it is. Now exit 1, one line naming both commits."""
    repo = make_repo(PROJECT)
    old = repo.git("rev-parse", "HEAD")
    repo.git("tag", "-a", "-m", "not a release", "v1.1.0", old)
    repo.push("refs/tags/v1.1.0")
    repo.git("tag", "-d", "v1.1.0")
    work(repo, "feature")
    head = bump(repo, "1.1.0", marker=False)
    repo.push()
    refs = all_refs(repo.origin)
    result = run_cli(repo.path, "tag", "--mode", "version")
    _one_line(result, 1, f"tag v1.1.0 is at {old[:12]}, an ancestor of {head[:12]}")
    assert "whose files carry version 1.0.0, not 1.1.0" in result.err
    assert all_refs(repo.origin) == refs


# -- pr commits what the bump result names only at that version --------------------------------


def test_pr_refuses_files_that_do_not_carry_the_bump_version(
    make_repo: MakeRepo, run_cli: RunCli, local_github: Callable[..., Any]
) -> None:
    """Guards `pr` on a dirty tree: the bump result says 1.3.0 and names pyproject.toml and
    README.md, but pyproject.toml is still at 1.2.3 (only README.md was edited). Before,
    it committed README.md and opened "Release 1.3.0" at 1.2.3."""
    repo = make_repo({"pyproject.toml": '[project]\nname = "s"\nversion = "1.2.3"\n'})
    repo.write("README.md", "an unrelated edit\n")
    result_file = repo.path.parent / "bump.json"
    files = ["pyproject.toml", "README.md"]
    result_file.write_text(json.dumps({"version": "1.3.0", "changed_files": files}))
    server = local_github(repo.origin)
    refs, local_refs = all_refs(repo.origin), all_refs(repo.path)
    result = run_cli(repo.path, "pr", "--bump-result", str(result_file), env=_env(server))
    _one_line(result, 1, "the bump result is version 1.3.0, but the files to commit carry 1.2.3")
    assert not server.state.pulls
    assert all_refs(repo.origin) == refs and all_refs(repo.path) == local_refs


# -- the [commits] template is sandboxed -------------------------------------------------------


def test_commits_template_cannot_reach_python(
    make_repo: MakeRepo, run_cli: RunCli, tmp_path: Path
) -> None:
    """Guards the unsandboxed `[commits] template`: a template of the repository ran
    `os.system` through `cycler.__init__.__globals__`. Now exit 2, one line, nothing run."""
    marker = tmp_path / "pwned"
    template = "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}\n"
    repo = make_repo(
        {
            "release-kit.toml": '[commits]\ntemplate = "notes.j2"\n',
            "notes.j2": template,
            "CHANGELOG.md": "# Changelog\n",
        }
    )
    repo.write("src.txt", "x\n")
    repo.commit_all("feat: something")
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "changelog")
    _one_line(result, 2, "changelog template: access to attribute '__init__'")
    assert not marker.exists()
    assert git_tree_snapshot(repo.path) == before
