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
        """The compare view old...new; the tag's tree for a first release."""
        if not self.base or (old is None and new == "HEAD"):
            return ""
        return f"{self.base}/compare/{old}...{new}" if old else f"{self.base}/tree/{new}"

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


@dataclass(slots=True)
class Entry:
    """One line of the changelog as the template sees it (attributes, not keys:
    Jinja2 looks attributes up first, so this is the fast path on big histories)."""

    type: str | None
    scope: str | None
    subject: str
    breaking: bool
    breaking_notes: list[str]
    pr: int | None
    pr_url: str
    sha: str
    short_sha: str
    commit_url: str
    markdown: str  # the built-in rendering: "- **scope:** subject ([#1](url)) ([sha](url))"


@dataclass(slots=True)
class SectionView:
    title: str
    entries: list[Entry]


def sections(
    commits: Sequence[ConventionalCommit], settings: CommitSettings, links: Links
) -> list[SectionView]:
    """Entries grouped by section: breaking changes first, then the configured
    sections in their order, then the section for non-conforming commits."""
    breaking = settings.breaking_section
    order = [breaking, *dict.fromkeys(settings.sections.values())]
    if settings.other_section:
        order.append(settings.other_section)
    grouped: dict[str, list[Entry]] = {title: [] for title in order}
    base = links.base
    pull, commit_at = f"{base}/pull/", f"{base}/commit/"
    for c in commits:  # the hot loop of a whole-history changelog: plain string work
        title = breaking if c.breaking and breaking else settings.section_for(c.type) or ""
        if not title:
            continue
        pr, sha, subject = c.pr, c.sha, c.subject or c.header
        pr_url = f"{pull}{pr}" if base and pr is not None else ""
        commit_url = f"{commit_at}{sha}" if base and sha else ""
        short = sha[:7]
        line = f"- **{c.scope}:** {subject}" if c.scope else f"- {subject}"
        if pr is not None:
            line += f" ([#{pr}]({pr_url}))" if pr_url else f" (#{pr})"
        if sha:
            line += f" ([{short}]({commit_url}))" if commit_url else f" ({short})"
        notes = list(c.breaking_notes) if title == breaking else []
        grouped[title].append(
            Entry(
                c.type,
                c.scope,
                subject,
                c.breaking,
                notes,
                pr,
                pr_url,
                sha,
                short,
                commit_url,
                line,
            )
        )
    return [SectionView(t, e) for t, e in grouped.items() if e and t]


def template_source(settings: CommitSettings, root: Path) -> str:
    if settings.template:
        from release_kit.errors import ConfigError

        path = root / settings.template
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"[commits] template {settings.template}: {exc.strerror}") from exc
    return (Path(__file__).parent / "changelog.md.j2").read_text(encoding="utf-8")


def compile_template(text: str) -> Any:
    """The Jinja2 template for `text` (ConfigError on a syntax error). Compiling is
    separate from rendering so a caller can do it while git is still reading."""
    import jinja2

    from release_kit.errors import ConfigError

    env = jinja2.Environment(
        autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    try:
        return env.from_string(text)
    except jinja2.TemplateError as exc:
        raise ConfigError(f"changelog template: {exc}") from exc


def render(
    releases: Sequence[Release],
    settings: CommitSettings,
    links: Links,
    template: Any,
) -> str:
    """Markdown for `releases` (newest first) through a Jinja2 template (its text,
    or what compile_template returned)."""
    import jinja2

    from release_kit.errors import ConfigError

    if isinstance(template, str):
        template = compile_template(template)

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
    try:
        text: str = template.render(releases=data, links=links)
    except jinja2.TemplateError as exc:
        raise ConfigError(f"changelog template: {exc}") from exc
    if "\n\n\n" in text:  # a hand-written template's stray blank lines
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"
