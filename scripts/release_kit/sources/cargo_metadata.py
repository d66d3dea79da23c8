"""Cross-check of the kit's view of a Cargo workspace with cargo's own (when cargo is here).

`cargo metadata --no-deps --offline` lists the workspace members as Cargo counts them;
`disagreement` compares that list with the members detection found. Cargo is not
needed: without it (or when it cannot read the workspace, e.g. a checkout without
sources) the check is skipped and says why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from release_kit.sources import cargo
from release_kit.tree import Tree


@dataclass(frozen=True)
class CrossCheck:
    problems: tuple[str, ...]  # members one side has and the other has not, named
    skipped: str | None = None  # why cargo was not asked


def cargo_members(root: Path) -> tuple[dict[str, str] | None, str | None]:
    """{directory: crate name} of the members cargo sees, or (None, why not)."""
    exe = shutil.which("cargo")
    if exe is None:
        return None, "cargo is not on PATH"
    try:
        proc = subprocess.run(
            [exe, "metadata", "--no-deps", "--offline", "--format-version", "1"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"cargo metadata did not run: {exc}"
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.strip().splitlines() if line.strip()]
        return None, f"cargo metadata failed: {lines[-1].strip() if lines else proc.returncode}"
    data = json.loads(proc.stdout)
    workspace = Path(data["workspace_root"]).resolve()
    members = set(data["workspace_members"])
    found = {}
    for package in data["packages"]:
        if package["id"] in members:
            manifest = Path(package["manifest_path"]).resolve().parent
            rel = manifest.relative_to(workspace).as_posix()
            found["" if rel == "." else rel] = package["name"]
    return found, None


def cross_check(root: Path, tree: Tree) -> CrossCheck:
    """The members detection found against those `cargo metadata` lists."""
    layout = cargo.layout(tree)
    if layout is None:
        return CrossCheck(())
    theirs, why = cargo_members(root)
    if theirs is None:
        return CrossCheck((), skipped=why)
    ours = {c.dir: c.name or c.dir for c in layout.crates}
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
    return CrossCheck(tuple(problems))
