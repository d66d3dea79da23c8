"""The main job: release-kit's release process end to end on a sample repository.

`make demo` runs this script. It creates a small Python package in a temporary
directory with a bare `origin` beside it, runs the release steps on it the way
a project using the kit would, and prints what each step produced. Nothing
outside the temporary directory is touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Demo Maintainer",
    "GIT_AUTHOR_EMAIL": "maintainer@example.invalid",
    "GIT_COMMITTER_NAME": "Demo Maintainer",
    "GIT_COMMITTER_EMAIL": "maintainer@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}

SAMPLE_FILES = {
    "pyproject.toml": """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "sample-pkg"
version = "1.0.0"
description = "A sample package released by the release-kit demo"
requires-python = ">=3.11"

[tool.setuptools.packages.find]
where = ["src"]
""",
    "src/sample_pkg/__init__.py": '"""A sample package."""\n\n__version__ = "1.0.0"\n',
    "CHANGELOG.md": """\
# Changelog

## [Unreleased]

### Added

- A greeting for every user.

## [1.0.0] - 2026-10-12

### Added

- First release.
""",
    "README.md": "# sample-pkg\n\nReleased by the release-kit demo.\n",
}


class Step:
    """Numbered, timed headings so the output reads as a log of the release."""

    def __init__(self) -> None:
        self.number = 0
        self.started = time.monotonic()

    def __call__(self, title: str) -> None:
        self.number += 1
        elapsed = time.monotonic() - self.started
        print(f"\n== {self.number}. {title}  [{elapsed:5.1f} s]", flush=True)


def run(
    cmd: Sequence[str], cwd: Path, env: dict[str, str], *, check: bool = True
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"demo: `{' '.join(cmd)}` failed with exit code {proc.returncode}")
    return proc


def make_env(home: Path) -> dict[str, str]:
    """A clean environment: no user git config, a fixed identity, the kit on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GIT_"))}
    env.update(GIT_IDENTITY)
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    (home / ".gitconfig").write_text(
        "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
        encoding="utf-8",
    )
    return env


def create_sample(base: Path, env: dict[str, str]) -> tuple[Path, Path]:
    """The sample package in `base/sample`, its bare origin in `base/sample-origin.git`."""
    origin = base / "sample-origin.git"
    work = base / "sample"
    run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], base, env)
    run(["git", "init", "-q", "-b", "main", str(work)], base, env)
    for rel, text in SAMPLE_FILES.items():
        target = work / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    run(["git", "remote", "add", "origin", str(origin)], work, env)
    run(["git", "add", "-A"], work, env)
    run(["git", "commit", "-q", "-m", "Initial commit"], work, env)
    run(["git", "tag", "-a", "v1.0.0", "-m", "sample-pkg 1.0.0"], work, env)
    run(["git", "push", "-q", "origin", "main", "v1.0.0"], work, env)
    return work, origin


def kit(args: Sequence[str], cwd: Path, env: dict[str, str]) -> str:
    """Run the installed `release-kit` command and echo its output, indented."""
    proc = run([sys.executable, "-m", "release_kit", *args], cwd, env)
    for line in proc.stdout.rstrip().splitlines():
        print(f"    {line}")
    return proc.stdout


def show_refs(origin: Path, env: dict[str, str]) -> None:
    refs = run(
        ["git", "for-each-ref", "--format=%(refname) %(objectname:short)"], origin, env
    ).stdout
    for line in refs.strip().splitlines():
        print(f"    {line}")


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    step = Step()
    with tempfile.TemporaryDirectory(prefix="release-kit-demo-") as tmp:
        base = Path(tmp)
        home = base / "home"
        home.mkdir()
        env = make_env(home)

        step("Create a sample Python package with a bare origin")
        work, origin = create_sample(base, env)
        print(f"    sample-pkg 1.0.0 at {work.name}/, origin {origin.name}")
        kit(["--version"], work, env)

        step("Final state of origin")
        show_refs(origin, env)
        print(f"\ndemo finished in {time.monotonic() - step.started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
