"""Collecting a wheel of every runtime dependency, per target, with pip.

The running interpreter's target uses `pip wheel`: a dependency published only
as an sdist is built into a wheel here. Another Python or platform uses
`pip download --only-binary=:all:`: nothing can be built for it on this machine,
so a dependency without a matching wheel is an input error naming the package
and the target.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from release_kit import workspace
from release_kit.errors import InputError, ReleaseKitError
from release_kit.wheelhouse.proc import last_error_line, require_pip, run
from release_kit.wheelhouse.settings import Target

_NOT_FOUND = re.compile(
    r"(?:Could not find a version that satisfies the requirement|"
    r"No matching distribution found for)\s+([A-Za-z0-9][A-Za-z0-9._-]*)"
)
_UNSUPPORTED = re.compile(r"(\S+\.whl) is not a supported wheel on this platform")
_NOT_BUILT = re.compile(r"Failed (?:to build|building wheel for)\s+'?([A-Za-z0-9][A-Za-z0-9._-]*)")


def collect_command(
    target: Target,
    requirements: Sequence[str],
    dest: Path,
    constraints: Sequence[Path],
    find_links: Sequence[str],
    *,
    no_index: bool = False,
) -> list[str]:
    """The pip command that puts wheels of `requirements` and their dependencies into `dest`."""
    cmd = [sys.executable, "-m", "pip"]
    if target.native:
        cmd += ["wheel", "--wheel-dir", str(dest)]
    else:
        cmd += ["download", "--only-binary=:all:", "--dest", str(dest)]
        cmd += ["--python-version", target.python_version]
        for platform in target.platforms:
            cmd += ["--platform", platform]
    cmd += ["--disable-pip-version-check", "--progress-bar", "off"]
    if no_index:
        cmd.append("--no-index")
    for path in constraints:
        cmd += ["--constraint", str(path)]
    for link in find_links:
        cmd += ["--find-links", link]
    cmd += list(requirements)
    return cmd


def conflict_causes(output: str) -> str:
    """The indented lines under pip's "The conflict is caused by:", joined on one line."""
    lines = output.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if "conflict is caused by" in line)
    except StopIteration:
        return last_error_line(output)
    causes = []
    for line in lines[start + 1 :]:
        if not line.startswith((" ", "\t")) or not line.strip():
            break
        causes.append(line.strip())
    return "; ".join(causes) or last_error_line(output)


def explain_failure(output: str, target: Target) -> ReleaseKitError:
    """Turn pip's output into a one-line error that names the package and the target."""
    if "ResolutionImpossible" in output:
        return InputError(f"dependencies conflict for {target.label}: {conflict_causes(output)}")
    missing = _NOT_FOUND.search(output)
    if missing:
        package = missing.group(1)
        if target.native:
            return InputError(f"no distribution of {package} found for {target.label}")
        return InputError(
            f"no wheel of {package} for {target.label}: only the running platform can build"
            " one from an sdist; build this target on a matching runner"
        )
    unsupported = _UNSUPPORTED.search(output)
    if unsupported:
        wheel = unsupported.group(1).rsplit("/", 1)[-1]
        return InputError(f"{wheel} does not install on {target.label}")
    failed = _NOT_BUILT.search(output)
    if failed:
        return ReleaseKitError(
            f"building a wheel of {failed.group(1)} for {target.label} failed:"
            f" {last_error_line(output)}"
        )
    return ReleaseKitError(f"pip failed for {target.label}: {last_error_line(output)}")


def collect(
    target: Target,
    wheel: Path,
    dest: Path,
    *,
    constraints: Sequence[Path],
    find_links: Sequence[str],
    env: Mapping[str, str],
    cwd: Path,
    prefetched: Path | None = None,
    complete: bool = False,
) -> list[Path]:
    """Fill `dest` for one target; returns the wheel files it holds.

    With `prefetched` (a folder that `prefetch` filled from the sdist's declared
    dependencies while the wheel was being built): when `complete` (this
    interpreter's target, and the wheel requires exactly what the sdist
    declared) that folder plus the wheel is the result, as pip resolved those
    very requirements (the offline install check then proves the set installs).
    Otherwise pip resolves the wheel offline against that folder; if that
    fails, the normal run follows.
    """
    require_pip()
    if prefetched is not None and complete and target.native:
        dest.mkdir(parents=True, exist_ok=True)
        found = [*prefetched.iterdir(), wheel]
        workspace.no_links(found, "wheelhouse file")
        for path in found:
            shutil.copyfile(path, dest / path.name)
        return _wheels_in(dest, target)
    if prefetched is not None:
        dest.mkdir(parents=True, exist_ok=True)
        links = [str(prefetched), *find_links]
        cmd = collect_command(target, [str(wheel)], dest, constraints, links, no_index=True)
        if run(cmd, cwd=cwd, env=env).returncode == 0:
            return _wheels_in(dest, target)
        shutil.rmtree(dest)
    dest.mkdir(parents=True, exist_ok=True)
    cmd = collect_command(target, [str(wheel)], dest, constraints, find_links)
    proc = run(cmd, cwd=cwd, env=env)
    if proc.returncode != 0:
        raise explain_failure(proc.stdout + "\n" + proc.stderr, target)
    return _wheels_in(dest, target)


def prefetch(
    target: Target,
    requirements: Sequence[str],
    dest: Path,
    *,
    constraints: Sequence[Path],
    find_links: Sequence[str],
    env: Mapping[str, str],
    cwd: Path,
) -> Path | None:
    """Collect the wheels of `requirements` into `dest`; the folder, or None on any failure."""
    dest.mkdir(parents=True, exist_ok=True)
    cmd = collect_command(target, requirements, dest, constraints, find_links)
    return dest if run(cmd, cwd=cwd, env=env).returncode == 0 else None


def _wheels_in(dest: Path, target: Target) -> list[Path]:
    workspace.no_links(dest.iterdir(), "wheelhouse file")  # packed files are never links
    found = sorted(p for p in dest.iterdir() if p.is_file())
    others = [p.name for p in found if not p.name.endswith(".whl")]
    if others:
        # pip download can save an sdist when a requirement allows it: never ship those.
        raise InputError(f"no wheel for {', '.join(others)} for {target.label}")
    return found
