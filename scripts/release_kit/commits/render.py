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


class SectionView:
    """One section of a release as the template sees it: `title`, `entries` (built
    on first use) and `markdown`, the built-in rendering of all its lines at once,
    which the built-in template uses so a big history costs no per-line template work."""

    __slots__ = ("_commits", "_entries", "_links", "_notes", "title")

    def __init__(
        self, title: str, commits: list[ConventionalCommit], links: Links, notes: bool
    ) -> None:
        self.title = title
        self._commits = commits
        self._links = links
        self._notes = notes  # the breaking section lists each change's BREAKING CHANGE notes
        self._entries: list[Entry] | None = None

    @property
    def entries(self) -> list[Entry]:
        if self._entries is None:
            self._entries = [_entry(c, self._links, self._notes) for c in self._commits]
        return self._entries

    @property
    def markdown(self) -> str:
        if self._entries is not None:
            lines = [e.markdown for e in self._entries]
        else:
            base = self._links.base
            pull, commit_at = f"{base}/pull/", f"{base}/commit/"
            lines = [_line(c, base, pull, commit_at) for c in self._commits]
        if self._notes:
            lines = [
                "\n".join([line, *(f"  - {n}".replace("\n", " ") for n in c.breaking_notes)])
                for line, c in zip(lines, self._commits, strict=True)
            ]
        return "\n".join(lines)


def _line(c: ConventionalCommit, base: str, pull: str, commit_at: str) -> str:
    """`- **scope:** subject ([#12](url)) ([abc1234](url))`, links only with a base."""
    subject, pr, sha = c.subject or c.header, c.pr, c.sha
    line = f"- **{c.scope}:** {subject}" if c.scope else f"- {subject}"
    if pr is not None:
        line += f" ([#{pr}]({pull}{pr}))" if base else f" (#{pr})"
    if sha:
        line += f" ([{sha[:7]}]({commit_at}{sha}))" if base else f" ({sha[:7]})"
    return line


def _entry(c: ConventionalCommit, links: Links, notes: bool) -> Entry:
    base = links.base
    pull, commit_at = f"{base}/pull/", f"{base}/commit/"
    pr, sha = c.pr, c.sha
    return Entry(
        c.type,
        c.scope,
        c.subject or c.header,
        c.breaking,
        list(c.breaking_notes) if notes else [],
        pr,
        f"{pull}{pr}" if base and pr is not None else "",
        sha,
        sha[:7],
        f"{commit_at}{sha}" if base and sha else "",
        _line(c, base, pull, commit_at),
    )


def sections(
    commits: Sequence[ConventionalCommit], settings: CommitSettings, links: Links
) -> list[SectionView]:
    """Changes grouped by section: breaking changes first, then the configured
    sections in their order, then the section for non-conforming commits."""
    breaking = settings.breaking_section
    order = [breaking, *dict.fromkeys(settings.sections.values())]
    if settings.other_section:
        order.append(settings.other_section)
    grouped: dict[str, list[ConventionalCommit]] = {title: [] for title in order}
    for c in commits:
        title = breaking if c.breaking and breaking else settings.section_for(c.type) or ""
        if title:
            grouped[title].append(c)
    return [SectionView(t, cs, links, t == breaking) for t, cs in grouped.items() if cs and t]


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
    separate from rendering so a caller can do it while git is still reading.

    Sandboxed, as the notes template is: the template is a file of the repository
    (`[commits] template`), and an unsandboxed one runs any Python it reaches
    through attributes (`().__class__.__base__.__subclasses__()`)."""
    import jinja2
    import jinja2.sandbox

    from release_kit.errors import ConfigError

    env = jinja2.sandbox.SandboxedEnvironment(
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
