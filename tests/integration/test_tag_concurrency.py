"""Two processes create the same tag (or branch) at once: one ref, two successes.

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

import pytest
from tagkit import PROJECT, bump

HOOK = """#!/bin/sh
touch "{mine}"
i=0
while [ ! -e "{other}" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
exit 0
"""


def racing_clones(repo, tmp_path: Path) -> list[Path]:
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
    return clones


@pytest.mark.parametrize("what", ["tag", "branch"])
def test_two_processes_one_ref_two_successes(make_repo, tmp_path: Path, what: str) -> None:
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    marked = bump(repo, "1.1.0")
    repo.push()
    if what == "branch":
        repo.git("tag", "-a", "-m", "Release 1.1.0", "v1.1.0", marked)
        repo.push("refs/tags/v1.1.0")
        cli = ["branch", "--tag", "v1.1.0"]
        ref = "refs/heads/release/v1.1.0"
    else:
        cli = ["tag", "--before", before, "--after", marked]
        ref = "refs/tags/v1.1.0"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "release_kit", *cli, "--json"],
            cwd=clone,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for clone in racing_clones(repo, tmp_path)
    ]
    results = [(*p.communicate(timeout=60), p.returncode) for p in procs]
    assert [code for _, _, code in results] == [0, 0], results
    payloads = [json.loads(out) for out, _, _ in results]
    assert sorted(p["created"] for p in payloads) == [False, True]
    assert {p["sha"] for p in payloads} == {marked}
    assert repo.origin_git("rev-parse", f"{ref}^{{commit}}") == marked
    loser = next(err for (_, err, _), p in zip(results, payloads, strict=True) if not p["created"])
    assert "concurrent run" in loser
