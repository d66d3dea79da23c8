"""`release-kit tag --mode version`, signing and the floating major tag, on real repositories."""

from __future__ import annotations

import subprocess

import pytest
from tagkit import PROJECT, bump, payload, tag_commit, work

from conftest import all_refs


def test_untagged_version_tags_head(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    head = repo.git("rev-parse", "HEAD")
    data = payload(run_cli(repo.path, "tag", "--json", "--mode", "version"))
    assert (data["tag"], data["sha"], data["created"]) == ("v1.0.0", head, True)
    assert tag_commit(repo, "v1.0.0") == head


@pytest.mark.parametrize("where", ["same-commit", "ancestor"])
def test_tagged_version_is_nothing_to_do(make_repo, run_cli, where: str) -> None:
    repo = make_repo(PROJECT)
    payload(run_cli(repo.path, "tag", "--json", "--mode", "version"))
    if where == "ancestor":
        work(repo, "later")
        repo.push()
    refs = all_refs(repo.origin)
    data = payload(run_cli(repo.path, "tag", "--json", "--mode", "version"))
    assert data["created"] is False
    assert data["tag"] == ("v1.0.0" if where == "same-commit" else "")
    assert all_refs(repo.origin) == refs


def test_version_tag_on_unrelated_commit_is_an_error(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    base = repo.git("rev-parse", "HEAD")
    repo.git("switch", "-q", "-c", "other")
    other = bump(repo, "1.1.0", marker=False)
    repo.git("tag", "-a", "-m", "x", "v1.1.0", other)
    repo.push("refs/tags/v1.1.0")
    repo.git("tag", "-d", "v1.1.0")
    repo.git("switch", "-q", "main")
    repo.git("reset", "-q", "--hard", base)
    work(repo, "mine")
    mine = bump(repo, "1.1.0", marker=False)
    result = run_cli(repo.path, "tag", "--mode", "version")
    assert result.code == 1 and other in result.err and mine in result.err
    assert tag_commit(repo, "v1.1.0") == other


def test_explicit_version_for_tag_only_projects(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    bad = run_cli(repo.path, "tag", "--mode", "version", "--version", "not-a-version")
    assert bad.code == 2
    data = payload(run_cli(repo.path, "tag", "--json", "--mode", "version", "--version", "2.0.0"))
    assert data["tag"] == "v2.0.0"


def test_signed_tag_with_ssh_key(make_repo, run_cli, tmp_path) -> None:
    repo = make_repo(PROJECT)
    key = tmp_path / "signing"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "rk", "-f", str(key)], check=True
    )
    data = payload(
        run_cli(
            repo.path,
            "tag",
            "--json",
            "--mode",
            "version",
            "--signing-key",
            str(key),
            "--signing-format",
            "ssh",
        )
    )
    assert data["created"] is True
    signers = tmp_path / "allowed"
    signers.write_text(f"tester@example.invalid {key.with_suffix('.pub').read_text()}")
    repo.git("config", "gpg.ssh.allowedSignersFile", str(signers))
    repo.git("config", "gpg.format", "ssh")
    proc = subprocess.run(
        ["git", "tag", "-v", "v1.0.0"], cwd=repo.path, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "Good" in proc.stderr


def test_floating_major_tag_follows_newest_final_release(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    first = repo.git("rev-parse", "HEAD")
    payload(run_cli(repo.path, "tag", "--json", "--mode", "version", "--floating-major"))
    assert tag_commit(repo, "v1") == first
    second = bump(repo, "1.1.0", marker=False)
    repo.push()
    data = payload(run_cli(repo.path, "tag", "--json", "--mode", "version", "--floating-major"))
    assert data["floating_tag"] == "v1" and tag_commit(repo, "v1") == second
    bump(repo, "1.2.0rc1", marker=False)
    repo.push()
    payload(run_cli(repo.path, "tag", "--json", "--mode", "version", "--floating-major"))
    assert tag_commit(repo, "v1") == second  # a pre-release never moves v1


def test_tag_only_project_needs_an_explicit_version(make_repo, run_cli) -> None:
    scm = (
        '[build-system]\nrequires = ["setuptools>=68", "setuptools_scm>=8"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "sample"\ndynamic = ["version"]\n\n[tool.setuptools_scm]\n'
    )
    repo = make_repo({"pyproject.toml": scm})
    refs = all_refs(repo.origin)
    result = run_cli(repo.path, "tag", "--mode", "version")
    assert result.code == 2 and "--version" in result.err
    assert all_refs(repo.origin) == refs
    data = payload(run_cli(repo.path, "tag", "--json", "--mode", "version", "--version", "0.5.0"))
    assert (data["tag"], data["created"]) == ("v0.5.0", True)
