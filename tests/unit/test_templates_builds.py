"""No job that holds a write token builds anything: a build runs the project's and its
dependencies' code (setup.py, build backends, sdists), so it runs in a job with read
permissions only, and the job that writes (tag, release, upload) takes its files as
artifacts. Checked on every template and every rendered preset.

One exception: docker/build-push-action in a job whose only write scope is
`packages` (the image job). Its build runs inside BuildKit's containers, which
see the checked-out files but neither the job's token nor the registry login."""

from __future__ import annotations

from typing import Any

import pytest
from test_templates import RENDERED, _load

WRITE_SCOPES = ("contents", "issues", "pull-requests", "actions", "packages", "deployments")
BUILD_SHELL = ("pip install", "python -m build", "uv build", "cargo build", "npm install")


DOCKER_BUILD = "docker/build-push-action@"


def builds(step: dict[str, Any]) -> bool:
    uses = str(step.get("uses", ""))
    if uses.startswith(DOCKER_BUILD):
        return True
    if "actions/build-wheelhouse" in uses:
        return not step.get("with", {}).get("merge")  # merging built archives runs no code
    return any(command in str(step.get("run", "")) for command in BUILD_SHELL)


def writes(job: dict[str, Any]) -> list[str]:
    permissions = job.get("permissions") or {}
    if permissions == "write-all":
        return ["write-all"]
    return [k for k, v in permissions.items() if v == "write" and k in WRITE_SCOPES]


def sandboxed(step: dict[str, Any], scopes: list[str]) -> bool:
    """A Docker build in a job that may only push packages: BuildKit runs it apart."""
    return str(step.get("uses", "")).startswith(DOCKER_BUILD) and scopes == ["packages"]


def building_writers(workflow: dict[str, Any]) -> list[str]:
    return [
        f"{name} ({', '.join(writes(job))}: write) builds in {step.get('name')!r}"
        for name, job in workflow["jobs"].items()
        if writes(job)
        for step in job.get("steps", [])
        if builds(step) and not sandboxed(step, writes(job))
    ]


@pytest.mark.parametrize("key", sorted(RENDERED))
def test_no_job_with_a_write_token_builds(key: str) -> None:
    assert building_writers(_load(RENDERED[key])) == []


def test_the_rule_sees_a_build_in_a_write_job() -> None:
    job = {
        "permissions": {"contents": "write"},
        "steps": [{"name": "b", "uses": "org/release-kit/actions/build-wheelhouse@v1"}],
    }
    assert building_writers({"jobs": {"j": job}}) == ["j (contents: write) builds in 'b'"]
    job["permissions"] = {"contents": "read"}
    assert building_writers({"jobs": {"j": job}}) == []


def test_a_docker_build_may_only_hold_packages_write() -> None:
    step = {"name": "push", "uses": "docker/build-push-action@" + "0" * 40}
    permissions = {"contents": "read", "packages": "write"}
    job: dict[str, Any] = {"permissions": permissions, "steps": [step]}
    assert building_writers({"jobs": {"image": job}}) == []
    job["permissions"]["contents"] = "write"
    assert building_writers({"jobs": {"image": job}}) == [
        "image (contents, packages: write) builds in 'push'"
    ]
