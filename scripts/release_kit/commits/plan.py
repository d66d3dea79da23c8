"""The next version of a repository: tags and commits read once, then decided purely."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from release_kit.commits.bump import bump_kind, changes, next_version, not_below
from release_kit.commits.history import TagInfo, group_by_release, read_since, read_tags
from release_kit.commits.parse import ConventionalCommit
from release_kit.commits.settings import CommitSettings
from release_kit.versioning.lines import (
    Decision,
    Line,
    at_least,
    branch_line,
    decide,
    last_release,
    line_tags,
)

if TYPE_CHECKING:
    from release_kit.git import Git
    from release_kit.versioning import TagFormat, Version


@dataclass(frozen=True)
class NextPlan:
    """What the commits since the last release ask for."""

    current: str  # the current version: the files', or the line's newest tag (or the initial)
    current_tag: str | None  # the line's newest tag (its last release, or a newer pre-release)
    last_release: str | None  # the line's last non-pre-release tag, wherever it sits
    bump: str | None  # major | minor | patch | None (nothing to release)
    version: str
    tag: str
    channel: str | None
    changes: tuple[ConventionalCommit, ...]
    decision: Decision[TagInfo] | None = None


def plan_next(
    git: Git,
    *,
    scheme: str,
    tag_format: TagFormat,
    settings: CommitSettings,
    branch: str | None,
    files: Version | None = None,
    where: str = "",
    line: Line | None = None,
) -> NextPlan:
    """Read the tags (one for-each-ref) and the commits since the last release of
    the branch's line (one log, the line's release tags excluded, wherever they
    sit), then work out the bump and the next version: never below the current
    version, which is the files' (`files`, read at `where`) unless the line's
    last release is above them (see versioning.lines)."""
    from release_kit.versioning import parse_version

    line = line or branch_line(branch)
    tags = read_tags(git, tag_format, scheme)
    ours = line_tags(tags, line)
    decision = decide(files, where, last_release(ours, line), line)
    last = decision.last
    releases = [t for t in ours if not t.is_prerelease]
    if not releases:  # a new line: count from the releases before it
        releases = [t for t in tags if not t.is_prerelease and (files is None or t.version < files)]
    entries, _ = read_since(git, "HEAD", {t.commit for t in releases})
    base = last.version if last else parse_version(settings.initial_version, scheme)
    in_range = {e.sha for e in entries}
    pre_tags = [t for t in ours if t.is_prerelease and t.commit in in_range]
    newest = pre_tags[-1] if pre_tags and (last is None or pre_tags[-1].version > base) else last
    found = changes(entries, settings)
    kind = bump_kind(found, settings, base.major)
    channel = settings.channel_for(branch)
    current = newest.version if newest else base
    if decision.current is not None and decision.current > current:
        current = decision.current
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
        version = at_least(version, decision, channel, existing)
    tag = tag_format.format(str(version))
    if newest is not None and newest.version == version:
        tag = newest.name  # the version is tagged already (`v0.6` for 0.6.0)
    return NextPlan(
        current=str(current),
        current_tag=newest.name if newest else None,
        last_release=str(last.version) if last else None,
        bump=kind,
        version=str(version),
        tag=tag,
        channel=channel,
        changes=tuple(found),
        decision=decision,
    )
