"""The release plan: what to create, change, upload, replace and delete. Pure.

A new release is created as a draft, its assets are uploaded, and only then is
it published (unless a draft was asked for): nobody sees, and no `release:
published` workflow starts on, a release with half its assets, and a re-run
after a failure finds the draft (GitHub's by-tag lookup hides drafts, so the
caller lists releases) and finishes it. An asset on that draft whose content
does not match (an upload killed half way left it short) is replaced without
`overwrite`; on a published release, or a draft someone else made, a changed
asset still needs `overwrite`.

An asset whose content changes is uploaded under a temporary name, the old one
deleted, and the new one renamed: the name is missing only between two quick
calls, never for the length of an upload.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from release_kit.errors import ConflictError
from release_kit.release.assets import LocalAsset

TEMP_PREFIX = "rk-tmp-"


@dataclass(frozen=True)
class ReleaseSpec:
    """The release we want."""

    tag: str
    target: str  # commit SHA
    name: str
    body: str
    draft: bool
    prerelease: bool
    make_latest: str  # "true" | "false" | "legacy"


@dataclass(frozen=True)
class RemoteAsset:
    id: int
    name: str
    size: int
    sha256: str | None  # from GitHub's `digest`, or filled in after a download
    uploaded: bool = True

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> RemoteAsset:
        digest = str(raw.get("digest") or "")
        return cls(
            id=int(raw["id"]),
            name=str(raw["name"]),
            size=int(raw.get("size") or 0),
            sha256=digest.removeprefix("sha256:") if digest.startswith("sha256:") else None,
            uploaded=raw.get("state", "uploaded") == "uploaded",
        )


@dataclass(frozen=True)
class AssetStep:
    """One asset action: upload (new), replace (swap in under a temp name), delete, keep."""

    action: str
    name: str
    local: LocalAsset | None = None
    remote: RemoteAsset | None = None


@dataclass(frozen=True)
class Plan:
    create: bool
    fields: dict[str, Any]  # changes to PATCH into an existing release (publish included)
    publish: bool  # a final PATCH draft=false after the uploads
    assets: list[AssetStep] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return (
            self.create
            or bool(self.fields)
            or self.publish
            or any(s.action != "keep" for s in self.assets)
        )


def release_fields(spec: ReleaseSpec) -> dict[str, Any]:
    """The JSON of a create call: always a draft first (published after the uploads)."""
    return {
        "tag_name": spec.tag,
        "target_commitish": spec.target,
        "name": spec.name,
        "body": spec.body,
        "draft": True,
        "prerelease": spec.prerelease,
    }


def plan_release(
    spec: ReleaseSpec,
    existing: Mapping[str, Any] | None,
    local: Sequence[LocalAsset],
    *,
    overwrite: bool,
    prune: bool = False,
    remote: Sequence[RemoteAsset] | None = None,
    tag_exists: bool = True,
) -> Plan:
    """Compare the wanted release with the existing one (None when there is none).

    Without its tag (`tag_exists` False: a draft's tag is made when it is published)
    the release's `target_commitish` is where GitHub will create the tag, so it
    must be the target.
    """
    if existing is None:
        steps = [AssetStep("upload", a.name, local=a) for a in local]
        return Plan(create=True, fields={}, publish=not spec.draft, assets=steps)
    was_draft = bool(existing.get("draft"))
    if spec.draft and not was_draft:
        raise ConflictError(
            f"release {spec.tag} is already published; refusing to turn it back into a draft"
        )
    changes: dict[str, Any] = {}
    if str(existing.get("name") or "") != spec.name:
        changes["name"] = spec.name
    if _norm(existing.get("body")) != _norm(spec.body):
        changes["body"] = spec.body
    if bool(existing.get("prerelease")) != spec.prerelease:
        changes["prerelease"] = spec.prerelease
    if not tag_exists and str(existing.get("target_commitish") or "") != spec.target:
        changes["target_commitish"] = spec.target
    if remote is None:
        remote = [RemoteAsset.from_api(a) for a in existing.get("assets") or []]
    # An asset of the kit's own unpublished draft that does not match (an upload
    # killed half way) is replaced: nobody has seen it. Published: --overwrite only.
    replace = overwrite or own_draft(existing, spec)
    steps = plan_assets(local, remote, overwrite=replace, prune=prune)
    publish = was_draft and not spec.draft
    if changes and not was_draft and not spec.prerelease:
        changes["make_latest"] = spec.make_latest
    return Plan(create=False, fields=changes, publish=publish, assets=steps)


def own_draft(existing: Mapping[str, Any], spec: ReleaseSpec) -> bool:
    """True for a draft the kit created for this release: unpublished, and its
    `target_commitish` the very commit SHA being released (the kit always creates
    drafts with it; GitHub's web form and `gh release create` record a branch)."""
    return bool(existing.get("draft")) and existing.get("target_commitish") == spec.target


def plan_assets(
    local: Sequence[LocalAsset],
    remote: Sequence[RemoteAsset],
    *,
    overwrite: bool,
    prune: bool = False,
) -> list[AssetStep]:
    """Per asset: keep, upload or replace; a changed asset without `overwrite` is an error.

    Leftover temporary uploads of an interrupted run, and (with `prune`, as a
    rolling release does) assets no longer built, are deleted.
    """
    by_name = {r.name: r for r in remote}
    steps = [
        AssetStep("delete", r.name, remote=r) for r in remote if r.name.startswith(TEMP_PREFIX)
    ]
    conflicts: list[str] = []
    for asset in local:
        old = by_name.get(asset.name)
        if old is None:
            steps.append(AssetStep("upload", asset.name, local=asset))
        elif not old.uploaded:
            steps.append(AssetStep("replace", asset.name, local=asset, remote=old))
        elif old.sha256 == asset.sha256 and old.size == asset.size:
            steps.append(AssetStep("keep", asset.name, local=asset, remote=old))
        elif overwrite:
            steps.append(AssetStep("replace", asset.name, local=asset, remote=old))
        else:
            conflicts.append(asset.name)
    if conflicts:
        raise ConflictError(
            f"asset(s) {', '.join(conflicts)} already on the release with different content; "
            "set overwrite to replace them"
        )
    wanted = {a.name for a in local}
    for old in remote:
        if prune and old.name not in wanted and not old.name.startswith(TEMP_PREFIX):
            steps.append(AssetStep("delete", old.name, remote=old))
    return steps


def temp_name(name: str, token: str) -> str:
    """The name an asset is uploaded under before it replaces the old one."""
    return f"{TEMP_PREFIX}{token}-{name}"


def _norm(body: object) -> str:
    return str(body or "").replace("\r\n", "\n").strip()
