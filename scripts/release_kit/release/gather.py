"""Reading each notes source (files, git, GitHub) into the text the template gets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from release_kit.changelog import (
    ChangelogSettings,
    drop_empty_subheadings,
    is_rst,
    pending_section,
    section,
)
from release_kit.config import Config
from release_kit.errors import InputError
from release_kit.git import Git
from release_kit.release.api import ReleaseApi
from release_kit.release.changelog_rule import above_rule
from release_kit.release.milestone import MilestoneRef, pick_by_title, unknown_milestone
from release_kit.release.notes import Item, items_from_issues, milestone_markdown
from release_kit.tree import Tree


@dataclass(frozen=True)
class Milestone:
    number: int
    title: str
    state: str = "open"
    issues: Sequence[Item] = ()
    pulls: Sequence[Item] = ()


def changelog_section(cfg: Config, tree: Tree, version: str) -> tuple[str, str | None]:
    """(file, the version's section): in the wasmtime style (the file opens with the
    version's heading and its notes end at a rule line) all of it, heading and date line
    kept; else the Keep a Changelog or plain heading's section (A's parser), else the
    text above the first rule line when it names the version. The file is `[changelog]
    path` or the first of the usual names; read at the released commit."""
    found = ChangelogSettings.from_config(cfg).find(tree)
    if found is None:
        return "CHANGELOG.md", None
    path, text = found
    body = section(text, version)
    top = above_rule(text, version)
    if top is not None and _opens_with_heading_of(top, version):
        # wasmtime: the notes are all of it, the heading and date line kept; a section
        # with no entry (its template headings only) has no notes
        if not (body and body.strip()):
            return path, None
        return path, drop_empty_subheadings(top).strip("\n") + "\n"
    return path, body if body and body.strip() else top


def pending_changelog(cfg: Config, tree: Tree) -> str | None:
    """The changelog's pending section at the tree's commit (the rolling pre-release's
    notes), None when there is no changelog, no pending section or no entry in it."""
    settings = ChangelogSettings.from_config(cfg)
    found = settings.find(tree)
    if found is None or is_rst(found[0]):
        return None
    return pending_section(found[1], settings.pending_headings) or None


def _opens_with_heading_of(text: str, version: str) -> bool:
    """The text's first line is a heading that names `version` (wasmtime's `## 49.0.0`)."""
    first = text.lstrip().split("\n", 1)[0]
    return first.startswith("#") and above_rule(first + "\n\n---\n", version) is not None


def commits_since(
    git: Git,
    previous_tag: str | None,
    target: str,
    cfg: Config,
    root: Path,
    env: Mapping[str, str],
) -> str:
    """Conventional-commit notes for previous_tag..target (area C's renderer; links to
    commits and PRs from GITHUB_SERVER_URL/GITHUB_REPOSITORY, else the origin URL)."""
    from release_kit.commits.notes import render_commit_notes
    from release_kit.commits.settings import CommitSettings

    settings = CommitSettings.from_config(cfg)
    return render_commit_notes(git, previous_tag, target, settings=settings, root=root, env=env)


def find_milestone(api: ReleaseApi, ref: MilestoneRef) -> Mapping[str, Any]:
    """The milestone `ref` names: by number one request, by title the list of all
    (closed ones too: a re-run after the release finds it closed). Neither: InputError
    naming it and the open milestones, before anything is changed."""
    if ref.number is not None:
        found: Mapping[str, Any] | None = api.milestone(ref.number)
        if found is None:
            raise unknown_milestone(ref, api.milestones("open"))
        return found
    assert ref.title is not None
    every = api.milestones("all")
    found = pick_by_title(ref.title, every)
    if found is None:
        raise unknown_milestone(ref, [m for m in every if m.get("state") == "open"])
    return found


def read_milestone(
    api: ReleaseApi, ref: MilestoneRef, *, closed_items: bool
) -> tuple[Milestone, list[dict[str, Any]]]:
    """The milestone (title, closed issues and merged PRs if asked) and its open items."""
    raw = find_milestone(api, ref)
    number = int(raw["number"])
    title = str(raw.get("title") or "")
    open_items = api.issues(milestone=str(number), state="open")
    issues: list[Item] = []
    pulls: list[Item] = []
    if closed_items:
        issues, pulls = items_from_issues(api.issues(milestone=str(number), state="closed"))
    return Milestone(number, title, str(raw.get("state") or "open"), issues, pulls), open_items


def milestone_notes(milestone: Milestone) -> str:
    return milestone_markdown(milestone.title, milestone.issues, milestone.pulls)


def require(name: str, text: str | None, explicit: bool, why: str) -> str:
    """A source that finds nothing: an error when the configuration named it, else empty."""
    if text and text.strip():
        return text
    if explicit:
        raise InputError(f"notes source {name!r} found nothing: {why}")
    return ""
