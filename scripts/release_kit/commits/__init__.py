"""Conventional Commits: parse messages, decide the next bump, render changelogs.

The public entry points are re-exported lazily, so importing the package
(for `parse_message`) does not pull in git, Jinja2 or the version schemes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from release_kit.commits.parse import ConventionalCommit, parse_message

if TYPE_CHECKING:
    from release_kit.commits.notes import render_commit_notes
    from release_kit.commits.plan import NextPlan, plan_next
    from release_kit.commits.settings import CommitSettings
    from release_kit.git import Git

__all__ = [
    "CommitSettings",
    "ConventionalCommit",
    "NextPlan",
    "next_bump",
    "parse_message",
    "plan_next",
    "render_commit_notes",
]

_LAZY = {
    "CommitSettings": "release_kit.commits.settings",
    "NextPlan": "release_kit.commits.plan",
    "plan_next": "release_kit.commits.plan",
    "render_commit_notes": "release_kit.commits.notes",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def next_bump(
    git: Git,
    settings: Any,
    commit_settings: CommitSettings | None = None,
    branch: str | None = None,
) -> str | None:
    """major | minor | patch from the commits since the last release tag on HEAD's
    branch, or None when they hold nothing that asks for a release. `settings` is
    the core settings (`.scheme`, `.tag_format`); `[commits]` defaults unless given."""
    from release_kit.commits.plan import plan_next
    from release_kit.commits.settings import CommitSettings

    plan = plan_next(
        git,
        scheme=settings.scheme,
        tag_format=settings.tag_format,
        settings=commit_settings or CommitSettings(),
        branch=branch,
    )
    return plan.bump
