"""What `release` prints, returns as JSON / step outputs, and writes to the step summary."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from release_kit.release.flow import Result
    from release_kit.release.plan import Plan


def plan_lines(plan: Plan, tag: str) -> list[str]:
    lines = []
    if plan.create:
        lines.append(f"create draft release {tag}")
    if plan.fields:
        lines.append(f"update {', '.join(sorted(plan.fields))}")
    lines += [f"{s.action} {s.name}" for s in plan.assets]
    if plan.publish:
        lines.append(f"publish {tag}")
    return lines


def result_lines(result: Result) -> list[str]:
    """The plan, the tag it makes, and the milestone it closes (a draft leaves it open)."""
    lines = plan_lines(result.plan, result.spec.tag)
    if result.new_tag:
        spec = result.spec
        where = spec.target[:12] if spec.target else "the default branch"
        how = " by publishing" if result.plan.publish else ""
        lines.append(f"create tag {spec.tag} at {where}{how}")
    if result.milestone is not None and result.close_milestone:
        lines.append(f"close milestone {result.milestone.title!r}")
    return lines


def _left_open(result: Result) -> list[str]:
    if result.milestone is None or not result.milestone_left_open:
        return []
    tag, number = result.spec.tag, result.milestone.number
    return [
        f"milestone {result.milestone.title!r} left open while the release is a draft "
        f"(publish it with: release-kit release --publish {tag} --milestone {number})"
    ]


def payload(result: Result, *, dry_run: bool) -> dict[str, Any]:
    release = result.outcome.release if result.outcome else {}
    if result.outcome:
        assets = result.outcome.assets
    else:
        assets = [
            {"name": a.name, "size": a.size, "sha256": a.sha256, "id": None, "url": ""}
            for a in result.assets
        ]
    return {
        "tag": result.spec.tag,
        "version": result.version,
        "target": result.spec.target,
        "release_id": release.get("id"),
        "html_url": release.get("html_url", ""),
        "upload_url": release.get("upload_url", ""),
        "assets": assets,
        "created": result.plan.create,
        "changed": result.plan.changes or result.new_tag or result.close_milestone,
        "draft": result.spec.draft,
        "prerelease": result.spec.prerelease,
        "make_latest": result.spec.make_latest,
        "plan": result_lines(result),
        "milestone_closed": result.close_milestone and not dry_run,
        "milestone_left_open": result.milestone_left_open,
        "dry_run": dry_run,
    }


def text(result: Result, *, dry_run: bool) -> str:
    lines = result_lines(result)
    if dry_run:
        head = f"dry run: release {result.spec.tag} at {result.spec.target[:12]}"
        steps = [f"  would {line}" for line in lines] or ["  nothing to change"]
        return "\n".join([head, *steps, *_left_open(result), *_notes_preview(result)])
    release = result.outcome.release if result.outcome else {}
    url = release.get("html_url", "")
    if result.plan.changes or result.new_tag or result.close_milestone:
        head = f"release {result.spec.tag}: {url}"
    elif result.already_published:
        head = f"release {result.spec.tag} is already published: {url}"
    else:
        head = f"release {result.spec.tag} is up to date: {url}"
    return "\n".join([head, *_left_open(result)])


def _notes_preview(result: Result) -> list[str]:
    """The notes a new release would get, or the diff against the existing notes."""
    body = result.spec.body.replace("\r\n", "\n")
    if result.previous_body is None:
        return ["--- notes ---", body.rstrip("\n") or "(empty)"]
    before = result.previous_body.replace("\r\n", "\n")
    if before.strip() == body.strip():
        return ["notes unchanged"]
    diff = difflib.unified_diff(
        before.splitlines(), body.splitlines(), "notes (now)", "notes (new)", lineterm=""
    )
    return list(diff)


def summary(result: Result, *, dry_run: bool) -> str:
    spec = result.spec
    kind = "draft" if spec.draft else "pre-release" if spec.prerelease else "release"
    title = f"## {'Dry run: ' if dry_run else ''}{kind} {spec.tag}"
    rows = ["| asset | size | sha256 |", "|---|---:|---|"]
    for asset in payload(result, dry_run=dry_run)["assets"]:
        rows.append(f"| `{asset['name']}` | {asset['size']} | `{asset['sha256'][:16]}…` |")
    assets = "\n".join(rows) if len(rows) > 2 else "_no assets_"
    notes = spec.body.strip() or "_empty_"
    left_open = "".join(f"{line}.\n\n" for line in _left_open(result))
    return (
        f"{title}\n\nCommit `{spec.target[:12]}`; make_latest `{spec.make_latest}`.\n\n"
        f"{left_open}### Notes\n\n{notes}\n\n### Assets\n\n{assets}\n"
    )
