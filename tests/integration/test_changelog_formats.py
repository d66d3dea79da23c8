"""Changelog layouts met in real repositories, in our own words: a pending heading that is
not `[Unreleased]`, a reStructuredText file, hand-written entries, and a RELEASES.md-style
file whose next section is a template of empty headings above a rule line."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from conftest import git_tree_snapshot
from release_kit.changelog import section

MakeRepo = Callable[..., Any]
RunCli = Callable[..., Any]

PYPROJECT = '[project]\nname = "demo"\nversion = "0.4.0"\n'
PRERELEASE = (
    "# Changelog\n\n## [Prerelease] - Unreleased\n\n### Added\n* A switch, by hand.\n\n"
    "## [v0.4.0] - 2026-01-02\n\n### Added\n* First.\n"
)
TEMPLATE = (
    "## 8.0.0\n\nUnreleased.\n\n### Added\n\n### Changed\n\n"
    "--------------------------------------------------------------------------------\n\n"
    "Older notes live on the release branches.\n"
)
RELEASE_NOTES_CONFIG = '[changelog]\npath = "RELEASES.md"\n\n[release]\nnotes = ["changelog"]\n'


def test_prerelease_pending_heading_is_promoted_in_the_files_own_spelling(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    repo = make_repo({"pyproject.toml": PYPROJECT, "CHANGELOG.md": PRERELEASE})
    result = run_cli(repo.path, "bump", "minor")
    assert result.code == 0, result.err
    text = repo.read("CHANGELOG.md")
    assert text.startswith(
        "# Changelog\n\n## [Prerelease] - Unreleased\n\n## [v0.5.0] - 2026-11-09\n\n### Added\n"
        "* A switch, by hand.\n"
    )
    assert section(text, "0.5.0") == "### Added\n* A switch, by hand."


def test_changelog_adds_beside_hand_written_lines_under_the_pending_heading(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    repo = make_repo({"pyproject.toml": PYPROJECT, "CHANGELOG.md": PRERELEASE})
    repo.git("tag", "v0.4.0")
    repo.write("a.txt", "a\n")
    repo.commit_all("feat: a generated entry")
    assert run_cli(repo.path, "changelog").code == 0
    text = repo.read("CHANGELOG.md")
    assert text.count("Unreleased") == 1
    assert "* A switch, by hand.\n" in text and "- a generated entry (" in text
    once = text
    assert run_cli(repo.path, "changelog").code == 0
    assert repo.read("CHANGELOG.md") == once  # idempotent
    assert run_cli(repo.path, "changelog", "--replace").code == 0
    assert "A switch, by hand" not in repo.read("CHANGELOG.md")  # only on request


def test_rst_changelog_is_refused_not_shadowed(make_repo: MakeRepo, run_cli: RunCli) -> None:
    rst = "Changelog\n=========\n\nUnreleased\n----------\n\n- A change.\n"
    repo = make_repo({"pyproject.toml": PYPROJECT, "CHANGELOG.rst": rst})
    before = git_tree_snapshot(repo.path)
    for args in (("changelog",), ("changelog", "--file", "CHANGELOG.rst"), ("bump", "minor")):
        result = run_cli(repo.path, *args, "--json")
        assert result.code == 2, (args, result.err)
        assert "CHANGELOG.rst: reStructuredText" in json.loads(result.out)["error"]
        assert len(result.err.strip().splitlines()) == 1
    assert git_tree_snapshot(repo.path) == before
    assert run_cli(repo.path, "bump", "minor", "--no-changelog").code == 0


def test_template_section_bumps_with_a_note_and_is_no_release_notes(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    repo = make_repo(
        {
            "pyproject.toml": PYPROJECT.replace("0.4.0", "8.0.0.dev0"),
            "RELEASES.md": TEMPLATE,
            "release-kit.toml": RELEASE_NOTES_CONFIG,
        }
    )
    result = run_cli(repo.path, "bump", "release", "--json")
    assert result.code == 0, result.err
    notes = json.loads(result.out)["notes"]
    assert any("only its template headings" in n for n in notes)
    text = repo.read("RELEASES.md")
    assert text.startswith("## 8.0.0\n\nReleased 2026-11-09.\n\n### Added\n")
    assert section(text, "8.0.0") == ""  # empty headings are not notes
    filled = text.replace("### Added\n", "### Added\n\n* A new flag.\n", 1)
    assert section(filled, "8.0.0") == "### Added\n\n* A new flag."


def test_an_empty_section_without_template_headings_is_still_refused(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    bare = "## 8.0.0\n\nUnreleased.\n\n----\n"
    repo = make_repo(
        {
            "pyproject.toml": PYPROJECT.replace("0.4.0", "8.0.0.dev0"),
            "RELEASES.md": bare,
            "release-kit.toml": RELEASE_NOTES_CONFIG,
        }
    )
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "bump", "release")
    assert result.code == 1 and "is empty" in result.err
    assert git_tree_snapshot(repo.path) == before


def test_the_next_section_is_started_from_the_template_file(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    released = TEMPLATE.replace("Unreleased.", "Released 2026-11-01.").replace(
        "### Added\n\n", "### Added\n\n* A flag.\n\n"
    )
    config = RELEASE_NOTES_CONFIG.replace(
        "[release]", 'section-template = ".github/next-release.md"\n\n[release]'
    )
    repo = make_repo(
        {
            "pyproject.toml": PYPROJECT.replace("0.4.0", "8.0.0"),
            "RELEASES.md": released,
            "release-kit.toml": config,
            ".github/next-release.md": "## {version}\n\nUnreleased.\n\n### Added\n\n### Changed\n",
        }
    )
    result = run_cli(repo.path, "bump", "dev", "--json")
    assert result.code == 0, result.err
    assert any("started the 9.0.0 section" in n for n in json.loads(result.out)["notes"])
    text = repo.read("RELEASES.md")
    assert text.startswith("## 9.0.0\n\nUnreleased.\n\n### Added\n\n### Changed\n\n## 8.0.0\n")
    repo.commit_all("bump to the next dev version")
    again = run_cli(repo.path, "bump", "9.0.0.dev1", "--json")
    assert again.code == 0, again.err
    assert repo.read("RELEASES.md").count("## 9.0.0") == 1  # started once
