"""`release-kit branch` on real repositories with a bare origin."""

from __future__ import annotations

import pytest
from tagkit import PROJECT, bump, payload, work

from conftest import all_refs


def branch_at(repo, name: str) -> str | None:
    out = repo.origin_git("for-each-ref", "--format=%(objectname)", f"refs/heads/{name}")
    return out or None


def tagged(repo, version: str, *, marker: bool = False) -> str:
    sha = bump(repo, version, marker=marker)
    repo.git("tag", "-a", "-m", f"Release {version}", f"v{version}", sha)
    repo.push("HEAD", f"refs/tags/v{version}")
    return sha


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("release/v{version}", "release/v1.1.0"),
        ("release-{major}.{minor}-{date}", "release-1.1-20261109"),
        ("release-{version}", "release-1.1.0"),
    ],
    ids=["hyperlight", "lepton", "wasmtime"],
)
def test_branch_created_at_tag_commit_then_idempotent(
    make_repo, run_cli, pattern, expected
) -> None:
    repo = make_repo(PROJECT)
    sha = tagged(repo, "1.1.0")
    work(repo, "after-the-tag")
    repo.push()
    data = payload(run_cli(repo.path, "branch", "--json", "--tag", "v1.1.0", "--pattern", pattern))
    assert (data["branch"], data["sha"], data["created"]) == (expected, sha, True)
    assert branch_at(repo, expected) == sha
    again = payload(run_cli(repo.path, "branch", "--json", "--tag", "v1.1.0", "--pattern", pattern))
    assert (again["branch"], again["created"]) == (expected, False)


def test_tag_from_github_ref_and_config_pattern(make_repo, run_cli, tmp_path) -> None:
    repo = make_repo(
        {**PROJECT, "release-kit.toml": '[branch]\npattern = "rel/{major}.{minor}.x"\n'}
    )
    sha = tagged(repo, "1.1.0")
    outputs = tmp_path / "out"
    env = {"GITHUB_REF": "refs/tags/v1.1.0", "GITHUB_OUTPUT": str(outputs)}
    payload(run_cli(repo.path, "branch", "--json", env=env))
    assert branch_at(repo, "rel/1.1.x") == sha
    assert "branch=rel/1.1.x\n" in outputs.read_text() and "created=true\n" in outputs.read_text()


def test_existing_branch_elsewhere_is_an_error(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    base = repo.git("rev-parse", "HEAD")
    repo.push(f"{base}:refs/heads/release/v1.1.0")
    sha = tagged(repo, "1.1.0")
    refs = all_refs(repo.origin)
    result = run_cli(repo.path, "branch", "--tag", "v1.1.0")
    assert result.code == 1 and base in result.err and sha in result.err
    assert all_refs(repo.origin) == refs


def test_patch_tag_reuses_the_release_line_branch(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    pattern = "release-{major}.{minor}-{date}"
    tagged(repo, "1.1.0")
    payload(run_cli(repo.path, "branch", "--json", "--tag", "v1.1.0", "--pattern", pattern))
    repo.git("fetch", "-q", "origin")
    repo.git("switch", "-q", "-c", "line", "origin/release-1.1-20261109")
    patch = tagged(repo, "1.1.1")
    repo.push("HEAD:release-1.1-20261109")
    refs = all_refs(repo.origin)
    data = payload(run_cli(repo.path, "branch", "--json", "--tag", "v1.1.1", "--pattern", pattern))
    assert (data["branch"], data["sha"], data["created"]) == ("release-1.1-20261109", patch, False)
    assert all_refs(repo.origin) == refs


def test_patch_tag_off_the_line_branch_is_an_error(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    pattern = "release-{major}.{minor}-{date}"
    tagged(repo, "1.1.0")
    payload(run_cli(repo.path, "branch", "--json", "--tag", "v1.1.0", "--pattern", pattern))
    stray = tagged(repo, "1.1.1")  # made on main, not on the line's branch
    result = run_cli(repo.path, "branch", "--tag", "v1.1.1", "--pattern", pattern)
    assert result.code == 1 and "does not contain" in result.err and stray in result.err


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["--tag", "v1.1.0", "--pattern", "release/{ver}"], "unknown placeholder"),
        (["--tag", "v1.1.0", "--pattern", "release/{version"], "malformed"),
        (["--tag", "v1.1.0", "--pattern", "release {version}"], "not a valid branch name"),
        (["--tag", "1.1.0"], "does not match tag-format"),
        (["--tag", "v1.x"], "does not match tag-format"),
        (["--tag", "v9.9.9"], "exists neither"),
        ([], "no tag"),
    ],
    ids=[
        "placeholder",
        "malformed",
        "bad-ref",
        "foreign-tag",
        "bad-version",
        "missing-tag",
        "no-tag",
    ],
)
def test_bad_input_exit_2_nothing_pushed(make_repo, run_cli, args, match: str) -> None:
    repo = make_repo(PROJECT)
    tagged(repo, "1.1.0")
    refs = all_refs(repo.origin)
    result = run_cli(repo.path, "branch", *args)
    assert result.code == 2, result.err
    assert match in result.err and len(result.err.strip().splitlines()) == 1
    assert all_refs(repo.origin) == refs


def test_version_failing_the_scheme_exit_2(make_repo, run_cli) -> None:
    repo = make_repo({**PROJECT, "release-kit.toml": 'scheme = "semver"\n'})
    repo.git("tag", "-a", "-m", "x", "v1.1.0.post1")
    repo.push("refs/tags/v1.1.0.post1")
    result = run_cli(repo.path, "branch", "--tag", "v1.1.0.post1")
    assert result.code == 2, result.err


def test_dry_run_creates_nothing(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    tagged(repo, "1.1.0")
    refs = all_refs(repo.origin)
    data = payload(run_cli(repo.path, "branch", "--json", "--dry-run", "--tag", "v1.1.0"))
    assert data["created"] is True and data["branch"] == "release/v1.1.0"
    assert all_refs(repo.origin) == refs
