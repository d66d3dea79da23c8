"""A release whose notes must come from the changelog is refused at bump time, not after the tag.

When `[release] notes` names `changelog`, create-release refuses a version whose changelog
section is empty; by then push-tag has already made the tag. So the same configuration makes
`[changelog] require` default to true, and `bump` refuses first, with nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import all_refs, git_tree_snapshot

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-10-01\n\n- First.\n"


@pytest.mark.parametrize(
    ("config", "code"),
    [
        ('[release]\nnotes = ["changelog"]\n', 1),
        ('[release]\nnotes = ["changelog", "generated"]\n', 1),
        ('[release]\nnotes = ["generated"]\n', 0),
        ('[changelog]\nrequire = false\n[release]\nnotes = ["changelog"]\n', 0),
        ("", 0),
    ],
    ids=["changelog-only", "changelog-named", "changelog-not-named", "explicit-false", "defaults"],
)
def test_empty_section_refused_when_notes_name_the_changelog(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any], config: str, code: int
) -> None:
    files = {"VERSION": "1.0.0\n", "CHANGELOG.md": CHANGELOG}
    if config:
        files["release-kit.toml"] = config
    repo = make_repo(files)
    before, refs = git_tree_snapshot(repo.path), all_refs(repo.path)
    result = run_cli(repo.path, "bump", "minor", "--commit")
    assert result.code == code, result.err
    if code:
        assert "CHANGELOG.md: the section for 1.1.0 is empty" in result.err
        assert git_tree_snapshot(repo.path) == before
        assert all_refs(repo.path) == refs
    else:
        assert repo.read("VERSION") == "1.1.0\n"
