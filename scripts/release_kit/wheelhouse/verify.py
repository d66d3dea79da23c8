"""Verifying a wheelhouse: an offline install into a fresh venv, then import and version."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from packaging.version import InvalidVersion, Version

from release_kit.errors import ReleaseKitError
from release_kit.wheelhouse.proc import last_error_line, run

_PROBE = (
    "import importlib, importlib.metadata as m, sys\n"
    "importlib.import_module(sys.argv[1])\n"
    "print(m.version(sys.argv[2]))\n"
)


def same_version(a: str, b: str) -> bool:
    """Equal as PEP 440 versions in canonical form (1.0.0-rc.1 == 1.0.0rc1), else as text."""
    try:
        return str(Version(a)) == str(Version(b))
    except InvalidVersion:
        return a == b


def offline_env(env: Mapping[str, str]) -> dict[str, str]:
    """The environment without any pip configuration: no index, no extra find-links."""
    clean = {k: v for k, v in env.items() if not k.startswith("PIP_")}
    clean.update({"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    return clean


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def verify(
    folder: Path, name: str, version: str, import_name: str, workdir: Path, env: Mapping[str, str]
) -> None:
    """Install `name==version` from `folder` alone into a new venv; import it; check its version."""
    venv = workdir / "verify-venv"
    clean = offline_env(env)
    made = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=workdir, env=clean)
    if made.returncode != 0:
        raise ReleaseKitError(f"creating a venv to verify failed: {last_error_line(made.stderr)}")
    python = str(venv_python(venv))
    install = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-index",
        "--no-compile",
    ]
    install += ["--find-links", str(folder), f"{name}=={version}"]
    proc = run(install, cwd=workdir, env=clean)
    if proc.returncode != 0:
        reason = last_error_line(proc.stdout + "\n" + proc.stderr)
        raise ReleaseKitError(f"offline install of {name}=={version} failed: {reason}")
    probe = run([python, "-c", _PROBE, import_name, name], cwd=workdir, env=clean)
    if probe.returncode != 0:
        reason = last_error_line(probe.stderr)
        raise ReleaseKitError(f"importing {import_name} after the offline install failed: {reason}")
    installed = probe.stdout.strip()
    if not same_version(installed, version):
        raise ReleaseKitError(f"installed {name} is {installed}, expected {version}")
