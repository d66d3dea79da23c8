"""What `release-kit init` would change in a repository, and writing it.

Deciding is pure (texts in, a list of changes out); only `read_current` and
`write_changes` touch the disk. Writes replace each file atomically.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from release_kit.files import file_diff, write_atomic

NEW = "new"
UNCHANGED = "unchanged"
CHANGED = "changed"


@dataclass(frozen=True)
class FileChange:
    """One file init renders: its path relative to the root, old and new text."""

    path: str
    old: str | None
    new: str

    @property
    def status(self) -> str:
        if self.old is None:
            return NEW
        return UNCHANGED if self.old == self.new else CHANGED

    def diff(self) -> str:
        """A unified diff from the current file (or nothing) to the rendered one."""
        if self.status == UNCHANGED:
            return ""
        return file_diff(self.path, self.old, self.new)


def plan_changes(
    rendered: Mapping[str, str], current: Mapping[str, str | None]
) -> list[FileChange]:
    """Pair every rendered file with what is there now (None: no such file)."""
    return [FileChange(path, current.get(path), text) for path, text in rendered.items()]


def blocked(changes: list[FileChange], *, force: bool) -> list[FileChange]:
    """The changes that would overwrite a file that differs, unless forced."""
    return [] if force else [c for c in changes if c.status == CHANGED]


def read_current(root: Path, paths: list[str]) -> dict[str, str | None]:
    result: dict[str, str | None] = {}
    for rel in paths:
        target = root / rel
        result[rel] = target.read_text(encoding="utf-8") if target.is_file() else None
    return result


def write_changes(root: Path, changes: list[FileChange]) -> list[str]:
    """Write every new or changed file (each atomically; a changed file keeps its
    permissions, a new one is 0644); return their paths."""
    written: list[str] = []
    for change in changes:
        if change.status == UNCHANGED:
            continue
        target = root / change.path
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
        write_atomic(target, change.new.encode("utf-8"), mode=mode)
        written.append(change.path)
    return written
