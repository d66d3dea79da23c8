"""push-tag and create-release-branch under act, against the local GitHub API.

Two act invocations in all:

1. a push to main (event with before/after): push-tag tags the marker commit
   (not HEAD) and dispatches the next workflow on the local server; a second
   push-tag step in the same job is the re-run, and changes nothing.
2. the push of that tag: a tag-triggered workflow runs create-release-branch,
   which finds the tag from GITHUB_REF and creates `release/v1.1.0`.
"""

from __future__ import annotations

import pytest

MARK = "[automatically-tag-and-release-this-commit]"

ON_PUSH = """
name: push-tag
on:
  push:
    branches: [main]
permissions: {}
jobs:
  tag:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      actions: write
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2
        with:
          fetch-depth: 0
      - id: tag
        uses: org/release-kit/actions/push-tag@v1
        with:
          dispatch: release.yml
          dispatch-inputs: |
            source=push-tag
      - id: again
        uses: org/release-kit/actions/push-tag@v1
        with:
          dispatch: release.yml
"""

ON_TAG = """
name: release-branch
on:
  push:
    tags: ["v*"]
permissions: {}
jobs:
  branch:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2
        with:
          fetch-depth: 0
      - id: branch
        uses: org/release-kit/actions/create-release-branch@v1
        with:
          pattern: release/v{version}
"""


@pytest.mark.e2e
def test_push_tag_then_release_branch(make_repo, local_github, act_harness) -> None:
    repo = make_repo(
        {
            "pyproject.toml": '[project]\nname = "sample"\nversion = "1.0.0"\n',
            "CHANGELOG.md": "# Changelog\n\n## [1.1.0]\n\n- New.\n",
        }
    )
    before = repo.git("rev-parse", "HEAD")
    repo.write("pyproject.toml", '[project]\nname = "sample"\nversion = "1.1.0"\n')
    marked = repo.commit_all(f"Release 1.1.0\n\n{MARK}")
    repo.write("later.txt", "after the release commit\n")
    after = repo.commit_all("Unrelated work after the bump")
    repo.push()
    server = local_github(repo.origin)
    secrets = {"GITHUB_TOKEN": "local-token"}

    push = {
        "ref": "refs/heads/main",
        "before": before,
        "after": after,
        "repository": {"full_name": "org/repo", "default_branch": "main"},
    }
    first = act_harness.run(
        ON_PUSH, workdir=repo.path, payload=push, secrets=secrets, api_url=server.api_url
    )
    assert first.returncode == 0, first.log[-4000:]
    tagged, rerun = first.step("tag"), first.step("again")
    assert tagged.outputs["tag"] == "v1.1.0" and tagged.outputs["sha"] == marked
    assert (tagged.outputs["created"], tagged.outputs["dispatched"]) == ("true", "release.yml")
    assert (rerun.outputs["created"], rerun.outputs["dispatched"]) == ("false", "")
    assert repo.origin_git("rev-parse", "v1.1.0^{commit}") == marked
    assert [(d.workflow_id, d.ref, d.inputs) for d in server.state.dispatches] == [
        ("release.yml", "v1.1.0", {"source": "push-tag"})
    ]

    repo.git("fetch", "-q", "--tags", "origin")
    repo.git("checkout", "-q", "v1.1.0")
    tag_push = {
        "ref": "refs/tags/v1.1.0",
        "before": "0" * 40,
        "after": marked,
        "repository": {"full_name": "org/repo", "default_branch": "main"},
    }
    second = act_harness.run(
        ON_TAG, workdir=repo.path, payload=tag_push, secrets=secrets, api_url=server.api_url
    )
    assert second.returncode == 0, second.log[-4000:]
    made = second.step("branch")
    assert (made.outputs["branch"], made.outputs["created"]) == ("release/v1.1.0", "true")
    assert repo.origin_git("rev-parse", "refs/heads/release/v1.1.0") == marked
