"""The container image job (issue 16): vmpilot and lepton push an image after the release.

Static checks only: no Docker engine runs here, and act cannot pull the docker/*
actions offline, so the rendered workflows are read as YAML (actionlint and
zizmor lint them in tests/lint_workflows.sh, with the job turned on for the
default and hephaestus presets too).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_templates import RENDERED, _load, _uses_lines

from conftest import git_tree_snapshot
from release_kit.init.image import dockerfile_problem, image_expression, image_problem
from release_kit.init.presets import PRESETS, Preset
from release_kit.init.render import PINS, render_workflows
from release_kit.init.sync import lint_presets

ROOT = Path(__file__).resolve().parents[2]
DOCKER_ACTIONS = (
    "docker/metadata-action",
    "docker/setup-buildx-action",
    "docker/login-action",
    "docker/build-push-action",
)
VERSION_TAG = "type=raw,value=${{ needs.release.outputs.version }}"
LATEST_TAG = (
    "type=raw,value=latest,enable=${{ needs.release.outputs.make-latest == 'true' "
    "&& needs.release.outputs.prerelease == 'false' }}"
)
# (preset, workflow, image name as rendered, Dockerfile)
IMAGE_WORKFLOWS = [
    (
        "vmpilot",
        "release-dispatch",
        "ghcr.io/${{ github.repository_owner }}/vmpilot",
        "docker/Dockerfile",
    ),
    (
        "lepton",
        "release-on-tag",
        "ghcr.io/${{ github.repository_owner }}/${{ github.event.repository.name }}",
        "Dockerfile",
    ),
]
IDS = [preset for preset, *_ in IMAGE_WORKFLOWS]
PYPROJECT = '[project]\nname = "demo"\nversion = "1.0.0"\n'


def _step(job: dict[str, Any], action: str) -> dict[str, Any]:
    found = [s for s in job["steps"] if str(s.get("uses", "")).startswith(action + "@")]
    assert len(found) == 1, f"one {action} step"
    return found[0]


def _image_job(preset: str, workflow: str) -> tuple[dict[str, Any], dict[str, Any]]:
    data = _load(RENDERED[f"{preset}/{workflow}"])
    return data["jobs"]["image"], data["jobs"]["release"]


@pytest.mark.parametrize(("preset", "workflow", "image", "dockerfile"), IMAGE_WORKFLOWS, ids=IDS)
def test_the_image_job_follows_the_release_with_least_permissions(
    preset: str, workflow: str, image: str, dockerfile: str
) -> None:
    job, _ = _image_job(preset, workflow)
    assert job["needs"] == ["release"]
    assert job["permissions"] == {"contents": "read", "packages": "write"}
    assert "environment" not in job  # the workflow's own token pushes to GHCR
    assert job["if"] == "needs.release.outputs.draft == 'false'"  # a draft pushes nothing
    assert all("run" not in step for step in job["steps"])
    checkout = _step(job, "actions/checkout")
    assert checkout["with"] == {
        "ref": "${{ needs.release.outputs.tag }}",
        "persist-credentials": False,
    }
    login = _step(job, "docker/login-action")
    assert login["with"] == {
        "registry": "ghcr.io",
        "username": "${{ github.actor }}",
        "password": "${{ github.token }}",
    }
    build = _step(job, "docker/build-push-action")
    assert build["with"]["context"] == "." and build["with"]["file"] == dockerfile
    assert build["with"]["push"] is True
    assert build["with"]["tags"] == "${{ steps.meta.outputs.tags }}"
    assert not {"cache-from", "cache-to"} & set(build["with"])  # no cache a run could poison
    names = [str(s["uses"]).split("@")[0] for s in job["steps"]]
    assert names.index("docker/login-action") < names.index("docker/build-push-action")
    assert names.index("docker/metadata-action") < names.index("docker/build-push-action")
    assert _step(job, "docker/metadata-action")["with"]["images"] == image


@pytest.mark.parametrize(("preset", "workflow", "image", "dockerfile"), IMAGE_WORKFLOWS, ids=IDS)
def test_the_image_is_tagged_with_the_version_and_latest_only_when_latest(
    preset: str, workflow: str, image: str, dockerfile: str
) -> None:
    job, _ = _image_job(preset, workflow)
    meta = _step(job, "docker/metadata-action")["with"]
    assert meta["flavor"] == "latest=false"  # never the action's own latest rule
    assert meta["tags"].splitlines() == [VERSION_TAG, LATEST_TAG]
    assert meta["context"] == "git"  # labels name the released commit, not github.sha


@pytest.mark.parametrize(("preset", "workflow", "image", "dockerfile"), IMAGE_WORKFLOWS, ids=IDS)
def test_the_release_job_hands_on_what_the_image_job_reads(
    preset: str, workflow: str, image: str, dockerfile: str
) -> None:
    job, release = _image_job(preset, workflow)
    read = set(re.findall(r"needs\.release\.outputs\.([\w-]+)", json.dumps(job)))
    assert read == {"tag", "version", "draft", "prerelease", "make-latest"}
    create = _step(release, "org/release-kit/actions/create-release")
    assert create["id"] == "release"
    declared = yaml.safe_load((ROOT / "actions/create-release/action.yml").read_text("utf-8"))
    for name in read:
        assert release["outputs"][name] == f"${{{{ steps.release.outputs.{name} }}}}"
        assert name in declared["outputs"], f"create-release declares no output {name}"


@pytest.mark.parametrize(("preset", "workflow", "image", "dockerfile"), IMAGE_WORKFLOWS, ids=IDS)
def test_docker_actions_are_pinned_by_commit(
    preset: str, workflow: str, image: str, dockerfile: str
) -> None:
    uses = _uses_lines(RENDERED[f"{preset}/{workflow}"])
    for action in DOCKER_ACTIONS:
        assert PINS[action] in uses
        assert re.fullmatch(rf"{action}@[0-9a-f]{{40}} # v\d+\.\d+\.\d+", PINS[action])


def test_lepton_tags_the_image_with_the_release_version_without_v() -> None:
    """lepton's tag is the bare version (`{version}`), and the image tag is that version:
    `version` is the tag's version, never a `v`-prefixed tag."""
    assert PRESETS["lepton"].tag_format == "{version}"
    job, _ = _image_job("lepton", "release-on-tag")
    first = _step(job, "docker/metadata-action")["with"]["tags"].splitlines()[0]
    assert first == VERSION_TAG and "value=v" not in first


@pytest.mark.parametrize("key", sorted(k for k in RENDERED if k.split("/")[0] not in IDS))
def test_presets_without_an_image_have_no_image_job(key: str) -> None:
    workflow = _load(RENDERED[key])
    assert "image" not in workflow["jobs"]
    assert not [u for u in _uses_lines(RENDERED[key]) if u.startswith("docker/")]


@pytest.mark.parametrize("preset", [p for p in lint_presets() if p.image], ids=lambda p: p.name)
def test_every_release_job_feeding_an_image_job_exposes_its_outputs(preset: Preset) -> None:
    """With the job turned on (the default and hephaestus variants the linters see too),
    each workflow that creates a release gets the job, wired the same way."""
    rendered = render_workflows(preset, "main")
    with_image = []
    for name, text in rendered.items():
        jobs = _load(text)["jobs"]
        if "image" not in jobs:
            assert "release" not in jobs or name == "release-rolling", name
            continue
        with_image.append(name)
        assert jobs["image"]["needs"] == ["release"]
        assert {"version", "draft", "prerelease", "make-latest"} <= set(jobs["release"]["outputs"])
    assert with_image


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("ghcr.io/{owner}/{repo}", None),
        ("ghcr.io/acme/tools/cli", None),
        ("docker.io/acme/app", "must be on ghcr.io"),
        ("ghcr.io/app", "needs an owner and a name"),
        ("ghcr.io/Acme/app", "invalid part(s) 'Acme'"),
        ("ghcr.io/acme/app:1.0", "invalid part(s) 'app:1.0'"),
        ("ghcr.io/{owner}/{name}", "invalid part(s) '{name}'"),
    ],
    ids=["placeholders", "nested", "other-registry", "no-owner", "uppercase", "tag", "unknown"],
)
def test_image_names(name: str, problem: str | None) -> None:
    got = image_problem(name)
    assert (got is None) if problem is None else (got is not None and problem in got)


def test_placeholders_become_expressions_and_bad_dockerfiles_are_named() -> None:
    assert image_expression("ghcr.io/{owner}/x") == "ghcr.io/${{ github.repository_owner }}/x"
    assert dockerfile_problem("docker/Dockerfile") is None
    for bad in ("../Dockerfile", "/Dockerfile", "a b", "./Dockerfile", ""):
        assert dockerfile_problem(bad), bad
    with pytest.raises(ValueError, match=r"must be on ghcr\.io"):
        replace(PRESETS["lepton"], image="quay.io/acme/app")


@pytest.fixture
def repo(make_repo: Callable[..., Any]) -> Any:
    return make_repo({"pyproject.toml": PYPROJECT})


def test_init_turns_the_image_job_on_and_keeps_it(repo: Any, run_cli: Callable[..., Any]) -> None:
    args = ("init", "--preset", "default", "--image", "ghcr.io/{owner}/tool")
    result = run_cli(repo.path, *args, "--dockerfile", "build/Dockerfile")
    assert result.code == 0, result.err
    for name in ("release-on-tag", "release-dispatch"):
        job = yaml.safe_load(repo.read(f".github/workflows/{name}.yml"))["jobs"]["image"]
        assert _step(job, "docker/build-push-action")["with"]["file"] == "build/Dockerfile"
    config = repo.read(".github/release-kit.toml")
    assert 'image = "ghcr.io/{owner}/tool"' in config
    assert 'dockerfile = "build/Dockerfile"' in config
    again = run_cli(repo.path, "init", "--json")  # read back from [init]
    assert again.code == 0 and json.loads(again.out)["written"] == []


def test_init_turns_a_presets_image_job_off(repo: Any, run_cli: Callable[..., Any]) -> None:
    result = run_cli(repo.path, "init", "--preset", "vmpilot", "--image", "")
    assert result.code == 0, result.err
    jobs = yaml.safe_load(repo.read(".github/workflows/release-dispatch.yml"))["jobs"]
    assert "image" not in jobs and "outputs" in jobs["release"]
    assert 'image = ""' in repo.read(".github/release-kit.toml")


def test_no_publish_leaves_the_image_out(repo: Any, run_cli: Callable[..., Any]) -> None:
    """Like PyPI and crates.io: `--no-publish` renders nothing that leaves the repository."""
    result = run_cli(repo.path, "init", "--preset", "lepton", "--no-publish")
    assert result.code == 0, result.err
    jobs = yaml.safe_load(repo.read(".github/workflows/release-on-tag.yml"))["jobs"]
    assert "image" not in jobs and "publish-pypi" not in jobs


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--preset", "default", "--image", "docker.io/acme/app"), "--image must be on ghcr.io"),
        (
            ("--preset", "default", "--image", "ghcr.io/{owner}/app", "--no-publish"),
            "which --no-publish leaves out",
        ),
        (("--preset", "lepton", "--image", "ghcr.io/Acme/app"), "invalid part(s) 'Acme'"),
        (("--preset", "vmpilot", "--dockerfile", "../Dockerfile"), "--dockerfile must be a plain"),
        (("--preset", "default", "--dockerfile", "Dockerfile"), "--dockerfile needs an image job"),
    ],
    ids=[
        "other-registry",
        "image-without-publish",
        "uppercase",
        "dockerfile-outside",
        "dockerfile-without-image",
    ],
)
def test_bad_image_options_exit_2_and_write_nothing(
    repo: Any, run_cli: Callable[..., Any], args: tuple[str, ...], message: str
) -> None:
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "init", *args)
    assert result.code == 2
    assert message in result.err and len(result.err.strip().splitlines()) == 1
    assert git_tree_snapshot(repo.path) == before


def test_a_bad_recorded_image_names_the_key(repo: Any, run_cli: Callable[..., Any]) -> None:
    repo.write(".github/release-kit.toml", '[init]\npreset = "lepton"\nimage = "quay.io/a/b"\n')
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "init")
    assert result.code == 2
    assert "[init] image must be on ghcr.io" in result.err
    assert git_tree_snapshot(repo.path) == before


def test_the_readme_lists_each_docker_pin() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for action in DOCKER_ACTIONS:
        pin = re.fullmatch(rf"{action}@(\w+) # (v[\d.]+)", PINS[action])
        assert pin, PINS[action]
        sha, version = pin.groups()
        assert f"| `{action}` | `{sha}` ({version}) |" in readme
