"""Collecting a wheel of every runtime dependency, per target, with pip.

The running interpreter's target uses `pip wheel`: a dependency published only
as an sdist is built into a wheel here. Another Python or platform uses
`pip download --only-binary=:all:`: nothing can be built for it on this machine,
so a dependency without a matching wheel is an input error naming the package
and the target.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

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
    wheel: Path,
    dest: Path,
    constraints: Sequence[Path],
    find_links: Sequence[str],
) -> list[str]:
    """The pip command that puts `wheel` and the wheels of its dependencies into `dest`."""
    cmd = [sys.executable, "-m", "pip"]
    if target.native:
        cmd += ["wheel", "--wheel-dir", str(dest)]
    else:
        cmd += ["download", "--only-binary=:all:", "--dest", str(dest)]
        cmd += ["--python-version", target.python_version]
        for platform in target.platforms:
            cmd += ["--platform", platform]
    cmd += ["--disable-pip-version-check", "--progress-bar", "off"]
    for path in constraints:
        cmd += ["--constraint", str(path)]
    for link in find_links:
        cmd += ["--find-links", link]
    cmd.append(str(wheel))
    return cmd


def explain_failure(output: str, target: Target) -> ReleaseKitError:
    """Turn pip's output into a one-line error that names the package and the target."""
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
) -> list[Path]:
    """Fill `dest` for one target; returns the wheel files it holds."""
    dest.mkdir(parents=True, exist_ok=True)
    require_pip()
    proc = run(collect_command(target, wheel, dest, constraints, find_links), cwd=cwd, env=env)
    if proc.returncode != 0:
        raise explain_failure(proc.stdout + "\n" + proc.stderr, target)
    found = sorted(p for p in dest.iterdir() if p.is_file())
    others = [p.name for p in found if not p.name.endswith(".whl")]
    if others:
        # pip download can save an sdist when a requirement allows it: never ship those.
        raise InputError(f"no wheel for {', '.join(others)} for {target.label}")
    return found
