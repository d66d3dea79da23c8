"""A rolling pre-release (hyperlight's `dev-latest`) moved to each new build in place.

A release belongs to its tag by name, so it never has to be deleted: the release
is updated where it stands and the tag ref is force-moved with one
`PATCH /git/refs/tags/<tag>`. New asset bytes are uploaded first under temporary
names while the old release is untouched; then the tag moves, and each old asset
is deleted and its replacement renamed at once. The release is never missing,
and an asset name is missing only between a delete and a rename. A run that
dies half way leaves temporary assets, which the next run deletes first.
(Deleting and re-creating the release, as many workflows do, leaves a window
with no release and turns a deleted tag's release into a draft.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from release_kit.release.api import ReleaseApi
from release_kit.release.assets import LocalAsset
from release_kit.release.ops import Outcome, apply_plan, describe_asset
from release_kit.release.plan import (
    AssetStep,
    Plan,
    ReleaseSpec,
    RemoteAsset,
    plan_assets,
    plan_release,
    temp_name,
)


def plan_rolling(
    spec: ReleaseSpec,
    existing: dict[str, Any] | None,
    remote: Sequence[RemoteAsset],
    local: Sequence[LocalAsset],
) -> Plan:
    """Like a release plan, but every changed asset is replaced and stale ones pruned."""
    if existing is None:
        return plan_release(spec, None, local, overwrite=True)
    steps = plan_assets(local, remote, overwrite=True, prune=True)
    fields: dict[str, Any] = {}
    for key, value in (("name", spec.name), ("body", spec.body), ("prerelease", True)):
        if (existing.get(key) or ("" if key != "prerelease" else False)) != value:
            fields[key] = value
    if existing.get("target_commitish") != spec.target:
        fields["target_commitish"] = spec.target
    return Plan(create=False, fields=fields, publish=bool(existing.get("draft")), assets=steps)


def apply_rolling(
    api: ReleaseApi,
    spec: ReleaseSpec,
    plan: Plan,
    existing: dict[str, Any] | None,
    tag_sha: str | None,
    say: Callable[[str], None],
) -> Outcome:
    if existing is None:
        _move_tag(api, spec, tag_sha, say)
        return apply_plan(api, spec, plan, None, say)
    out = Outcome(existing)
    token = spec.target[:7]
    staged: dict[str, dict[str, Any]] = {}
    for step in plan.assets:  # 1. stage new bytes; clear leftovers of a failed run
        if step.action == "delete" and step.remote and step.name.startswith("rk-tmp-"):
            api.delete_asset(step.remote.id)
        elif step.action in ("upload", "replace") and step.local is not None:
            staged[step.name] = api.upload(existing, step.local, temp_name(step.name, token))
            say(f"staged {step.name} ({step.local.size} bytes)")
    _move_tag(api, spec, tag_sha, say)  # 2. the tag moves
    for step in plan.assets:  # 3. swap names, drop assets no longer built
        out.assets.extend(_swap(api, out, step, staged, say))
    if plan.fields or plan.publish:  # 4. the release's own fields
        fields = {**plan.fields, **({"draft": False} if plan.publish else {})}
        out.release = api.update(int(existing["id"]), {**fields, "make_latest": "false"})
        out.done.append(f"updated {', '.join(sorted(fields))}")
        say(out.done[-1])
    return out


def _move_tag(
    api: ReleaseApi, spec: ReleaseSpec, tag_sha: str | None, say: Callable[[str], None]
) -> None:
    if tag_sha == spec.target:
        return
    if tag_sha is None:
        api.create_tag_ref(spec.tag, spec.target)
    else:
        api.move_tag_ref(spec.tag, spec.target)
    say(f"moved tag {spec.tag} to {spec.target[:12]}")


def _swap(
    api: ReleaseApi,
    out: Outcome,
    step: AssetStep,
    staged: dict[str, dict[str, Any]],
    say: Callable[[str], None],
) -> list[dict[str, Any]]:
    if step.action == "keep" and step.local and step.remote:
        return [describe_asset(step.name, step.local.size, step.local.sha256, step.remote.id, out)]
    if step.action == "delete":
        if not step.name.startswith("rk-tmp-") and step.remote:
            api.delete_asset(step.remote.id)
            out.done.append(f"deleted asset {step.name}")
            say(out.done[-1])
        return []
    assert step.local is not None
    if step.action == "replace" and step.remote is not None:
        api.delete_asset(step.remote.id)
    raw = api.rename_asset(int(staged[step.name]["id"]), step.name)
    out.done.append(f"{'replaced' if step.action == 'replace' else 'uploaded'} {step.name}")
    say(out.done[-1])
    return [describe_asset(step.name, step.local.size, step.local.sha256, int(raw["id"]), out, raw)]
