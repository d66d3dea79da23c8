"""The project tree a wheelhouse is built from holds no link that leaves the repository.

The build backend follows symbolic links: a tracked `pkg/data.txt ->
/proc/self/environ` (or `-> ../.git/config`) would put the runner's
environment (or the persisted token) into the sdist, the wheel, and so the
wheelhouse attached to the release. Tracked links are what a contributor
controls, so every one under the project must resolve inside the repository
and outside `.git`; a link to another file of the repository (a shared
`LICENSE`) is fine.
"""

from __future__ import annotations

import os
from pathlib import Path

from release_kit.errors import InputError
from release_kit.git import Git
from release_kit.workspace import is_inside

LINK_MODE = "120000"


def tracked_links(git: Git) -> list[str]:
    """Paths (relative to git's cwd) of the tracked symbolic links under it."""
    out = git.run("ls-files", "--stage", "-z", "--", ".", strip=False)
    links = []
    for entry in out.split("\0"):
        meta, _, path = entry.partition("\t")
        if path and meta.split(" ", 1)[0] == LINK_MODE:
            links.append(path)
    return links


def check_project_links(project: Path) -> None:
    """Refuse (exit 2) a tracked link in `project` that resolves outside the repository or
    into `.git`, before anything is built. Outside a git repository nothing is tracked and
    nothing is checked."""
    git = Git(project)
    if not git.ok("rev-parse", "--is-inside-work-tree"):
        return
    root = Path(git.run("rev-parse", "--show-toplevel")).resolve()
    for rel in tracked_links(git):
        path = project / rel
        target = os.readlink(path) if path.is_symlink() else "?"
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a link loop: there is no file to pack
            continue
        shown = (path.relative_to(project).as_posix(), target)
        if not is_inside(resolved, root):
            raise InputError(
                f"wheelhouse: {shown[0]!r} is a symbolic link to {shown[1]!r}, outside the"
                " repository: the build would pack that file; nothing was built"
            )
        if ".git" in resolved.relative_to(root).parts:
            raise InputError(
                f"wheelhouse: {shown[0]!r} is a symbolic link into .git ({shown[1]!r}):"
                " the build would pack git's own files; nothing was built"
            )
