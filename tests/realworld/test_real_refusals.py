"""Each seed preset's refusal paths, under act, on the seed project's real repository:
the run stops at `release-kit check` (or the ref guard before it), and origin's refs
and the local GitHub's state (releases, milestones, issues, pull requests) are the
same, byte for byte, after the run as before it.

- vmpilot: a release dispatched with a milestone that still has an open issue;
- hyperlight: a patch dispatched from its release branch while a `release-blocker`
  issue is open, and a dispatch from main (not a release branch);
- wasmtime: the monthly workflow run with bump=patch on main;
- Hephaestus: a push to main whose version is tagged already (nothing to do);
- lepton: a tag that is not a semver version (1.0.0.post1) pushed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import all_refs
from ghlocal import LocalGitHub
from realworld import real_repos

pytestmark = pytest.mark.e2e

SECRETS = {"GITHUB_TOKEN": "ghs_local_e2e_token"}
REPOSITORY = {"full_name": "org/repo", "default_branch": "main"}
IDENTITY = ("-c", "user.name=Maintainer", "-c", "user.email=maintainer@example.invalid")


class Seed:
    """A materialized seed repository with a preset's workflows committed and pushed."""

    def __init__(self, name: str, path: Path, run_cli: Callable[..., Any], *init_args: str) -> None:
        self.name, self.path = name, path
        self.origin = Path(f"{path}.git")
        result = run_cli(path, "init", "--preset", name, "--force", *init_args)
        assert result.code == 0, result.err
        self.git("add", "-A")
        self.git(*IDENTITY, "commit", "-qm", "Add the release workflows")
        self.git("push", "-q", "origin", "HEAD:refs/heads/main")

    def git(self, *args: str) -> str:
        import subprocess

        proc = subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def workflow(self, name: str) -> Path:
        return self.path / ".github" / "workflows" / f"{name}.yml"


def _state(gh: LocalGitHub) -> str:
    s = gh.state
    return repr(
        [
            sorted(map(repr, table.values()))
            for table in (s.releases, s.assets, s.milestones, s.issues, s.pulls)
        ]
    )


@pytest.fixture
def seed(tmp_path: Path, run_cli: Callable[..., Any]) -> Callable[..., Seed]:
    real_repos.require()

    def _make(name: str, *init_args: str) -> Seed:
        return Seed(name, real_repos.materialize(name, tmp_path / name), run_cli, *init_args)

    return _make


def _refused(
    act_harness: Any,
    seed: Seed,
    gh: LocalGitHub,
    workflow: str,
    *,
    event: str,
    payload: dict[str, Any],
    env: dict[str, str] | None = None,
) -> Any:
    """Run `workflow`; assert it changed nothing on origin or GitHub; return the run."""
    refs, state = all_refs(seed.origin), _state(gh)
    run = act_harness.run(
        seed.workflow(workflow),
        workdir=seed.path,
        event=event,
        payload={**payload, "repository": REPOSITORY},
        env=env,
        secrets=SECRETS,
        api_url=gh.api_url,
        timeout=300,
    )
    assert all_refs(seed.origin) == refs, run.log[-3000:]
    assert _state(gh) == state
    assert gh.take_contract_errors() == []
    return run


def _dispatch(
    act_harness: Any, seed: Seed, gh: LocalGitHub, ref: str, inputs: dict[str, str]
) -> Any:
    """The manual release dispatched at `ref` with `inputs`, refused (see _refused)."""
    payload = {"ref": ref, "inputs": inputs}
    return _refused(
        act_harness, seed, gh, "release-dispatch", event="workflow_dispatch", payload=payload
    )


def _outcomes(run: Any, job: str) -> dict[str, str]:
    assert job in run.steps, run.log[-3000:]
    return {step: result.outcome for step, result in run.steps[job].items()}


def test_vmpilot_milestone_with_an_open_issue_is_refused_before_dev_is_merged(
    seed: Callable[[str], Seed], act_harness: Any
) -> None:
    repo = seed("vmpilot")
    with LocalGitHub(repo.origin) as gh:
        number = gh.state.add_milestone("0.7").number
        gh.state.add_issue("Still broken", milestone=number)
        run = _dispatch(
            act_harness, repo, gh, "refs/heads/main", {"milestone": str(number), "draft": "false"}
        )
    steps = _outcomes(run, "release")
    assert (steps["check"], steps["merge"], steps["release"]) == ("failure", "skipped", "skipped")
    assert any(
        "milestone '0.7' has 1 open issue(s): #1 Still broken" in a for a in run.annotations()
    )


def test_hyperlight_patch_with_an_open_blocker_is_refused_before_the_bump_is_pushed(
    seed: Callable[[str], Seed], act_harness: Any
) -> None:
    repo = seed("hyperlight")
    # The real branch's commits come without files: put the files of main on it.
    repo.git("checkout", "-q", "-B", "release/v0.16.0")
    repo.git("push", "-q", "-f", "origin", "release/v0.16.0")
    with LocalGitHub(repo.origin) as gh:
        gh.state.add_issue("Data loss", labels=["release-blocker"])
        run = _dispatch(
            act_harness, repo, gh, "refs/heads/release/v0.16.0", {"kind": "patch", "draft": "false"}
        )
    steps = _outcomes(run, "release")
    assert steps["check"] == "failure"
    assert {steps[s] for s in ("bump-patch", "push-bump", "tag", "release")} == {"skipped"}
    assert any("'release-blocker' block the release: #1 Data loss" in a for a in run.annotations())


def test_hyperlight_dispatch_from_main_is_refused(
    seed: Callable[[str], Seed], act_harness: Any
) -> None:
    repo = seed("hyperlight")
    with LocalGitHub(repo.origin) as gh:
        run = _dispatch(
            act_harness, repo, gh, "refs/heads/main", {"kind": "patch", "draft": "false"}
        )
    steps = _outcomes(run, "release")
    assert (steps["ref-check"], steps["check"]) == ("failure", "skipped")


def test_wasmtime_patch_on_main_is_refused_by_the_branch_policy(
    seed: Callable[[str], Seed], act_harness: Any
) -> None:
    repo = seed("wasmtime")
    with LocalGitHub(repo.origin) as gh:
        run = _refused(
            act_harness,
            repo,
            gh,
            "release-monthly",
            event="workflow_dispatch",
            payload={"ref": "refs/heads/main", "inputs": {"bump": "patch"}},
        )
    steps = _outcomes(run, "bump")
    assert (steps["check"], steps["bump"]) == ("failure", "skipped")
    assert any("patch releases are made on release-* only" in a for a in run.annotations())


def test_hephaestus_push_of_a_version_tagged_already_changes_nothing(
    seed: Callable[[str], Seed], act_harness: Any
) -> None:
    repo = seed("hephaestus")
    # The real v0.2.0 is on a commit the materialized history has no files for (its
    # version cannot be read there): tag the exported commit, whose files say 0.2.0.
    repo.git(*IDENTITY, "tag", "-f", "-a", "v0.2.0", "-m", "v0.2.0", "HEAD~1")
    repo.git("push", "-q", "-f", "origin", "refs/tags/v0.2.0")
    head = repo.git("rev-parse", "HEAD").strip()
    with LocalGitHub(repo.origin) as gh:
        run = _refused(
            act_harness,
            repo,
            gh,
            "release-push-tag",
            event="push",
            payload={"ref": "refs/heads/main", "before": "0" * 40, "after": head},
        )
    assert run.returncode == 0, run.log[-3000:]
    steps = _outcomes(run, "tag")
    assert (steps["check"], steps["tag"]) == ("success", "success")
    assert "release" not in run.steps or set(_outcomes(run, "release").values()) <= {"skipped"}


def test_lepton_tag_that_is_not_semver_is_refused_before_the_branch(
    seed: Callable[[str], Seed], act_harness: Any
) -> None:
    repo = seed("lepton")
    repo.git(*IDENTITY, "tag", "-a", "1.0.0.post1", "-m", "not semver")
    repo.git("push", "-q", "origin", "1.0.0.post1")
    with LocalGitHub(repo.origin) as gh:
        run = _refused(
            act_harness,
            repo,
            gh,
            "release-on-tag",
            event="push",
            payload={"ref": "refs/tags/1.0.0.post1"},
            env={"GITHUB_REF": "refs/tags/1.0.0.post1", "GITHUB_REF_NAME": "1.0.0.post1"},
        )
    assert run.returncode != 0
    jobs = {job: _outcomes(run, job) for job in run.steps}
    ran_check = [job for job, steps in jobs.items() if steps.get("check") == "failure"]
    assert ran_check, jobs
    assert all(steps.get("branch", "skipped") == "skipped" for steps in jobs.values())
    assert any("'1.0.0.post1' is not a SemVer version" in a for a in run.annotations())


def test_vmpilot_draft_pushes_no_tag_and_leaves_the_milestone_open_until_published(
    seed: Callable[..., Seed], act_harness: Any
) -> None:
    """A draft is no release yet: no tag on origin, the milestone open. The same dispatch
    without draft then publishes that draft (GitHub creates the tag at its commit) and
    closes the milestone. The notes are the `## [0.7]` section the maintainer wrote on
    dev (issue 16); the milestone is named by number, then by title. The image job is
    left out (`--no-publish`): act cannot run the docker actions here; the release job's
    outputs it would read are checked instead."""
    repo = seed("vmpilot", "--no-publish")
    # dev, as vmpilot's maintainer leaves it before a release: main merged in (the real
    # dev commits come without files), the version's section written in CHANGELOG.md.
    repo.git("checkout", "-q", "dev")
    repo.git(*IDENTITY, "merge", "-q", "--no-edit", "main")
    changelog = repo.path / "CHANGELOG.md"
    section = "### Added\n\n- #101: Fixed the thing (@maintainer)"
    text = changelog.read_text("utf-8")
    head, sep, rest = text.partition("## [0.6]")
    changelog.write_text(f"{head}## [0.7] - 2025-07-01\n\n{section}\n\n{sep}{rest}", "utf-8")
    repo.git(*IDENTITY, "commit", "-qam", "Changelog for 0.7")
    repo.git("push", "-q", "origin", "dev")
    repo.git("checkout", "-q", "main")
    with LocalGitHub(repo.origin) as gh:
        number = gh.state.add_milestone("0.7").number
        gh.state.add_issue("Fixed the thing", milestone=number, state="closed")

        def dispatch(draft: str, milestone: str) -> Any:
            return act_harness.run(
                repo.workflow("release-dispatch"),
                workdir=repo.path,
                event="workflow_dispatch",
                payload={
                    "ref": "refs/heads/main",
                    "inputs": {"milestone": milestone, "draft": draft},
                    "repository": REPOSITORY,
                },
                secrets=SECRETS,
                api_url=gh.api_url,
                timeout=300,
            )

        run = dispatch("true", str(number))
        assert run.returncode == 0, run.log[-4000:]
        assert "refs/tags/v0.7.0" not in all_refs(repo.origin)
        (draft,) = gh.state.releases.values()
        assert (draft.tag_name, draft.draft) == ("v0.7.0", True)
        assert gh.state.milestones[number].state == "open"
        outputs = run.step("release", "release").outputs
        assert (outputs["draft"], outputs["make-latest"]) == ("true", "false")

        repo.git("pull", "-q", "--ff-only", "origin", "main")  # the merge the first run pushed
        run = dispatch("false", "0.7")
        assert run.returncode == 0, run.log[-4000:]
        (release,) = gh.state.releases.values()
        assert release.body.strip() == section
        assert (release.tag_name, release.draft, release.name) == (
            "v0.7.0",
            False,
            "Release v0.7.0",
        )
        merged = repo.git("log", "-1", "--format=%s", "origin/main").strip()
        assert merged == "Merge dev into main for release v0.7.0"
        tagged = repo.git("ls-remote", "origin", "refs/tags/v0.7.0").split()
        assert tagged and tagged[0] == release.target_commitish
        assert gh.state.milestones[number].state == "closed"
        outputs = run.step("release", "release").outputs
        assert (outputs["draft"], outputs["prerelease"], outputs["make-latest"]) == (
            "false",
            "false",
            "true",
        )
        assert outputs["version"] == "0.7.0"
        assert gh.take_contract_errors() == []
