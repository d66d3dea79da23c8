"""Benchmark: `release-kit tag` scanning a long pushed range for the marker.

Builds a repository with a bare origin and N commits after the base (default
5000, written with git fast-import), the marker commit near the start of the
range, then times the whole `release-kit tag` process
(interpreter start-up included), best of 3:

  scan      `tag --dry-run --before BASE --after HEAD` (range walk, marker
            search, version + changelog read at the marker commit, remote check)
  new-ref   the same with an all-zero `before` (commits on no other branch)
  tag       the real run: create the annotated tag and push it

Target: under 2 s for 5000 commits. Run:
`.venv/bin/python tests/benchmarks/tag_scan.py [COMMITS]` (prints figures;
not collected by pytest).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MARK = "[automatically-tag-and-release-this-commit]"
TARGET = 2.0
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=ENV, input=stdin, capture_output=True, text=True, check=True
    ).stdout.strip()


def build(root: Path, commits: int) -> tuple[Path, str]:
    """A repository whose history after BASE has `commits` commits; returns (work, BASE)."""
    origin, work = root / "origin.git", root / "work"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True)
    git(work, "remote", "add", "origin", str(origin))
    (work / "pyproject.toml").write_text('[project]\nname = "b"\nversion = "1.0.0"\n')
    (work / "CHANGELOG.md").write_text("# Changelog\n\n## [1.1.0]\n\n- Faster.\n")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "base")
    base = git(work, "rev-parse", "HEAD")
    # fast-import: thousands of commits in well under a second
    lines = []
    for i in range(commits):
        mark = i + 1
        message = f"Release 1.1.0\n\n{MARK}" if i == 10 else f"change {i}"
        version = "1.1.0" if i >= 10 else "1.0.0"
        blob = f'[project]\nname = "b"\nversion = "{version}"\n'
        lines += [
            "commit refs/heads/main",
            f"mark :{mark}",
            "committer Bench <bench@example.invalid> 1700000000 +0000",
            f"data {len(message.encode())}",
            message,
            f"from {base}" if i == 0 else f"from :{mark - 1}",
            f"M 100644 inline pyproject.toml\ndata {len(blob.encode())}\n{blob}",
            f"M 100644 inline f{i % 97}.txt\ndata {len(str(i))}\n{i}",
            "",
        ]
    git(work, "fast-import", "--quiet", "--force", stdin="\n".join(lines) + "\n")
    git(work, "reset", "-q", "--hard", "main")
    git(work, "push", "-q", "-u", "origin", "main")
    return work, base


def best(args: list[str], cwd: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr)
    return min(times)


def main(argv: list[str]) -> int:
    commits = int(argv[0]) if argv else 5000
    kit = [sys.executable, "-m", "release_kit", "tag"]
    with tempfile.TemporaryDirectory() as tmp:
        work, base = build(Path(tmp), commits)
        scan = best([*kit, "--dry-run", "--before", base, "--after", "HEAD"], work)
        new_ref = best(
            [*kit, "--dry-run", "--before", "0" * 40, "--after", "HEAD", "--branch", "main"], work
        )
        tag = best([*kit, "--before", base, "--after", "HEAD"], work, runs=1)
    print(f"commits in range: {commits}")
    print(f"scan (dry run):    {scan:.3f} s")
    print(f"new ref (dry run): {new_ref:.3f} s")
    print(f"tag + push:        {tag:.3f} s")
    ok = max(scan, new_ref, tag) <= TARGET
    print(f"target <= {TARGET:.1f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
