"""The demo's sample project and the small helpers that drive git and print results."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
    """Numbered, timed headings, so the output reads as a log of the release."""

    def __init__(self) -> None:
        self.number = 0
        self.started = time.monotonic()

    def __call__(self, title: str) -> None:
        self.number += 1
        print(f"\n== {self.number}. {title}  [{self.elapsed():5.1f} s]", flush=True)

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def say(text: str) -> None:
    for line in text.rstrip("\n").splitlines():
        print(f"    {line}", flush=True)


def run(cmd: Sequence[str], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"demo: `{' '.join(cmd)}` failed with exit code {proc.returncode}")
    return proc.stdout.strip()


def make_env(home: Path) -> dict[str, str]:
    """A clean environment: no user git config, a fixed identity, no GitHub variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GIT_"))}
    env.update(GIT_IDENTITY, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    (home / ".gitconfig").write_text(
        "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n", encoding="utf-8"
    )
    return env


class Sample:
    """The sample package's work tree and its bare origin."""

    def __init__(self, base: Path, env: dict[str, str]) -> None:
        self.work = base / "sample-pkg"
        self.origin = base / "sample-pkg-origin.git"
        self.env = env

    def git(self, *args: str) -> str:
        return run(["git", *args], self.work, self.env)

    def create(self, files: dict[str, str] | None = None, tag: str | None = "v1.0.0") -> None:
        """Commit `files` (default: the sample package), tag it, push both to origin."""
        base = self.work.parent
        run(["git", "init", "-q", "--bare", "-b", "main", str(self.origin)], base, self.env)
        run(["git", "init", "-q", "-b", "main", str(self.work)], base, self.env)
        for rel, text in (SAMPLE_FILES if files is None else files).items():
            self.write(rel, text)
        self.git("remote", "add", "origin", str(self.origin))
        self.commit("Initial commit")
        refs = ["main"]
        if tag:
            self.git("tag", "-a", tag, "-m", f"Release {tag}")
            refs.append(tag)
        self.git("push", "-q", "origin", *refs)

    def write(self, rel: str, text: str) -> None:
        target = self.work / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def sync(self, ref: str) -> None:
        """Fetch origin and check out `ref` (a branch of origin, or a tag)."""
        self.git("fetch", "-q", "--tags", "--force", "origin")
        if ref.startswith("refs/tags/"):
            self.git("checkout", "-q", ref[len("refs/tags/") :])
        else:
            self.git("checkout", "-q", "-B", ref, f"origin/{ref}")

    def kit(self, *args: str) -> str:
        """Run `release-kit ARGS` in the sample, as a maintainer would on a laptop."""
        return run([sys.executable, "-m", "release_kit", *args], self.work, self.env)


def print_state(sample: Sample, state: Any) -> None:
    """Tags, branches, releases and their assets with sha256 checksums."""
    refs = sample.git("ls-remote", "--tags", "--heads", "origin").splitlines()
    print("    origin:")
    for line in refs:
        sha, ref = line.split("\t")
        if not ref.endswith("^{}"):
            print(f"      {ref:<36} {sha[:12]}")
    print("    releases:")
    for release in sorted(state.releases.values(), key=lambda r: r.id):
        kind = "draft" if release.draft else "pre-release" if release.prerelease else "release"
        target = release.target_commitish[:12]
        print(f"      {release.tag_name:<12} {kind:<12} target {target}")
        for asset_id in release.asset_ids:
            asset = state.assets[asset_id]
            digest = hashlib.sha256(asset.data).hexdigest()
            print(f"        {asset.name:<42} {len(asset.data):>6} B  sha256 {digest}")
