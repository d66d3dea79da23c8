"""Changelog and release notes from history: read once, group by release, render."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from release_kit.commits.bump import changes
from release_kit.commits.history import (
    PendingLog,
    group_by_release,
    read_log,
    read_tags,
    since_tags,
)
from release_kit.commits.render import Links, Release, render, template_source
from release_kit.commits.settings import CommitSettings

if TYPE_CHECKING:
    from release_kit.git import Git
    from release_kit.versioning import TagFormat


def links_for(git: Git, env: Mapping[str, str]) -> Links:
    """Links from the runner's environment, else from the `origin` URL (one git call)."""
    if env.get("GITHUB_REPOSITORY"):
        return Links.from_env(env)
    url = git.run("config", "--get", "remote.origin.url", check=False)
    return Links.from_env(env, url or None)


def build_releases(
    git: Git,
    *,
    scheme: str,
    tag_format: TagFormat,
    settings: CommitSettings,
    whole_history: bool,
    title: str | None = None,
    date: str = "",
    pending: PendingLog | None = None,
) -> list[Release]:
    """Releases newest first: the unreleased commits (titled `title`, default the
    Unreleased heading), then with `whole_history` every version tag reachable
    from HEAD with the commits it released (read from `pending` when the caller
    started `git log HEAD` early)."""
    tags = read_tags(git, tag_format, scheme)
    if whole_history or not tags:
        entries = (pending or PendingLog(git, ["HEAD"])).entries()
        shas = {e.sha for e in entries}
        tags = [t for t in tags if t.commit in shas]  # only tags HEAD reaches
        groups = group_by_release(entries, tags)
    else:
        entries, tags = since_tags(git, tags, tag_format, scheme)
        groups = [(None, entries)]
    releases: list[Release] = []
    previous: str | None = None
    names = {tag.name: i for i, tag in enumerate(tags)}
    for tag, entries in groups:
        if tag is not None:
            index = names[tag.name]
            previous = tags[index - 1].name if index else None
            found = tuple(changes(entries, settings))
            version = str(tag.version)
            releases.append(Release(version, version, tag.name, previous, tag.date, found))
        else:
            last = tags[-1].name if tags else None
            heading = title or settings.unreleased_heading
            tag_name = tag_format.format(title) if title else None
            found = tuple(changes(entries, settings))
            releases.append(Release(heading, title, tag_name, last, date, found))
    releases.reverse()
    return releases


def render_commit_notes(
    git: Git,
    from_tag: str | None,
    to_rev: str,
    *,
    settings: CommitSettings | None = None,
    links: Links | None = None,
    root: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """Release notes (sections only, no version heading) for the commits in
    `from_tag..to_rev` (all of `to_rev` when `from_tag` is None): the notes source
    create-release uses. Empty string when nothing in the range is worth a note.
    Links come from `links`, else from `env` (as `changelog` does), else none."""
    settings = settings or CommitSettings()
    if links is None and env is not None:
        links = links_for(git, env)  # GITHUB_SERVER_URL/GITHUB_REPOSITORY, else origin
    entries = read_log(git, [to_rev, f"^{from_tag}"] if from_tag else [to_rev])
    found = tuple(changes(entries, settings))
    release = Release("notes", None, None, None, "", found)
    text = render([release], settings, links or Links(), template_source(settings, root or git.cwd))
    body = text.split("\n", 1)[1] if text.startswith("## ") else text
    return body.strip("\n") + "\n" if body.strip() else ""
