"""Putting the unreleased notes into CHANGELOG.md (pure: old text in, new text out).

Only the pending section is touched; every byte from the next `## ` heading on is
kept as it was, so released notes edited by hand stay edited. Inside the pending
section nothing written by hand is deleted: generated entries that are not there yet
(the same line, or one naming the same commit) are added under their `###` group,
or in a new group at the section's end. `replace=True` regenerates the section.
"""

from __future__ import annotations

import re

from release_kit.changelog import is_pending_title

_LINK_DEF = re.compile(r"^\[[^\]]+\]:\s")


_COMMIT_REF = re.compile(r"\(([0-9a-f]{7,40})\)\s*$")


def _is_heading(line: str, headings: tuple[str, ...]) -> bool:
    if not line.startswith("## "):
        return False
    return is_pending_title(line[3:], headings)


def _groups(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """The entries of a section body by `###` group (None: before the first group)."""
    groups: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        if line.startswith("### "):
            groups.append((line.strip(), []))
        elif line.strip() and not _LINK_DEF.match(line):
            groups[-1][1].append(line.rstrip("\n"))
    return groups


def _present(entry: str, existing: list[str]) -> bool:
    if entry in existing:
        return True
    ref = _COMMIT_REF.search(entry)
    return ref is not None and any(line.rstrip().endswith(ref.group(0)) for line in existing)


def merge_section(old_lines: list[str], generated: str) -> list[str]:
    """The hand-kept section `old_lines` (heading included) plus the generated entries
    it lacks, each under its group."""
    lines = list(old_lines)
    existing = [line.rstrip("\n") for line in lines]
    for group, entries in _groups(generated.splitlines(keepends=True)[1:]):
        missing = [e for e in entries if not _present(e, existing)]
        if not missing:
            continue
        at = _group_end(lines, group)
        if at is None:  # a new group at the end of the section
            while lines and not lines[-1].strip():
                lines.pop()
            block = ["\n", f"{group}\n", "\n"] if group else ["\n"]
            lines += [*block, *(m + "\n" for m in missing), "\n"]
        else:
            lines[at:at] = [m + "\n" for m in missing]
        existing += missing
    return lines


def _group_end(lines: list[str], group: str | None) -> int | None:
    """Where a new entry of `group` goes: after that group's last non-blank line."""
    start = (
        1
        if group is None
        else next((i + 1 for i, line in enumerate(lines) if line.strip() == group), None)
    )
    if start is None:
        return None
    end = start
    last = start
    while end < len(lines) and not lines[end].startswith("#"):
        if lines[end].strip() and not _LINK_DEF.match(lines[end]):
            last = end + 1
        end += 1
    if group is None and last == start:
        return None
    return last


def _own_link(line: str, headings: tuple[str, ...]) -> bool:
    match = _LINK_DEF.match(line)
    if match is None:
        return False
    label = line[1 : line.index("]")].strip().lower()
    return label in {h.lower() for h in headings}


def insert_unreleased(
    existing: str | None,
    section: str,
    headings: tuple[str, ...] = ("Unreleased",),
    *,
    replace: bool = False,
) -> str:
    """`existing` changelog text with `section` (Markdown that starts with its own `## `
    heading) merged into its pending section (titled any of `headings`, see
    changelog.is_pending_title), or replacing it with `replace`. Without such a section,
    the new one goes above the first `## ` heading; without a file, it starts one."""
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
    if not replace:
        body_end = end
        while body_end > start + 1 and _LINK_DEF.match(lines[body_end - 1]):
            body_end -= 1
        merged = merge_section(lines[start:body_end], section)
        heading = section.splitlines(keepends=True)[0]
        if not is_pending_title(heading[3:]):  # titled as a version (--version X)
            merged[0] = heading
        return "".join(lines[:start] + merged + lines[body_end:])
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
