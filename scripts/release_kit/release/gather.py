"""Reading each notes source (files, git, GitHub) into the text the template gets."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from release_kit.errors import InputError
from release_kit.git import Git
from release_kit.release.api import ReleaseApi
from release_kit.release.changelog_rule import above_rule
from release_kit.release.notes import Item, items_from_issues, milestone_markdown


@dataclass(frozen=True)
class Milestone:
    number: int
    title: str
    state: str = "open"
    issues: Sequence[Item] = ()
    pulls: Sequence[Item] = ()


def changelog_section(root: Path, path: str, version: str) -> str | None:
    """The version's section: Keep a Changelog / plain heading (A's parser), else the
    wasmtime style (everything above the first rule line). None when neither finds it."""
    file = root / path
    if not file.is_file():
        return None
    text = file.read_text(encoding="utf-8")
    try:
        module = importlib.import_module("release_kit.changelog")
        section = cast(Callable[[str, str], str | None], module.section)
    except (ImportError, AttributeError):
        section = None
    found = section(text, version) if section is not None else None
    return found if found and found.strip() else above_rule(text, version)


def commits_since(git: Git, previous_tag: str | None, target: str, root: Path) -> str:
    """Conventional-commit notes for previous_tag..target (area C's renderer)."""
    from release_kit.commits.notes import render_commit_notes
    from release_kit.commits.settings import CommitSettings
    from release_kit.config import load_config

    settings = CommitSettings.from_config(load_config(root))
    return render_commit_notes(git, previous_tag, target, settings=settings, root=root)


def read_milestone(
    api: ReleaseApi, number: int, *, closed_items: bool
) -> tuple[Milestone, list[dict[str, Any]]]:
    """The milestone (title, closed issues and merged PRs if asked) and its open items."""
    raw = api.milestone(number)
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
