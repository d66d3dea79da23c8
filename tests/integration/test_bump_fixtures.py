"""`release-kit bump` on fixtures shaped like real repositories: the exact diff of each."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "repos"


def fixture_files(name: str) -> dict[str, str]:
    root = FIXTURES / name
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def diff(repo: Any) -> str:
    """`git diff -U0` without index lines: exactly the lines that changed."""
    out = repo.git("diff", "-U0", "--no-color")
    return "\n".join(line for line in out.splitlines() if not line.startswith("index ")) + "\n"


CARGO_MAJOR = """\
diff --git a/Cargo.lock b/Cargo.lock
--- a/Cargo.lock
+++ b/Cargo.lock
@@ -19 +19 @@ name = "wasi-common"
-version = "27.0.0"
+version = "28.0.0"
@@ -28 +28 @@ name = "wasmtime"
-version = "27.0.0"
+version = "28.0.0"
@@ -37 +37 @@ name = "wasmtime-cli"
-version = "27.0.0"
+version = "28.0.0"
@@ -46 +46 @@ name = "wasmtime-cranelift"
-version = "27.0.0"
+version = "28.0.0"
@@ -55 +55 @@ name = "wasmtime-environ"
-version = "27.0.0"
+version = "28.0.0"
diff --git a/Cargo.toml b/Cargo.toml
--- a/Cargo.toml
+++ b/Cargo.toml
@@ -10 +10 @@ exclude = ["crates/fuzzing"]
-version = "27.0.0"
+version = "28.0.0"
@@ -18,4 +18,4 @@ rust-version = "1.78.0"
-wasmtime = { path = "crates/wasmtime", version = "=27.0.0", default-features = false }
-wasmtime-environ = { path = "crates/environ", version = "=27.0.0" }
-wasmtime-cranelift = { path = "crates/cranelift", version = "=27.0.0" }
-wasi-common = { path = "crates/wasi-common", version = "=27.0.0" }
+wasmtime = { path = "crates/wasmtime", version = "=28.0.0", default-features = false }
+wasmtime-environ = { path = "crates/environ", version = "=28.0.0" }
+wasmtime-cranelift = { path = "crates/cranelift", version = "=28.0.0" }
+wasi-common = { path = "crates/wasi-common", version = "=28.0.0" }
diff --git a/RELEASES.md b/RELEASES.md
--- a/RELEASES.md
+++ b/RELEASES.md
@@ -1 +1 @@
-## 27.0.0
+## 28.0.0
@@ -3 +3 @@
-Unreleased.
+Released 2026-11-09.
diff --git a/crates/cranelift/Cargo.toml b/crates/cranelift/Cargo.toml
--- a/crates/cranelift/Cargo.toml
+++ b/crates/cranelift/Cargo.toml
@@ -3 +3 @@ name = "wasmtime-cranelift"
-version = "27.0.0"
+version = "28.0.0"
@@ -8 +8 @@ edition.workspace = true
-environ = { package = "wasmtime-environ", path = "../environ", version = "=27.0.0" }
+environ = { package = "wasmtime-environ", path = "../environ", version = "=28.0.0" }
@@ -13 +13 @@ path = "../wasmtime"
-version = "27.0.0"
+version = "28.0.0"
diff --git a/crates/wasi-common/Cargo.toml b/crates/wasi-common/Cargo.toml
--- a/crates/wasi-common/Cargo.toml
+++ b/crates/wasi-common/Cargo.toml
@@ -7 +7 @@ edition.workspace = true
-wasmtime = { path = "../wasmtime", version = "^27.0.0", default-features = false }
+wasmtime = { path = "../wasmtime", version = "^28.0.0", default-features = false }
@@ -12 +12 @@ wasmtime-environ.path = "../environ"
-wasmtime-environ.version = "=27.0.0"
+wasmtime-environ.version = "=28.0.0"
"""

PYTHON_MINOR = """\
diff --git a/CHANGELOG.md b/CHANGELOG.md
--- a/CHANGELOG.md
+++ b/CHANGELOG.md
@@ -7,0 +8,2 @@ The format follows [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).
+## [0.5.0] - 2026-11-09
+
@@ -28 +30,2 @@ The format follows [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).
-[unreleased]: https://github.com/example/sample-tool/compare/v0.4.1...HEAD
+[unreleased]: https://github.com/example/sample-tool/compare/v0.5.0...HEAD
+[0.5.0]: https://github.com/example/sample-tool/compare/v0.4.1...v0.5.0
diff --git a/pyproject.toml b/pyproject.toml
--- a/pyproject.toml
+++ b/pyproject.toml
@@ -7 +7 @@ name = "sample-tool"
-version = '0.4.1'  # keep in sync with src/sample_tool/__init__.py
+version = '0.5.0'  # keep in sync with src/sample_tool/__init__.py
diff --git a/src/sample_tool/__init__.py b/src/sample_tool/__init__.py
--- a/src/sample_tool/__init__.py
+++ b/src/sample_tool/__init__.py
@@ -3 +3 @@
-__version__ = "0.4.1"
+__version__ = "0.5.0"
diff --git a/uv.lock b/uv.lock
--- a/uv.lock
+++ b/uv.lock
@@ -12 +12 @@ name = "sample-tool"
-version = "0.4.1"
+version = "0.5.0"
"""

NPM_PATCH = """\
diff --git a/package-lock.json b/package-lock.json
--- a/package-lock.json
+++ b/package-lock.json
@@ -3 +3 @@
-  "version": "2.3.0",
+  "version": "2.3.1",
@@ -9 +9 @@
-      "version": "2.3.0",
+      "version": "2.3.1",
diff --git a/package.json b/package.json
--- a/package.json
+++ b/package.json
@@ -3 +3 @@
-  "version": "2.3.0",
+  "version": "2.3.1",
"""


@pytest.mark.parametrize(
    ("fixture", "kind", "previous", "version", "expected"),
    [
        ("cargo-workspace", "major", "27.0.0", "28.0.0", CARGO_MAJOR),
        ("python-uv", "minor", "0.4.1", "0.5.0", PYTHON_MINOR),
        ("npm-package", "patch", "2.3.0", "2.3.1", NPM_PATCH),
    ],
    ids=["cargo-workspace", "pyproject-uv-init", "package-json-lock"],
)
def test_bump_changes_exactly_the_version_strings(
    make_repo: Callable[..., Any],
    run_cli: Callable[..., Any],
    fixture: str,
    kind: str,
    previous: str,
    version: str,
    expected: str,
) -> None:
    repo = make_repo(fixture_files(fixture))
    result = run_cli(repo.path, "bump", kind, "--json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert (payload["previous"], payload["version"], payload["tag"]) == (
        previous,
        version,
        f"v{version}",
    )
    assert diff(repo) == expected
    assert sorted(payload["changed_files"]) == sorted(repo.git("diff", "--name-only").splitlines())


def test_dry_run_prints_the_diff_and_changes_nothing(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo(fixture_files("cargo-workspace"))
    result = run_cli(repo.path, "bump", "major", "--dry-run")
    assert result.code == 0, result.err
    assert '+version = "28.0.0"' in result.out
    assert '-wasmtime = { path = "crates/wasmtime", version = "=27.0.0"' in result.out
    assert repo.git("status", "--porcelain") == ""


def test_commit_carries_the_marker_and_only_the_bump(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo(fixture_files("npm-package"))
    result = run_cli(repo.path, "bump", "minor", "--commit", "--json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["commit_sha"] == repo.git("rev-parse", "HEAD")
    assert repo.git("log", "-1", "--format=%B") == (
        "Release v2.4.0\n\n[automatically-tag-and-release-this-commit]"
    )
    assert repo.git("show", "--name-only", "--format=", "HEAD").splitlines() == [
        "package-lock.json",
        "package.json",
    ]
    assert repo.git("status", "--porcelain") == ""


def test_commit_message_template_from_config(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    files = fixture_files("npm-package")
    files["release-kit.toml"] = (
        'commit-message = "Bump {name} {previous} -> {version}\\n\\n{marker}"\n'
        'marker = "[release]"\n'
    )
    repo = make_repo(files)
    result = run_cli(repo.path, "bump", "major", "--commit")
    assert result.code == 0, result.err
    assert (
        repo.git("log", "-1", "--format=%B") == "Bump @example/widget 2.3.0 -> 3.0.0\n\n[release]"
    )


def test_tag_only_project_writes_nothing_and_reports_the_tag(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo(fixture_files("setuptools-scm"))
    repo.git("tag", "0.3.2")
    repo.git("tag", "not-a-version")
    result = run_cli(repo.path, "bump", "minor", "--json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload == {
        "changed_files": [],
        "previous": "0.3.2",
        "tag": "0.4.0",
        "tag_only": True,
        "version": "0.4.0",
        "decided_by": "tag",
        "reason": "tag 0.3.2, the last release counting every release tag (main is not a"
        " release branch): the version comes from tags",
        "files_version": "",
        "last_release_tag": "0.3.2",
        "disagreement": "",
    }
    assert repo.git("status", "--porcelain") == ""
    shown = run_cli(repo.path, "version", "--json")
    assert json.loads(shown.out)["locations"] == ["refs/tags/0.3.2"]


def test_version_command_lists_every_location(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo(fixture_files("python-uv"))
    result = run_cli(repo.path, "version", "--json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["version"] == "0.4.1"
    assert payload["tag"] == "v0.4.1"
    assert payload["scheme"] == "pep440"
    assert payload["name"] == "sample-tool"
    assert payload["locations"] == [
        "pyproject.toml:7",
        "src/sample_tool/__init__.py:3",
        "uv.lock:12",
    ]


def test_version_at_a_commit_reads_that_commit(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo(fixture_files("npm-package"))
    first = repo.git("rev-parse", "HEAD")
    assert run_cli(repo.path, "bump", "major", "--commit").code == 0
    at_first = run_cli(repo.path, "version", "--at", first, "--json")
    assert json.loads(at_first.out)["version"] == "2.3.0"
    assert json.loads(run_cli(repo.path, "version", "--json").out)["version"] == "3.0.0"


def test_installed_console_script_runs(make_repo: Callable[..., Any]) -> None:
    repo = make_repo(fixture_files("npm-package"))
    proc = subprocess.run(
        [sys.executable, "-m", "release_kit", "version"],
        cwd=repo.path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("2.3.0  (tag v2.3.0, semver)")


def test_workspace_version_read_at_a_commit(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo(fixture_files("cargo-workspace"))
    assert run_cli(repo.path, "bump", "dev", "--commit").code == 0
    assert repo.read("Cargo.toml").count("28.0.0-dev") == 5
    before = json.loads(run_cli(repo.path, "version", "--at", "HEAD~1", "--json").out)
    after = json.loads(run_cli(repo.path, "version", "--at", "HEAD", "--json").out)
    assert (before["version"], after["version"]) == ("27.0.0", "28.0.0-dev")
    assert before["locations"][:2] == ["Cargo.toml:10", "crates/cranelift/Cargo.toml:3"]
    assert "RELEASES.md" not in repo.git("show", "--name-only", "--format=", "HEAD")


def test_explicit_bump_rerun_is_a_no_op(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo(fixture_files("python-uv"))
    first = run_cli(repo.path, "bump", "0.5.0", "--commit", "--json")
    assert first.code == 0, first.err
    head = repo.git("rev-parse", "HEAD")
    again = run_cli(repo.path, "bump", "0.5.0", "--commit", "--json")
    assert again.code == 0, again.err
    assert json.loads(again.out) == {
        "changed_files": [],
        "previous": "0.5.0",
        "tag": "v0.5.0",
        "tag_only": False,
        "unchanged": True,
        "version": "0.5.0",
    }
    assert repo.git("rev-parse", "HEAD") == head
    assert run_cli(repo.path, "bump", "0.4.9").code == 2


def test_tag_only_commit_is_an_empty_marker_commit(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo(fixture_files("setuptools-scm"))
    repo.git("tag", "0.3.2")
    result = run_cli(repo.path, "bump", "patch", "--commit", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["commit_sha"] == repo.git("rev-parse", "HEAD")
    assert repo.git("log", "-1", "--format=%B") == (
        "Release 0.3.3\n\n[automatically-tag-and-release-this-commit]"
    )
    assert repo.git("show", "--name-only", "--format=", "HEAD") == ""
