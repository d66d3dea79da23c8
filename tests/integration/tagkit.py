"""Helpers for the tag and branch integration tests: a Python project with a changelog."""

from __future__ import annotations

import json
from typing import Any

MARK = "[automatically-tag-and-release-this-commit]"


def pyproject(version: str) -> str:
    return f'[project]\nname = "sample"\nversion = "{version}"\n'


def changelog(*versions: str) -> str:
    sections = "".join(
        f"## [{v}] - 2026-11-09\n\n### Added\n\n- Feature of {v}.\n\n" for v in versions
    )
    return f"# Changelog\n\n## [Unreleased]\n\n{sections}"


PROJECT = {"pyproject.toml": pyproject("1.0.0"), "CHANGELOG.md": changelog("1.0.0")}


def bump(repo: Any, version: str, *, marker: bool = True, extra: str = "") -> str:
    """Commit a version bump (with the marker on a line of its own by default, as the
    default `commit-message` writes it)."""
    repo.write("pyproject.toml", pyproject(version))
    repo.write("CHANGELOG.md", changelog(version))
    message = f"Release {version}" + extra + (f"\n\n{MARK}" if marker else "")
    return str(repo.commit_all(message))


def work(repo: Any, label: str) -> str:
    repo.write(f"src/{label}.txt", label)
    return str(repo.commit_all(f"Work on {label}"))


def payload(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def tag_commit(repo: Any, tag: str) -> str | None:
    out = repo.origin_git("for-each-ref", "--format=%(objectname)", f"refs/tags/{tag}")
    if not out:
        return None
    return str(repo.origin_git("rev-parse", f"refs/tags/{tag}^{{commit}}"))
