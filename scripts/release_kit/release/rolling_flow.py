"""`release --rolling TAG`: check inputs, plan the in-place update, apply (see rolling.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from release_kit.errors import InputError
from release_kit.git import Git
from release_kit.release import inputs
from release_kit.release.api import ReleaseApi
from release_kit.release.flow import Result
from release_kit.release.notes import NotesInput
from release_kit.release.plan import ReleaseSpec, RemoteAsset
from release_kit.release.rolling import apply_rolling, plan_rolling
from release_kit.release.settings import ReleaseSettings


def run_rolling(
    api: ReleaseApi,
    git: Git,
    root: Path,
    tag: str,
    target: str,
    rs: ReleaseSettings,
    *,
    dry_run: bool,
    say: Callable[[str], None],
) -> Result:
    template = inputs.load_template(root, rs.notes_template)
    local = inputs.load_assets(root, rs)
    sha = git.try_rev_parse(target)
    if sha is None:
        raise InputError(f"target {target!r} names no commit")
    subject = git.run("log", "-1", "--format=%s", sha)
    text = f"Rolling pre-release, rebuilt on every push; now at `{sha[:12]}` ({subject})."
    body = template.render(NotesInput(tag=tag, version=sha[:12], sections=[("rolling", text)]))
    spec = ReleaseSpec(
        tag=tag,
        target=sha,
        name=(rs.rolling_name or rs.name).format(tag=tag, version=tag),
        body=body,
        draft=False,
        prerelease=True,
        make_latest="false",
    )
    existing = api.find(api.list_releases(), tag)
    remote: list[RemoteAsset] = []
    if existing is not None:
        found = [RemoteAsset.from_api(a) for a in existing.get("assets") or []]
        remote = api.with_digests(found, local)
    plan = plan_rolling(spec, existing, remote, local)
    tag_sha = api.tag_sha(tag)
    if tag_sha != sha and not plan.fields.get("target_commitish"):
        plan.fields["target_commitish"] = sha  # the tag moves even if nothing else does
    old_body = None if existing is None else str(existing.get("body") or "")
    result = Result(spec, "", plan, local, None, old_body)
    if not dry_run:
        result.outcome = apply_rolling(api, spec, plan, existing, tag_sha, say)
    return result
