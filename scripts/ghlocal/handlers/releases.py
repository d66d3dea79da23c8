"""Releases and their assets.

As on GitHub: publishing a release whose tag does not exist creates the tag at
`target_commitish` (default branch when absent); a draft has no tag and is not
found by tag; a tag has at most one published release (creating or publishing
a second one is a 422 `already_exists`, while any number of drafts may share
a tag); "latest" is the newest published non-prerelease unless a release
asked `make_latest: false`. Assets upload to the release's `upload_url` on this
same server and download through a 302 to `browser_download_url`.
"""

from __future__ import annotations

from typing import Any

from ghlocal.backend import Backend, Handler
from ghlocal.handlers.notes import generate_notes
from ghlocal.http import Call, HttpError, Reply, or_404, unprocessable
from ghlocal.state import Asset, Release


def _release(b: Backend, call: Call) -> Release:
    return or_404(b.state.releases.get(call.int_param("release_id")))


def _publish_tag(b: Backend, release: Release) -> None:
    """A published release needs its tag: create it at the target when missing."""
    if release.draft or b.repo.ref(f"refs/tags/{release.tag_name}") is not None:
        return
    target = release.target_commitish or b.default_branch
    sha = b.repo.resolve(f"refs/heads/{target}") or b.repo.resolve(target)
    if sha is None:
        raise unprocessable("Validation Failed", "Release", "invalid", field="target_commitish")
    b.repo.update_ref(f"refs/tags/{release.tag_name}", sha)


def _apply(b: Backend, release: Release, data: dict[str, Any], creating: bool) -> None:
    for key in ("tag_name", "target_commitish", "name", "body"):
        if key in data:
            setattr(release, key, data[key])
    for key in ("draft", "prerelease"):
        if key in data:
            setattr(release, key, bool(data[key]))
    if data.get("generate_release_notes") and creating:
        notes = generate_notes(b, release.tag_name, release.target_commitish, None)
        release.body = (release.body + "\n\n" if release.body else "") + notes["body"]
        release.name = release.name or notes["name"]
    _publish_tag(b, release)
    if not release.draft and release.published_at is None:
        release.published_at = b.state.now()
    latest = data.get("make_latest", "true")
    eligible = not release.draft and not release.prerelease
    if eligible and latest != "false":
        b.state.latest_release_id = release.id
    elif b.state.latest_release_id == release.id and not eligible:
        b.state.latest_release_id = None


def list_releases(b: Backend, call: Call) -> Reply:
    ordered = sorted(b.state.releases.values(), key=lambda r: r.id, reverse=True)
    return Reply(200, [b.render.release(r, b.state) for r in ordered])


def create_release(b: Backend, call: Call) -> Reply:
    data = call.json()
    tag = str(data["tag_name"])
    if any(r.tag_name == tag and not r.draft for r in b.state.releases.values()):
        raise unprocessable("Validation Failed", "Release", "already_exists", field="tag_name")
    now = b.state.now()
    release = Release(b.state.next_id(), tag, b.default_branch, None, None, False, False, now, None)
    _apply(b, release, data, creating=True)
    b.state.releases[release.id] = release
    reply = Reply(201, b.render.release(release, b.state))
    reply.headers["Location"] = reply.body["url"]
    return reply


def get_release(b: Backend, call: Call) -> Reply:
    return Reply(200, b.render.release(_release(b, call), b.state))


def update_release(b: Backend, call: Call) -> Reply:
    release = _release(b, call)
    data = call.json()
    tag = str(data.get("tag_name") or release.tag_name)
    published = not bool(data.get("draft", release.draft))
    if tag != release.tag_name or published:
        clash = [
            r
            for r in b.state.releases.values()
            if r.tag_name == tag and not r.draft and r.id != release.id
        ]
        if clash:  # a second published release for one tag
            raise unprocessable("Validation Failed", "Release", "already_exists", field="tag_name")
    _apply(b, release, data, creating=False)
    return Reply(200, b.render.release(release, b.state))


def delete_release(b: Backend, call: Call) -> Reply:
    release = _release(b, call)
    for asset_id in release.asset_ids:
        b.state.assets.pop(asset_id, None)
    del b.state.releases[release.id]
    if b.state.latest_release_id == release.id:
        b.state.latest_release_id = None
    return Reply(204)


def release_by_tag(b: Backend, call: Call) -> Reply:
    for release in b.state.releases.values():
        if release.tag_name == call.params["tag"] and not release.draft:
            return Reply(200, b.render.release(release, b.state))
    raise HttpError(404, "Not Found")


def latest_release(b: Backend, call: Call) -> Reply:
    latest = b.state.releases.get(b.state.latest_release_id or -1)
    if latest is None:
        eligible = [r for r in b.state.releases.values() if not r.draft and not r.prerelease]
        latest = max(eligible, key=lambda r: (r.created_at, r.id), default=None)
    if latest is None:
        raise HttpError(404, "Not Found")
    return Reply(200, b.render.release(latest, b.state))


def notes(b: Backend, call: Call) -> Reply:
    data = call.json()
    body = generate_notes(
        b, str(data["tag_name"]), data.get("target_commitish"), data.get("previous_tag_name")
    )
    return Reply(200, body)


def list_assets(b: Backend, call: Call) -> Reply:
    release = _release(b, call)
    tag = release.tag_name
    return Reply(200, [b.render.asset(b.state.assets[i], tag) for i in release.asset_ids])


def upload_asset(b: Backend, call: Call) -> Reply:
    release = _release(b, call)
    name = call.query["name"]
    if any(b.state.assets[i].name == name for i in release.asset_ids):
        raise unprocessable("Validation Failed", "ReleaseAsset", "already_exists", field="name")
    content_type = call.header("Content-Type") or "application/octet-stream"
    asset = Asset(
        b.state.next_id(),
        release.id,
        name,
        call.query.get("label"),
        content_type,
        call.body,
        b.state.now(),
    )
    b.state.assets[asset.id] = asset
    release.asset_ids.append(asset.id)
    return Reply(201, b.render.asset(asset, release.tag_name))


def _asset(b: Backend, call: Call) -> Asset:
    return or_404(b.state.assets.get(call.int_param("asset_id")))


def get_asset(b: Backend, call: Call) -> Reply:
    asset = _asset(b, call)
    body = b.render.asset(asset, b.state.releases[asset.release_id].tag_name)
    if "application/octet-stream" in call.header("Accept"):
        return Reply(302, headers={"Location": body["browser_download_url"]})
    return Reply(200, body)


def update_asset(b: Backend, call: Call) -> Reply:
    asset = _asset(b, call)
    data = call.json()
    asset.name = str(data.get("name", asset.name))
    asset.label = data.get("label", asset.label)
    return Reply(200, b.render.asset(asset, b.state.releases[asset.release_id].tag_name))


def delete_asset(b: Backend, call: Call) -> Reply:
    asset = _asset(b, call)
    b.state.releases[asset.release_id].asset_ids.remove(asset.id)
    del b.state.assets[asset.id]
    return Reply(204)


def download_file(b: Backend, tag: str, name: str) -> Reply:
    """`browser_download_url`: the asset's bytes (not part of the REST API)."""
    for release in b.state.releases.values():
        if release.tag_name != tag:
            continue
        for asset_id in release.asset_ids:
            asset = b.state.assets[asset_id]
            if asset.name == name:
                return Reply(200, raw=asset.data, content_type=asset.content_type)
    raise HttpError(404, "Not Found")


HANDLERS: dict[str, Handler] = {
    "repos/list-releases": list_releases,
    "repos/create-release": create_release,
    "repos/get-release": get_release,
    "repos/update-release": update_release,
    "repos/delete-release": delete_release,
    "repos/get-release-by-tag": release_by_tag,
    "repos/get-latest-release": latest_release,
    "repos/generate-release-notes": notes,
    "repos/list-release-assets": list_assets,
    "repos/upload-release-asset": upload_asset,
    "repos/get-release-asset": get_asset,
    "repos/update-release-asset": update_asset,
    "repos/delete-release-asset": delete_asset,
}
