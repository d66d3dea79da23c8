"""One release, start to end: check inputs, pass the gates, gather notes, plan, apply.

Requests on a first run with N assets and the default sources: list releases,
generate notes, create the draft, N uploads, publish: N + 4. A re-run: list
and generate notes, nothing else.

A draft is a release nobody sees yet: with create-tag it gets the tag's name
and target but no tag (GitHub creates the tag when the draft is published),
and the milestone stays open. The run that publishes it, this flow without
draft or `release --publish TAG` (publish.py), closes the milestone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from release_kit.config import Config
from release_kit.git import Git
from release_kit.release import gather, inputs
from release_kit.release.api import ReleaseApi
from release_kit.release.assets import LocalAsset
from release_kit.release.gather import Milestone
from release_kit.release.latest import decide_make_latest
from release_kit.release.milestone import (
    MilestoneRef,
    check_blockers,
    check_milestone_open_items,
    read_title,
)
from release_kit.release.notes import NotesInput
from release_kit.release.ops import Outcome, apply_plan, tag_after_publish
from release_kit.release.plan import Plan, ReleaseSpec, RemoteAsset, plan_release
from release_kit.release.settings import ReleaseSettings
from release_kit.settings import CoreSettings
from release_kit.tree import GitTree


@dataclass(frozen=True)
class Request:
    tag: str | None
    target: str | None
    create_tag: bool
    milestone: MilestoneRef | None
    settings: ReleaseSettings


@dataclass
class Result:
    spec: ReleaseSpec
    version: str
    plan: Plan
    assets: list[LocalAsset]
    outcome: Outcome | None  # None under --dry-run
    previous_body: str | None = None  # the existing release's notes, for the dry-run diff
    milestone: Milestone | None = None  # --milestone N|TITLE
    close_milestone: bool = False  # closed by this run (under --dry-run: would be)
    milestone_left_open: bool = False  # would be closed, but the release is a draft
    new_tag: bool = False  # the tag is missing; this run makes it (publishing does)
    already_published: bool = False  # --publish of a release that is no draft (any more)


def run_release(
    api: ReleaseApi,
    git: Git,
    root: Path,
    cfg: Config,
    core: CoreSettings,
    req: Request,
    *,
    dry_run: bool,
    say: Callable[[str], None],
    env: Mapping[str, str] | None = None,
) -> Result:
    rs = req.settings
    env = env or {}
    # Local checks first: bad input exits 2 before any request.
    template = inputs.load_template(root, rs.notes_template)
    local = inputs.load_assets(root, rs)
    milestone = None
    open_items: list[dict[str, Any]] = []
    if req.milestone is not None:
        milestone, open_items = gather.read_milestone(
            api, req.milestone, closed_items="milestone" in rs.notes
        )
    tag = req.tag
    if tag is None:
        if milestone is None:
            from release_kit.errors import InputError

            raise InputError("name the tag to release (or --milestone N|TITLE)")
        titled = read_title(milestone.title)
        if titled.padded:
            say(f"milestone title {milestone.title!r}: {titled.note(titled.written)}")
        tag = core.tag_format.format(titled.text)
    version = inputs.parse_tag_version(tag, core)
    target = inputs.resolve_target(git, tag, req.target, create_tag=req.create_tag)
    previous = inputs.previous_tag(git, core, version, target.sha)

    # Gates: refuse (exit 1) while the milestone or the blocker label has open issues.
    if milestone is not None:
        check_milestone_open_items(milestone.title, open_items)
    if rs.blocker_label:
        check_blockers(rs.blocker_label, api.issues(labels=rs.blocker_label, state="open"))

    sections: list[tuple[str, str]] = []
    for source in rs.notes:
        if source == "changelog":
            tree = GitTree(git, target.sha)
            path, text = gather.changelog_section(cfg, tree, str(version))
            why = f"no section for {version} in {path} at {tag}"
            sections.append((source, gather.require(source, text, rs.notes_explicit, why)))
        elif source == "generated":
            sections.append((source, api.generate_notes(tag, target.sha, previous)))
        elif source == "commits":
            text = gather.commits_since(git, previous, target.sha, cfg, root, env)
            sections.append((source, text))
        elif source == "milestone" and milestone is not None:
            sections.append((source, gather.milestone_notes(milestone)))
    notes = NotesInput(
        tag=tag,
        version=str(version),
        previous_tag=previous,
        sections=sections,
        issues=milestone.issues if milestone else (),
        pulls=milestone.pulls if milestone else (),
        milestone=milestone.title if milestone else None,
    )
    body = template.render(notes)

    releases = api.list_releases()
    existing = api.find(releases, tag)
    prerelease = version.is_prerelease if rs.prerelease is None else rs.prerelease
    make_latest = decide_make_latest(
        rs.make_latest,
        version,
        prerelease=prerelease,
        draft=rs.draft,
        releases=releases,
        tag=tag,
        version_of=lambda other: core.tag_format.version(other, version.scheme),
    )
    spec = ReleaseSpec(
        tag=tag,
        target=target.sha,
        name=rs.name.format(tag=tag, version=version),
        body=body,
        draft=rs.draft,
        prerelease=prerelease,
        make_latest=make_latest,
    )
    remote = None
    if existing is not None:
        found = [RemoteAsset.from_api(a) for a in existing.get("assets") or []]
        remote = api.with_digests(found, local)
    plan = plan_release(
        spec,
        existing,
        local,
        overwrite=rs.overwrite,
        remote=remote,
        tag_exists=target.tag_exists,
    )
    old_body = None if existing is None else str(existing.get("body") or "")
    result = Result(spec, str(version), plan, local, None, old_body, milestone)
    closing = milestone is not None and rs.close_milestone and milestone.state != "closed"
    result.close_milestone = closing and not spec.draft
    result.milestone_left_open = closing and spec.draft
    result.new_tag = not target.tag_exists and not spec.draft
    if dry_run:
        return result
    # A missing tag is made by publishing (GitHub creates it at target_commitish); only
    # a published release that lost its tag gets a tag ref of its own.
    if not target.tag_exists and not spec.draft and not plan.publish:
        api.create_tag_ref(tag, target.sha)
        say(f"created tag {tag} at {target.sha[:12]}")
    result.outcome = apply_plan(api, spec, plan, existing, say)
    if not target.tag_exists and plan.publish:
        tag_after_publish(api, tag, target.sha, say)
    finish_milestone(api, result, say)
    return result


def finish_milestone(api: ReleaseApi, result: Result, say: Callable[[str], None]) -> None:
    """Close the milestone once the release is public (a draft leaves it open)."""
    milestone = result.milestone
    if milestone is not None and result.close_milestone:
        api.close_milestone(milestone.number)
        say(f"closed milestone {milestone.title!r}")
