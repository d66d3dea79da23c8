"""Read-only views of a repository's files: the work tree, or a commit.

Version sources read through a Tree, so that the same detection code reads the
files on disk (bump) and the files at a given commit (push-tag reads the version
at the marker commit without checking it out).
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path, PurePosixPath
from typing import Protocol

from release_kit.git import Git


class Tree(Protocol):
    """Files of a repository, addressed by POSIX paths relative to its root."""

    def read_text(self, path: str) -> str | None:
        """The file's text, or None when it does not exist."""
        ...

    def glob(self, pattern: str) -> list[str]:
        """Paths matching a glob pattern (fnmatch semantics on the relative path), sorted."""
        ...

    def find_files(self, name: str) -> list[str]:
        """Every file called `name` anywhere in the tree (build output skipped), sorted."""
        ...


# Directories that hold tools' output, not the project's own files.
SKIPPED_DIRS = frozenset({".git", ".venv", "node_modules", "target"})


class WorkTree:
    """The files on disk under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def read_text(self, path: str) -> str | None:
        target = self.root / PurePosixPath(path)
        try:
            return target.read_text(encoding="utf-8")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    def glob(self, pattern: str) -> list[str]:
        found = (p.relative_to(self.root).as_posix() for p in self.root.glob(pattern))
        return sorted(p for p in found if not p.startswith((".git/", ".venv/")))

    def find_files(self, name: str) -> list[str]:
        found = []
        for top, dirs, files in os.walk(self.root):
            dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
            if name in files:
                found.append((Path(top) / name).relative_to(self.root).as_posix())
        return sorted(found)


class GitTree:
    """The files of commit `rev`, read with one `git ls-tree` and `git show` per file."""

    def __init__(self, git: Git, rev: str) -> None:
        self.git = git
        self.rev = git.rev_parse(rev)
        self._paths: list[str] | None = None

    def _all_paths(self) -> list[str]:
        if self._paths is None:
            out = self.git.run("ls-tree", "-r", "-z", "--name-only", self.rev)
            self._paths = sorted(p for p in out.split("\0") if p)
        return self._paths

    def read_text(self, path: str) -> str | None:
        if path not in set(self._all_paths()):
            return None
        return self.git.run("show", f"{self.rev}:{path}", strip=False)

    def glob(self, pattern: str) -> list[str]:
        return [p for p in self._all_paths() if fnmatch.fnmatch(p, pattern)]

    def find_files(self, name: str) -> list[str]:
        return [
            p
            for p in self._all_paths()
            if p.rpartition("/")[2] == name and not SKIPPED_DIRS & set(p.split("/")[:-1])
        ]
