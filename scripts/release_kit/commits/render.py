"""Changelog Markdown from grouped commits, through a replaceable Jinja2 template."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from release_kit.commits.parse import ConventionalCommit
from release_kit.commits.settings import CommitSettings

_REMOTE = re.compile(
    r"^(?:https?://(?:[^@/]+@)?|ssh://(?:[^@/]+@)?|[^@/]+@)(?P<host>[^/:]+)(?::\d+)?[:/](?P<repo>[^/]+/[^/]+?)(?:\.git)?/?$"
)


@dataclass(frozen=True)
class Links:
    """Where commits, pull requests and compare views live; empty: no links."""

    server: str = ""  # https://github.com, or a GitHub Enterprise server
    repository: str = ""  # owner/name

    @property
    def base(self) -> str:
        if not (self.server and self.repository):
            return ""
        return f"{self.server.rstrip('/')}/{self.repository}"

    def commit(self, sha: str) -> str:
        return f"{self.base}/commit/{sha}" if self.base else ""

    def pull(self, number: int) -> str:
        return f"{self.base}/pull/{number}" if self.base else ""

    def compare(self, old: str | None, new: str) -> str:
        return f"{self.base}/compare/{old}...{new}" if self.base and old else ""

    @classmethod
    def from_env(cls, env: Mapping[str, str], remote_url: str | None = None) -> Links:
        """GITHUB_SERVER_URL + GITHUB_REPOSITORY (as on a runner, so GitHub Enterprise
        links are right); else the host and path of the `origin` URL; else none."""
        server = env.get("GITHUB_SERVER_URL", "")
        repository = env.get("GITHUB_REPOSITORY", "")
        if not repository and remote_url:
            match = _REMOTE.match(remote_url.strip())
            if match:
                repository = match["repo"]
                server = server or f"https://{match['host']}"
        return cls(server or "https://github.com", repository) if repository else cls()


@dataclass(frozen=True)
class Release:
    """One heading of the changelog: a tagged version, or the unreleased commits."""

    title: str
    version: str | None
    tag: str | None
    previous_tag: str | None
    date: str
    changes: Sequence[ConventionalCommit]


def _entry(commit: ConventionalCommit, links: Links, notes: bool) -> dict[str, Any]:
    return {
        "type": commit.type,
        "scope": commit.scope,
        "subject": commit.subject or commit.header,
        "breaking": commit.breaking,
        "breaking_notes": list(commit.breaking_notes) if notes else [],
        "pr": commit.pr,
        "pr_url": links.pull(commit.pr) if commit.pr is not None else "",
        "sha": commit.sha,
        "short_sha": commit.sha[:7],
        "commit_url": links.commit(commit.sha) if commit.sha else "",
    }


def sections(
    commits: Sequence[ConventionalCommit], settings: CommitSettings, links: Links
) -> list[dict[str, Any]]:
    """Entries grouped by section: breaking changes first, then the configured
    sections in their order, then the section for non-conforming commits."""
    order = [settings.breaking_section, *dict.fromkeys(settings.sections.values())]
    if settings.other_section:
        order.append(settings.other_section)
    grouped: dict[str, list[dict[str, Any]]] = {title: [] for title in order}
    for commit in commits:
        if commit.breaking and settings.breaking_section:
            grouped[settings.breaking_section].append(_entry(commit, links, True))
            continue
        title = settings.section_for(commit.type)
        if title:
            grouped[title].append(_entry(commit, links, False))
    return [{"title": t, "entries": e} for t, e in grouped.items() if e and t]


def template_source(settings: CommitSettings, root: Path) -> str:
    if settings.template:
        from release_kit.errors import ConfigError

        path = root / settings.template
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"[commits] template {settings.template}: {exc.strerror}") from exc
    return (Path(__file__).parent / "changelog.md.j2").read_text(encoding="utf-8")


def render(
    releases: Sequence[Release],
    settings: CommitSettings,
    links: Links,
    template: str,
) -> str:
    """Markdown for `releases` (newest first) through the Jinja2 `template` text."""
    import jinja2

    from release_kit.errors import ConfigError

    data = [
        {
            "title": r.title,
            "version": r.version,
            "tag": r.tag,
            "previous_tag": r.previous_tag,
            "date": r.date,
            "compare_url": links.compare(r.previous_tag, r.tag or "HEAD"),
            "sections": sections(r.changes, settings, links),
        }
        for r in releases
    ]
    env = jinja2.Environment(
        autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    try:
        text = env.from_string(template).render(releases=data, links=links)
    except jinja2.TemplateError as exc:
        raise ConfigError(f"changelog template: {exc}") from exc
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
