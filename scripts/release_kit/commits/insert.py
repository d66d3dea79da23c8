"""Putting the unreleased notes into CHANGELOG.md (pure: old text in, new text out).

Only the Unreleased section is replaced; every byte from the next `## `
heading on is kept as it was, so released notes edited by hand stay edited.
"""

from __future__ import annotations

import re

_LINK_DEF = re.compile(r"^\[[^\]]+\]:\s")


def _is_heading(line: str, headings: tuple[str, ...]) -> bool:
    if not line.startswith("## "):
        return False
    title = line[3:].strip()
    title = re.split(r"\s+[-–—]\s+", title, maxsplit=1)[0]  # "Unreleased - date"
    if title.startswith("[") and "]" in title:
        title = title[1 : title.index("]")]
    return title.strip().lower() in {h.lower() for h in headings}


def _own_link(line: str, headings: tuple[str, ...]) -> bool:
    match = _LINK_DEF.match(line)
    if match is None:
        return False
    label = line[1 : line.index("]")].strip().lower()
    return label in {h.lower() for h in headings}


def insert_unreleased(
    existing: str | None, section: str, headings: tuple[str, ...] = ("Unreleased",)
) -> str:
    """`existing` changelog text with its `## Unreleased` section (or a section titled
    any of `headings`) replaced by `section`, Markdown that starts with its own `## `
    heading. Without such a section, the new one goes above the first `## `
    heading; without a file, it starts one."""
    section = section.strip("\n") + "\n"
    if existing is None or not existing.strip():
        return f"# Changelog\n\n{section}"
    lines = existing.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _is_heading(line, headings)), None)
    if start is None:
        first = next((i for i, line in enumerate(lines) if line.startswith("## ")), None)
        if first is None:
            sep = "" if existing.endswith("\n") else "\n"
            return f"{existing}{sep}\n{section}"
        return "".join(lines[:first]) + section + "\n" + "".join(lines[first:])
    end = start + 1
    while end < len(lines) and not lines[end].startswith("## ") and not _LINK_DEF.match(lines[end]):
        end += 1
    # The section's own link definition (`[Unreleased]: ...compare/...`) goes with it
    # when the new section brings its own; other definitions (a Keep a Changelog
    # footer) stay where they are.
    brings_link = any(_own_link(line, headings) for line in section.splitlines())
    while brings_link and end < len(lines) and _own_link(lines[end], headings):
        end += 1
        while end < len(lines) and not lines[end].strip():
            end += 1
    tail = "".join(lines[end:])
    return "".join(lines[:start]) + section + ("\n" + tail if tail else "")


def replace_all(existing: str | None, text: str) -> str:
    """A whole-history changelog: `existing`'s preamble (everything above its first
    `## ` heading) followed by `text`."""
    if existing is None or not existing.strip():
        return f"# Changelog\n\n{text.strip(chr(10))}\n"
    lines = existing.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
    preamble = "".join(lines[:first]).rstrip("\n")
    return f"{preamble}\n\n{text.strip(chr(10))}\n"
