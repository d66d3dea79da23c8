"""The on-tag job that moves the default branch on after a release cut from it
(wasmtime: v49.0.0 tagged on main -> a PR with `bump dev`, 50.0.0-dev / 0.137.0-dev).

Its guard step runs here as the workflow runs it (bash, the kit, a real repository):
only a final release tagged on the branch that still carries its version goes on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from release_kit.init.presets import PRESETS
from release_kit.init.render import render_workflows

ROOT = Path(__file__).resolve().parents[2]


def _job(preset: str) -> dict[str, Any] | None:
    text = render_workflows(PRESETS[preset], "main").get("release-on-tag")
    if text is None:
        return None
    job: dict[str, Any] | None = yaml.safe_load(text)["jobs"].get("next-dev")
    return job


def test_only_wasmtime_moves_main_on_with_bump_dev() -> None:
    job = _job("wasmtime")
    assert job is not None
    assert job["needs"] == ["tag", "release"]
    bump = job["steps"][-1]
    assert bump["uses"].endswith("/actions/bump-version@v1")
    assert (bump["with"]["bump"], bump["with"]["base"]) == ("dev", "main")
    assert all(_job(name) is None for name in PRESETS if name != "wasmtime")


def _guard(repo: Path, tag: str) -> tuple[str, str]:
    job = _job("wasmtime")
    assert job is not None
    (step,) = [s for s in job["steps"] if s.get("id") == "next"]
    output = repo / "out.txt"
    output.write_text("")
    env = {
        **os.environ,
        **step["env"],
        "RK_TAG": tag,
        "GITHUB_OUTPUT": str(output),
        "RELEASE_KIT_PYTHON": str(Path(sys.executable)),
        "PYTHONPATH": str(ROOT / "scripts"),
    }
    proc = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", step["run"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return output.read_text().strip(), proc.stdout.strip()


@pytest.mark.parametrize(
    ("tag", "go", "said"),
    [
        ("v49.0.0", "go=true", ""),
        ("v49.0.1", "go=false", "v49.0.1 was not cut from main"),
        ("v49.0.0-rc.1", "go=false", "is a pre-release"),
    ],
    ids=["cut-from-main", "release-branch", "pre-release"],
)
def test_the_guard_goes_on_for_a_release_cut_from_main(
    make_repo: Callable[..., Any], tag: str, go: str, said: str
) -> None:
    repo = make_repo({"VERSION": "49.0.0\n"})
    repo.git("tag", "v49.0.0")
    repo.git("tag", "v49.0.0-rc.1")
    repo.git("checkout", "-q", "-b", "release-49.0.0")
    repo.write("VERSION", "49.0.1\n")
    repo.commit_all("Release v49.0.1")
    repo.git("tag", "v49.0.1")
    repo.git("checkout", "-q", "main")
    out, stdout = _guard(repo.path, tag)
    assert out == go, stdout
    assert said in stdout


def test_the_guard_stops_once_main_has_moved_on(make_repo: Callable[..., Any]) -> None:
    repo = make_repo({"VERSION": "49.0.0\n"})
    repo.git("tag", "v49.0.0")
    repo.write("VERSION", "50.0.0-dev\n")
    repo.commit_all("Bump to 50.0.0-dev")
    repo.push("main")
    out, stdout = _guard(repo.path, "v49.0.0")
    assert out == "go=false"
    assert "main is at v50.0.0-dev, not v49.0.0: it has moved on already" in stdout
