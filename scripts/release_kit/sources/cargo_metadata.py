"""Cross-check of the kit's view of a Cargo workspace with cargo's own (when cargo is here).

`cargo metadata --no-deps --offline` lists the workspace members as Cargo counts them;
`cross_check` compares that list with the members detection found. Cargo is not
needed: without it (or when it cannot read the workspace, e.g. a checkout without
sources) the check is skipped and says why.

cargo takes about 0.1 s on a workspace of 100 members, so `MembersQuery` starts it
before detection reads the files and collects its answer afterwards: the two run
side by side.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from release_kit.sources import cargo
from release_kit.tree import Tree

_TIMEOUT = 120


@dataclass(frozen=True)
class CrossCheck:
    problems: tuple[str, ...]  # members one side has and the other has not, named
    skipped: str | None = None  # why cargo was not asked


class MembersQuery:
    """`cargo metadata` running in `root`; `members()` waits for its answer.

    Use it as a context manager: leaving the block stops cargo if nobody asked.
    """

    def __init__(self, root: Path, env: Mapping[str, str]) -> None:
        self._proc: subprocess.Popen[str] | None = None
        self._why: str | None = None
        exe = shutil.which("cargo", path=env.get("PATH", os.defpath))
        if exe is None:
            self._why = "cargo is not on PATH"
            return
        try:
            self._proc = subprocess.Popen(
                [exe, "metadata", "--no-deps", "--offline", "--format-version", "1"],
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=dict(env),
            )
        except OSError as exc:
            self._why = f"cargo metadata did not run: {exc}"

    def __enter__(self) -> MembersQuery:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._proc is not None and self._proc.returncode is None:
            self._proc.kill()
            self._proc.communicate()

    def members(self) -> tuple[dict[str, str] | None, str | None]:
        """{directory: crate name} of the members cargo sees, or (None, why not)."""
        if self._proc is None:
            return None, self._why
        try:
            out, err = self._proc.communicate(timeout=_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.close()
            return None, f"cargo metadata did not answer in {_TIMEOUT} s"
        if self._proc.returncode != 0:
            lines = [line for line in err.strip().splitlines() if line.strip()]
            last = lines[-1].strip() if lines else self._proc.returncode
            return None, f"cargo metadata failed: {last}"
        return _members(json.loads(out)), None


def _members(data: Any) -> dict[str, str]:
    workspace = Path(data["workspace_root"]).resolve()
    members = set(data["workspace_members"])
    found = {}
    for package in data["packages"]:
        if package["id"] in members:
            manifest = Path(package["manifest_path"]).resolve().parent
            rel = manifest.relative_to(workspace).as_posix()
            found["" if rel == "." else rel] = package["name"]
    return found


def cross_check(tree: Tree, query: MembersQuery) -> CrossCheck:
    """The members detection found against those `cargo metadata` lists."""
    layout = cargo.layout(tree)
    if layout is None:
        return CrossCheck(())
    theirs, why = query.members()
    if theirs is None:
        return CrossCheck((), skipped=why)
    return CrossCheck(compare({c.dir: c.name or c.dir for c in layout.crates}, theirs))


def compare(ours: dict[str, str], theirs: dict[str, str]) -> tuple[str, ...]:
    """The members ({directory: name}) one side counts and the other does not, named."""
    problems = [
        f"cargo counts {name} ({d or '.'}) as a member, release-kit does not"
        for d, name in sorted(theirs.items())
        if d not in ours
    ]
    problems += [
        f"release-kit counts {name} ({d or '.'}) as a member, cargo does not"
        for d, name in sorted(ours.items())
        if d not in theirs
    ]
    return tuple(problems)
