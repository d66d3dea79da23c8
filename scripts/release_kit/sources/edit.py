"""Edits of version strings: computed and checked in memory, then written file by file.

`plan_edits` replaces the exact characters of each carrier (quotes, operators,
comments and layout untouched), re-parses every edited TOML/JSON file and
re-detects the version on the edited files: only when all of that holds is a
plan returned. `write_edits` then writes each file to a temporary file beside it
and renames it into place.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from release_kit.config import Config
from release_kit.errors import RefusedError, SourceError, VersionError
from release_kit.files import file_diff, write_atomic
from release_kit.settings import CoreSettings
from release_kit.sources import cargo, linked
from release_kit.sources.common import parse_toml_file
from release_kit.sources.model import Carrier, ProjectVersion, part_value
from release_kit.tree import Tree
from release_kit.versioning import parse_version


@dataclass(frozen=True)
class FileEdit:
    path: str
    before: str
    after: str


class OverlayTree:
    """A tree with some files replaced by in-memory text (to check a plan before writing)."""

    def __init__(self, base: Tree, texts: dict[str, str]) -> None:
        self.base = base
        self.texts = texts

    def read_text(self, path: str) -> str | None:
        return self.texts[path] if path in self.texts else self.base.read_text(path)

    def glob(self, pattern: str) -> list[str]:
        return self.base.glob(pattern)

    def find_files(self, name: str) -> list[str]:
        return self.base.find_files(name)


def _same(a: str, b: str, scheme: str) -> bool:
    if a == b:
        return True
    try:
        return parse_version(a, "pep440") == parse_version(b, "pep440") and scheme == "pep440"
    except VersionError:
        return False


def _apply(text: str, edits: list[tuple[Carrier, str]]) -> str:
    """`text` with each carrier's characters replaced by its new value."""
    pieces, cursor = [], 0
    for carrier, value in sorted(edits, key=lambda edit: edit[0].start):
        if text[carrier.start : carrier.end] != carrier.value:
            raise SourceError(f"{carrier.file}:{carrier.line}: changed since it was read")
        pieces += [text[cursor : carrier.start], value]
        cursor = carrier.end
    return "".join([*pieces, text[cursor:]])


def _check_syntax(path: str, text: str) -> None:
    try:
        if path.endswith((".toml", ".lock")) and not path.endswith("package-lock.json"):
            parse_toml_file(path, text)  # kept: the check of the result reads it again
        elif path.endswith(".json"):
            json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path}: the edit would break the file: {exc}") from None
    except SourceError as exc:
        raise SourceError(f"the edit would break the file: {exc.message}") from None


def plan_edits(
    project: ProjectVersion,
    new_version: str,
    *,
    tree: Tree | None = None,
    cfg: Config | None = None,
    settings: CoreSettings | None = None,
) -> list[FileEdit]:
    """Every file edit that moves `project` to `new_version`, checked; [] for tag-only."""
    if project.tag_only:
        return []
    old = project.version
    new = parse_version(new_version, project.scheme)
    by_file: dict[str, list[tuple[Carrier, str]]] = {}
    for carrier in project.carriers:
        if carrier.part != "version":
            by_file.setdefault(carrier.file, []).append((carrier, part_value(carrier.part, new)))
        elif carrier.declares or carrier.stale or _same(carrier.value, old, project.scheme):
            by_file.setdefault(carrier.file, []).append((carrier, new_version))
    lines = linked.targets(project.lines, parse_version(old, project.scheme), new)
    for line, line_new in lines:
        for carrier in line.carriers:
            by_file.setdefault(carrier.file, []).append((carrier, str(line_new)))
    edits = []
    for path, carriers in by_file.items():
        before = project.texts[path]
        after = _apply(before, carriers)
        _check_syntax(path, after)
        if after != before:
            edits.append(FileEdit(path, before, after))
    if tree is not None and cfg is not None:
        from release_kit.sources.detect import detect

        overlay = OverlayTree(tree, {e.path: e.after for e in edits})
        # the linked lines are checked below (check_line), not read again
        core = dataclasses.replace(settings or CoreSettings.from_config(cfg), linked=())
        again = detect(overlay, cfg, settings=core)
        if again.version != new_version:
            raise SourceError(
                f"after the edits the version reads {again.version}, not {new_version}"
            )
        problems = list(again.warnings)
        if project.source == "cargo":
            problems += cargo.check_result(overlay, new_version)
        for line, line_new in lines:
            problems += linked.check_line(overlay, line, str(line_new))
        if project.source == "pyproject":
            from release_kit.sources import python_check  # packaging.requirements: 30 ms

            problems += python_check.check_result(overlay, project.name, new_version)
        if problems:
            raise RefusedError(
                f"the bump to {new_version} would leave {len(problems)} problem(s),"
                f" nothing written: {'; '.join(problems)}"
            )
    return edits


def left_behind(project: ProjectVersion, edits: list[FileEdit]) -> list[str]:
    """Places in the edited files that still spell the old version, and why they stay.

    Edits touch only the structured fields that carry the project's version; any other
    occurrence (an external dependency pinned to the same number, a second version line)
    is named so that a reader can see it was left on purpose.
    """
    old = project.version
    pattern = re.compile(rf"(?<![0-9A-Za-z.+-]){re.escape(old)}(?![0-9A-Za-z+-]|\.[0-9])")
    found = []
    for edit in edits:
        for match in pattern.finditer(edit.after):
            line = edit.after.count("\n", 0, match.start()) + 1
            found.append(f"{edit.path}:{line}: not a place of this version (left as it is)")
    return found


def unified_diff(edits: list[FileEdit]) -> str:
    return "".join(file_diff(edit.path, edit.before, edit.after) for edit in edits)


def write_edits(root: Path, edits: list[FileEdit]) -> None:
    """Write each edit through a temporary file and a rename; refuse if a file moved on."""
    targets = [root / PurePosixPath(edit.path) for edit in edits]
    contents = [_on_disk(edit, target) for edit, target in zip(edits, targets, strict=True)]
    for content, target in zip(contents, targets, strict=True):
        mode = target.stat().st_mode & 0o7777
        write_atomic(target, content.encode("utf-8"), mode=mode)


def _on_disk(edit: FileEdit, target: Path) -> str:
    """The text to write for `edit`, keeping the file's CRLF line ends when it has them.

    (A tree read through text mode sees `\n`; the bytes on disk decide.)
    """
    raw = target.read_bytes().decode("utf-8")
    if raw == edit.before:
        return edit.after
    if (
        "\r\n" in raw
        and raw.count("\r\n") == raw.count("\n")
        and raw.replace("\r\n", "\n") == edit.before
    ):
        return edit.after.replace("\n", "\r\n")
    raise SourceError(f"{edit.path} changed on disk while the bump was planned")
