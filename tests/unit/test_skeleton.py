"""The CLI frame, the config loader and the git adapter, before any command exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from release_kit import runner
from release_kit.config import load_config
from release_kit.errors import ConfigError, GitError
from release_kit.git import Git
from release_kit.tree import GitTree, WorkTree


def test_module_runs_as_python_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "release_kit", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("release-kit ")


def test_unknown_command_is_usage_error() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "release_kit", "no-such-command"], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, {}),
        ({"release-kit.toml": 'tag-format = "{version}"\n'}, {"tag-format": "{version}"}),
        ({".github/release-kit.toml": 'marker = "[m]"\n'}, {"marker": "[m]"}),
        (
            {"pyproject.toml": '[tool.release-kit]\nscheme = "pep440"\n'},
            {"scheme": "pep440"},
        ),
    ],
    ids=["none", "root-file", "github-dir", "pyproject"],
)
def test_config_sources(tmp_path: Path, files: dict[str, str], expected: dict[str, str]) -> None:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    assert dict(load_config(tmp_path).data) == expected


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"release-kit.toml": "a = [\n"}, "invalid TOML"),
        (
            {"release-kit.toml": "tag-formt = 'v{version}'\n"},
            "release-kit.toml:1: unknown key 'tag-formt' at the top level"
            " (did you mean 'tag-format'?)",
        ),
        (
            {"release-kit.toml": "", "pyproject.toml": "[tool.release-kit]\n"},
            "configuration found in both",
        ),
    ],
    ids=["syntax", "typo", "two-files"],
)
def test_config_errors(tmp_path: Path, files: dict[str, str], message: str) -> None:
    for rel, text in files.items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(tmp_path)


def test_section_type_errors_name_the_key(tmp_path: Path) -> None:
    (tmp_path / "release-kit.toml").write_text("[wheelhouse]\nverify = 'yes'\n", encoding="utf-8")
    section = load_config(tmp_path).section("wheelhouse")
    with pytest.raises(
        ConfigError, match=r"release-kit.toml:2: \[wheelhouse\] verify must be true"
    ):
        section.get_bool("verify", True)


def test_git_tree_reads_files_at_a_commit(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"VERSION": "1.0.0\n", "pkg/a.py": "x = 1\n"})
    first = repo.git("rev-parse", "HEAD")
    repo.write("VERSION", "2.0.0\n")
    repo.commit_all("bump")
    git = Git(repo.path)
    old = GitTree(git, first)
    assert old.read_text("VERSION") == "1.0.0\n"
    assert old.read_text("missing") is None
    assert old.glob("pkg/*.py") == ["pkg/a.py"]
    assert WorkTree(repo.path).read_text("VERSION") == "2.0.0\n"
    assert git.remote_ref("origin", "refs/heads/main") == first


def test_git_error_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="git rev-parse --show-toplevel") as caught:
        Git(tmp_path).toplevel()
    assert caught.value.exit_code == 2  # outside a repository: bad input, not a failed step
    with pytest.raises(GitError, match="is not in a git repository"):
        Git(tmp_path).try_rev_parse("HEAD")


@pytest.mark.parametrize(
    ("message", "file", "line", "expected"),
    [
        ("plain", None, None, "::error::plain"),
        ("two\nlines 100%", None, None, "::error::two%0Alines 100%25"),
        ("bad", "a,b:c.toml", 3, "::error file=a%2Cb%3Ac.toml,line=3::bad"),
    ],
    ids=["plain", "escaped-data", "escaped-file"],
)
def test_error_annotation(message: str, file: str | None, line: int | None, expected: str) -> None:
    assert runner.error_line(message, file=file, line=line) == expected


def test_emit_writes_step_outputs_multiline_safe(tmp_path: Path) -> None:
    import io

    from release_kit.context import Context

    out_file = tmp_path / "out"
    ctx = Context(cwd=tmp_path, env={"GITHUB_OUTPUT": str(out_file)}, out=io.StringIO())
    ctx.emit({"version": "1.2.3", "changed_files": ["a", "b"], "created": True, "notes": "x\ny"})
    text = out_file.read_text(encoding="utf-8")
    assert "version=1.2.3\n" in text
    assert 'changed-files=["a", "b"]\n' in text
    assert "created=true\n" in text
    _head, rest = text.split("notes<<", 1)
    delimiter = rest.split("\n", 1)[0]
    assert rest == f"{delimiter}\nx\ny\n{delimiter}\n"


def test_closed_pipe_is_not_an_error_trace(tmp_path: Path) -> None:
    (tmp_path / "VERSION").write_text("1.2.3\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "release_kit", "version"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the command prints
    err = proc.stderr.read().decode()
    proc.wait()
    assert "BrokenPipeError" not in err


def test_choice_errors_list_the_choices(tmp_path: Path) -> None:
    (tmp_path / "release-kit.toml").write_text('[changelog]\nstyle = "fancy"\n', encoding="utf-8")
    section = load_config(tmp_path).section("changelog")
    assert section.get_choice("missing", "auto", ("auto", "plain")) == "auto"
    with pytest.raises(
        ConfigError,
        match=r"release-kit.toml:2: \[changelog\] style must be one of auto, plain, got 'fancy'",
    ):
        section.get_choice("style", "auto", ("auto", "plain"))
