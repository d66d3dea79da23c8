"""Wall time of the bump-version action under act: cold, warm, and a bare Python step.

Run: `.venv/bin/python tests/benchmarks/action_overhead.py` (prints figures;
not collected by pytest). One act job on a sample repository with a bare
origin and the local GitHub API:

  bare   `python3 -c pass` (what any step that starts Python costs)
  cold   bump-version, first use with a fresh tool cache (creates the venv)
  warm1  bump-version again in the same job (venv reused), bump major
  warm2  once more, explicit version

Between uses the work tree is reset so each bump starts clean; each use makes
a new commit, force-pushes the branch and updates the one PR. Overhead is the
step's time minus the bare step's. Targets: warm <= 1.5 s, cold <= 15 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "scripts")]

from act_harness import ActHarness  # noqa: E402

from ghlocal import LocalGitHub  # noqa: E402

WARM_TARGET, COLD_TARGET = 1.5, 15.0
WORKFLOW = """
name: overhead
on: workflow_dispatch
permissions: {}
jobs:
  bench:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pull-requests: write
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
        with:
          persist-credentials: false
      - id: bare
        shell: bash
        run: python3 -c pass
      - id: cold
        uses: org/release-kit/actions/bump-version@v1
        with:
          bump: minor
      - shell: bash
        run: git checkout -- .
      - id: warm1
        uses: org/release-kit/actions/bump-version@v1
        with:
          bump: major
      - shell: bash
        run: git checkout -- .
      - id: warm2
        uses: org/release-kit/actions/bump-version@v1
        with:
          bump: 3.0.0
"""


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _sample(base: Path) -> tuple[Path, Path]:
    origin, work = base / "origin.git", base / "sample"
    _git(base, "init", "-q", "--bare", "-b", "main", str(origin))
    _git(base, "init", "-q", "-b", "main", str(work))
    (work / "pyproject.toml").write_text(
        '[project]\nname = "sample"\nversion = "1.2.3"\n', encoding="utf-8"
    )
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "Initial commit")
    _git(work, "remote", "add", "origin", str(origin))
    _git(work, "push", "-q", "origin", "main")
    return work, origin


def main() -> int:
    identity = {"NAME": "Bench", "EMAIL": "bench@example.invalid"}
    for role in ("AUTHOR", "COMMITTER"):
        for key, value in identity.items():
            os.environ.setdefault(f"GIT_{role}_{key}", value)
    os.environ["PIP_NO_CACHE_DIR"] = "1"  # cold means cold: no wheels from an earlier run
    with tempfile.TemporaryDirectory(prefix="rk-overhead-") as tmp:
        base = Path(tmp)
        work, origin = _sample(base)
        harness = ActHarness.for_session(base / "act")
        with LocalGitHub(origin) as server:
            run = harness.run(
                WORKFLOW,
                workdir=work,
                event="workflow_dispatch",
                payload={"ref": "refs/heads/main", "inputs": {}},
                api_url=server.api_url,
                secrets={"GITHUB_TOKEN": "bench-token"},
            )
            pulls = len(server.state.pulls)
        if run.returncode != 0:
            print(run.log[-5000:], file=sys.stderr)
            print("act run failed", file=sys.stderr)
            return 1
        bare = run.step_seconds("bare")
        times = {name: run.step_seconds(name) for name in ("cold", "warm1", "warm2")}
        setup = {name: run.step_seconds(name, "setup") for name in times}
        print(f"act job wall time: {run.seconds:.2f} s (pull requests opened: {pulls})")
        print(f"{'step':<8}{'seconds':>9}{'overhead':>10}{'setup':>8}")
        print(f"{'bare':<8}{bare:>9.3f}{'':>10}{'':>8}")
        for name, seconds in times.items():
            print(f"{name:<8}{seconds:>9.3f}{seconds - bare:>10.3f}{setup[name]:>8.3f}")
        warm = max(times["warm1"], times["warm2"]) - bare
        cold = times["cold"] - bare
        ok = warm <= WARM_TARGET and cold <= COLD_TARGET
        print(
            f"warm overhead {warm:.2f} s (target <= {WARM_TARGET}), "
            f"cold overhead {cold:.2f} s (target <= {COLD_TARGET}): {'OK' if ok else 'MISSED'}"
        )
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
