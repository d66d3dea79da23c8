"""vmpilot's release notes from its real CHANGELOG.md (issue 16), on the local GitHub.

vmpilot's sections are headed with two parts (`## [0.6] - 2025-06-03`) beside a few
with three (`## [0.3.1]`), and its milestones are titled the same way (`0.6`). The
oracle reads the file on its own: the newest two-part heading and the lines up to the
next `## ` heading. The kit, set up with the vmpilot preset, must release exactly
that text for the milestone of that title, and `check` must see that the version is
already released under the real two-part tag.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ghlocal import LocalGitHub
from realworld import real_repos

pytestmark = pytest.mark.slow

IDENTITY = ("-c", "user.name=Maintainer", "-c", "user.email=maintainer@example.invalid")


def _newest_two_part_section(text: str) -> tuple[str, str]:
    """(X.Y, its section's text) of the first `## [X.Y]` heading, read independently."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        found = re.match(r"## \[(\d+\.\d+)\]", line)
        if found:
            rest = lines[index + 1 :]
            end = next((i for i, r in enumerate(rest) if r.startswith("## ")), len(rest))
            return found.group(1), "\n".join(rest[:end]).strip()
    raise AssertionError("no two-part heading in the real CHANGELOG.md")


@pytest.fixture
def vmpilot(tmp_path: Path, run_cli: Callable[..., Any]) -> Path:
    real_repos.require()
    repo = real_repos.materialize("vmpilot", tmp_path / "vmpilot")
    assert run_cli(repo, "init", "--preset", "vmpilot", "--force").code == 0
    for args in (("add", "-A"), (*IDENTITY, "commit", "-qm", "release-kit init")):
        subprocess.run(["git", *args], cwd=repo, check=True)
    subprocess.run(["git", "push", "-q", "origin", "HEAD:refs/heads/main"], cwd=repo, check=True)
    return repo


def test_the_milestone_release_carries_the_real_two_part_section(
    vmpilot: Path, run_cli: Callable[..., Any], local_github: Callable[..., LocalGitHub]
) -> None:
    title, section = _newest_two_part_section((vmpilot / "CHANGELOG.md").read_text("utf-8"))
    assert title == "0.6" and section.startswith("### Added\n\n- #12:")  # the data as exported
    gh = local_github(Path(f"{vmpilot}.git"))
    number = gh.state.add_milestone(title).number
    env = {"GITHUB_API_URL": gh.api_url, "GITHUB_REPOSITORY": "org/repo", "GITHUB_TOKEN": "t"}
    result = run_cli(
        vmpilot,
        "release",
        "--milestone",
        title,  # by title, as vmpilot's own workflow accepts it
        "--create-tag",
        "--target",
        "HEAD",
        "--json",
        env=env,
    )
    assert result.code == 0, result.err
    (release,) = gh.state.releases.values()
    assert release.body.strip() == section
    assert "## [0.5]" not in release.body and "0.3.1" not in release.body
    assert (release.tag_name, release.name) == (f"v{title}.0", f"Release v{title}.0")
    assert gh.state.milestones[number].state == "closed"


def test_check_sees_the_milestone_released_under_the_two_part_tag(
    vmpilot: Path, run_cli: Callable[..., Any], local_github: Callable[..., LocalGitHub]
) -> None:
    """Milestone 0.6 again: v0.6 is the real tag of 0.6.0, so it is released already."""
    gh = local_github(Path(f"{vmpilot}.git"))
    gh.state.add_milestone("0.6", state="closed")
    env = {
        "GITHUB_API_URL": gh.api_url,
        "GITHUB_REPOSITORY": "org/repo",
        "GITHUB_TOKEN": "t",
        "GITHUB_ACTIONS": "true",
    }
    result = run_cli(vmpilot, "check", "--milestone", "0.6", "--json", env=env)
    assert result.code == 1
    out = json.loads(result.out.splitlines()[0])
    messages = [p["message"] for p in out["problems"]]
    assert any("version 0.6.0 is already released as v0.6" in m for m in messages), messages
    assert out["notes_preview"].startswith("### Added\n\n- #12:")  # the real 0.6 section
