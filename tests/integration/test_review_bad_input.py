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

from conftest import Repo, all_refs, git_tree_snapshot
from ghlocal.state import Release

RunCli = Callable[..., Any]
MakeRepo = Callable[..., Repo]


def _one_line(result: Any, code: int, text: str) -> None:
    assert result.code == code, (result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert text in lines[0], result.err


def _env(server: Any) -> dict[str, str]:
    return {
        "GITHUB_API_URL": server.api_url,
        "GITHUB_REPOSITORY": "org/repo",
        "GITHUB_TOKEN": "test-token",
    }


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
