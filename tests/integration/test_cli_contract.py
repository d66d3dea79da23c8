"""The CLI contract, checked for every command in `release_kit.cli.COMMANDS`.

design.md "Contracts": every command takes `--dry-run` (plan, change nothing)
and `--json` (one JSON object on stdout); exit 2 is bad usage or bad input,
with a one-line reason, and nothing left half-changed. The commands are read
from the registry when the tests are collected, and a command with no entry in
the tables below fails (never skips): a new command is covered, or exempted
with a written reason, before it can pass.

One project serves every case: a Python package with a changelog, `v1.2.3`
tagged and released on a local GitHub, `v1.3.0` tagged with no release, and
HEAD at 1.4.0 with no tag yet; `main` and both tags pushed to the bare origin.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import all_refs, git_tree_snapshot
from release_kit.cli import COMMANDS

TOKEN = "ghp_cli_contract_token_0123456789abcdef"


def _pyproject(version: str) -> str:
    return (
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
        f'[project]\nname = "sample"\nversion = "{version}"\n'
    )


def _changelog(*versions: str) -> str:
    sections = "".join(
        f"## [{v}] - 2026-11-0{i + 1}\n\n- Work of {v}.\n\n" for i, v in enumerate(versions)
    )
    return f"# Changelog\n\n## [Unreleased]\n\n{sections}"


@dataclass
class Project:
    repo: Any
    gh: Any
    run_cli: Callable[..., Any]
    env: dict[str, str] = field(default_factory=dict)

    def cli(self, *args: str) -> Any:
        return self.run_cli(self.repo.path, *args, env=self.env)

    def state(self) -> tuple[Any, ...]:
        """Work tree, local refs, origin refs and the server's objects."""
        s = self.gh.state
        server = repr(
            [
                sorted(map(repr, objects.values()))
                for objects in (s.releases, s.assets, s.pulls, s.issues, s.labels, s.milestones)
            ]
            + [s.statuses, s.check_runs, s.dispatches, s.latest_release_id]
        )
        return (
            git_tree_snapshot(self.repo.path),
            all_refs(self.repo.path),
            all_refs(self.repo.origin),
            server,
        )


@pytest.fixture
def project(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any], local_github: Callable[..., Any]
) -> Project:
    repo = make_repo(
        {
            "pyproject.toml": _pyproject("1.2.3"),
            "CHANGELOG.md": _changelog("1.2.3"),
            "src/sample/__init__.py": "",
        }
    )
    repo.git("tag", "-a", "-m", "Release 1.2.3", "v1.2.3")
    repo.write("pyproject.toml", _pyproject("1.3.0"))
    repo.write("CHANGELOG.md", _changelog("1.3.0", "1.2.3"))
    repo.commit_all("feat: things for 1.3.0")
    repo.git("tag", "-a", "-m", "Release 1.3.0", "v1.3.0")
    repo.write("pyproject.toml", _pyproject("1.4.0"))
    repo.write("src/sample/more.py", "X = 1\n")
    repo.commit_all("feat: more things for 1.4.0")
    repo.push("main", "refs/tags/v1.2.3", "refs/tags/v1.3.0")
    gh = local_github(repo.origin, token=TOKEN)
    env = {"GITHUB_API_URL": gh.api_url, "GITHUB_REPOSITORY": "org/repo", "GITHUB_TOKEN": TOKEN}
    proj = Project(repo, gh, run_cli, env)
    made = proj.cli("release", "v1.2.3", "--json")
    assert made.code == 0, made.err
    return proj


def _bump_result(p: Project) -> list[str]:
    """What `release-kit bump minor --json` leaves for `pr`: the edit and its JSON."""
    p.repo.write("pyproject.toml", _pyproject("1.5.0"))
    result = p.repo.path.parent / "bump.json"
    result.write_text(
        json.dumps(
            {
                "version": "1.5.0",
                "previous": "1.4.0",
                "tag": "v1.5.0",
                "changed_files": ["pyproject.toml"],
            }
        ),
        encoding="utf-8",
    )
    return ["--bump-result", str(result)]


def _bad_config(p: Project) -> list[str]:
    p.repo.write("release-kit.toml", 'scheme = "calendar-ish"\n')
    return []


@dataclass(frozen=True)
class Case:
    """The arguments after the command name; `setup` prepares the project, adds arguments."""

    args: tuple[str, ...]
    setup: Callable[[Project], list[str]] | None = None
    says: str = ""  # bad input: the error names the cause (not some other failure)


# (2) One clearly bad input per command, the kind a user or a workflow really sends.
BAD: dict[str, Case] = {
    # a revision that does not exist
    "version": Case(("--at", "no-such-rev"), says="no-such-rev"),
    # an invalid explicit version
    "bump": Case(("1.2.x",), says="'1.2.x' is not a valid"),
    # a config value outside its choices
    "next-version": Case((), _bad_config, says="scheme must be one of"),
    # a bump result that is not there
    "pr": Case(("--bump-result", "no-such-file.json"), says="no-such-file.json"),
    # an invalid version to title the section with
    "changelog": Case(("--version", "not.a.version"), says="'not.a.version' is not a valid"),
    # an unknown option value (argparse choices)
    "tag": Case(("--mode", "sideways"), says="invalid choice: 'sideways'"),
    # a tag that does not exist
    "branch": Case(("--tag", "v9.9.9"), says="v9.9.9"),
    # merge with nothing to merge
    "wheelhouse": Case(("merge",), says="name the partial wheelhouse archives"),
    # a tag that does not exist (and no --create-tag)
    "release": Case(("v9.9.9",), says="'v9.9.9' does not exist"),
    # an expected commit that does not exist
    "verify": Case(("v1.2.3", "--commit", "no-such-rev"), says="no-such-rev"),
    # a real deletion asked for without --yes
    "rollback": Case(("v1.2.3",), says="--yes"),
    # an unknown preset (argparse choices)
    "init": Case(("--preset", "nonesuch"), says="invalid choice: 'nonesuch'"),
    # a boolean workflow input that is neither true nor false
    "check": Case(("--draft", "maybe"), says="--draft takes true or false, got 'maybe'"),
}
BAD_EXEMPT: dict[str, str] = {}  # every command takes input that can be wrong

# (3) A valid input on which the command would change something (file, ref or release).
DRY: dict[str, Case] = {
    "bump": Case(("minor",)),  # would write 1.5.0 into pyproject.toml and the changelog
    "pr": Case((), _bump_result),  # would commit, push release-kit/bump and open the PR
    "changelog": Case(()),  # would write the Unreleased section
    "tag": Case(("--mode", "version")),  # would tag v1.4.0 at HEAD and push it
    "branch": Case(("--tag", "v1.3.0")),  # would create and push the release branch
    "wheelhouse": Case(()),  # would build and write dist/sample-1.4.0-wheelhouse.tar.gz
    "release": Case(("v1.3.0",)),  # would create the GitHub release of v1.3.0
    "rollback": Case(("v1.2.3",)),  # would delete the release and the tag v1.2.3
    "init": Case(("--preset", "default")),  # would write workflows and the configuration
}
# Commands that change nothing at all: (3) does not apply. Each is still run with
# --dry-run on this valid input, to check the claim (exit 0, nothing changed).
DRY_EXEMPT: dict[str, str] = {
    "version": "read-only: prints the version, writes nothing with or without --dry-run",
    "next-version": "read-only: computes the next version from commits, writes nothing",
    "verify": "read-only: reads the tag and the release (GET requests only)",
    "check": "read-only: evaluates the gates of a run, changes nothing anywhere",
}
READ_ONLY: dict[str, Case] = {
    "check": Case(("tag", "release")),
    "version": Case(()),
    "next-version": Case(()),
    "verify": Case(("v1.2.3",)),
}

# (kind, command) -> why that case is known to break the contract (strict xfail).
XFAIL: dict[tuple[str, str], str] = {}

WRITES = ("POST", "PATCH", "PUT", "DELETE")
READING_POSTS = ("/releases/generate-notes",)  # POST, but GitHub only renders notes


def _writes(gh: Any, since: int) -> list[Any]:
    """Requests after `since` that could change the server's state."""
    return [
        r for r in gh.requests[since:] if r.method in WRITES and not r.path.endswith(READING_POSTS)
    ]


def _params(kind: str) -> list[Any]:
    """One param per registered command, read from COMMANDS at collection time."""
    out = []
    for name in COMMANDS:
        marks: list[Any] = []
        if (kind, name) in XFAIL:
            marks.append(pytest.mark.xfail(strict=True, reason=XFAIL[kind, name]))
        if kind == "bad" and name in BAD_EXEMPT:
            marks.append(pytest.mark.skip(reason=f"exempt: {BAD_EXEMPT[name]}"))
        out.append(pytest.param(name, id=name, marks=marks))
    return out


def _one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{err}"
    assert lines[0].startswith("release-kit: error: "), lines[0]
    return lines[0]


def _one_json_object(out: str) -> dict[str, Any]:
    data = json.loads(out)  # raises on a second object or any other text
    assert isinstance(data, dict), out
    return data


def test_every_command_has_a_case_or_a_written_exemption() -> None:
    for name in COMMANDS:
        assert (name in BAD) != (name in BAD_EXEMPT), f"{name}: add a BAD case or exemption"
        assert (name in DRY) != (name in DRY_EXEMPT), f"{name}: add a DRY case or exemption"
    assert set(READ_ONLY) == set(DRY_EXEMPT), "each read-only exemption needs its READ_ONLY input"
    stale = (set(BAD) | set(BAD_EXEMPT) | set(DRY) | set(DRY_EXEMPT)) - set(COMMANDS)
    assert not stale, f"cases for commands that are gone: {sorted(stale)}"


@pytest.mark.parametrize("name", _params("help"))
def test_help_exits_0_and_mentions_dry_run_and_json(
    name: str, tmp_path: Path, run_cli: Callable[..., Any], capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(tmp_path, name, "--help")
    out = capsys.readouterr().out  # argparse prints help on the process's stdout
    assert result.code == 0
    assert "--dry-run" in out and "--json" in out


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("name", _params("usage"))
def test_unknown_option_is_a_one_line_usage_error(
    name: str, as_json: bool, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    result = run_cli(tmp_path, name, "--no-such-option", *(["--json"] if as_json else []))
    assert result.code == 2
    _one_error_line(result.err)  # the unknown option, or a required argument missing
    if as_json:
        assert _one_json_object(result.out)["exit_code"] == 2
    else:
        assert result.out == ""


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("name", _params("bad"))
def test_bad_input_exits_2_and_changes_nothing(project: Project, name: str, as_json: bool) -> None:
    case = BAD[name]
    extra = case.setup(project) if case.setup else []
    before, mark = project.state(), len(project.gh.requests)
    result = project.cli(name, *case.args, *extra, *(["--json"] if as_json else []))
    assert result.code == 2, result
    line = _one_error_line(result.err)
    assert case.says in line
    if as_json:
        data = _one_json_object(result.out)
        assert data["exit_code"] == 2
        assert line == f"release-kit: error: {data['error']}"
    assert project.state() == before
    assert not _writes(project.gh, mark)


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("name", _params("dry"))
def test_dry_run_exits_0_and_changes_nothing(project: Project, name: str, as_json: bool) -> None:
    case = READ_ONLY[name] if name in DRY_EXEMPT else DRY[name]
    extra = case.setup(project) if case.setup else []
    before, mark = project.state(), len(project.gh.requests)
    result = project.cli(name, *case.args, *extra, "--dry-run", *(["--json"] if as_json else []))
    assert result.code == 0, result
    if as_json:
        _one_json_object(result.out)
    else:
        assert (result.out + result.err).strip(), "a dry run prints its plan"
    assert project.state() == before
    assert not _writes(project.gh, mark)
