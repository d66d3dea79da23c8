"""Writing a file so readers see the old bytes or the new ones, never a part; and
the unified diff a dry run shows for a file it would write."""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, mode: int) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place.

    `mode` is set on the temporary file first (mkstemp makes it 0600). The
    temporary file is removed when anything fails.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def file_diff(path: str, old: str | None, new: str) -> str:
    """A unified diff `a/<path>` -> `b/<path>` (from /dev/null when `old` is None)."""
    source = "/dev/null" if old is None else f"a/{path}"
    return "".join(
        difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            new.splitlines(keepends=True),
            source,
            f"b/{path}",
        )
    )
