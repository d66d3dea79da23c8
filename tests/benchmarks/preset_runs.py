"""Every preset's release path under act, end to end, with the time each run took.

`make demo` runs the default preset; this script runs the five seed presets the
same way (a sample repository with a bare origin, the local GitHub API, act in
host mode, the events GitHub would send) and prints one line per workflow run
and what each preset produced. Publishing jobs are left out (`--no-publish`):
nothing may leave the machine. Not part of `make test` (about ten act runs).

    .venv/bin/python tests/benchmarks/preset_runs.py [PRESET ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "tests" / "demo")]

from act_harness import ActHarness, ActRun, copy_kit  # noqa: E402
from main_job import second_monday  # noqa: E402
from sample import Sample, make_env  # noqa: E402

from ghlocal import LocalGitHub  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "repos"
REPOSITORY = {"full_name": "org/repo", "default_branch": "main"}
SECRETS = {"GITHUB_TOKEN": "ghs_preset_runs_token"}
PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "hephaestus-demo"
version = "{version}"

[tool.setuptools.packages.find]
where = ["src"]
"""
KEEP_A_CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- {what}\n"


class Run:
    """One preset's sample repository, its local GitHub API and act."""

    def __init__(self, base: Path, preset: str, harness: ActHarness) -> None:
        home = base / "home"
        home.mkdir()
        self.preset = preset
        self.sample = Sample(base, make_env(home))
        self.harness = harness
        self.server: Any = None

    def start(self, files: dict[str, str], copy_from: Path | None = None) -> None:
        """The sample repository: fixture files, then `release-kit init`, pushed."""
        tree: dict[str, str] = {}
        if copy_from:
            for path in sorted(copy_from.rglob("*")):
                if path.is_file():
                    tree[path.relative_to(copy_from).as_posix()] = path.read_text("utf-8")
        tree.update(files)
        self.sample.create(tree, tag=None)
        self.sample.kit("init", "--preset", self.preset, "--no-publish")
        self.sample.commit(f"Adopt release-kit ({self.preset} preset)")
        self.sample.git("push", "-q", "origin", "main")

    def act(self, workflow: str, event: str, payload: dict[str, Any], **kw: Any) -> ActRun:
        path = self.sample.work / ".github" / "workflows" / f"{workflow}.yml"
        result = self.harness.run(
            path,
            workdir=self.sample.work,
            event=event,
            payload={**payload, "repository": REPOSITORY},
            secrets=SECRETS,
            api_url=self.server.api_url,
            **kw,
        )
        status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        line = f"{self.preset:<11} {workflow + '.yml':<24} {event:<18} {status:<8} "
        print(line + f"{result.seconds:5.1f} s", flush=True)
        if result.returncode != 0:
            print(result.log[-4000:], file=sys.stderr)
            raise SystemExit(f"{self.preset}: {workflow}.yml failed")
        return result

    def push(self, branch: str, before: str) -> ActRun:
        after = self.sample.git("rev-parse", "HEAD")
        self.sample.git("push", "-q", "origin", f"HEAD:refs/heads/{branch}")
        payload = {"ref": f"refs/heads/{branch}", "before": before, "after": after}
        return self.act("release-push-tag", "push", payload)

    def tag_push(self, tag: str) -> ActRun:
        self.sample.git("tag", "-a", tag, "-m", f"Release {tag}")
        self.sample.git("push", "-q", "origin", tag)
        sha = self.sample.git("rev-parse", "HEAD")
        payload = {"ref": f"refs/tags/{tag}", "before": "0" * 40, "after": sha}
        self.sample.git("checkout", "-q", tag)
        return self.act("release-on-tag", "push", payload)

    def summary(self) -> None:
        refs = self.sample.git("ls-remote", "--heads", "--tags", "origin").splitlines()
        names = [r.split("\t")[1] for r in refs if not r.endswith("^{}")]
        releases = [
            f"{r.tag_name}{' (draft)' if r.draft else ''}{' (pre)' if r.prerelease else ''}"
            f" [{len(r.asset_ids)} assets]"
            for r in sorted(self.server.state.releases.values(), key=lambda r: r.id)
        ]
        print(f"{'':<11} refs: {', '.join(n.removeprefix('refs/') for n in names)}")
        print(f"{'':<11} releases: {', '.join(releases) or 'none'}")


def wasmtime_setup(run: Run) -> None:
    run.start({}, FIXTURES / "cargo-workspace")


def wasmtime(run: Run) -> None:
    day = second_monday(datetime.now(UTC).date())
    schedule = {"schedule": "0 6 * * 1"}
    bump = run.act("release-monthly", "schedule", schedule, env={"RK_TODAY": str(day)})
    before = run.sample.git("rev-parse", "HEAD")
    run.server.merge_pull(int(bump.step("bump").outputs["pr-number"]), method="squash")
    run.sample.sync("main")
    tag = run.push("main", before).step("tag").outputs["tag"]
    run.sample.sync(f"refs/tags/{tag}")
    run.act("release-on-tag", "workflow_dispatch", {"ref": f"refs/tags/{tag}"})
    (release,) = run.server.state.releases.values()
    assert "`--fuel` flag" in (release.body or ""), release.body  # from RELEASES.md
    lock = run.sample.work / "Cargo.lock"
    print(f"{'':<11} notes from RELEASES.md; Cargo.lock at 28.0.0: {'28.0.0' in lock.read_text()}")
    # the on-tag run moved main on: a PR with `bump dev` (a release cut from main)
    (nxt,) = [p for p in run.server.state.pulls.values() if p.head == "release-kit/next-dev"]
    assert nxt.base == "main" and nxt.state == "open", nxt
    run.sample.git("fetch", "-q", "origin")
    shown = run.sample.git("show", f"origin/{nxt.head}:Cargo.toml")
    assert 'version = "29.0.0-dev"' in shown, shown
    print(f"{'':<11} after the release: PR #{nxt.number} moves main to 29.0.0-dev")


def hyperlight_setup(run: Run) -> None:
    changelog = KEEP_A_CHANGELOG.format(what="Sandboxes.")
    run.start({"CHANGELOG.md": changelog}, FIXTURES / "cargo-workspace")
    run.sample.kit("bump", "28.1.0", "--commit")  # the version PR, merged by hand
    run.sample.git("push", "-q", "origin", "main")


def hyperlight(run: Run) -> None:
    run.tag_push("v28.1.0")
    run.sample.sync("release/v28.1.0")
    inputs = {"kind": "release", "draft": "false"}
    payload = {"ref": "refs/heads/release/v28.1.0", "inputs": inputs}
    run.act("release-dispatch", "workflow_dispatch", payload)
    run.sample.sync("main")
    before = run.sample.git("rev-parse", "HEAD")
    run.sample.write("NEXT.md", "next\n")
    after = run.sample.commit("Work on main")
    run.sample.git("push", "-q", "origin", "main")
    payload = {"ref": "refs/heads/main", "before": before, "after": after}
    run.act("release-rolling", "push", payload)


def hephaestus_setup(run: Run) -> None:
    run.start(
        {
            "pyproject.toml": PYPROJECT.format(version="0.3.0"),
            "src/hephaestus_demo/__init__.py": '__version__ = "0.3.0"\n',
            "CHANGELOG.md": KEEP_A_CHANGELOG.format(what="Guard rails."),
        }
    )


def hephaestus(run: Run) -> None:
    before = run.sample.git("rev-parse", "HEAD")
    run.sample.kit("bump", "0.4.0")  # "update the version and the changelog, push to main"
    run.sample.commit("chore: Prepare release v0.4.0")
    run.push("main", before)
    inputs = {"tag": "v0.4.0", "confirm": "v0.4.0"}  # the emergency procedure
    run.act("release-rollback", "workflow_dispatch", {"ref": "refs/heads/main", "inputs": inputs})
    assert not run.server.state.releases
    assert not run.sample.git("ls-remote", "origin", "refs/tags/v0.4.0")
    print(f"{'':<11} rolled back: release and tag v0.4.0 deleted")


def lepton_setup(run: Run) -> None:
    fixture = FIXTURES / "setuptools-scm"
    pyproject = (fixture / "pyproject.toml").read_text(encoding="utf-8")
    run.start({"pyproject.toml": pyproject.split("[tool.release-kit]")[0]}, fixture)


def lepton(run: Run) -> None:
    branch = run.tag_push("0.5.0").step("branch", "branch").outputs["branch"]
    run.sample.sync(branch)  # a patch: cherry-pick the fix onto the line, tag 0.5.1
    run.sample.write("src/lepton_sdk/fix.py", "FIXED = True\n")
    run.sample.commit("Fix: cherry-picked onto the release line")
    run.sample.git("push", "-q", "origin", branch)
    again = run.tag_push("0.5.1").step("branch", "branch").outputs
    print(f"{'':<11} 0.5.1 on {again['branch']} (created={again['created']})")


def vmpilot_setup(run: Run) -> None:
    run.start({"README.md": "# vmpilot demo\n"})
    run.sample.git("checkout", "-q", "-b", "dev")
    run.sample.write("feature.txt", "a feature\n")
    # vmpilot writes the version's section on dev before it dispatches the release
    section = "## [1.2] - 2026-03-01\n\n- #1: Add a feature\n"
    run.sample.write("CHANGELOG.md", f"# Changelog\n\n{section}")
    run.sample.commit("Add a feature and its changelog section (merged into dev)")
    run.sample.git("push", "-q", "origin", "dev")
    run.sample.git("checkout", "-q", "main")


def vmpilot(run: Run) -> None:
    milestone = run.server.state.add_milestone("1.2")
    run.server.state.add_issue("Add a feature", milestone=milestone.number, state="closed")
    inputs = {"milestone": "1.2", "draft": "false"}  # by title, as vmpilot's input allows
    run.act("release-dispatch", "workflow_dispatch", {"ref": "refs/heads/main", "inputs": inputs})
    run.sample.git("fetch", "-q", "origin")
    run.sample.git("merge-base", "--is-ancestor", "origin/dev", "origin/main")  # dev merged
    (release,) = run.server.state.releases.values()
    assert (release.tag_name, (release.body or "").strip()) == ("v1.2.0", "- #1: Add a feature")
    assert run.server.state.milestones[milestone.number].state == "closed"
    print(f"{'':<11} dev merged into main, notes the CHANGELOG's [1.2] section, milestone closed")


def self_setup(run: Run) -> None:
    """release-kit itself: a copy of this working tree, its own release workflows."""
    kit = copy_kit(run.sample.work.parent / "kit-copy")
    files = {
        p.relative_to(kit).as_posix(): p.read_text("utf-8")
        for p in kit.rglob("*")
        if p.is_file() and "/fixtures/" not in p.as_posix()
    }
    run.sample.create(files, tag="v0.1.0")


def self_release(run: Run) -> None:
    before = run.sample.git("rev-parse", "HEAD")
    run.sample.kit("bump", "1.0.0", "--commit")
    out = run.push("main", before).step("tag").outputs
    print(f"{'':<11} {out['tag']} tagged; floating tag {out['floating-tag']} moved with it")
    assert out["floating-tag"] == "v1", out
    run.sample.git("fetch", "-q", "--tags", "--force", "origin")
    assert run.sample.git("rev-parse", "v1^{commit}") == run.sample.git(
        "rev-parse", "v1.0.0^{commit}"
    )
    run.sample.sync("refs/tags/v1.0.0")  # as the dispatch push-tag sent
    run.act("release-on-tag", "workflow_dispatch", {"ref": "refs/tags/v1.0.0"})


PRESETS: dict[str, tuple[Callable[[Run], None], Callable[[Run], None]]] = {
    "wasmtime": (wasmtime_setup, wasmtime),
    "hyperlight": (hyperlight_setup, hyperlight),
    "hephaestus": (hephaestus_setup, hephaestus),
    "lepton": (lepton_setup, lepton),
    "vmpilot": (vmpilot_setup, vmpilot),
    "self": (self_setup, self_release),
}


def main(argv: Sequence[str] | None = None) -> int:
    names = list(argv if argv is not None else sys.argv[1:]) or list(PRESETS)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="release-kit-presets-") as tmp:
        harness = ActHarness.for_session(Path(tmp) / "act")
        for name in names:
            base = Path(tmp) / name
            base.mkdir()
            run = Run(base, name, harness)
            setup, flow = PRESETS[name]
            setup(run)
            with LocalGitHub(run.sample.origin) as server:
                run.server = server
                flow(run)
                run.summary()
                assert server.contract_errors == [], server.contract_errors
    print(f"\n{len(names)} preset(s) in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
