"""Two `release-kit tag` processes for the same commit at once: one tag, two successes.

Both clones get a pre-push hook that waits until the other process has also
reached its push, so both have decided "create" before either pushes: the
race happens on every run, not by luck.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tagkit import PROJECT, bump, tag_commit

HOOK = """#!/bin/sh
touch "{mine}"
i=0
while [ ! -e "{other}" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
exit 0
"""


def test_two_processes_one_tag_two_successes(make_repo, tmp_path: Path) -> None:
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    marked = bump(repo, "1.1.0")
    repo.push()
    clones = []
    for label, other in (("a", "b"), ("b", "a")):
        clone = tmp_path / f"clone-{label}"
        repo.git("clone", "-q", str(repo.origin), str(clone))
        hook = clone / ".git" / "hooks" / "pre-push"
        hook.write_text(
            HOOK.format(mine=tmp_path / f"at-{label}", other=tmp_path / f"at-{other}"),
            encoding="utf-8",
        )
        hook.chmod(0o755)
        clones.append(clone)
    args = [
        sys.executable,
        "-m",
        "release_kit",
        "tag",
        "--json",
        "--before",
        before,
        "--after",
        marked,
    ]
    procs = [
        subprocess.Popen(
            args,
            cwd=c,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for c in clones
    ]
    results = [(p.wait(timeout=60), p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    assert [code for code, _, _ in results] == [0, 0], results
    payloads = [json.loads(out) for _, out, _ in results]
    assert sorted(p["created"] for p in payloads) == [False, True]
    assert {p["sha"] for p in payloads} == {marked}
    assert tag_commit(repo, "v1.1.0") == marked
    loser = next(err for (_, _, err), p in zip(results, payloads, strict=True) if not p["created"])
    assert "concurrent run" in loser
