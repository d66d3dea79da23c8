"""The main job: release-kit's release process end to end on a sample repository.

`make demo` runs this script. In a temporary directory it creates a small
Python package with a bare `origin`, writes its release workflows with
`release-kit init`, starts the local GitHub API on the bare repository, and
runs the workflows under act (host mode, nothing fetched from the network) the
way GitHub would, acting as the maintainer where a person would:

  monthly bump -> PR (merged here) -> push-tag -> on-tag (release branch,
  wheelhouse, release with notes and assets) -> a patch release dispatched from
  the release branch -> a rolling pre-release on main

then prints the tags, branches, releases and asset checksums it produced.
Nothing outside the temporary directory is touched.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from act_harness import ActHarness, ActRun  # noqa: E402
from sample import Sample, Step, make_env, print_state, run, say  # noqa: E402

from ghlocal import LocalGitHub  # noqa: E402

SECRETS = {"GITHUB_TOKEN": "ghs_demo_token_never_printed"}
REPOSITORY = {"full_name": "org/repo", "default_branch": "main"}
# One runner (act runs jobs on this machine) and no PyPI/crates.io upload (offline).
INIT = ("init", "--preset", "default", "--runners", "ubuntu-latest", "--no-publish")


def second_monday(today: date) -> date:
    first = today.replace(day=1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 7)


class Demo:
    """The sample, the local API and act; `on_failure` may lift a fault before one re-run."""

    def __init__(
        self,
        base: Path,
        harness: ActHarness | None = None,
        on_failure: Callable[[str], None] | None = None,
    ) -> None:
        home = base / "home"
        home.mkdir()
        self.env = make_env(home)
        self.sample = Sample(base, self.env)
        self.harness = harness or ActHarness.for_session(base / "act")
        self.on_failure = on_failure
        self.server: Any = None

    def act(self, workflow: str, event: str, payload: dict[str, Any], **kw: Any) -> ActRun:
        path = self.sample.work / ".github" / "workflows" / f"{workflow}.yml"
        args = {
            "workdir": self.sample.work,
            "event": event,
            "payload": {**payload, "repository": REPOSITORY},
            "secrets": SECRETS,
            "api_url": self.server.api_url,
            **kw,
        }
        result = self.harness.run(path, **args)
        say(f"act {event} -> {workflow}.yml: exit {result.returncode} in {result.seconds:.1f} s")
        if result.returncode != 0 and self.on_failure is not None:
            self.on_failure(workflow)  # then a plain re-run, as a maintainer would
            result = self.harness.run(path, **args)
            say(f"re-run {workflow}.yml: exit {result.returncode} in {result.seconds:.1f} s")
        if result.returncode != 0:
            sys.stderr.write(result.log[-6000:])
            raise SystemExit(f"demo: {workflow}.yml failed under act")
        return result

    def init(self) -> None:
        result = json.loads(self.sample.kit(*INIT, "--json"))
        for item in result["files"]:
            say(f"{item['status']:>9}  {item['path']}")
        self.sample.commit("Add the release workflows (release-kit init)")
        self.sample.git("push", "-q", "origin", "main")

    def monthly(self) -> int:
        day = second_monday(datetime.now(UTC).date())
        run = self.act(
            "release-monthly", "schedule", {"schedule": "0 6 * * 1"}, env={"RK_TODAY": str(day)}
        )
        out = run.step("bump").outputs
        say(f"{day} is the second Monday: {out['previous-version']} -> {out['version']}")
        say(f"PR #{out['pr-number']} from {out['branch']}, commit {out['commit-sha'][:12]}")
        return int(out["pr-number"])

    def merge_and_tag(self, number: int) -> str:
        before = self.sample.git("rev-parse", "origin/main")
        merged = self.server.merge_pull(number, method="squash")  # carries the marker line
        say(f"the maintainer squash-merges PR #{number}: main is now {merged[:12]}")
        self.sample.sync("main")
        payload = {"ref": "refs/heads/main", "before": before, "after": merged}
        out = self.act("release-push-tag", "push", payload).step("tag").outputs
        say(f"push-tag: {out['tag']} at {out['sha'][:12]} (created={out['created']})")
        say(f"dispatched: {out['dispatched']} (the default token starts no run on a tag push)")
        return str(out["tag"])

    def on_tag(self, tag: str) -> None:
        for dispatch in list(self.server.state.dispatches):
            if dispatch.ref != tag:
                continue
            self.sample.sync(f"refs/tags/{tag}")
            run = self.act("release-on-tag", "workflow_dispatch", {"ref": f"refs/tags/{tag}"})
            say(f"branch {run.step('branch', 'branch').outputs['branch']}")
            release = run.step("release", "release").outputs
            say(f"release {release['tag']}: {release['html-url']}")
            made = self.server.state.releases[int(release["release-id"])]
            say("notes:\n" + "\n".join(f"  {line}" for line in made.body.splitlines()[:6]))

    def patch(self, branch: str) -> None:
        self.sample.sync(branch)
        self.sample.write("src/sample_pkg/fix.py", "FIXED = True\n")
        changelog = (self.sample.work / "CHANGELOG.md").read_text(encoding="utf-8")
        entry = "## [Unreleased]\n\n### Fixed\n\n- The greeting no longer shouts.\n"
        self.sample.write("CHANGELOG.md", changelog.replace("## [Unreleased]\n", entry, 1))
        fix = self.sample.commit("Fix the greeting (merged into the release branch)")
        self.sample.git("push", "-q", "origin", branch)
        say(f"a fix lands on {branch}: {fix[:12]}")
        payload = {"ref": f"refs/heads/{branch}", "inputs": {"kind": "patch", "draft": "false"}}
        run = self.act("release-dispatch", "workflow_dispatch", payload)
        tag = run.step("tag").outputs
        say(f"patch release {tag['tag']} at {tag['sha'][:12]} on {branch}")

    def rolling(self) -> None:
        self.sample.sync("main")
        before = self.sample.git("rev-parse", "HEAD")
        self.sample.write("src/sample_pkg/next.py", "NEXT = True\n")
        after = self.sample.commit("Work towards the next release")
        self.sample.git("push", "-q", "origin", "main")
        payload = {"ref": "refs/heads/main", "before": before, "after": after}
        out = self.act("release-rolling", "push", payload).step("release").outputs
        say(f"rolling pre-release {out['tag']} now at {after[:12]}")

    def verify(self) -> None:
        env = {**self.env, "GITHUB_API_URL": self.server.api_url, "GITHUB_REPOSITORY": "org/repo"}
        env["GITHUB_TOKEN"] = SECRETS["GITHUB_TOKEN"]
        for release in sorted(self.server.state.releases.values(), key=lambda r: r.id):
            out = run(
                [sys.executable, "-m", "release_kit", "verify", release.tag_name],
                self.sample.work,
                env,
            )
            say(out.splitlines()[0] if out else f"{release.tag_name}: verified")


def run_demo(demo: Demo, step: Step) -> Any:
    """The whole process on `demo`; returns the local server's final state."""
    step("Create the sample package sample-pkg 1.0.0 with a bare origin")
    demo.sample.create()
    step("release-kit init --preset default: write the release workflows")
    demo.init()
    with LocalGitHub(demo.sample.origin) as server:
        demo.server = server
        say(f"local GitHub API at {server.api_url}")
        step("Monthly release (scheduled): bump the version, open the PR")
        number = demo.monthly()
        step("Squash-merge the PR; push-tag tags the squash commit (it carries the marker)")
        tag = demo.merge_and_tag(number)
        step(f"On tag {tag}: release branch, wheelhouse, release with notes and assets")
        demo.on_tag(tag)
        step("Patch release dispatched from the release branch")
        demo.patch("release/v" + tag.removeprefix("v"))
        step("Rolling pre-release on main")
        demo.rolling()
        step("What the release process produced")
        print_state(demo.sample, server.state)
        step("release-kit verify: each tag, release and asset checksum")
        demo.verify()
        if server.contract_errors:
            raise SystemExit(
                "demo: the local API saw requests GitHub would reject:\n"
                + "\n".join(server.contract_errors)
            )
        say(f"{len(server.requests)} API requests, all within GitHub's OpenAPI description")
        return server


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    step = Step()
    with tempfile.TemporaryDirectory(prefix="release-kit-demo-") as tmp:
        run_demo(Demo(Path(tmp)), step)
        print(f"\ndemo finished in {step.elapsed():.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
