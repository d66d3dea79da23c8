"""The version engine on the seed projects' real repositories (../shared/real-repos).

For each repository, rebuilt with its real history, tags and branches and set up with its
own preset: `version`, the bumps its process makes (on main and on a release branch),
`next-version` and `changelog --dry-run`. What the kit answers is compared with what the
project's own tools see: cargo for the Cargo workspaces (every member at the new version,
every internal requirement satisfied, every lock entry following), the manifests and lock
files read independently for the others.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult, git_tree_snapshot
from realworld import real_repos
from realworld.real_repos import cargo_metadata, lock_versions, unsatisfied, with_targets

pytestmark = pytest.mark.slow

HAS_CARGO = shutil.which("cargo") is not None


@dataclass(frozen=True)
class Process:
    """What a seed project's release process asks of the version engine."""

    main_bumps: tuple[str, ...]  # bump kinds run on the default branch, in turn
    branch: str | None  # a release branch its process patches, made from main
    cargo_workspaces: tuple[str, ...] = ()  # directories holding a Cargo.lock to check
    # (file, section): what a maintainer writes on the release branch before a patch
    # (file, the line the patch's notes go under ('' for the top), the notes)
    patch_notes: tuple[str, str, str] | None = None


PROCESSES = {
    # monthly major bump (the -dev train released), patches on release-X.Y.Z branches
    "wasmtime": Process(
        ("major",),
        "release-49.0.0",
        (".",),
        ("RELEASES.md", "", "## 49.0.1\n\nUnreleased.\n\n### Fixed\n\n* A fix.\n\n"),
    ),
    # minor releases from main, patches on release/vX.Y.Z; a nested guest workspace
    # (its preset names the changelog as a notes source: a patch must say what it fixes)
    "hyperlight": Process(
        ("minor",),
        "release/v0.17.0",
        (".", "src/tests/rust_guests"),
        ("CHANGELOG.md", "## [Prerelease] - Unreleased\n", "\n### Fixed\n* A fix.\n"),
    ),
    # version-change tagging on main, patches on main too
    "hephaestus": Process(("patch", "minor"), None),
    # version from tags; release branches release-<major>.<minor>-<date>
    "lepton": Process(("minor",), "release-0.27-20260101"),
    # milestone-driven releases and hotfixes on main
    "vmpilot": Process(("minor",), None),
}


@pytest.fixture(autouse=True)
def _real() -> None:
    real_repos.require()


Cli = Callable[..., CliResult]


@pytest.fixture
def real(tmp_path: Path, run_cli: Cli) -> Callable[[str], Path]:
    """`real(name)`: the materialized repository with `init --preset name` committed."""

    def _make(name: str) -> Path:
        repo = real_repos.materialize(name, tmp_path / name)
        result = run_cli(repo, "init", "--preset", name)
        assert result.code == 0, result.err
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "release-kit init")
        return repo

    return _make


def _git(repo: Path, *args: str) -> str:
    import subprocess

    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def _json(result: CliResult) -> dict[str, object]:
    assert result.code == 0, result.err or result.out
    data = json.loads(result.out)
    assert isinstance(data, dict)
    return data


def _members(repo: Path, tmp: Path, workspace: str) -> dict[str, real_repos.Crate]:
    copy = with_targets(repo, tmp / f"stubbed-{len(list(tmp.iterdir()))}")
    return cargo_metadata(copy / workspace)


def _check_cargo(repo: Path, tmp: Path, process: Process, before: dict[str, str], new: str) -> None:
    """cargo's view after a bump: the moved crates at `new`, requirements and locks agree."""
    if not HAS_CARGO:
        return
    moved = set(before)
    for workspace in process.cargo_workspaces:
        crates = _members(repo, tmp, workspace)
        assert unsatisfied(crates) == [], f"{workspace}: requirements not satisfied"
        for name in moved & set(crates):
            assert crates[name].version == new, f"{workspace}: {name} at {crates[name].version}"
        lock = repo / workspace / "Cargo.lock"
        if lock.exists():
            locked = lock_versions(lock)
            stale = {n: sorted(v) for n, v in locked.items() if n in moved and v != {new}}
            assert stale == {}, f"{workspace}/Cargo.lock: entries not at {new}: {stale}"


def _cargo_line(repo: Path, tmp: Path, current: str) -> dict[str, str]:
    """The crates cargo sees at the current version of the line (what a bump must move)."""
    crates = _members(repo, tmp, ".")
    return {n: c.version for n, c in crates.items() if c.version == current}


@pytest.mark.parametrize("name", real_repos.NAMES)
def test_version_reads_one_answer(name: str, real: Callable[[str], Path], run_cli: Cli) -> None:
    repo = real(name)
    snapshot = git_tree_snapshot(repo)
    version = _json(run_cli(repo, "version", "--json"))
    nxt = _json(run_cli(repo, "next-version", "--json"))
    assert nxt["current_version"] == version["version"]
    planned = run_cli(repo, "bump", "auto", "--dry-run", "--json")
    if planned.code == 0:  # 1: nothing asks for a release (said so), also one answer
        assert json.loads(planned.out)["previous"] == version["version"]
    else:
        assert planned.code == 1 and "asks for a release" in planned.err, planned.err
    assert git_tree_snapshot(repo) == snapshot


@pytest.mark.parametrize("name", real_repos.NAMES)
def test_bumps_of_the_process(
    name: str, real: Callable[[str], Path], run_cli: Cli, tmp_path: Path
) -> None:
    repo = real(name)
    process = PROCESSES[name]
    work = tmp_path / "cargo"
    work.mkdir()
    for kind in process.main_bumps:
        _bump_and_check(repo, work, process, kind, run_cli)
    if process.branch:
        _git(repo, "switch", "-q", "-c", process.branch)
        if process.patch_notes:
            path, anchor, notes = process.patch_notes
            text = (repo / path).read_text("utf-8")
            assert anchor in text, f"{path} has no {anchor!r}"
            at = text.index(anchor) + len(anchor)
            (repo / path).write_text(text[:at] + notes + text[at:], encoding="utf-8")
            _git(repo, "commit", "-q", "-am", "notes for the patch release")
        _bump_and_check(repo, work, process, "patch", run_cli)


def _bump_and_check(repo: Path, work: Path, process: Process, kind: str, run_cli: Cli) -> None:
    current = str(_json(run_cli(repo, "version", "--json"))["version"])
    moved = _cargo_line(repo, work, current) if HAS_CARGO and process.cargo_workspaces else {}
    snapshot = git_tree_snapshot(repo)
    planned = _json(run_cli(repo, "bump", kind, "--dry-run", "--json"))
    assert git_tree_snapshot(repo) == snapshot, "--dry-run changed files"
    done = _json(run_cli(repo, "bump", kind, "--commit", "--json"))
    assert done["version"] == planned["version"]
    new = str(done["version"])
    if done["tag_only"]:  # the version lives in tags: the bump names the tag, edits nothing
        assert git_tree_snapshot(repo) == snapshot
        return
    assert _json(run_cli(repo, "version", "--json"))["version"] == new
    _check_cargo(repo, work, process, moved, new)
    if (repo / "uv.lock").exists():
        name = tomllib.loads((repo / "pyproject.toml").read_text("utf-8"))["project"]["name"]
        lock = tomllib.loads((repo / "uv.lock").read_text("utf-8"))
        own = [p["version"] for p in lock["package"] if p["name"] == name]
        assert own == [new], f"uv.lock entry of {name}: {own}"


@pytest.mark.parametrize("name", real_repos.NAMES)
def test_next_version_not_below_current(
    name: str, real: Callable[[str], Path], run_cli: Cli
) -> None:
    from packaging.version import Version

    repo = real(name)
    current = str(_json(run_cli(repo, "version", "--json"))["version"])
    proposed = str(_json(run_cli(repo, "next-version", "--json"))["version"])
    assert Version(proposed) >= Version(current), f"{proposed} below {current}"


@pytest.mark.parametrize("name", real_repos.NAMES)
def test_changelog_dry_run_changes_nothing(
    name: str, real: Callable[[str], Path], run_cli: Cli
) -> None:
    repo = real(name)
    snapshot = git_tree_snapshot(repo)
    result = run_cli(repo, "changelog", "--dry-run")
    assert result.code in (0, 2), result.err
    if result.code == 2:
        assert len(result.err.strip().splitlines()) == 1, result.err
    assert git_tree_snapshot(repo) == snapshot


@pytest.mark.parametrize(
    ("name", "others"),
    [
        ("hephaestus", ["publish-pypi.yml", "publish.yml", "release-tag.yml"]),
        ("hyperlight", ["CargoPublish.yml", "CreateRelease.yml"]),
        ("vmpilot", ["release.yml"]),
        ("wasmtime", ["publish-artifacts.yml", "publish-to-cratesio.yml"]),
        ("lepton", ["release.yaml"]),
    ],
)
def test_init_names_the_projects_own_release_workflows(
    tmp_path: Path, run_cli: Any, name: str, others: list[str]
) -> None:
    """Beside the kit's workflows these would release one push twice: init says so."""
    real_repos.require()
    repo = real_repos.materialize(name, tmp_path / name)
    result = run_cli(repo, "init", "--preset", name, "--json")
    assert result.code == 0, result.err
    found = json.loads(result.out)["other_release_workflows"]
    assert [f["path"].rsplit("/", 1)[1] for f in found] == others


def test_lepton_before_init_is_told_its_tags_have_no_v(tmp_path: Path, run_cli: Any) -> None:
    """lepton's tags are `0.9.9`; before `init` writes tag-format "{version}", version
    finds no release tag of `v{version}` and says which format the tags follow."""
    real_repos.require()
    repo = real_repos.materialize("lepton", tmp_path / "lepton")
    result = run_cli(repo, "version", "--json")
    assert result.code == 0, result.err
    hint = json.loads(result.out)["hint"]
    assert hint.startswith("hint: no tag follows tag-format 'v{version}', but ")
    assert "follow '{version}'" in hint
