"""Files the kit uploads or packs: regular files inside the workspace, never through a link.

A contributor controls file names and symlinks (a link `dist/app.tar.gz ->
/proc/self/environ` would upload the runner's environment, token included), so
every file the kit reads on the way to a release asset or a wheelhouse goes
through these checks:

- a symbolic link is refused, whatever it points at;
- a path that resolves outside the workspace (the repository root) is refused,
  and so is anything inside `.git` (git's own data: `.git/config` holds the
  token when a checkout persisted its credentials);
- the bytes are read with O_NOFOLLOW from a regular file, so a link swapped in
  after the check is refused too, and a FIFO or device never blocks a run.

Every refusal is an InputError (exit 2) naming the path on one line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from release_kit.errors import InputError


def shown(path: Path, root: Path) -> str:
    """`path` relative to `root` when it is under it (as written, links not resolved), quoted."""
    try:
        text = path.relative_to(root).as_posix()
    except ValueError:
        text = str(path)
    return repr(text)


def is_inside(path: Path, root: Path) -> bool:
    """True when `path` (resolved) is `root` or under it; `root` must be resolved."""
    return path == root or path.is_relative_to(root)


def check_path(path: Path, root: Path, what: str) -> bool:
    """Refuse a link, a file outside `root` (resolved) or in `.git`; True for a regular file.

    False for a directory (a glob's match that is no file, never read); any
    other kind of file (FIFO, socket, device) is refused.
    """
    name = f"{what} {shown(path, root)}"
    try:
        info = path.lstat()
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(path)
        raise InputError(f"{name} is a symbolic link (to {target!r}); only regular files are used")
    if stat.S_ISDIR(info.st_mode):
        return False
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:  # a link loop in a folder above it
        raise InputError(f"{name}: {exc}") from None
    if not is_inside(resolved, root):
        raise InputError(f"{name} resolves to {str(resolved)!r}, outside the repository {root}")
    if ".git" in resolved.relative_to(root).parts:
        raise InputError(f"{name} is inside .git (git's own files are never used)")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name} is not a regular file")
    return True


def read_regular(path: Path, what: str) -> bytes:
    """The bytes of a regular file, opened without following a link (InputError otherwise)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise InputError(f"{what} {str(path)!r} is a symbolic link; not read") from None
        raise InputError(f"{what} {str(path)!r}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise InputError(f"{what} {str(path)!r} is not a regular file")
        return handle.read()


def no_links(paths: Iterable[Path], what: str) -> None:
    """Refuse the first symbolic link among `paths` (files a tool left in a folder)."""
    for path in paths:
        if path.is_symlink():
            raise InputError(
                f"{what} {str(path)!r} is a symbolic link (to {os.readlink(path)!r});"
                " only regular files are packed"
            )
