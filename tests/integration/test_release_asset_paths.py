"""Release assets are regular files inside the repository: links and paths outside are refused.

A contributor controls file names and symlinks. Each case below would, before
the check, have uploaded a file from outside the repository (or git's own
config, which holds the token when a checkout persists its credentials) as a
release asset. Now `release` exits 2 with one line naming the path, and the
local GitHub server saw no request at all: no release, no upload.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Repo, github_env

SECRET = b"GITHUB_TOKEN=ghs_secret\n"


def _tagged(make_repo: Callable[..., Repo], tmp_path: Path) -> tuple[Repo, Path]:
    repo = make_repo({"CHANGELOG.md": "# Changelog\n\n## 1.0.0\n\n- First.\n", "dist/.keep": ""})
    repo.git("tag", "v1.0.0")
    repo.push("main", "--tags")
    (repo.path / "dist" / "app-1.0.0.tar.gz").write_bytes(b"real sdist")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(SECRET)
    return repo, outside


def _release(run_cli: Callable[..., Any], repo: Repo, server: Any, *args: str) -> Any:
    env = github_env(server.api_url)
    return run_cli(repo.path, "release", "v1.0.0", "--notes", "changelog", *args, env=env)


# id -> (set up the repository, the --asset patterns, the path the error names)
Case = tuple[Callable[[Repo, Path], None], list[str], str]


def _link(rel: str, target: str | Callable[[Path], Path]) -> Callable[[Repo, Path], None]:
    def make(repo: Repo, outside: Path) -> None:
        dest = target(outside) if callable(target) else target
        os.symlink(dest, repo.path / rel)

    return make


def _nothing(repo: Repo, outside: Path) -> None:
    return None


def _dist_is_a_link(repo: Repo, outside: Path) -> None:
    (repo.path / "dist" / "app-1.0.0.tar.gz").unlink()
    (repo.path / "dist" / ".keep").unlink()
    (repo.path / "dist").rmdir()
    os.symlink(outside, repo.path / "dist")


CASES: dict[str, Case] = {
    "link-to-a-file-outside": (
        _link("dist/app.tar.gz", lambda outside: outside / "secret.txt"),
        ["dist/*"],
        "'dist/app.tar.gz' is a symbolic link",
    ),
    "link-to-git-config": (
        _link("dist/config.txt", "../.git/config"),
        ["dist/*"],
        "'dist/config.txt' is a symbolic link (to '../.git/config')",
    ),
    "link-to-proc-environ": (
        _link("dist/env.txt", "/proc/self/environ"),
        ["dist/*.txt"],
        "'dist/env.txt' is a symbolic link (to '/proc/self/environ')",
    ),
    "link-inside-the-repository": (
        _link("dist/copy.tar.gz", "app-1.0.0.tar.gz"),
        ["dist/*"],
        "'dist/copy.tar.gz' is a symbolic link",
    ),
    "dotdot-pattern": (_nothing, ["dist/*", "../outside/*"], "'../outside/secret.txt' resolves"),
    "absolute-pattern-outside": (_nothing, ["{outside}/*"], "secret.txt' resolves to"),
    "folder-is-a-link": (_dist_is_a_link, ["dist/*"], "'dist/secret.txt' resolves to"),
    "git-config-itself": (_nothing, [".git/config"], "'.git/config' is inside .git"),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_link_or_outside_path_is_refused_before_any_request(
    make_repo: Callable[..., Repo],
    run_cli: Callable[..., Any],
    local_github: Callable[..., Any],
    tmp_path: Path,
    case: str,
) -> None:
    """Guards finding 3: without the check each case uploads the linked or outside file."""
    prepare, patterns, named = CASES[case]
    repo, outside = _tagged(make_repo, tmp_path)
    prepare(repo, outside)
    server = local_github(repo.origin)
    args = [a for p in patterns for a in ("--asset", p.format(outside=outside))]
    result = _release(run_cli, repo, server, *args)
    assert result.code == 2, (result.out, result.err)
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert named in result.err
    assert server.requests == []  # refused before the first request
    assert server.state.releases == {} and server.state.assets == {}


def test_regular_files_inside_the_repository_are_uploaded(
    make_repo: Callable[..., Repo],
    run_cli: Callable[..., Any],
    local_github: Callable[..., Any],
    tmp_path: Path,
) -> None:
    """The check lets real files through, by relative pattern and by absolute path inside."""
    repo, _ = _tagged(make_repo, tmp_path)
    (repo.path / "build").mkdir()
    (repo.path / "build" / "app.whl").write_bytes(b"real wheel")
    server = local_github(repo.origin)
    absolute = str(repo.path / "build" / "*.whl")
    result = _release(run_cli, repo, server, "--asset", "dist/*.tar.gz", "--asset", absolute)
    assert result.code == 0, result.err
    (release,) = server.state.releases.values()
    names = {server.state.assets[i].name: server.state.assets[i].data for i in release.asset_ids}
    assert names["app-1.0.0.tar.gz"] == b"real sdist" and names["app.whl"] == b"real wheel"
    assert sorted(names) == ["SHA256SUMS", "app-1.0.0.tar.gz", "app.whl"]
