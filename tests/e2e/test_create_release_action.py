"""create-release under act, against the local GitHub API: one act invocation.

A tag-triggered workflow builds assets and runs create-release (notes from the
changelog and GitHub's generated notes, assets with SHA256SUMS); the same step
again is the re-run and changes nothing. Then the rolling `dev-latest`
pre-release runs twice in the same job, first at the previous commit, then at
HEAD with a rebuilt asset: the tag moves and the asset is replaced in place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from act_harness import ActHarness

CHANGELOG = "# Changelog\n\n## [1.1.0]\n\n- Faster frobs.\n\n## [1.0.0]\n\n- First.\n"
WORKFLOW = """
name: release
on:
  push:
    tags: ["v*"]
permissions: {}
jobs:
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
        with:
          fetch-depth: 0
          persist-credentials: false
      - name: Build
        run: |
          mkdir -p dist dev
          printf 'wheel for 1.1.0' > dist/sample-1.1.0-py3-none-any.whl
          printf 'sdist for 1.1.0' > dist/sample-1.1.0.tar.gz
          printf 'dev build one' > dev/sample-dev.tar.gz
      - id: release
        uses: org/release-kit/actions/create-release@v1
        with:
          assets: dist/*
      - id: again
        uses: org/release-kit/actions/create-release@v1
        with:
          assets: dist/*
      - id: rolling1
        uses: org/release-kit/actions/create-release@v1
        with:
          rolling-tag: dev-latest
          target: HEAD~1
          assets: dev/*
      - name: Rebuild
        run: printf 'dev build two' > dev/sample-dev.tar.gz
      - id: rolling2
        uses: org/release-kit/actions/create-release@v1
        with:
          rolling-tag: dev-latest
          assets: dev/*
"""


@pytest.mark.e2e
def test_tag_release_and_rolling_prerelease(
    make_repo: Callable[..., Any], local_github: Callable[..., Any], tmp_path: Path
) -> None:
    repo = make_repo(
        {
            "pyproject.toml": '[project]\nname = "sample"\nversion = "1.0.0"\n',
            "CHANGELOG.md": CHANGELOG,
        }
    )
    repo.git("tag", "v1.0.0")
    first = repo.commit_all("feat: faster frobs")
    repo.write("pyproject.toml", '[project]\nname = "sample"\nversion = "1.1.0"\n')
    head = repo.commit_all("Release 1.1.0")
    repo.git("tag", "v1.1.0")
    repo.push("main", "--tags")
    repo.git("checkout", "-q", "v1.1.0")
    server = local_github(repo.origin)
    harness = ActHarness.for_session(tmp_path / "act")
    event = {
        "ref": "refs/tags/v1.1.0",
        "before": "0" * 40,
        "after": head,
        "repository": {"full_name": "org/repo", "default_branch": "main"},
    }
    run = harness.run(
        WORKFLOW,
        workdir=repo.path,
        payload=event,
        secrets={"GITHUB_TOKEN": "local-token"},
        api_url=server.api_url,
        env={"GITHUB_REF": "refs/tags/v1.1.0"},
    )
    assert run.returncode == 0, run.log[-5000:]

    made, again = run.step("release"), run.step("again")
    releases = {r.tag_name: r for r in server.state.releases.values()}
    release = releases["v1.1.0"]
    assert made.outputs["release-id"] == str(release.id)
    assert (made.outputs["created"], again.outputs["changed"]) == ("true", "false")
    assert not release.draft and not release.prerelease
    assert "- Faster frobs." in (release.body or "") and "v1.0.0...v1.1.0" in (release.body or "")
    assets = {server.state.assets[i].name: server.state.assets[i].data for i in release.asset_ids}
    assert sorted(assets) == ["SHA256SUMS", "sample-1.1.0-py3-none-any.whl", "sample-1.1.0.tar.gz"]
    digest = hashlib.sha256(b"wheel for 1.1.0").hexdigest()
    assert f"{digest}  sample-1.1.0-py3-none-any.whl" in assets["SHA256SUMS"].decode()
    listed = json.loads(made.outputs["assets"])
    assert {a["name"] for a in listed} == set(assets)

    rolling = releases["dev-latest"]
    assert rolling.prerelease and not rolling.draft
    assert run.step("rolling1").outputs["release-id"] == str(rolling.id)
    assert run.step("rolling2").outputs["release-id"] == str(rolling.id)  # updated in place
    assert repo.origin_git("rev-parse", "refs/tags/dev-latest") == head != first
    dev = {server.state.assets[i].name: server.state.assets[i].data for i in rolling.asset_ids}
    assert dev["sample-dev.tar.gz"] == b"dev build two"
    assert hashlib.sha256(b"dev build two").hexdigest() in dev["SHA256SUMS"].decode()
    moves = server.calls("PATCH", r"/git/refs/tags/dev-latest$")
    assert len(moves) == 1
