"""Changelogs: find a version's section, and promote the pending section at release time.

Two styles:
- Keep a Changelog: `## [Unreleased]` becomes `## [X.Y.Z] - YYYY-MM-DD` under a fresh
  empty `## [Unreleased]`; a compare link `[unreleased]: .../compare/A...HEAD` becomes
  `.../compare/vX.Y.Z...HEAD` plus a new `[X.Y.Z]: .../compare/A...vX.Y.Z`.
- plain: a `## X.Y.Z` section holding a line `Unreleased.`; that line becomes
  `Released YYYY-MM-DD.` (a pending section under another heading is retitled).
A section ends at the next `#`/`##` heading, a rule line (`---`), or link definitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from release_kit.config import Config
from release_kit.errors import RefusedError
from release_kit.tree import Tree

CANDIDATES = ("CHANGELOG.md", "RELEASES.md", "CHANGES.md", "HISTORY.md")
STYLES = ("auto", "keepachangelog", "plain")
KEYS = ("path", "style", "require")

_HEADING = re.compile(r"^#{1,2}(?!#)[ \t]+(?P<title>.*?)[ \t]*$", re.M)
_END = re.compile(r"^(?:#{1,2}(?!#)[ \t]|-{3,}[ \t]*$|\*{3,}[ \t]*$|\[[^\]]+\]:[ \t])", re.M)
_UNRELEASED_HEADING = re.compile(r"^##[ \t]+\[?unreleased\]?[ \t]*$", re.M | re.I)
_PENDING = re.compile(r"^Unreleased\.[ \t]*$", re.M)
_STATUS = re.compile(r"^(?:Unreleased|Released [0-9-]+)\.[ \t]*\n?", re.M)
_UNRELEASED_LINK = re.compile(
    r"^(?P<label>\[unreleased\]):[ \t]*(?P<base>\S+)/compare/"
    r"(?P<prev>\S+?)\.\.\.(?P<head>\S+)[ \t]*$",
    re.M | re.I,
)


@dataclass(frozen=True)
class ChangelogSettings:
    path: str | None = None  # None: the first of CANDIDATES that exists
    style: str = "auto"
    require: bool = False

    @classmethod
    def from_config(cls, cfg: Config) -> ChangelogSettings:
        section = cfg.section("changelog")
        section.check_keys(KEYS)
        style = section.get_choice("style", "auto", STYLES)
        # When [release] notes names the changelog, a release without its section would be
        # refused after the tag exists: refuse at bump time instead, unless set otherwise.
        notes = cfg.section("release").data.get("notes")
        named = isinstance(notes, list) and "changelog" in notes
        return cls(section.get_opt_str("path"), style, section.get_bool("require", named))

    def find(self, tree: Tree) -> tuple[str, str] | None:
        """(path, text) of the changelog, or None when the repository has none."""
        for path in (self.path,) if self.path else CANDIDATES:
            text = tree.read_text(path)
            if text is not None:
                return path, text
        return None


def _title_matches(title: str, version: str) -> bool:
    title = title.strip()
    bare = re.escape(version)
    return bool(
        re.match(rf"^\[v?{bare}\](?:[ \t]+-[ \t]+.*|[ \t]*\(.*\))?$", title)
        or re.match(rf"^v?{bare}(?:[ \t]+-[ \t]+.*|[ \t]+\(.*\))?$", title)
    )


def _body_span(text: str, heading_end: int) -> tuple[int, int]:
    start = heading_end + 1 if text[heading_end : heading_end + 1] == "\n" else heading_end
    end = _END.search(text, start)
    return start, end.start() if end else len(text)


def _find(text: str, version: str) -> tuple[re.Match[str], int, int] | None:
    for heading in _HEADING.finditer(text):
        if heading.group(0).startswith("##") and _title_matches(heading.group("title"), version):
            start, end = _body_span(text, heading.end())
            return heading, start, end
    return None


def section(text: str, version: str) -> str | None:
    """The body of `version`'s section (status line dropped, stripped), None if absent."""
    found = _find(text, version)
    if found is None:
        return None
    _, start, end = found
    return _STATUS.sub("", text[start:end], count=1).strip("\n").rstrip() or ""


def is_empty(body: str) -> bool:
    """True when a section has no entries (only blank lines and subheadings)."""
    return all(not line.strip() or line.startswith("#") for line in body.splitlines())


def detect_style(text: str) -> str | None:
    if _UNRELEASED_HEADING.search(text):
        return "keepachangelog"
    if _PENDING.search(text):
        return "plain"
    return None


@dataclass(frozen=True)
class Promotion:
    text: str  # the whole new changelog
    body: str  # the released section's body


def promote(
    text: str, version: str, date: str, *, style: str = "auto", tag: str | None = None
) -> Promotion | None:
    """The changelog with the pending section released as `version`, None if none pending."""
    if style == "auto":
        style = detect_style(text) or ""
    if style == "keepachangelog":
        return _promote_kac(text, version, date, tag or version)
    if style == "plain":
        return _promote_plain(text, version, date)
    return None


def _promote_kac(text: str, version: str, date: str, tag: str) -> Promotion | None:
    heading = _UNRELEASED_HEADING.search(text)
    if heading is None:
        return None
    start, end = _body_span(text, heading.end())
    body = text[start:end]
    new_heading = f"## [Unreleased]\n\n## [{version}] - {date}"
    new = text[: heading.start()] + new_heading + text[heading.end() :]
    link = _UNRELEASED_LINK.search(new)
    if link is not None:
        base, prev, label = link.group("base"), link.group("prev"), link.group("label")
        lines = f"{label}: {base}/compare/{tag}...{link.group('head')}\n"
        lines += f"[{version}]: {base}/compare/{prev}...{tag}"
        new = new[: link.start()] + lines + new[link.end() :]
    return Promotion(new, body.strip("\n"))


def _promote_plain(text: str, version: str, date: str) -> Promotion | None:
    found = _find(text, version)
    if found is not None and _PENDING.search(text, found[1], found[2]) is None:
        found = None
    if found is None:  # the pending section under another title: retitle it
        for heading in _HEADING.finditer(text):
            start, end = _body_span(text, heading.end())
            if heading.group(0).startswith("##") and _PENDING.search(text, start, end):
                found = heading, start, end
                break
        else:
            return None
    heading, start, end = found
    pending = _PENDING.search(text, start, end)
    assert pending is not None
    released = f"Released {date}."
    new = (
        text[: heading.start()]
        + f"## {version}"
        + text[heading.end() : pending.start()]
        + released
        + text[pending.end() :]
    )
    body = _STATUS.sub("", text[start:end], count=1)
    return Promotion(new, body.strip("\n"))


def release_edit(
    tree: Tree, settings: ChangelogSettings, version: str, date: str, tag: str
) -> tuple[str, str, str] | None:
    """(path, before, after) of the changelog for a release, applying `require`."""
    found = settings.find(tree)
    if found is None:
        if settings.require:
            raise RefusedError("[changelog] require is set but there is no changelog file")
        return None
    path, text = found
    promotion = promote(text, version, date, style=settings.style, tag=tag)
    if promotion is None:
        if settings.require:
            raise RefusedError(f"{path}: no pending (Unreleased) section to release as {version}")
        return None
    if settings.require and is_empty(promotion.body):
        raise RefusedError(f"{path}: the section for {version} is empty; describe the changes")
    return path, text, promotion.text
