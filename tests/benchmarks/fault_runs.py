"""Fault runs: the whole demo with one server fault at a random API call, per seed.

First the demo runs without faults and its final state is recorded: origin's
refs with their commits, every release (tag, target, draft/pre-release, name,
notes) and every asset with its sha256. Commit and tag dates are fixed, so two
clean runs give the same state to the byte. Then, for each seed, one (method,
path) the clean run called is drawn at random, and a fault is scripted for its
first call: a 500, three 502s, a dropped connection, a 429 or a secondary rate
limit with Retry-After, an outage (503 until the workflow has failed), or a
lost answer (the server does the work and keeps it, then answers 502, as
GitHub's front end does, or drops the connection). When a workflow fails, the
fault is lifted and that workflow is re-run once, plainly, with the same event.
The final state must equal the clean run's: every release is compared (an
orphan draft beside the real release is a difference), and so is every
workflow dispatch (a dispatch sent twice is one).

    .venv/bin/python tests/benchmarks/fault_runs.py [SEEDS]   # default 20

Prints one line per seed and the count of runs that converged. Not part of
`make test`: each seed is a whole demo (about 30 s, more with an outage, whose
length is the kit client's retry bound).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "tests" / "demo")]

from act_harness import ActHarness  # noqa: E402
from main_job import Demo, run_demo  # noqa: E402
from sample import Step  # noqa: E402

FIXED_DATE = "2026-11-09T12:00:00+00:00"
FAULTS: dict[str, dict[str, Any]] = {
    "500 once": {"status": 500},
    "502 x3": {"status": 502, "times": 3},
    "dropped connection": {"drop": True},
    "429 Retry-After 1": {"status": 429, "retry_after": 1},
    "secondary rate limit": {"secondary_rate_limit": True, "retry_after": 1},
    "outage (503 until failure)": {"status": 503, "times": -1},
    "applied, answer lost (502)": {"applied": True},
    "applied, connection dropped": {"applied": True, "drop": True},
}


def snapshot(demo: Demo, server: Any) -> dict[str, Any]:
    """Everything the release process produced, comparable across runs."""
    refs = dict(
        reversed(line.split("\t"))
        for line in demo.sample.git("ls-remote", "--heads", "--tags", "origin").splitlines()
    )
    releases = []
    for release in server.state.releases.values():
        assets = {
            server.state.assets[a].name: hashlib.sha256(server.state.assets[a].data).hexdigest()
            for a in release.asset_ids
        }
        releases.append(
            (
                release.tag_name,
                release.target_commitish,
                release.draft,
                release.prerelease,
                release.name,
                release.body,
                sorted(assets.items()),
            )
        )
    dispatches = [(d.workflow_id, d.ref, sorted(d.inputs.items())) for d in server.state.dispatches]
    return {"refs": refs, "releases": sorted(releases, key=repr), "dispatches": dispatches}


def one_run(
    base: Path, harness: ActHarness, fault: tuple[str, str, dict[str, Any]] | None
) -> tuple[dict[str, Any], Any, list[str]]:
    """One whole demo (its output swallowed); the fault is scripted once the API is up.

    Returns the final state, the API calls the workflows made, and the re-runs.
    """
    reruns: list[str] = []
    base.mkdir()
    demo = Demo(base, harness=harness, on_failure=lambda wf: lift(demo, wf, reruns))
    demo.env.update(GIT_AUTHOR_DATE=FIXED_DATE, GIT_COMMITTER_DATE=FIXED_DATE)
    first_step = demo.monthly

    def monthly_with_fault() -> int:
        if fault is not None:
            method, path, kwargs = fault
            demo.server.inject(method, "^" + re.escape(path) + "$", **kwargs)
        return first_step()

    demo.monthly = monthly_with_fault  # type: ignore[method-assign]
    verify = demo.verify
    workflow_calls: list[Any] = []

    def verify_after_the_fault() -> None:
        """`release-kit verify` is the maintainer's check afterwards, not a workflow."""
        workflow_calls.extend(demo.server.requests)
        demo.server.faults.clear()
        verify()

    demo.verify = verify_after_the_fault  # type: ignore[method-assign]
    with contextlib.redirect_stdout(io.StringIO()):
        server = run_demo(demo, Step())
    return snapshot(demo, server), workflow_calls, reruns


def lift(demo: Demo, workflow: str, reruns: list[str]) -> None:
    """A workflow failed: the fault is over; the maintainer presses "Re-run"."""
    reruns.append(workflow)
    demo.server.faults.clear()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    seeds = int(args[0]) if args else 20
    os.environ.update(
        GIT_AUTHOR_DATE=FIXED_DATE, GIT_COMMITTER_DATE=FIXED_DATE, SOURCE_DATE_EPOCH="1794225600"
    )
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="release-kit-faults-") as tmp:
        harness = ActHarness.for_session(Path(tmp) / "act")
        clean, clean_calls, _ = one_run(Path(tmp) / "clean", harness, None)
        again, _, _ = one_run(Path(tmp) / "clean-again", harness, None)
        assert again == clean, "two fault-free runs differ: the comparison would mean nothing"
        calls = sorted({(r.method, r.path) for r in clean_calls})
        print(f"fault-free run: {len(clean_calls)} API calls by workflows, {len(calls)} distinct")
        converged = 0
        for seed in range(seeds):
            rng = random.Random(seed)
            method, path = rng.choice(calls)
            kind = rng.choice(sorted(FAULTS))
            t0 = time.monotonic()
            try:
                state, faulted, reruns = one_run(
                    Path(tmp) / f"seed{seed}", harness, (method, path, FAULTS[kind])
                )
                fired = sum(r.fault for r in faulted)
                same = state == clean
                verdict = "converged" if same else "DIFFERENT"
                if reruns:
                    verdict += f" after re-running {', '.join(reruns)}"
            except SystemExit as exc:
                fired, same, verdict = 0, False, f"FAILED: {exc}"
            converged += same
            print(
                f"seed {seed:>2}: {kind:<27} at {method} {path}: fired {fired}x, "
                f"{verdict} ({time.monotonic() - t0:.0f} s)",
                flush=True,
            )
    print(
        f"\n{converged}/{seeds} runs converged to the fault-free state "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 0 if converged == seeds else 1


if __name__ == "__main__":
    sys.exit(main())
