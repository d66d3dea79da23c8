"""The seed projects' real repositories (../shared/real-repos), rebuilt for tests.

`materialize(name, dest)` runs the data folder's own `materialize.py` (real history,
tags and branches; the exported files in the newest commit). The exported trees hold
manifests, lock files and changelogs but no source code, so `cargo_metadata` first
gives every crate the empty targets Cargo insists on (in a copy: the repository under
test is never touched) and then asks cargo what it sees. The checks here are written
independently of the kit: they are the oracle the kit's results are compared with.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "real-repos"
SKIP_REASON = "no ../shared/real-repos"
NAMES = ("wasmtime", "hyperlight", "hephaestus", "lepton", "vmpilot")
# The tests run with a HOME of their own; cargo (through rustup) still needs the real one's.
_HOME = Path(os.environ.get("HOME", "~")).expanduser()
CARGO_ENV = {
    "RUSTUP_HOME": os.environ.get("RUSTUP_HOME", str(_HOME / ".rustup")),
    "CARGO_HOME": os.environ.get("CARGO_HOME", str(_HOME / ".cargo")),
}


def available() -> bool:
    return (REAL / "materialize.py").is_file()


def require() -> None:
    if not available():
        pytest.skip(SKIP_REASON)


def materialize(name: str, dest: Path) -> Path:
    """`dest` as a git repository of the real project `name`, with `dest.git` as origin."""
    subprocess.run(
        [sys.executable, str(REAL / "materialize.py"), name, str(dest), "--bare-origin"],
        check=True,
        capture_output=True,
    )
    return dest


# -- Cargo, as cargo sees it ---------------------------------------------------------------


def _targets(manifest: dict[str, object]) -> list[str]:
    """The files cargo needs for a manifest's targets to exist (all empty is fine)."""
    package = manifest.get("package")
    assert isinstance(package, dict)
    lib = manifest.get("lib")
    paths = [lib.get("path", "src/lib.rs") if isinstance(lib, dict) else "src/lib.rs"]
    for kind in ("bin", "bench", "test", "example"):
        for target in manifest.get(kind, []) or []:  # type: ignore[attr-defined]
            if "path" in target:
                paths.append(target["path"])
            elif kind == "bin":
                paths.append(f"src/bin/{target['name']}.rs")
            else:
                paths.append(f"{kind}s/{target['name']}.rs")
    build = package.get("build", "build.rs" if "links" in package else None)
    if isinstance(build, str):
        paths.append(build)
    return paths


def with_targets(src: Path, dest: Path) -> Path:
    """A copy of the work tree `src` (no .git) where every crate has its target files."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".git"))
    return add_targets(dest)


def add_targets(dest: Path) -> Path:
    """Give every crate under `dest` the (empty) target files cargo insists on."""
    for manifest_path in dest.rglob("Cargo.toml"):
        if ".git" in manifest_path.parts:
            continue
        manifest = tomllib.loads(manifest_path.read_text("utf-8"))
        if "package" not in manifest:
            continue
        for rel in _targets(manifest):
            target = manifest_path.parent / rel
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("", encoding="utf-8")
    return dest


@dataclass(frozen=True)
class Crate:
    name: str
    version: str
    manifest: str  # relative to the workspace root
    path_deps: tuple[tuple[str, str], ...]  # (crate name, requirement) of path dependencies
    released: bool = True  # not `publish = false`: in the publish list of a release


def cargo_metadata(workspace: Path) -> dict[str, Crate]:
    """Every workspace member by name, as `cargo metadata --no-deps --offline` lists it."""
    proc = subprocess.run(
        ["cargo", "metadata", "--no-deps", "--offline", "--format-version", "1"],
        cwd=workspace,
        env={**os.environ, **CARGO_ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise AssertionError(f"cargo metadata in {workspace.name}: {proc.stderr.strip()}")
    data = json.loads(proc.stdout)
    root = Path(data["workspace_root"]).resolve()
    crates = {}
    for package in data["packages"]:
        deps = tuple(
            (d["name"], d["req"]) for d in package["dependencies"] if d.get("path") is not None
        )
        manifest = Path(package["manifest_path"]).resolve().relative_to(root).as_posix()
        crates[package["name"]] = Crate(
            package["name"], package["version"], manifest, deps, package.get("publish") != []
        )
    return crates


_CMP = re.compile(r"^\s*(=|\^|~|>=|<=|>|<)?\s*([0-9][0-9A-Za-z.+-]*)\s*$")


def _core(version: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    release, _, pre = version.partition("+")[0].partition("-")
    numbers = tuple(int(n) for n in release.split("."))
    return numbers + (0,) * (3 - len(numbers)), tuple(pre.split(".")) if pre else ()


def requirement_accepts(requirement: str, version: str) -> bool:
    """Cargo's rule for the requirements that internal path dependencies use.

    `*` (no version given), `=`, `^` (and bare), `~` and `>=` comparators, comma-separated;
    a pre-release version
    is accepted only by a comparator naming the same major.minor.patch with a pre-release.
    """
    if requirement.strip() == "*":  # a path dependency without a version: any version
        return True
    (vnum, vpre) = _core(version)
    for part in requirement.split(","):
        match = _CMP.match(part)
        if match is None:
            raise AssertionError(f"requirement {requirement!r} not understood by the oracle")
        op, text = match.group(1) or "^", match.group(2)
        given = len(text.partition("-")[0].split("."))
        (rnum, rpre) = _core(text)
        if vpre and not (rpre and rnum == vnum):
            return False
        key_v, key_r = (vnum, _pre_key(vpre)), (rnum, _pre_key(rpre))
        if op == "=":
            ok = vnum[:given] == rnum[:given] and (given < 3 or vpre == rpre)
        elif op == ">=":
            ok = key_v >= key_r
        elif op == "~":
            ok = key_v >= key_r and vnum[: min(given, 2)] == rnum[: min(given, 2)]
        elif op == "^":
            first = next((i for i, n in enumerate(rnum[:given]) if n != 0), given - 1)
            ok = key_v >= key_r and vnum[: first + 1] == rnum[: first + 1]
        else:
            raise AssertionError(f"comparator {op} not used by internal requirements")
        if not ok:
            return False
    return True


def _pre_key(pre: tuple[str, ...]) -> tuple[tuple[int, int | str], ...]:
    if not pre:
        return ((2, 0),)  # a release ranks above its pre-releases
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in pre)


def unsatisfied(crates: dict[str, Crate]) -> list[str]:
    """Every path dependency whose requirement does not accept the member's version."""
    problems = []
    for crate in crates.values():
        for name, requirement in crate.path_deps:
            target = crates.get(name)
            if target is not None and not requirement_accepts(requirement, target.version):
                problems.append(f"{crate.name} -> {name} {requirement} ({target.version})")
    return problems


def lock_versions(lock: Path) -> dict[str, set[str]]:
    """The versions of the path packages (no `source`) a Cargo.lock records, by name."""
    data = tomllib.loads(lock.read_text("utf-8"))
    found: dict[str, set[str]] = {}
    for package in data.get("package", []):
        if "source" not in package:
            found.setdefault(package["name"], set()).add(package["version"])
    return found
