"""Shared fixtures: real git repositories with a bare `origin`, and the CLI in-process."""

from __future__ import annotations

import fnmatch
import io
import os
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ghlocal import LocalGitHub
from release_kit.cli import main
from release_kit.context import Context

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Release Tester",
    "GIT_AUTHOR_EMAIL": "tester@example.invalid",
    "GIT_COMMITTER_NAME": "Release Tester",
    "GIT_COMMITTER_EMAIL": "tester@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def _isolated_git(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No user or system git config leaks into tests; identity is fixed."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    for key in ("GITHUB_ACTIONS", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    (home / ".gitconfig").write_text(
        "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n"
        "[tag]\n\tgpgSign = false\n[commit]\n\tgpgSign = false\n",
        encoding="utf-8",
    )


@dataclass
class Repo:
    """A work tree whose `origin` is a bare repository beside it."""

    path: Path
    origin: Path

    def git(self, *args: str) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=self.path, capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
        return proc.stdout.strip()

    def write(self, rel: str, text: str) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def read(self, rel: str) -> str:
        return (self.path / rel).read_text(encoding="utf-8")

    def commit_all(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def push(self, *refs: str) -> None:
        self.git("push", "-q", "origin", *(refs or ("HEAD",)))

    def origin_git(self, *args: str) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=self.origin, capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} (origin) failed: {proc.stderr}")
        return proc.stdout.strip()


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Repo]:
    """Create a repository from {path: text}, commit it, and push main to a bare origin."""
    counter = iter(range(1000))

    def _make(files: dict[str, str] | None = None, *, name: str | None = None) -> Repo:
        label = name or f"repo{next(counter)}"
        origin = tmp_path / f"{label}-origin.git"
        work = tmp_path / label
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
        subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True)
        repo = Repo(work, origin)
        repo.git("remote", "add", "origin", str(origin))
        for rel, text in (files or {}).items():
            repo.write(rel, text)
        repo.commit_all("Initial commit")
        repo.git("push", "-q", "-u", "origin", "main")
        return repo

    return _make


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli() -> Iterator[Callable[..., CliResult]]:
    """Run `release-kit ARGS` in-process in `cwd`, with a fixed clock unless given."""

    def _run(
        cwd: Path,
        *args: str,
        env: dict[str, str] | None = None,
        now: datetime | None = None,
    ) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        ctx = Context(
            cwd=cwd,
            env={**os.environ, **(env or {})},
            out=out,
            err=err,
            now=now or datetime(2026, 11, 9, 12, 0, tzinfo=UTC),
        )
        code = main(list(args), ctx)
        return CliResult(code, out.getvalue(), err.getvalue())

    yield _run


class DictTree:
    """An in-memory Tree (see release_kit.tree): {posix path: text}."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files

    def read_text(self, path: str) -> str | None:
        return self.files.get(path)

    def glob(self, pattern: str) -> list[str]:
        return sorted(p for p in self.files if fnmatch.fnmatch(p, pattern))

    def find_files(self, name: str) -> list[str]:
        return sorted(p for p in self.files if p.rpartition("/")[2] == name)


def github_env(api_url: str, **more: str) -> dict[str, str]:
    """The environment a command needs to reach the local GitHub as `org/repo`, plus `more`."""
    return {
        "GITHUB_API_URL": api_url,
        "GITHUB_REPOSITORY": "org/repo",
        "GITHUB_TOKEN": "test-token",
        **more,
    }


def git_tree_snapshot(path: Path) -> dict[str, bytes]:
    """Every file under `path` (outside .git) with its bytes: for 'nothing changed' checks."""
    return {
        p.relative_to(path).as_posix(): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(path).parts
    }


def all_refs(git_dir: Path) -> str:
    """`git for-each-ref` of a repository: for 'no tag or branch left behind' checks."""
    return subprocess.run(
        ["git", "for-each-ref", "--format=%(refname) %(objectname)"],
        cwd=git_dir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


Run = Sequence[str]


@pytest.fixture
def local_github() -> Iterator[Callable[..., LocalGitHub]]:
    """Start a local GitHub API on a bare repository: `local_github(repo.origin, **kw)`.

    Keyword arguments go to LocalGitHub (owner="org", name="repo", token=None).
    Every server is stopped at the end of the test, and the test fails if any
    request or response broke GitHub's OpenAPI description.
    """
    servers: list[LocalGitHub] = []

    def _start(bare_repo: Path, **kwargs: object) -> LocalGitHub:
        server = LocalGitHub(bare_repo, **kwargs).start()  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield _start
    errors = []
    for server in servers:
        server.stop()
        errors += server.contract_errors
    if errors:
        pytest.fail("local GitHub contract violations:\n" + "\n".join(errors))


@pytest.fixture(scope="session")
def act_harness(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """act in host mode with `org/release-kit@v1` mapped to a copy of this working tree.

    One per test session, so the kit's venv is built once and later runs are
    warm. See tests/e2e/act_harness.py: `act_harness.run(workflow, workdir=...,
    api_url=..., secrets=..., payload=...) -> ActRun` (returncode, log, steps).
    """
    from e2e.act_harness import ActHarness

    return ActHarness.for_session(tmp_path_factory.mktemp("act"))
