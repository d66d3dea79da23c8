"""A killed upload left a short asset: the kit's own draft is finished, a published release is not.

The local server's state is seeded the way a killed run leaves GitHub: the
draft the kit created (its `target_commitish` is the commit SHA, as the kit
always sends it) with one asset cut short. The re-run replaces that asset and
publishes, without `--overwrite`. The same short asset on a published release,
or on a draft made by hand (target a branch), is still refused without
`--overwrite`, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from test_release_local import DIST, WRITE, Project, serve_project

from ghlocal.state import Asset, Release

SHORT = "app-1.2.0.tar.gz"


@pytest.fixture
def project(make_repo: Callable[..., Any], run_cli: Callable[..., Any]) -> Iterator[Project]:
    yield from serve_project(make_repo, run_cli)


def _seed(project: Project, *, draft: bool, target: str) -> Release:
    """A release of v1.2.0 holding only a truncated copy of one asset."""
    state = project.gh.state
    now = state.now()
    release = Release(
        state.next_id(), "v1.2.0", target, "v1.2.0", "", draft, False, now, None if draft else now
    )
    state.releases[release.id] = release
    asset = Asset(
        state.next_id(), release.id, SHORT, None, "application/gzip", DIST[SHORT][:5], now
    )
    state.assets[asset.id] = asset
    release.asset_ids.append(asset.id)
    return release


def _sha(project: Project) -> str:
    return project.repo.git("rev-parse", "v1.2.0^{commit}")


def test_truncated_asset_on_the_kits_own_draft_is_replaced(project: Project) -> None:
    """Guards finding 9: before, the re-run refused its own draft's short asset
    ("set overwrite to replace them") and the release stayed an unfinished draft."""
    release = _seed(project, draft=True, target=_sha(project))
    done = project.release("v1.2.0")
    assert done.code == 0, done.err
    assert not release.draft  # published
    assets = project.assets(release)
    assert assets[SHORT] == DIST[SHORT]
    assert sorted(assets) == sorted([*DIST, "SHA256SUMS"])  # no rk-tmp- leftovers
    mark = project.mark()
    again = project.release("v1.2.0")
    assert again.code == 0 and "up to date" in again.out
    changes = [r for r in project.since(mark) if r.method in WRITE]
    assert [r.path for r in changes if not r.path.endswith("/generate-notes")] == []


def test_a_draft_the_kit_left_then_cut_short_is_finished(project: Project) -> None:
    """The same through the kit's own first run: a --draft run, one asset then cut short."""
    assert project.release("v1.2.0", "--draft").code == 0
    release = project.only_release()
    (short,) = (
        project.gh.state.assets[i]
        for i in release.asset_ids
        if project.gh.state.assets[i].name == SHORT
    )
    short.data = short.data[:3]
    done = project.release("v1.2.0")
    assert done.code == 0, done.err
    assert not release.draft and project.assets(release)[SHORT] == DIST[SHORT]


@pytest.mark.parametrize("kind", ["published", "draft-by-hand"])
def test_short_asset_elsewhere_still_needs_overwrite(project: Project, kind: str) -> None:
    """A published release (people may have downloaded the asset), or a draft someone made
    by hand (target `main`, not the commit): refused without --overwrite, nothing changed."""
    published = kind == "published"
    release = _seed(project, draft=not published, target=_sha(project) if published else "main")
    before = project.snapshot()
    refused = project.release("v1.2.0")
    assert refused.code == 1
    assert SHORT in refused.err and "overwrite" in refused.err
    assert project.snapshot() == before
    done = project.release("v1.2.0", "--overwrite")
    assert done.code == 0, done.err
    assert project.assets(release)[SHORT] == DIST[SHORT]
