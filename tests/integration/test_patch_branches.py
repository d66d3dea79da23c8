"""A branch per tag, patch tags included (hyperlight), or a patch on its X.Y.0 branch
(wasmtime), on real repositories with a bare origin; the hyperlight patch is then
checked, tagged and released from its own branch against the local GitHub.

hyperlight: tag v0.4.0 on main makes release/v0.4.0; a fix merged there is tagged
v0.4.1, which makes release/v0.4.1; a fix there is tagged v0.4.2, which makes
release/v0.4.2, and the release of v0.4.2 is dispatched from that branch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tagkit import payload

from conftest import all_refs, github_env
from ghlocal import LocalGitHub

CONFIG = """\
scheme = "semver"
patch-branches = ["release/*"]

[tag]
mode = "version"

[branch]
pattern = "release/v{version}"

[release]
name = "Release {tag}"
notes = ["generated", "changelog"]
blocker-label = "release-blocker"
"""


def pyproject(version: str) -> str:
    return f'[project]\nname = "sandbox"\nversion = "{version}"\n'


def changelog(*released: str) -> str:
    """hyperlight's shape: the Prerelease section first, then `## [vX.Y.Z] - DATE`."""
    sections = "".join(
        f"## [v{v}] - 2026-07-0{i + 1}\n\n### Fixed\n* Fix of {v}.\n\n"
        for i, v in enumerate(reversed(released))
    )
    return f"# Changelog\n\n## [Prerelease] - Unreleased\n\n### Fixed\n\n{sections}"


def release_commit(repo: Any, version: str, *released: str) -> str:
    repo.write("pyproject.toml", pyproject(version))
    repo.write("CHANGELOG.md", changelog(*released, version))
    return str(repo.commit_all(f"Release v{version}"))


def push_tag(repo: Any, version: str) -> None:
    repo.git("tag", "-a", "-m", f"v{version}", f"v{version}")
    repo.push(f"refs/tags/v{version}")


def on_branch(repo: Any, name: str) -> None:
    repo.git("fetch", "-q", "origin")
    repo.git("checkout", "-q", "-B", name, f"origin/{name}")


def head_of(repo: Any, branch: str) -> str | None:
    out = repo.origin_git("for-each-ref", "--format=%(objectname)", f"refs/heads/{branch}")
    return out or None


def make_branch(run_cli: Callable[..., Any], repo: Any, tag: str) -> dict[str, Any]:
    """The on-tag run: check, then `release-kit branch` for the pushed tag."""
    env = {"GITHUB_REF": f"refs/tags/{tag}"}
    check = run_cli(repo.path, "check", "branch", f"--tag={tag}", env=env)
    assert check.code == 0, check.out + check.err
    return payload(run_cli(repo.path, "branch", "--json", env=env))


@pytest.fixture
def hyperlight(make_repo: Callable[..., Any]) -> Any:
    files = {
        ".github/release-kit.toml": CONFIG,
        "pyproject.toml": pyproject("0.4.0"),
        "CHANGELOG.md": changelog("0.4.0"),
    }
    repo = make_repo(files)
    push_tag(repo, "0.4.0")
    return repo


def test_every_patch_tag_gets_its_branch_and_is_released_from_it(
    hyperlight: Any, run_cli: Callable[..., Any]
) -> None:
    repo = hyperlight
    assert make_branch(run_cli, repo, "v0.4.0")["branch"] == "release/v0.4.0"
    shas = {}
    for version, base, released in (
        ("0.4.1", "release/v0.4.0", ("0.4.0",)),
        ("0.4.2", "release/v0.4.1", ("0.4.0", "0.4.1")),
    ):
        on_branch(repo, base)  # the fix's PR merged into the branch it patches
        shas[version] = release_commit(repo, version, *released)
        repo.push(f"HEAD:refs/heads/{base}")
        push_tag(repo, version)
        made = make_branch(run_cli, repo, f"v{version}")
        assert (made["branch"], made["sha"], made["created"]) == (
            f"release/v{version}",
            shas[version],
            True,
        )
        assert head_of(repo, f"release/v{version}") == shas[version]
    # Each fix went to the branch it patches; the new branch starts at its tag.
    assert (head_of(repo, "release/v0.4.0"), head_of(repo, "release/v0.4.1")) == (
        shas["0.4.1"],
        shas["0.4.2"],
    )
    again = payload(run_cli(repo.path, "branch", "--json", "--tag", "v0.4.2"))
    assert (again["branch"], again["created"]) == ("release/v0.4.2", False)

    # The release is dispatched from release/v0.4.2: check, tag (there already), release.
    on_branch(repo, "release/v0.4.2")
    with LocalGitHub(repo.origin) as gh:
        env = github_env(
            gh.api_url, GITHUB_REF="refs/heads/release/v0.4.2", GITHUB_REF_NAME="release/v0.4.2"
        )
        steps = ("bump", "tag", "release", "--bump=", "--pre-id=", "--draft=false")
        check = run_cli(repo.path, "check", *steps, "--json", env=env)
        assert check.code == 0, check.out + check.err
        assert run_cli(repo.path, "tag", "--mode", "version", env=env).code == 0
        done = run_cli(repo.path, "release", "v0.4.2", "--target", "HEAD", env=env)
        assert done.code == 0, done.err
        (release,) = gh.state.releases.values()
        assert gh.take_contract_errors() == []
    assert (release.tag_name, release.name, release.prerelease) == (
        "v0.4.2",
        "Release v0.4.2",
        False,
    )
    body = release.body or ""
    assert "Fix of 0.4.2." in body and "Fix of 0.4.1." not in body
    assert "compare/v0.4.1...v0.4.2" in body  # generated notes since the patch before
    assert body.index("What's Changed") < body.index("Fix of 0.4.2.")


def test_a_patch_from_main_is_refused_and_changes_nothing(
    hyperlight: Any, run_cli: Callable[..., Any]
) -> None:
    repo = hyperlight
    before = all_refs(repo.origin)
    env = {"GITHUB_REF": "refs/heads/main", "GITHUB_REF_NAME": "main"}
    check = run_cli(repo.path, "check", "bump", "tag", "--bump=patch", env=env)
    assert check.code == 1
    assert "patch releases are made on release/* only, not on main" in check.out + check.err
    bump = run_cli(repo.path, "bump", "patch", "--commit", env=env)
    assert bump.code == 1 and "patch releases are made on release/* only" in bump.err
    assert all_refs(repo.origin) == before
    assert repo.read("pyproject.toml") == pyproject("0.4.0")


WASMTIME = """\
scheme = "semver"
patch-branches = ["release-*"]

[branch]
pattern = "release-{version}"
patch-tags = "reuse"
"""


@pytest.fixture
def wasmtime(make_repo: Callable[..., Any]) -> Any:
    files = {"release-kit.toml": WASMTIME, "pyproject.toml": pyproject("40.0.0")}
    repo = make_repo(files)
    push_tag(repo, "40.0.0")
    return repo


def test_a_patch_tag_stays_on_its_x_y_0_branch(wasmtime: Any, run_cli: Callable[..., Any]) -> None:
    """wasmtime tags v40.0.1 on release-40.0.0 and makes no release-40.0.1."""
    repo = wasmtime
    assert make_branch(run_cli, repo, "v40.0.0")["branch"] == "release-40.0.0"
    on_branch(repo, "release-40.0.0")
    repo.write("pyproject.toml", pyproject("40.0.1"))
    sha = repo.commit_all("Release 40.0.1")
    repo.push("HEAD:refs/heads/release-40.0.0")
    push_tag(repo, "40.0.1")
    made = make_branch(run_cli, repo, "v40.0.1")
    assert (made["branch"], made["sha"], made["created"]) == ("release-40.0.0", sha, False)
    assert head_of(repo, "release-40.0.1") is None


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("main", "release branch release-40.0.0 does not contain tag v40.0.1"),
        ("no-branch", "no branch matches release-40.0.0"),
    ],
    ids=["tag-off-the-branch", "no-x-y-0-branch"],
)
def test_a_patch_tag_without_its_branch_is_refused(
    wasmtime: Any, run_cli: Callable[..., Any], where: str, message: str
) -> None:
    repo = wasmtime
    if where == "main":
        make_branch(run_cli, repo, "v40.0.0")
    repo.git("checkout", "-q", "main")
    repo.write("pyproject.toml", pyproject("40.0.1"))
    repo.commit_all("Release 40.0.1 on main")
    repo.push("HEAD:refs/heads/main")
    push_tag(repo, "40.0.1")
    before = all_refs(repo.origin)
    env = {"GITHUB_REF": "refs/tags/v40.0.1"}
    check = run_cli(repo.path, "check", "branch", "--tag=v40.0.1", env=env)
    assert check.code == 1 and message in check.out + check.err
    branch = run_cli(repo.path, "branch", "--tag", "v40.0.1", env=env)
    assert branch.code == 1
    assert all_refs(repo.origin) == before
