"""Running the tools (build, uv, pip, venv) as subprocesses, with one-line failure reasons."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path


def run(
    cmd: Sequence[str], *, cwd: Path, env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run a tool and capture its output; never raises on a non-zero exit."""
    return subprocess.run(
        list(cmd),
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )


def last_error_line(output: str) -> str:
    """The most telling line of a tool's output: the last `ERROR` line, else the last line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.upper().startswith("ERROR")]
    if errors:
        return errors[-1]
    return lines[-1] if lines else "no output"


def require_pip() -> None:
    """pip must be importable in release-kit's own environment (it collects and verifies)."""
    import importlib.util

    from release_kit.errors import ReleaseKitError

    if importlib.util.find_spec("pip") is None:
        raise ReleaseKitError(
            "pip is missing from release-kit's environment; install it there"
            " (python -m ensurepip) to build a wheelhouse"
        )
