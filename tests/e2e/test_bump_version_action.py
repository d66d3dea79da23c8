"""bump-version under act (host mode) on a sample repository, a bare origin and the local API.

Two act runs: the first fails a bad `bump` on purpose (continue-on-error, outcome
checked, nothing pushed) and then opens the PR; the second runs the same step
again (same PR, same commit, nothing sent) and then the root action
(`uses: org/release-kit@v1`, `command: bump-version`) with one more label,
which must update that same PR with no new commit.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

import pytest

from release_kit import __version__

pytestmark = pytest.mark.e2e

TOKEN = "ghs_e2e_token_never_printed_0123456789"
CHECKOUT = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0"
PYPROJECT = '[project]\nname = "sample"\nversion = "{v}"\n'

FIRST = f"""
name: bump
on: workflow_dispatch
permissions: {{}}
jobs:
  bump:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pull-requests: write
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
      - id: bad
        continue-on-error: true
        uses: org/release-kit/actions/bump-version@v1
        with:
          bump: not-a-version
      - id: refs
        shell: bash
        run: |
          {{ echo "after-bad<<EOF"; git ls-remote origin; echo "EOF"; }} >> "$GITHUB_OUTPUT"
      - id: bump
        uses: org/release-kit/actions/bump-version@v1
        with:
          bump: minor
          labels: release
      - id: setup
        uses: org/release-kit/actions/setup@v1
      - id: kit
        shell: bash
        run: |
          "$RELEASE_KIT_PYTHON" -m release_kit version --json
          if python3 -c 'import release_kit' 2>/dev/null; then
            echo "::error::the kit leaked into the caller's python3"; exit 1
          fi
      - name: the bad bump failed, the job went on
        shell: bash
        env:
          OUTCOME: ${{{{ steps.bad.outcome }}}}
          PR: ${{{{ steps.bump.outputs.pr-number }}}}
        run: test "$OUTCOME" = failure && test -n "$PR"
"""

SECOND = f"""
name: bump
on: workflow_dispatch
permissions: {{}}
jobs:
  bump:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pull-requests: write
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
      - id: same
        uses: org/release-kit/actions/bump-version@v1
        with:
          bump: minor
          labels: release
      - shell: bash
        run: git checkout -- .
      - id: again
        uses: org/release-kit@v1
        with:
          command: bump-version
          bump: minor
          labels: release, automated
"""


def _ls_remote(repo: Any) -> str:
    return subprocess.run(
        ["git", "ls-remote", "origin"], cwd=repo.path, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_bump_version_opens_then_updates_one_pr(
    act_harness: Any, make_repo: Callable[..., Any], local_github: Callable[..., Any]
) -> None:
    repo = make_repo({"pyproject.toml": PYPROJECT.format(v="1.2.3"), "README.md": "sample\n"})
    server = local_github(repo.origin, token=TOKEN)
    refs_before = _ls_remote(repo)
    common = {
        "workdir": repo.path,
        "event": "workflow_dispatch",
        "payload": {"ref": "refs/heads/main", "inputs": {}},
        "api_url": server.api_url,
        "secrets": {"GITHUB_TOKEN": TOKEN},
    }

    first = act_harness.run(FIRST, **common)
    assert first.returncode == 0, first.log[-6000:]
    bad = first.step("bad")
    assert (bad.outcome, bad.conclusion) == ("failure", "success")
    assert any("not-a-version" in message for message in first.annotations("error")), first.log
    assert first.step("refs").outputs["after-bad"].strip() == refs_before  # pushed nothing

    out = first.step("bump").outputs
    assert (out["previous-version"], out["version"], out["tag"]) == ("1.2.3", "1.3.0", "v1.3.0")
    assert out["changed-files"] == '["pyproject.toml"]'
    assert len(server.state.pulls) == 1
    pull = next(iter(server.state.pulls.values()))
    assert out["pr-number"] == str(pull.number)
    assert out["pr-url"].endswith(f"/pull/{pull.number}")
    assert (pull.head, pull.base, pull.title) == ("release-kit/bump", "main", "Release 1.3.0")
    head = repo.origin_git("rev-parse", "refs/heads/release-kit/bump")
    assert out["commit-sha"] == head
    assert repo.origin_git("rev-parse", f"{head}^") == repo.origin_git("rev-parse", "main")
    assert "[automatically-tag-and-release-this-commit]" in repo.origin_git(
        "log", "-1", "--format=%B", head
    )
    assert server.state.issues[pull.number].labels == ["release"]
    setup = first.step("setup").outputs  # the public setup action: reuses the job's venv
    assert (setup["cache-hit"], setup["version"]) == ("true", __version__)
    assert first.step("kit").outputs["version"] == "1.3.0"  # the bump is in the work tree

    second = act_harness.run(SECOND, **common)
    assert second.returncode == 0, second.log[-6000:]
    same = second.step("same").outputs  # the same workflow step again: nothing new
    assert (same["pr-number"], same["commit-sha"]) == (str(pull.number), head)
    assert not server.calls("PATCH", r"/pulls/")
    again = second.step("again")  # the root action, one more label: the same PR updated
    assert again.outcome == "success"
    assert (again.outputs["pr-number"], again.outputs["commit-sha"]) == (str(pull.number), head)
    assert len(server.state.pulls) == 1
    assert repo.origin_git("rev-parse", "refs/heads/release-kit/bump") == head
    assert server.state.issues[pull.number].labels == ["release", "automated"]
    assert len(server.calls("POST", r"/pulls$")) == 1
    for run in (first, second):
        assert TOKEN not in run.log
