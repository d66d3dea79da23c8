"""The next version of a repository: tags and commits read once, then decided purely."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from release_kit.commits.bump import bump_kind, changes, next_version, not_below
from release_kit.commits.history import group_by_release, read_tags, since_tags
from release_kit.commits.parse import ConventionalCommit
from release_kit.commits.settings import CommitSettings

if TYPE_CHECKING:
    from release_kit.git import Git
    from release_kit.versioning import TagFormat


@dataclass(frozen=True)
class NextPlan:
    """What the commits since the last release ask for."""

    current: str  # the newest version tagged on this branch (or the initial version)
    current_tag: str | None
    last_release: str | None  # the newest non-pre-release tag on this branch
    bump: str | None  # major | minor | patch | None (nothing to release)
    version: str
    tag: str
    channel: str | None
    changes: tuple[ConventionalCommit, ...]


def plan_next(
    git: Git,
    *,
    scheme: str,
    tag_format: TagFormat,
    settings: CommitSettings,
    branch: str | None,
) -> NextPlan:
    """Read the tags (one for-each-ref) and the commits since the last release tag
    reachable from HEAD (one log, every release tag excluded, the boundary telling
    which tags the range starts from), then work out the bump and next version."""
    from release_kit.versioning import parse_version

    tags = read_tags(git, tag_format, scheme)
    releases = [t for t in tags if not t.is_prerelease]
    entries, reached = since_tags(git, releases, tag_format, scheme)
    last = reached[-1] if reached else None
    base = last.version if last else parse_version(settings.initial_version, scheme)
    in_range = {e.sha for e in entries}
    pre_tags = [t for t in tags if t.is_prerelease and t.commit in in_range]
    newest = pre_tags[-1] if pre_tags and (last is None or pre_tags[-1].version > base) else last
    found = changes(entries, settings)
    kind = bump_kind(found, settings, base.major)
    channel = settings.channel_for(branch)
    current = newest.version if newest else base
    if channel is not None and pre_tags:
        since_pre = group_by_release(entries, pre_tags)[-1][1]
        if bump_kind(changes(since_pre, settings), settings, base.major) is None:
            kind = None  # nothing new since the last pre-release of this cycle
    version = current
    if kind is not None:
        existing = [t.version for t in tags]
        version = next_version(base, kind, channel, existing)
        if pre_tags:  # a pre-release cut by hand may rank above what the commits ask for
            version = not_below(version, pre_tags[-1].version, channel, existing)
    return NextPlan(
        current=str(current),
        current_tag=newest.name if newest else None,
        last_release=str(last.version) if last else None,
        bump=kind,
        version=str(version),
        tag=tag_format.format(str(version)),
        channel=channel,
        changes=tuple(found),
    )
