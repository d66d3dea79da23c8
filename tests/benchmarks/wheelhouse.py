"""Benchmark: `release-kit wheelhouse` against the bare `python -m build && pip wheel`.

On a real project with about 30 runtime dependencies (twine's sdist, fetched
from the package index when the benchmark starts, its dependencies resolved
and downloaded from the index by both commands), this times whole processes:

  baseline: python -m build && python -m pip wheel -w DIR dist/*.whl
  kit:      python -m release_kit wheelhouse --version V --out DIR
            (the same build and pip wheel, plus manifest, reproducible archive
            and the offline install check in a fresh venv)

with a cold pip cache (a new empty PIP_CACHE_DIR for every run) and a warm one
(a cache filled by unmeasured runs first), interleaving the two commands, and
prints each wall time, the median ratio kit / baseline (target: at most 1.2)
and, because wall time on a shared machine swings with other load, the CPU
time (user + sys of all the processes) too. Each run works on a fresh copy of
the project. Run from the repository root:

  .venv/bin/python tests/benchmarks/wheelhouse.py [--runs 3] [--package twine]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

EPOCH = "1767225600"  # both commands get the same SOURCE_DATE_EPOCH


def fetch_project(package: str, work: Path) -> tuple[Path, str]:
    """Download the package's sdist (no dependencies) and unpack it: the project under test."""
    dl = work / "sdist"
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    subprocess.run([*pip, "--no-binary", ":all:", "--dest", str(dl), package], check=True)
    (sdist,) = dl.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        tar.extractall(work / "src", filter="data")
    (project,) = (work / "src").iterdir()
    version = project.name.rsplit("-", 1)[1]
    return project, version


CPU: dict[str, list[float]] = {}  # kind -> CPU seconds (user + sys) of each run's processes


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: Sequence[str], cwd: Path, cache: Path, kind: str = "") -> float:
    env = {**os.environ, "PIP_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": EPOCH}
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if kind:
        CPU.setdefault(kind, []).append(_children_cpu() - cpu)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return elapsed


def baseline_cmd() -> list[str]:
    py = sys.executable
    script = f'"{py}" -m build && "{py}" -m pip wheel --quiet -w wheels dist/*.whl'
    return ["sh", "-c", script]


def kit_cmd(version: str) -> list[str]:
    return [sys.executable, "-m", "release_kit", "wheelhouse", "--version", version, "--out", "out"]


def one_run(
    kind: str, project: Path, version: str, work: Path, cache: Path, record: bool = True
) -> float:
    copy = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=work))
    shutil.copytree(project, copy, dirs_exist_ok=True)
    cmd = baseline_cmd() if kind == "baseline" else kit_cmd(version)
    try:
        label = f"{cache.name.split('-')[1]} {kind}" if record else ""
        return timed(cmd, copy, cache, label)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def count_wheels(project: Path, version: str, work: Path) -> int:
    copy = work / "count"
    shutil.copytree(project, copy)
    timed(kit_cmd(version), copy, work / "cache-warm")
    (archive,) = (copy / "out").glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        return sum(1 for n in tar.getnames() if n.endswith(".whl"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--package", default="twine", help="sdist to benchmark (default twine)")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per command and cache")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rk-bench-wheelhouse-") as tmp:
        work = Path(tmp)
        project, version = fetch_project(args.package, work)
        print(f"project: {project.name} (python {sys.version.split()[0]}, {os.cpu_count()} cpus)")
        results: dict[tuple[str, str], list[float]] = {}
        for i in range(args.runs):  # cold: a new empty cache every run; interleaved
            for kind in ("baseline", "kit"):
                cache = work / f"cache-cold-{kind}-{i}"
                results.setdefault(("cold", kind), []).append(
                    one_run(kind, project, version, work, cache)
                )
        warm = work / "cache-warm"
        one_run("kit", project, version, work, warm, record=False)  # fill the cache
        one_run("baseline", project, version, work, warm, record=False)
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            for kind in ("baseline", "kit"):
                results.setdefault(("warm", kind), []).append(
                    one_run(kind, project, version, work, warm)
                )
        wheels = count_wheels(project, version, work)
        print(f"wheels in the wheelhouse: {wheels} (the project and {wheels - 1} dependencies)")
        print(f"{'cache':<6} {'command':<9} {'median s':>9}  runs")
        for (cache, kind), times in sorted(results.items()):
            runs = " ".join(f"{t:.2f}" for t in times)
            print(f"{cache:<6} {kind:<9} {statistics.median(times):9.2f}  {runs}")
        print("CPU seconds (user+sys of all processes; less sensitive to other load):")
        for label, cpu in sorted(CPU.items()):
            print(f"  {label:<14} median {statistics.median(cpu):6.2f}  n={len(cpu)}")
        for cache in ("cold", "warm"):
            cpu_ratio = statistics.median(CPU[f"{cache} kit"]) / statistics.median(
                CPU[f"{cache} baseline"]
            )
            print(f"CPU ratio kit/baseline, {cache} cache: {cpu_ratio:.2f}")
        for cache in ("cold", "warm"):
            ratio = statistics.median(results[(cache, "kit")]) / statistics.median(
                results[(cache, "baseline")]
            )
            verdict = "ok" if ratio <= 1.2 else "over target"
            print(f"ratio kit/baseline, {cache} cache: {ratio:.2f} (target <= 1.2: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
