"""Changelogs: find a version's section, and promote the pending section at release time.

Two styles:
- Keep a Changelog: `## [Unreleased]` becomes `## [X.Y.Z] - YYYY-MM-DD` under a fresh
  empty `## [Unreleased]`; a compare link `[unreleased]: .../compare/A...HEAD` becomes
  `.../compare/vX.Y.Z...HEAD` plus a new `[X.Y.Z]: .../compare/A...vX.Y.Z`.
- plain: a `## X.Y.Z` section holding a line `Unreleased.`; that line becomes
  `Released YYYY-MM-DD.` (a pending section under another heading is retitled).
A section ends at the next `#`/`##` heading, a rule line (`---`), or link definitions.

The pending section is the `## ` heading titled one of `pending-headings` (default
`Unreleased`), bracketed or not, or whose title ends in ` - Unreleased`
(`## [Prerelease] - Unreleased`); the promoted heading keeps the file's own spelling
(a `v` when its released headings carry one). Subheadings with no entries are a
template, not notes: in the plain style (RELEASES.md, whose next section is started
from a template) a section holding only them is released with a note, since its
entries are written in the release PR; elsewhere a required changelog refuses it.
reStructuredText changelogs are found but never edited (InputError names the way out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from release_kit.config import Config
from release_kit.errors import InputError, RefusedError
from release_kit.tree import Tree
from release_kit.versioning.shortforms import written_forms

CANDIDATES = (
    "CHANGELOG.md",
    "RELEASES.md",
    "CHANGES.md",
    "HISTORY.md",
    "CHANGELOG.rst",
    "CHANGES.rst",
    "HISTORY.rst",
)
STYLES = ("auto", "keepachangelog", "plain")
KEYS = ("path", "style", "require", "pending-headings", "section-template")
DEFAULT_PENDING = ("Unreleased",)

_HEADING = re.compile(r"^#{1,2}(?!#)[ \t]+(?P<title>.*?)[ \t]*$", re.M)
_END = re.compile(r"^(?:#{1,2}(?!#)[ \t]|-{3,}[ \t]*$|\*{3,}[ \t]*$|\[[^\]]+\]:[ \t])", re.M)
_H2 = re.compile(r"^##(?!#)[ \t]+(?P<title>.*?)[ \t]*$", re.M)
_DASH = re.compile(r"[ \t]+[-–—][ \t]+")
_SUBHEADING = re.compile(r"^#{3,}[ \t]+\S.*$")
_PENDING = re.compile(r"^Unreleased\.[ \t]*$", re.M)
_STATUS = re.compile(r"^(?:Unreleased|Released [0-9-]+)\.[ \t]*\n?", re.M)
_UNRELEASED_LINK = re.compile(
    r"^(?P<label>\[unreleased\]):[ \t]*(?P<base>\S+)/compare/"
    r"(?P<prev>\S+?)\.\.\.(?P<head>\S+)[ \t]*$",
    re.M | re.I,
)


def is_pending_title(title: str, names: tuple[str, ...] = DEFAULT_PENDING) -> bool:
    """`Unreleased`, `[Unreleased]`, `[Prerelease] - Unreleased`, ... (names: the titles)."""
    wanted = {n.strip().lower() for n in names}
    parts = [part.strip() for part in _DASH.split(title.strip())]
    first = parts[0]
    if first.startswith("[") and first.endswith("]"):
        first = first[1:-1].strip()
    return first.lower() in wanted or any(part.strip("[]").lower() in wanted for part in parts[1:])


def pending_heading(text: str, names: tuple[str, ...] = DEFAULT_PENDING) -> re.Match[str] | None:
    for heading in _H2.finditer(text):
        if is_pending_title(heading.group("title"), names):
            return heading
    return None


def is_rst(path: str) -> bool:
    return path.lower().endswith((".rst", ".rest"))


def refuse_rst(path: str, way_out: str) -> InputError:
    return InputError(
        f"{path}: reStructuredText changelogs are not edited by release-kit (a Markdown"
        f" heading would not fit it); {way_out}",
        file=path,
    )


@dataclass(frozen=True)
class ChangelogSettings:
    path: str | None = None  # None: the first of CANDIDATES that exists
    style: str = "auto"
    require: bool = False
    pending_headings: tuple[str, ...] = DEFAULT_PENDING
    section_template: str | None = None  # a file whose text starts the next section

    @classmethod
    def from_config(cls, cfg: Config) -> ChangelogSettings:
        section = cfg.section("changelog")
        section.check_keys(KEYS)
        style = section.get_choice("style", "auto", STYLES)
        # When [release] notes names the changelog, a release without its section would be
        # refused after the tag exists: refuse at bump time instead, unless set otherwise.
        notes = cfg.section("release").data.get("notes")
        named = isinstance(notes, list) and "changelog" in notes
        pending = section.get_str_list("pending-headings", list(DEFAULT_PENDING))
        if not pending:
            raise InputError(f"{section.source}: [{section.name}] pending-headings is empty")
        return cls(
            section.get_opt_str("path"),
            style,
            section.get_bool("require", named),
            tuple(pending),
            section.get_opt_str("section-template"),
        )

    def find(self, tree: Tree) -> tuple[str, str] | None:
        """(path, text) of the changelog, or None when the repository has none."""
        for path in (self.path,) if self.path else CANDIDATES:
            text = tree.read_text(path)
            if text is not None:
                return path, text
        return None


def version_pattern(version: str) -> str:
    """The one rule for where a changelog names `version`: the version or its two-part
    form (`0.6` for 0.6.0, never for 0.6.1; see versioning.shortforms), after an optional
    `v`, and not part of a longer version (`0.6.0` is not named by `0.6.0-rc.1`, `10.6.0`
    or `0.6.0.1`). A regular expression, for headings and for wasmtime's top text."""
    forms = "|".join(re.escape(form) for form in written_forms(version))
    return rf"(?<![\w.])v?(?:{forms})(?![\w]|\.\d|[-+]\w)"


def title_names(title: str, version: str) -> bool:
    """A `##` heading's title is `version`'s (`[0.6] - 2025-06-03`, `v1.2.0 (date)`,
    `0.6.0`), by `version_pattern`."""
    title = title.strip()
    named = version_pattern(version)
    return bool(
        re.match(rf"^\[{named}\](?:[ \t]+-[ \t]+.*|[ \t]*\(.*\))?$", title)
        or re.match(rf"^{named}(?:[ \t]+-[ \t]+.*|[ \t]+\(.*\))?$", title)
    )


def _body_span(text: str, heading_end: int) -> tuple[int, int]:
    start = heading_end + 1 if text[heading_end : heading_end + 1] == "\n" else heading_end
    end = _END.search(text, start)
    return start, end.start() if end else len(text)


def _find(text: str, version: str) -> tuple[re.Match[str], int, int] | None:
    for heading in _HEADING.finditer(text):
        if heading.group(0).startswith("##") and title_names(heading.group("title"), version):
            start, end = _body_span(text, heading.end())
            return heading, start, end
    return None


def section(text: str, version: str) -> str | None:
    """The body of `version`'s section (status line and template subheadings with no
    entries dropped, stripped), None if absent."""
    found = _find(text, version)
    if found is None:
        return None
    _, start, end = found
    body = _STATUS.sub("", text[start:end], count=1)
    return drop_empty_subheadings(body).strip("\n").rstrip() or ""


def pending_section(text: str, names: tuple[str, ...] = DEFAULT_PENDING) -> str | None:
    """The body of the pending section (the notes of what is not released yet: the
    rolling pre-release's), template subheadings with no entries dropped, stripped; ""
    when it has no entries, None when there is none. Keep a Changelog's pending heading
    (`## [Prerelease] - Unreleased`), else the plain style's `## X.Y.Z` section holding
    its `Unreleased.` line (the line itself left out)."""
    heading = pending_heading(text, names)
    if heading is not None:
        start, end = _body_span(text, heading.end())
        body = text[start:end]
    else:
        for found in _H2.finditer(text):
            start, end = _body_span(text, found.end())
            if _PENDING.search(text, start, end):
                body = _STATUS.sub("", text[start:end], count=1)
                break
        else:
            return None
    return drop_empty_subheadings(body).strip("\n").rstrip()


def drop_empty_subheadings(body: str) -> str:
    """`body` without the `###` headings that have no entry before the next heading."""
    lines = body.splitlines(keepends=True)
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _SUBHEADING.match(line.rstrip("\n")):
            rest = lines[index + 1 :]
            nxt = next((i for i, r in enumerate(rest) if r.startswith("#")), len(rest))
            if not any(r.strip() for r in rest[:nxt]):
                continue
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "".join(kept))


def has_template_headings(body: str) -> bool:
    return any(_SUBHEADING.match(line) for line in body.splitlines())


def is_empty(body: str) -> bool:
    """True when a section has no entries (only blank lines and subheadings)."""
    return all(not line.strip() or line.startswith("#") for line in body.splitlines())


def detect_style(text: str, names: tuple[str, ...] = DEFAULT_PENDING) -> str | None:
    if pending_heading(text, names):
        return "keepachangelog"
    if _PENDING.search(text):
        return "plain"
    return None


@dataclass(frozen=True)
class Promotion:
    text: str  # the whole new changelog
    body: str  # the released section's body


def promote(
    text: str,
    version: str,
    date: str,
    *,
    style: str = "auto",
    tag: str | None = None,
    pending: tuple[str, ...] = DEFAULT_PENDING,
) -> Promotion | None:
    """The changelog with the pending section released as `version`, None if none pending."""
    if style == "auto":
        style = detect_style(text, pending) or ""
    if style == "keepachangelog":
        return _promote_kac(text, version, date, tag or version, pending)
    if style == "plain":
        return _promote_plain(text, version, date)
    return None


def _promote_kac(
    text: str, version: str, date: str, tag: str, pending: tuple[str, ...]
) -> Promotion | None:
    heading = pending_heading(text, pending)
    if heading is None:
        return None
    start, end = _body_span(text, heading.end())
    body = text[start:end]
    # The released heading is spelled like the file's own: `[v1.2.0]` where they carry a v.
    label = f"v{version}" if re.search(r"^##[ \t]+\[v[0-9]", text, re.M) else version
    new_heading = f"{heading.group(0)}\n\n## [{label}] - {date}"
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
    if is_rst(path):
        if settings.require or re.search(r"^\s*unreleased", text, re.M | re.I):
            raise refuse_rst(path, "release it by hand and bump with --no-changelog")
        return None
    style = settings.style
    if style == "auto":
        style = detect_style(text, settings.pending_headings) or ""
    promotion = promote(
        text, version, date, style=style, tag=tag, pending=settings.pending_headings
    )
    if promotion is None:
        if settings.require:
            raise RefusedError(f"{path}: no pending (Unreleased) section to release as {version}")
        return None
    template_only = style == "plain" and has_template_headings(promotion.body)
    if settings.require and is_empty(promotion.body) and not template_only:
        raise RefusedError(f"{path}: the section for {version} is empty; describe the changes")
    return path, text, promotion.text


def template_note(path: str, version: str, before: str) -> str | None:
    """What bump says when it releases a plain section that holds only its template."""
    body = section(before, version)
    found = _find(before, version)
    if body or found is None:
        return None
    raw = before[found[1] : found[2]]
    if not has_template_headings(raw):
        return None
    return (
        f"{path}: the {version} section holds only its template headings (kept for the"
        " release PR: write its entries there; create-release refuses a section with none)"
    )


def start_section(
    tree: Tree, settings: ChangelogSettings, release: str
) -> tuple[str, str, str] | None:
    """(path, before, after) starting the section of `release` from `section-template`.

    For a bump to a pre-release (`50.0.0-dev` on main after 49.0.0 was branched off):
    the template's text, `{version}` replaced by `release`, goes above the first `## `
    heading. Nothing when no template is configured or the section already exists.
    """
    if settings.section_template is None:
        return None
    template = tree.read_text(settings.section_template)
    if template is None:
        raise InputError(
            f"[changelog] section-template: {settings.section_template} does not exist"
        )
    found = settings.find(tree)
    path, text = found if found is not None else (settings.path or CANDIDATES[0], "")
    if is_rst(path):
        raise refuse_rst(path, "drop [changelog] section-template")
    if _find(text, release) is not None:
        return None
    block = template.replace("{version}", release).strip("\n") + "\n\n"
    first = re.search(r"^## ", text, re.M)
    at = first.start() if first else len(text)
    return path, text, text[:at] + block + text[at:]
