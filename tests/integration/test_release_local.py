"""`release-kit release` against the local GitHub server: notes, assets, re-runs, faults."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import github_env
from ghlocal.server import LocalGitHub

CHANGELOG = """\
# Changelog

## [Unreleased]

## [1.2.0] - 2026-11-09

### Added

- The frobnicator.

## [1.1.0] - 2026-10-01

- Older things.
"""
DIST = {
    "app-1.2.0.tar.gz": b"sdist bytes",
    "app-1.2.0-py3-none-any.whl": b"wheel bytes",
    "notes.txt": b"n",
}
WRITE = ("POST", "PATCH", "PUT", "DELETE")


class Project:
    """A repository tagged v1.1.0 and v1.2.0, with dist files, served by a local GitHub."""

    def __init__(self, repo: Any, gh: LocalGitHub, run_cli: Callable[..., Any]) -> None:
        self.repo, self.gh, self._run = repo, gh, run_cli
        self.env = github_env(gh.api_url)

    def release(self, *args: str) -> Any:
        return self._run(self.repo.path, "release", *args, env=self.env)

    def cli(self, *args: str) -> Any:
        return self._run(self.repo.path, *args, env=self.env)

    def mark(self) -> int:
        return len(self.gh.requests)

    def since(self, mark: int) -> list[Any]:
        return self.gh.requests[mark:]

    def only_release(self) -> Any:
        (release,) = self.gh.state.releases.values()
        return release

    def assets(self, release: Any) -> dict[str, bytes]:
        return {
            self.gh.state.assets[i].name: self.gh.state.assets[i].data for i in release.asset_ids
        }

    def snapshot(self) -> str:
        state = self.gh.state
        return repr(
            (sorted(map(repr, state.releases.values())), sorted(map(repr, state.assets.values())))
        )


def serve_project(make_repo: Callable[..., Any], run_cli: Callable[..., Any]) -> Iterator[Project]:
    """The Project, with its server running until the generator is closed."""
    files = {
        "CHANGELOG.md": CHANGELOG,
        "release-kit.toml": '[release]\nassets = ["dist/*"]\n',
        "dist/.keep": "",
    }
    repo = make_repo(files)
    repo.git("tag", "v1.1.0")
    repo.write("src.txt", "x\n")
    repo.commit_all("feat: add the frobnicator (#7)")
    repo.git("tag", "-a", "v1.2.0", "-m", "v1.2.0")
    repo.git("rm", "-q", "dist/.keep")
    repo.git("commit", "-qm", "chore: tidy")
    repo.git("reset", "-q", "--hard", "v1.2.0")
    repo.push("main", "--tags")
    for name, data in DIST.items():
        (repo.path / "dist" / name).write_bytes(data)
    (repo.path / "dist" / ".keep").unlink()
    with LocalGitHub(repo.origin) as gh:
        yield Project(repo, gh, run_cli)
        assert gh.take_contract_errors() == []  # every request and answer fits GitHub's API


@pytest.fixture
def project(make_repo: Callable[..., Any], run_cli: Callable[..., Any]) -> Iterator[Project]:
    yield from serve_project(make_repo, run_cli)


def uploads(records: list[Any]) -> Counter[str]:
    return Counter(
        r.query.get("name", "")
        for r in records
        if r.method == "POST" and r.path.endswith("/assets") and r.status == 201
    )


def test_first_run_then_rerun(project: Project) -> None:
    mark = project.mark()
    result = project.release("v1.2.0", "--json")
    assert result.code == 0, result.err
    first = project.since(mark)
    release = project.only_release()
    assert not release.draft and not release.prerelease
    names = sorted(project.assets(release))
    assert names == sorted([*DIST, "SHA256SUMS"])
    n_assets = len(names)
    assert len(first) <= n_assets + 4, [(r.method, r.path) for r in first]
    assert uploads(first) == Counter(names)
    sums = project.assets(release)["SHA256SUMS"].decode()
    assert f"{hashlib.sha256(DIST['notes.txt']).hexdigest()}  notes.txt" in sums
    assert "The frobnicator." in (release.body or "")
    payload = json.loads(result.out)
    assert payload["created"] is True and payload["release_id"] == release.id
    assert {a["name"] for a in payload["assets"]} == set(names)
    assert project.gh.state.latest_release_id == release.id

    before, mark = project.snapshot(), project.mark()
    again = project.release("v1.2.0", "--json")
    assert again.code == 0, again.err
    rerun = project.since(mark)
    assert [r for r in rerun if r.method in WRITE and "generate-notes" not in r.path] == []
    assert project.snapshot() == before
    assert json.loads(again.out)["changed"] is False
    print(f"requests: first run {len(first)} for {n_assets} assets; re-run {len(rerun)}")


def _first_run_calls(project: Project) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in project.gh.requests]


# The calls of a first run, in order (list, generate notes, create, 4 uploads, publish).
FAULT_POINTS = [
    ("GET", r"/releases$", 0),
    ("POST", r"/releases/generate-notes$", 0),
    ("POST", r"/releases$", 0),
    ("POST", r"/releases/\d+/assets$", 0),
    ("POST", r"/releases/\d+/assets$", 2),
    ("POST", r"/releases/\d+/assets$", 3),
    ("PATCH", r"/releases/\d+$", 0),
]


@pytest.mark.parametrize(
    ("method", "path", "skip"),
    FAULT_POINTS,
    ids=["list", "generate-notes", "create", "upload-1", "upload-3", "upload-4", "publish"],
)
def test_fault_then_rerun_completes(project: Project, method: str, path: str, skip: int) -> None:
    if skip:
        project.gh.inject(method, path, times=skip)  # let `skip` matching calls through
    project.gh.inject(method, path, status=403, times=1)
    failed = project.release("v1.2.0")
    assert failed.code == 1 and "403" in failed.err
    kept = sum(uploads(project.gh.requests).values())
    mark = project.mark()
    done = project.release("v1.2.0")
    assert done.code == 0, done.err
    release = project.only_release()
    assert not release.draft
    assets = project.assets(release)
    assert sorted(assets) == sorted([*DIST, "SHA256SUMS"])
    assert all(assets[name] == data for name, data in DIST.items())
    total = uploads(project.gh.requests)
    assert set(total.values()) == {1}, total  # nothing uploaded twice
    rerun = project.since(mark)
    # Already-uploaded assets are compared by GitHub's `digest`, or, when the server
    # gives none, by downloading them (the API call plus the storage redirect).
    assert len(rerun) <= len(assets) - kept + 4 + 2 * kept


@pytest.mark.parametrize(
    ("sources", "expected", "absent"),
    [
        ("changelog", ["The frobnicator."], ["Full Changelog"]),
        ("generated", ["v1.1.0...v1.2.0"], ["The frobnicator."]),
        ("commits", ["add the frobnicator"], ["Older things"]),
        (
            "changelog,generated,commits",
            ["The frobnicator.", "v1.1.0...v1.2.0", "add the frobnicator"],
            [],
        ),
    ],
    ids=["changelog", "generated", "commits", "combined"],
)
def test_notes_sources(
    project: Project, sources: str, expected: list[str], absent: list[str]
) -> None:
    result = project.release("v1.2.0", "--notes", sources, "--allow-empty", "--asset", "none/*")
    assert result.code == 0, result.err
    body = project.only_release().body or ""
    for text in expected:
        assert text in body
    for text in absent:
        assert text not in body
    if "," in sources:
        assert body.index("The frobnicator.") < body.index("v1.1.0...v1.2.0")


def test_rule_line_changelog_and_custom_template(project: Project) -> None:
    # No `## 1.2.0` heading for the Keep a Changelog parser: the rule line decides.
    project.repo.write(
        "RELEASES.md", "Release 1.2.0\n=============\n\nWasmtime style.\n\n---\n\nOlder notes.\n"
    )
    project.repo.write(
        "notes.j2", "Release {{ version }} ({{ previous_tag }} before)\n\n{{ changelog }}"
    )
    project.repo.write(
        "release-kit.toml",
        '[changelog]\npath = "RELEASES.md"\n[release]\nnotes = ["changelog"]\n'
        'notes-template = "notes.j2"\nassets = ["dist/*"]\n',
    )
    repo = project.repo
    repo.commit_all("Release notes, wasmtime style")
    repo.git("tag", "-f", "v1.2.0")
    repo.git("push", "-q", "-f", "origin", "v1.2.0")
    result = project.release("v1.2.0")
    assert result.code == 0, result.err
    body = project.only_release().body or ""
    assert body.startswith("Release 1.2.0 (v1.1.0 before)\n\nRelease 1.2.0\n====")
    assert "Wasmtime style." in body
    assert "Older notes" not in body


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["v9.9.9"], "tag 'v9.9.9' does not exist"),
        (None, ["v1.2.0", "--asset", "nothing/*.zip"], "matches no file"),
        ("backslash", ["v1.2.0"], "path separator"),
        ("space", ["v1.2.0"], "GitHub would rename"),
        ("template", ["v1.2.0"], "notes template broken.j2 line 1"),
        ("config", ["v1.2.0"], "unknown key"),
    ],
    ids=[
        "missing-tag",
        "empty-glob",
        "path-separator",
        "renamed-name",
        "template-syntax",
        "bad-config",
    ],
)
def test_bad_input_leaves_release_as_it_was(
    project: Project, setup: str | None, args: list[str], message: str
) -> None:
    assert project.release("v1.2.0").code == 0
    before, mark = project.snapshot(), project.mark()
    if setup == "backslash":
        (project.repo.path / "dist" / "odd\\name.zip").write_bytes(b"x")
    elif setup == "space":
        (project.repo.path / "dist" / "my app.zip").write_bytes(b"x")
    elif setup == "template":
        project.repo.write("broken.j2", "{% for x in sections %}unclosed\n")
        project.repo.write("release-kit.toml", '[release]\nnotes-template = "broken.j2"\n')
    elif setup == "config":
        project.repo.write("release-kit.toml", "[release]\nasets = []\n")
    result = project.release(*args)
    assert result.code == 2, result.err
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert project.snapshot() == before
    assert [r for r in project.since(mark) if r.method in WRITE] == []


def test_changed_asset_needs_overwrite_and_is_swapped(project: Project) -> None:
    assert project.release("v1.2.0").code == 0
    (project.repo.path / "dist" / "notes.txt").write_bytes(b"changed")
    refused = project.release("v1.2.0")
    assert refused.code == 1 and "notes.txt" in refused.err and "overwrite" in refused.err
    mark = project.mark()
    done = project.release("v1.2.0", "--overwrite")
    assert done.code == 0, done.err
    assets = project.assets(project.only_release())
    assert assets["notes.txt"] == b"changed"
    assert hashlib.sha256(b"changed").hexdigest() in assets["SHA256SUMS"].decode()
    assert not any(name.startswith("rk-tmp-") for name in assets)
    swapped = sorted(name.split("-", 3)[-1] for name in uploads(project.since(mark)))
    assert swapped == ["SHA256SUMS", "notes.txt"]  # uploaded under temporary names, then renamed
    renames = [r for r in project.since(mark) if r.method == "PATCH" and "/assets/" in r.path]
    assert len(renames) == 2


def test_patch_on_old_line_does_not_become_latest(project: Project) -> None:
    assert project.release("v1.2.0").code == 0
    latest = project.gh.state.latest_release_id
    repo = project.repo
    repo.git("checkout", "-q", "-b", "release/v1.1", "v1.1.0")
    repo.write("fix.txt", "fix\n")
    repo.commit_all("fix: old line")
    repo.git("tag", "v1.1.1")
    repo.push("release/v1.1", "v1.1.1")
    result = project.release("v1.1.1", "--allow-empty", "--asset", "none/*", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["make_latest"] == "false"
    assert project.gh.state.latest_release_id == latest


def test_dry_run_changes_nothing(project: Project) -> None:
    result = project.release("v1.2.0", "--dry-run")
    assert result.code == 0, result.err
    assert "would create draft release v1.2.0" in result.out
    assert "would upload notes.txt" in result.out and "The frobnicator." in result.out
    assert project.gh.state.releases == {}


def test_step_outputs_and_summary(project: Project, tmp_path: Path) -> None:
    outputs, summary = tmp_path / "out.txt", tmp_path / "summary.md"
    env = {**project.env, "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary)}
    result = project._run(project.repo.path, "release", "v1.2.0", env=env)
    assert result.code == 0, result.err
    release = project.only_release()
    text = outputs.read_text()
    assert f"release-id={release.id}\n" in text
    assert "html-url=http" in text and "upload-url=http" in text and "\nassets=[{" in text
    report = summary.read_text()
    assert report.startswith("## release v1.2.0")
    assert "### Notes" in report and "The frobnicator." in report
    assert "| `notes.txt` | 1 |" in report and "| `SHA256SUMS` |" in report


def test_upload_stored_but_answer_lost_is_not_uploaded_twice(project: Project) -> None:
    """The server keeps the first upload but answers 502; the assets are read back and the
    stored one is recognised as ours (same bytes): it is not sent again."""
    from ghlocal.handlers import releases
    from ghlocal.http import Reply

    lost: list[str] = []

    def flaky_upload(backend: Any, call: Any) -> Reply:
        reply = releases.upload_asset(backend, call)
        if not lost:
            lost.append(call.query["name"])
            return Reply(502, {"message": "Bad Gateway"})
        return reply

    project.gh.override("repos/upload-release-asset", flaky_upload)
    result = project.release("v1.2.0")
    assert result.code == 0, result.err
    assets = project.assets(project.only_release())
    assert sorted(assets) == sorted([*DIST, "SHA256SUMS"])
    assert assets[lost[0]] == DIST[lost[0]]
    statuses = [r.status for r in project.gh.requests if r.query.get("name") == lost[0]]
    assert statuses == [502]  # stored once, found by the read-back, never sent again


def test_dry_run_shows_the_notes_diff(project: Project) -> None:
    assert project.release("v1.2.0").code == 0
    assert "notes unchanged" in project.release("v1.2.0", "--dry-run").out
    project.repo.write("notes.j2", "Hello {{ tag }}\n")
    project.repo.write(
        "release-kit.toml", '[release]\nnotes-template = "notes.j2"\nassets = ["dist/*"]\n'
    )
    before = project.snapshot()
    shown = project.release("v1.2.0", "--dry-run").out
    assert "would update body" in shown
    assert "+Hello v1.2.0" in shown and "-- The frobnicator." in shown
    assert project.snapshot() == before
