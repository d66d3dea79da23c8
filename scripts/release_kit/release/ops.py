"""Carry out a release plan, in an order that a re-run can always finish.

1. create the release as a draft (or update an existing one's fields);
2. upload missing assets; swap in changed ones (temporary name, delete old, rename);
3. publish (PATCH draft=false, with `make_latest`) unless a draft was asked for.

A missing tag is not created beforehand: publishing makes GitHub create it at
the release's `target_commitish`, so a draft never has a tag (see
`tag_after_publish`).

A failure at any step leaves a draft (invisible to users) or a complete
release; the next run lists releases, finds it, and does only what is left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from release_kit.errors import ConflictError
from release_kit.release.api import ReleaseApi
from release_kit.release.plan import AssetStep, Plan, ReleaseSpec, release_fields, temp_name


@dataclass
class Outcome:
    """The release after the run, and the assets it carries."""

    release: dict[str, Any]
    assets: list[dict[str, Any]] = field(default_factory=list)
    done: list[str] = field(default_factory=list)  # one line per change made


def apply_plan(
    api: ReleaseApi,
    spec: ReleaseSpec,
    plan: Plan,
    existing: dict[str, Any] | None,
    say: Callable[[str], None],
) -> Outcome:
    if plan.create or existing is None:
        release = api.create(release_fields(spec))
        out = Outcome(release, done=[f"created draft release {spec.tag}"])
    else:
        release = existing
        out = Outcome(release)
        if plan.fields and not plan.publish:
            release = out.release = api.update(int(release["id"]), plan.fields)
            out.done.append(f"updated {', '.join(sorted(plan.fields))}")
    say(out.done[-1] if out.done else f"release {spec.tag} exists (id {release['id']})")
    token = spec.target[:7]
    for step in plan.assets:
        out.assets.extend(_asset_step(api, out, step, token, say))
    if plan.publish:
        fields = {**plan.fields, "draft": False}
        if not spec.prerelease:
            fields["make_latest"] = spec.make_latest
        out.release = api.update(int(release["id"]), fields)
        out.done.append(f"published {spec.tag}")
        say(out.done[-1])
    return out


def tag_after_publish(api: ReleaseApi, tag: str, sha: str, say: Callable[[str], None]) -> None:
    """After publishing a release whose tag was missing: the tag GitHub made, checked.

    GitHub creates it at `target_commitish`; should it not have, it is created
    here, and a tag that appeared on another commit (pushed meanwhile) is an error.
    """
    found = api.tag_sha(tag)
    if found is None:
        api.create_tag_ref(tag, sha)
        say(f"created tag {tag} at {sha[:12]}")
    elif found != sha:
        raise ConflictError(
            f"release {tag} is published, but its tag points at {found[:12]}, "
            f"not at the target {sha[:12]}"
        )
    else:
        say(f"tag {tag} created at {sha[:12]} by publishing the release")


def _asset_step(
    api: ReleaseApi, out: Outcome, step: AssetStep, token: str, say: Callable[[str], None]
) -> list[dict[str, Any]]:
    if step.action == "keep":
        assert step.remote is not None and step.local is not None
        return [describe_asset(step.name, step.local.size, step.local.sha256, step.remote.id, out)]
    if step.action == "delete":
        assert step.remote is not None
        api.delete_asset(step.remote.id)
        out.done.append(f"deleted asset {step.name}")
        say(out.done[-1])
        return []
    assert step.local is not None
    if step.action == "upload":
        raw = api.upload(out.release, step.local, step.name)
        out.done.append(f"uploaded {step.name} ({step.local.size} bytes)")
    else:  # replace: the old asset stays until the new bytes are on GitHub
        assert step.remote is not None
        raw = api.upload(out.release, step.local, temp_name(step.name, token))
        api.delete_asset(step.remote.id)
        raw = api.rename_asset(int(raw["id"]), step.name)
        out.done.append(f"replaced {step.name} ({step.local.size} bytes)")
    say(out.done[-1])
    return [describe_asset(step.name, step.local.size, step.local.sha256, int(raw["id"]), out, raw)]


def describe_asset(
    name: str,
    size: int,
    sha256: str,
    asset_id: int,
    out: Outcome,
    raw: dict[str, Any] | None = None,
) -> dict[str, Any]:
    url = str((raw or {}).get("browser_download_url") or "")
    if not url:
        html = str(out.release.get("html_url") or "")
        url = html.replace("/releases/tag/", "/releases/download/") + f"/{name}" if html else ""
    return {"name": name, "size": size, "sha256": sha256, "id": asset_id, "url": url}
