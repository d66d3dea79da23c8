"""hyperlight's dev-latest: the rolling pre-release's notes carry the changelog's
`## [Prerelease] - Unreleased` section and GitHub's notes since the last release,
rebuilt on each push to main (`[release] rolling-notes`), on the local GitHub."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from conftest import github_env
from ghlocal import LocalGitHub

WRITE = ("POST", "PATCH", "PUT", "DELETE")
CONFIG = """\
[changelog]
pending-headings = ["Prerelease"]

[release]
rolling-tag = "dev-latest"
rolling-name = "Latest prerelease from main branch"
rolling-notes = ["generated", "changelog"]
"""


def changelog(*entries: str) -> str:
    fixed = "".join(f"* {e}\n" for e in entries)
    return (
        "# Changelog\n\n## [Prerelease] - Unreleased\n\n### Added\n\n### Fixed\n"
        f"{fixed}\n## [v0.16.0] - 2026-06-26\n\n### Added\n* Snapshots.\n"
    )


class Main:
    """main, tagged v0.16.0 a commit ago, served by a local GitHub."""

    def __init__(self, repo: Any, gh: LocalGitHub, run_cli: Callable[..., Any]) -> None:
        self.repo, self.gh, self._run = repo, gh, run_cli
        self.env = github_env(gh.api_url)

    def push(self, subject: str, *entries: str) -> str:
        self.repo.write("CHANGELOG.md", changelog(*entries))
        sha = str(self.repo.commit_all(subject))
        self.repo.push("HEAD:refs/heads/main")
        return sha

    def rolling(self, *args: str) -> Any:
        return self._run(self.repo.path, "release", "--rolling", *args, env=self.env)

    def body(self) -> str:
        (release,) = self.gh.state.releases.values()
        return str(release.body or "")


@pytest.fixture
def main(make_repo: Callable[..., Any], run_cli: Callable[..., Any]) -> Iterator[Main]:
    repo = make_repo({".github/release-kit.toml": CONFIG, "CHANGELOG.md": changelog()})
    repo.git("tag", "-a", "-m", "v0.16.0", "v0.16.0")
    repo.push("refs/tags/v0.16.0")
    with LocalGitHub(repo.origin) as gh:
        yield Main(repo, gh, run_cli)
        assert gh.take_contract_errors() == []


def test_dev_latest_notes_follow_each_push(main: Main) -> None:
    first = main.push("Fix XCR0 on restore", "Reset XCR0 during snapshot restore.")
    result = main.rolling()
    assert result.code == 0, result.err
    body = main.body()
    assert f"now at `{first[:12]}`" in body
    assert "* Fix XCR0 on restore" in body  # GitHub's notes since v0.16.0
    assert "### Fixed\n* Reset XCR0 during snapshot restore." in body
    assert "### Added" not in body and "Snapshots." not in body  # empty; released
    assert body.index("What's Changed") < body.index("### Fixed")  # rolling-notes' order

    # The next push: GitHub's notes reach the new commit, not the tag's old place.
    second = main.push("Reseed rand", "Reset XCR0 during snapshot restore.", "Reseed rand().")
    assert main.rolling().code == 0
    body = main.body()
    assert f"now at `{second[:12]}`" in body and "* Reseed rand by" in body
    assert "* Reseed rand()." in body
    assert f"compare/v0.16.0...{second}" in body
    mark = len(main.gh.requests)
    assert main.rolling().code == 0  # a re-run at the same commit changes nothing
    writes = [r.path for r in main.gh.requests[mark:] if r.method in WRITE]
    assert writes == ["/repos/org/repo/releases/generate-notes"]  # a POST that creates nothing


def test_right_after_a_release_the_notes_are_the_build_line(main: Main) -> None:
    """The Prerelease section holds only its template headings: left out, no error."""
    assert main.rolling("--notes", "changelog").code == 0
    assert main.body().startswith("Rolling pre-release, rebuilt on every push; now at `")
    assert "###" not in main.body()


def test_a_milestone_is_no_rolling_notes_source(main: Main) -> None:
    before = main.repo.origin_git("for-each-ref")
    result = main.rolling("--notes", "changelog,milestone")
    assert result.code == 2 and "has no milestone" in result.err
    main.repo.write(".github/release-kit.toml", CONFIG.replace('"changelog"]', '"milestone"]'))
    result = main.rolling()
    assert result.code == 2 and "rolling-notes: the rolling pre-release has no milestone" in (
        result.err
    )
    assert main.gh.state.releases == {} and main.repo.origin_git("for-each-ref") == before
