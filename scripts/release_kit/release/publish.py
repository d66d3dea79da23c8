"""`release --publish TAG`: publish the draft a `--draft` run left, as it is.

The draft already carries the notes, the assets, the tag's name and the target
commit. Publishing it (PATCH draft=false, with the `make_latest` the normal
flow would send) makes GitHub create a missing tag at the draft's
`target_commitish`; then the milestone is closed. Requests: list releases, the
tag's ref, the PATCH, and with `--milestone N` the milestone and its open
issues and the close. A re-run finds the release published and changes
nothing (it closes the milestone only if an earlier run stopped before that).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Any

from release_kit.errors import ConflictError, RefusedError
from release_kit.release import gather, inputs
from release_kit.release.api import ReleaseApi
from release_kit.release.flow import Result, finish_milestone
from release_kit.release.latest import decide_make_latest
from release_kit.release.milestone import (
    MilestoneRef,
    check_blockers,
    check_milestone_open_items,
)
from release_kit.release.ops import Outcome, tag_after_publish
from release_kit.release.plan import TEMP_PREFIX, Plan, ReleaseSpec, RemoteAsset
from release_kit.release.settings import ReleaseSettings
from release_kit.settings import CoreSettings

_SHA = re.compile(r"[0-9a-f]{40}")


def run_publish(
    api: ReleaseApi,
    core: CoreSettings,
    tag: str,
    milestone_ref: MilestoneRef | None,
    rs: ReleaseSettings,
    *,
    dry_run: bool,
    say: Callable[[str], None],
) -> Result:
    version = inputs.parse_tag_version(tag, core)  # bad input: exit 2 before any request
    releases = api.list_releases()
    release = _the_release(releases, tag)
    draft = bool(release.get("draft"))
    if draft:
        _check_complete(release)
    tag_sha = api.tag_sha(tag)
    target = str(release.get("target_commitish") or "")
    if tag_sha is not None and _SHA.fullmatch(target) and target != tag_sha:
        raise ConflictError(
            f"tag {tag} points at {tag_sha[:12]}, not at the draft's target {target[:12]}"
        )
    prerelease = bool(release.get("prerelease"))
    make_latest = decide_make_latest(
        rs.make_latest,
        version,
        prerelease=prerelease,
        draft=False,
        releases=releases,
        tag=tag,
        version_of=lambda other: core.tag_format.version(other, version.scheme),
    )
    spec = ReleaseSpec(
        tag=tag,
        target=tag_sha or target,
        name=str(release.get("name") or ""),
        body=str(release.get("body") or ""),
        draft=False,
        prerelease=prerelease,
        make_latest=make_latest,
    )
    milestone = None
    open_items: list[dict[str, Any]] = []
    if milestone_ref is not None:
        milestone, open_items = gather.read_milestone(api, milestone_ref, closed_items=False)
    result = Result(spec, str(version), Plan(False, {}, draft), [], None, spec.body, milestone)
    result.already_published = not draft
    result.new_tag = draft and tag_sha is None
    result.close_milestone = (
        milestone is not None and rs.close_milestone and milestone.state != "closed"
    )
    if not (draft or result.close_milestone):
        result.outcome = None if dry_run else _outcome(release)
        return result
    # The gates of the release flow hold when the release becomes public.
    if milestone is not None:
        check_milestone_open_items(milestone.title, open_items)
    if rs.blocker_label:
        check_blockers(rs.blocker_label, api.issues(labels=rs.blocker_label, state="open"))
    if not draft:
        say(f"release {tag} is already published")
    if dry_run:
        return result
    if draft:
        fields: dict[str, Any] = {"draft": False}
        if not prerelease:
            fields["make_latest"] = make_latest
        release = api.update(int(release["id"]), fields)
        say(f"published {tag}")
        if tag_sha is None:
            if _SHA.fullmatch(target):
                tag_after_publish(api, tag, target, say)
            else:  # a draft made by hand may name a branch: the tag is where GitHub put it
                result.spec = dataclasses.replace(spec, target=api.tag_sha(tag) or target)
    result.outcome = _outcome(release)
    finish_milestone(api, result, say)
    return result


def _the_release(releases: list[dict[str, Any]], tag: str) -> dict[str, Any]:
    """The published release of the tag, else its one draft; exit 1 when there is none."""
    mine = [r for r in releases if r.get("tag_name") == tag]
    published = [r for r in mine if not r.get("draft")]
    if published:
        return published[0]
    if not mine:
        raise RefusedError(f"no draft release of {tag} to publish")
    if len(mine) > 1:
        ids = ", ".join(str(r.get("id")) for r in mine)
        raise ConflictError(f"{len(mine)} draft releases of {tag} (ids {ids}); keep one")
    return mine[0]


def _check_complete(release: Mapping[str, Any]) -> None:
    """A draft a failed run left half-uploaded is finished by that run, not published."""
    assets = [RemoteAsset.from_api(a) for a in release.get("assets") or []]
    broken = [a.name for a in assets if not a.uploaded or a.name.startswith(TEMP_PREFIX)]
    if broken:
        raise RefusedError(
            f"draft release {release.get('tag_name')} has incomplete assets "
            f"({', '.join(broken)}): re-run the release that made it to finish them"
        )


def _outcome(release: dict[str, Any]) -> Outcome:
    assets = []
    for raw in release.get("assets") or []:
        asset = RemoteAsset.from_api(raw)
        url = str(raw.get("browser_download_url") or "")
        assets.append(
            {
                "name": asset.name,
                "size": asset.size,
                "sha256": asset.sha256 or "",
                "id": asset.id,
                "url": url,
            }
        )
    return Outcome(release, assets)
