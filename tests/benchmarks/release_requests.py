"""API requests and wall time of `release-kit release` per number of assets.

Run: `.venv/bin/python tests/benchmarks/release_requests.py [N ...]` (default
1 5 20). For each N: a sample repository tagged v1.0.0 with N asset files
(plus SHA256SUMS, so N + 1 assets on the release), served by the local GitHub
server; counted from the server's request log:

  first   the first run (target: at most assets + 4 requests)
  rerun   the same command again (target: no uploads, no writes)
  changed one asset rebuilt, run with --overwrite (3 calls per replaced asset)
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "scripts")]

from ghlocal import LocalGitHub  # noqa: E402
from release_kit.cli import main  # noqa: E402
from release_kit.context import Context  # noqa: E402

GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]


def sample(base: Path, n: int) -> Path:
    origin, work = base / "origin.git", base / "work"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True)
    (work / "CHANGELOG.md").write_text("# Changelog\n\n## [1.0.0]\n\n- First.\n")
    (work / "release-kit.toml").write_text('[release]\nassets = ["dist/*"]\n')
    subprocess.run([*GIT, "add", "-A"], cwd=work, check=True)
    subprocess.run([*GIT, "commit", "-qm", "init"], cwd=work, check=True)
    subprocess.run([*GIT, "tag", "v1.0.0"], cwd=work, check=True)
    subprocess.run([*GIT, "remote", "add", "origin", str(origin)], cwd=work, check=True)
    subprocess.run([*GIT, "push", "-q", "origin", "main", "v1.0.0"], cwd=work, check=True)
    (work / "dist").mkdir()
    for i in range(n):
        (work / "dist" / f"pkg-{i}.bin").write_bytes(os.urandom(4096))
    return work


def run(gh: LocalGitHub, work: Path, *args: str) -> tuple[int, int, int, float]:
    env = {**os.environ, "GITHUB_API_URL": gh.api_url, "GITHUB_REPOSITORY": "org/repo"}
    mark = len(gh.requests)
    err = io.StringIO()
    ctx = Context(cwd=work, env=env, out=io.StringIO(), err=err)
    start = time.perf_counter()
    code = main(["release", "v1.0.0", *args], ctx)
    seconds = time.perf_counter() - start
    if code:
        raise SystemExit(f"release failed: {err.getvalue()}")
    new = gh.requests[mark:]
    uploads = sum(1 for r in new if r.method == "POST" and r.path.endswith("/assets"))
    writes = sum(1 for r in new if r.method in ("POST", "PATCH", "DELETE"))
    return len(new), uploads, writes, seconds


def main_bench(sizes: list[int]) -> None:
    print(
        f"{'N':>4} {'assets':>6} | {'first':>5} {'limit':>5} {'s':>6} | {'rerun':>5} "
        f"{'upl':>3} {'wr':>3} | {'changed':>7} {'s':>6}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            work = sample(Path(tmp), n)
            with LocalGitHub(Path(tmp) / "origin.git") as gh:
                first, _, _, t1 = run(gh, work)
                rerun, up2, wr2, _ = run(gh, work)
                (work / "dist" / "pkg-0.bin").write_bytes(b"rebuilt")
                changed, _, _, t3 = run(gh, work, "--overwrite")
                # generate-notes is a POST that writes nothing; count it apart
                print(
                    f"{n:>4} {n + 1:>6} | {first:>5} {n + 5:>5} {t1:>6.2f} | {rerun:>5} "
                    f"{up2:>3} {wr2 - 1:>3} | {changed:>7} {t3:>6.2f}"
                )


if __name__ == "__main__":
    main_bench([int(a) for a in sys.argv[1:]] or [1, 5, 20])
