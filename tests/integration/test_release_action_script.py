"""actions/create-release/run.sh: action inputs (RK_INPUT_*) become the right CLI arguments.

Runs the real script with the kit's interpreter against the local GitHub server
(act runs the whole action in tests/e2e; this covers the input mapping cheaply).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_release_local import Project, serve_project

SCRIPT = Path(__file__).resolve().parents[2] / "actions" / "create-release" / "run.sh"


@pytest.fixture
def project(make_repo: Callable[..., Any], run_cli: Callable[..., Any]) -> Iterator[Project]:
    yield from serve_project(make_repo, run_cli)


def run_action(project: Project, tmp_path: Path, **inputs: str) -> tuple[int, str, dict[str, str]]:
    outputs = tmp_path / "outputs.txt"
    outputs.write_text("")
    env = {
        **os.environ,
        **project.env,
        "RELEASE_KIT_PYTHON": sys.executable,
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_ACTIONS": "true",
    }
    env.update({f"RK_INPUT_{k.upper()}": v for k, v in inputs.items()})
    proc = subprocess.run(
        ["bash", str(SCRIPT)], cwd=project.repo.path, env=env, capture_output=True, text=True
    )
    found = {}
    for line in outputs.read_text().splitlines():
        if "=" in line and "<<" not in line:
            key, _, value = line.partition("=")
            found[key] = value
    return proc.returncode, proc.stdout + proc.stderr, found


def test_inputs_reach_the_command(project: Project, tmp_path: Path) -> None:
    code, log, out = run_action(
        project,
        tmp_path,
        tag="v1.2.0",
        assets="dist/*.whl\n  dist/*.tar.gz , ",
        checksums="none",
        draft="true",
        notes="changelog",
        prerelease="true",
    )
    assert code == 0, log
    release = project.only_release()
    assert release.draft and release.prerelease
    assert sorted(project.assets(release)) == ["app-1.2.0-py3-none-any.whl", "app-1.2.0.tar.gz"]
    assert out["release-id"] == str(release.id) and out["created"] == "true"
    assert (out["draft"], out["prerelease"], out["make-latest"]) == ("true", "true", "false")
    assert "Full Changelog" not in (release.body or "")


def test_a_final_release_says_it_is_latest(project: Project, tmp_path: Path) -> None:
    """The outputs an image job gates `latest` on (the action's draft, prerelease, make-latest)."""
    code, log, out = run_action(project, tmp_path, tag="v1.2.0")
    assert code == 0, log
    assert not project.only_release().draft
    assert (out["draft"], out["prerelease"], out["make-latest"]) == ("false", "false", "true")
    assert out["version"] == "1.2.0"


def test_rolling_input_and_dry_run(project: Project, tmp_path: Path) -> None:
    code, log, out = run_action(project, tmp_path, rolling_tag="dev-latest", dry_run="true")
    assert code == 0, log
    assert "would create draft release dev-latest" in log
    assert project.gh.state.releases == {}
    code, log, out = run_action(project, tmp_path, rolling_tag="dev-latest")
    assert code == 0, log
    assert project.only_release().prerelease and out["tag"] == "dev-latest"


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"tag": "v1.2.0", "draft": "yes"}, "expected true or false for draft"),
        ({"tag": "v1.2.0", "prerelease": "sometimes"}, "prerelease must be auto, true or false"),
        ({"tag": "v1.2.0", "notes": "changelog,wiki"}, "unknown notes source(s) wiki"),
    ],
    ids=["bad-boolean", "bad-prerelease", "bad-source"],
)
def test_bad_inputs_exit_2(
    project: Project, tmp_path: Path, inputs: dict[str, str], message: str
) -> None:
    code, log, _ = run_action(project, tmp_path, **inputs)
    assert code == 2, log
    assert f"::error::{message}" in log or message in log
    assert project.gh.state.releases == {}


def test_publish_input_publishes_the_draft(project: Project, tmp_path: Path) -> None:
    code, log, _ = run_action(project, tmp_path, tag="v1.2.0", draft="true")
    assert code == 0, log
    assert project.only_release().draft
    code, log, _ = run_action(project, tmp_path, tag="v1.2.0", publish="true", dry_run="true")
    assert code == 0, log
    assert "would publish v1.2.0" in log and project.only_release().draft
    code, log, out = run_action(project, tmp_path, tag="v1.2.0", publish="true")
    assert code == 0, log
    release = project.only_release()
    assert not release.draft
    assert out["release-id"] == str(release.id) and out["changed"] == "true"


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"tag": "v1.2.0", "publish": "yes"}, "expected true or false for publish"),
        ({"publish": "true"}, "publish needs the tag of the draft to publish"),
        ({"tag": "v1.2.0", "publish": "true", "draft": "true"}, "cannot be combined with --draft"),
        (
            {"tag": "v1.2.0", "publish": "true", "rolling_tag": "dev-latest"},
            "cannot be combined with --rolling",
        ),
    ],
    ids=["bad-boolean", "no-tag", "with-draft", "with-rolling"],
)
def test_bad_publish_inputs_exit_2(
    project: Project, tmp_path: Path, inputs: dict[str, str], message: str
) -> None:
    code, log, _ = run_action(project, tmp_path, **inputs)
    assert code == 2, log
    assert message in log
    assert project.gh.state.releases == {}
