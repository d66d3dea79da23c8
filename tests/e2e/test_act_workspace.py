"""The job's workspace under act is what a fresh GitHub checkout gives (issue 16).

Two traps of act's copy of the repository, met on real repositories: a `.gitignore`
that matches paths inside `.git` (a pattern for build folders named `release` drops
the loose refs of `release/...` branches, and HEAD names no commit), and an
uninitialised submodule (an empty directory, which act's copy drops, so git sees it
as deleted and the kit refuses a dirty tree). One act run checks both, and that the
ignored files of the test's work tree do not reach the job (a fresh clone has none).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

WORKFLOW = """
name: workspace
on: push
permissions: {}
jobs:
  look:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2
      - id: look
        shell: bash
        run: |
          {
            echo "head=$(git rev-parse HEAD)"
            echo "branch=$(git symbolic-ref --short HEAD)"
            echo "status=$(git status --porcelain | tr '\\n' ' ')"
            if [ -e build/release/output.bin ]; then echo "ignored=present"; fi
          } >> "$GITHUB_OUTPUT"
"""


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_release_branches_ignored_patterns_and_empty_submodules_survive_the_copy(
    tmp_path: Path, act_harness: Any
) -> None:
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    _git(tmp_path, "init", "-q", "-b", "main", str(work))
    (work / ".gitignore").write_text("**/[Rr]elease/*\n", encoding="utf-8")
    (work / "README.md").write_text("sample\n", encoding="utf-8")
    _git(work, "add", "-A")
    _git(work, "commit", "-qm", "Initial commit")
    # A submodule that is not initialised: its gitlink, and an empty directory.
    (work / ".gitmodules").write_text(
        '[submodule "vendor/guest"]\n\tpath = vendor/guest\n'
        "\turl = https://example.invalid/guest.git\n",
        encoding="utf-8",
    )
    sha = _git(work, "rev-parse", "HEAD")
    _git(work, "update-index", "--add", "--cacheinfo", f"160000,{sha},vendor/guest")
    _git(work, "add", ".gitmodules")
    _git(work, "commit", "-qm", "Add a submodule")
    (work / "vendor" / "guest").mkdir(parents=True)
    _git(work, "remote", "add", "origin", str(origin))
    _git(work, "push", "-q", "origin", "main")
    _git(work, "checkout", "-q", "-b", "release/v1.0.0")  # a loose ref the pattern matches
    assert (work / ".git" / "refs" / "heads" / "release" / "v1.0.0").is_file()
    (work / "build" / "release").mkdir(parents=True)
    (work / "build" / "release" / "output.bin").write_bytes(b"built here, ignored\n")
    assert _git(work, "status", "--porcelain") == ""

    run = act_harness.run(
        WORKFLOW, workdir=work, payload={"ref": "refs/heads/release/v1.0.0"}, timeout=120
    )

    assert run.returncode == 0, run.log[-3000:]
    seen = run.step("look").outputs
    assert (seen["head"], seen["branch"]) == (_git(work, "rev-parse", "HEAD"), "release/v1.0.0")
    assert seen["status"].strip() == ""  # the submodule is not "deleted"
    assert "ignored" not in seen  # a fresh clone has no ignored files
    assert (work / "build" / "release" / "output.bin").is_file()  # the test's tree is untouched
