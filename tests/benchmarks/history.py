"""Benchmark: next version and changelog on a 10,000-commit, 1,000-tag history.

    .venv/bin/python tests/benchmarks/history.py [--runs 3] [--skip-others]

1. Generates the repository with one `git fast-import` (history_gen.py).
2. Creates a benchmark-only virtual environment (outside this repository)
   and installs commitizen and python-semantic-release into it.
3. Times whole processes (wall and CPU seconds) and their peak memory for:
   release-kit next-version / changelog --all --stdout,
   cz bump --dry-run --yes / cz changelog --dry-run,
   semantic-release --noop version --print / semantic-release changelog
   (mode "init": the whole history, written to CHANGELOG.md, removed after).
   Each figure is the median of --runs runs, the tools taking turns; peak
   memory is GNU time's maximum resident set size when /usr/bin/time exists.
4. Agreement: the bump kind release-kit picks for each tag interval beside the
   one commitizen's own code picks (history_cz.py), every disagreement listed
   with the commits behind it and the reason.
Not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(ROOT / "scripts")]

import history_gen  # noqa: E402

BENCH_PACKAGES = ["commitizen", "python-semantic-release"]


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of the process and its waited-for children
    max_rss_mb: float
    code: int
    out: str


GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


def measure(cmd: Sequence[str], cwd: Path, env: dict[str, str]) -> Run:
    """Wall time, CPU time and peak RSS of one process and the children it waited for.

    Peak memory comes from GNU time when present: a child of this (large) Python
    process would otherwise carry the parent's resident size into its ru_maxrss
    (the kernel records the old image's high-water mark at exec)."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as report:
        argv = list(cmd)
        if GNU_TIME:
            argv = [GNU_TIME, "-o", report.name, "-f", "%M", *argv]
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss_kb = usage.ru_maxrss
        if GNU_TIME:
            lines = report.read().split()
            rss_kb = int(lines[-1]) if lines and lines[-1].isdigit() else rss_kb
        out.seek(0)
        text = out.read().decode(errors="replace") if proc.returncode != 0 else ""
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, rss_kb / 1024, proc.returncode, text)


def bench_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GIT_"))}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="bench@example.invalid",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="bench@example.invalid",
        NO_COLOR="1",
    )
    return env


def ensure_venv(path: Path) -> Path:
    python = path / "bin" / "python"
    if not python.exists():
        print(f"creating the benchmark environment ({', '.join(BENCH_PACKAGES)}) ...")
        venv.create(path, with_pip=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", *BENCH_PACKAGES], check=True
        )
    return path / "bin"


def our_command() -> list[str]:
    script = Path(sys.executable).parent / "release-kit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "release_kit"]


def timings(
    commands: dict[str, list[str]], repo: Path, env: dict[str, str], runs: int
) -> dict[str, list[Run]]:
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():  # take turns, so load hits everyone alike
            results[name].append(measure(cmd, repo, env))
            (repo / "CHANGELOG.md").unlink(missing_ok=True)
    return results


def median(runs: list[Run]) -> tuple[float, float, float]:
    return (
        statistics.median(r.seconds for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.max_rss_mb for r in runs),
    )


def report(results: dict[str, list[Run]]) -> None:
    print(f"\n{'command':<46} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'exit':>5}")
    for name, runs in results.items():
        secs, cpu, mem = median(runs)
        print(f"{name:<46} {secs:7.3f} {cpu:7.3f} {mem:8.1f} {runs[-1].code:>5}")
    pairs = [
        ("next-version", "release-kit next-version", "cz bump --dry-run --yes"),
        ("next-version", "release-kit next-version", "semantic-release --noop version --print"),
        ("changelog", "release-kit changelog --all --stdout", "cz changelog --dry-run"),
        ("changelog", "release-kit changelog --all --stdout", "semantic-release changelog"),
    ]
    print()
    for what, ours, theirs in pairs:
        if ours in results and theirs in results:
            wall = median(results[theirs])[0] / median(results[ours])[0]
            cpu = median(results[theirs])[1] / median(results[ours])[1]
            print(f"{what}: {theirs} / release-kit = {wall:.1f}x wall, {cpu:.1f}x cpu")


def our_kinds(repo: Path) -> tuple[list[str], dict[str, str], dict[str, object]]:
    """Tags (oldest first), our bump kind per tag interval, and per-commit detail."""
    from release_kit.commits import setup
    from release_kit.commits.bump import bump_kind, changes
    from release_kit.commits.history import group_by_release, read_log, read_tags
    from release_kit.git import Git

    conf = setup.load(repo)
    git = Git(repo)
    tags = read_tags(git, conf.tag_format, conf.scheme)
    entries = read_log(git, ["HEAD"])
    groups = group_by_release(entries, tags)
    kinds: dict[str, str] = {}
    detail: dict[str, object] = {}
    for index, (tag, group) in enumerate(groups[:-1]):
        assert tag is not None
        if index == 0:
            continue  # the first tag has no interval before it
        major = tags[index - 1].version.major
        kinds[tag.name] = bump_kind(changes(group, conf.commits), conf.commits, major) or "none"
        detail[tag.name] = group
    return [t.name for t in tags], kinds, detail


def explain(entry: object, cz_kind: str, our_kind: str) -> str:
    """Why one commit counts differently (the reasons the README lists)."""
    from release_kit.commits.parse import parse_message

    message: str = entry.message  # type: ignore[attr-defined]
    parents: tuple[str, ...] = entry.parents  # type: ignore[attr-defined]
    header = message.split("\n", 1)[0]
    parsed = parse_message(message)
    if len(parents) > 1:
        return "merge commit: counted through its branch's commits; cz reads the body title"
    if any(c.from_squash for c in parsed):
        return "squash body: its `* ` items count instead of the title; cz reads the title only"
    if header.startswith('Revert "'):
        return "git revert message: a patch for us (or cancels its target); cz ignores it"
    if header[:1].isupper() and parsed[0].conforming:
        return "type not in lower case: the spec says case-insensitive; cz's map is not"
    if not parsed[0].conforming and "BREAKING CHANGE" in message:
        return "BREAKING CHANGE footer without a conventional header: cz counts any line"
    return f"other ({header!r}: ours {our_kind}, cz {cz_kind})"


def agreement(repo: Path, bin_dir: Path, env: dict[str, str]) -> list[str]:
    """Print the per-interval comparison; return it as Markdown lines."""
    from release_kit.commits.bump import bump_kind, changes
    from release_kit.commits.settings import CommitSettings

    tags, ours, detail = our_kinds(repo)
    pairs = [[tags[i - 1], tags[i]] for i in range(1, len(tags))]
    proc = subprocess.run(
        [str(bin_dir / "python"), str(HERE / "history_cz.py")],
        cwd=repo,
        env=env,
        input=json.dumps(pairs),
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(proc.stdout)
    settings = CommitSettings()
    agree = 0
    reasons: Counter[str] = Counter()
    by_reason: dict[str, list[str]] = {}
    print("\nagreement with commitizen, per tag interval (previous tag..tag):")
    for result in theirs:
        tag, cz_kind = result["tag"], result["kind"]
        if ours[tag] == cz_kind:
            agree += 1
            continue
        lines, whys = [], []
        for entry in detail[tag]:  # type: ignore[attr-defined]
            mine = bump_kind(changes([entry], settings), settings, 1) or "none"
            other = result["per_commit"].get(entry.sha, "none")
            if mine != other:
                why = explain(entry, other, mine)
                reasons[why.split(":")[0]] += 1
                whys.append(why.split(":")[0])
                lines.append(f"    {entry.sha[:9]} ours {mine:<5} cz {other:<5} {why}")
        if not lines:
            lines.append("    a revert and the commit it reverts, both in this interval, cancel")
            reasons["revert cancels its target"] += 1
            whys.append("revert cancels its target")
        print(f"  {tag}: ours {ours[tag]}, cz {cz_kind}")
        print("\n".join(lines))
        label = " + ".join(sorted(set(whys)))
        by_reason.setdefault(label, []).append(f"{tag} ({ours[tag]}/{cz_kind})")
    total = len(theirs)
    print(f"\nagree at {agree} of {total} tag intervals ({100 * agree / total:.1f}%)")
    for why, count in reasons.most_common():
        print(f"  {count:4d} commits: {why}")
    md = [
        f"Agreement: {agree} of {total} tag intervals ({100 * agree / total:.1f}%)."
        f" The {total - agree} others, by cause (tag (ours/commitizen)):",
        "",
    ]
    for label, items in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        md.append(f"- **{label}** ({len(items)}): {', '.join(items)}")
    return md


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--venv", type=Path, default=Path(tempfile.gettempdir()) / "rkbench-venv")
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--tags", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-others", action="store_true", help="time release-kit only")
    parser.add_argument(
        "--markdown", type=Path, default=None, help="write the disagreement list here (Markdown)"
    )
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="rk-history-"))
    repo = work / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = bench_env(home)
    start = time.perf_counter()
    history_gen.generate(repo, history_gen.Spec(commits=args.commits, tags=args.tags))
    print(
        f"generated {args.commits} commits, {args.tags} tags in {repo}"
        f" ({time.perf_counter() - start:.1f} s)"
    )
    ours = our_command()
    commands = {
        "release-kit next-version": [*ours, "next-version"],
        "release-kit changelog --all --stdout": [*ours, "changelog", "--all", "--stdout"],
    }
    bin_dir = None
    if not args.skip_others:
        bin_dir = ensure_venv(args.venv)
        commands.update(
            {
                "cz bump --dry-run --yes": [str(bin_dir / "cz"), "bump", "--dry-run", "--yes"],
                "cz changelog --dry-run": [str(bin_dir / "cz"), "changelog", "--dry-run"],
                "semantic-release --noop version --print": [
                    str(bin_dir / "semantic-release"),
                    "--noop",
                    "version",
                    "--print",
                ],
                "semantic-release changelog": [str(bin_dir / "semantic-release"), "changelog"],
            }
        )
    baseline = measure(["git", "log", "-z", "--format=%H%x00%P%x00%cs%x00%B", "HEAD"], repo, env)
    print(f"baseline: git log of the whole history alone {baseline.seconds:.3f} s")
    results = timings(commands, repo, env, args.runs)
    report(results)
    for name, runs in results.items():
        if runs[-1].code != 0:
            print(f"\n{name} exited {runs[-1].code}:\n{runs[-1].out[-2000:]}")
    if bin_dir is not None:
        md = agreement(repo, bin_dir, env)
        if args.markdown is not None:
            args.markdown.write_text("\n".join(md) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
