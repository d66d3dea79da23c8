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
    before, after = (old or "").splitlines(keepends=True), new.splitlines(keepends=True)
    if old is not None and len(before) == len(after):
        return _same_length_diff(before, after, source, f"b/{path}")
    return "".join(difflib.unified_diff(before, after, source, f"b/{path}"))


def _same_length_diff(before: list[str], after: list[str], source: str, target: str) -> str:
    """difflib's unified diff (3 lines of context) for edits that replace lines one for
    one, as version edits do, in one pass instead of a sequence match (a lock file
    of 5,000 lines took a tenth of a second)."""
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    if not changed:
        return ""
    groups: list[list[int]] = [[changed[0]]]
    for index in changed[1:]:
        if index - groups[-1][-1] - 1 > 6:  # difflib joins changes 2 * 3 equal lines apart
            groups.append([])
        groups[-1].append(index)
    out = [f"--- {source}\n", f"+++ {target}\n"]
    for group in groups:
        start, end = max(group[0] - 3, 0), min(group[-1] + 4, len(before))
        length = end - start
        first = start + 1 if length else start
        span = f"{first}" if length == 1 else f"{first},{length}"
        out.append(f"@@ -{span} +{span} @@\n")
        i = start
        while i < end:
            if before[i] == after[i]:
                out.append(" " + before[i])
                i += 1
                continue
            run_end = i
            while run_end < end and before[run_end] != after[run_end]:
                run_end += 1
            out += ["-" + line for line in before[i:run_end]]
            out += ["+" + line for line in after[i:run_end]]
            i = run_end
    return "".join(out)
