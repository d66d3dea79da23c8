"""A configuration typo stops every command at its start, naming the key, the table and the file.

Issue 12: `[release] note = [...]` passed `version` and `bump` and only failed
`release`, after the tag existed, and the message named `tool.release-kit.release`
for release-kit.toml. Here each section gets a typo in each of the three places
a configuration can live, and `bump --dry-run` (which reads none of the sections
but the top level and [changelog]) must exit 2 with one line naming the key and
the table as that file spells it, and leave the repository as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import all_refs, git_tree_snapshot

PYPROJECT = '[project]\nname = "sample"\nversion = "1.2.3"\n'


@dataclass(frozen=True)
class Kind:
    """Where the configuration lives, and how that file spells a table."""

    path: str
    prefix: str  # "" in release-kit.toml, "tool.release-kit." in pyproject.toml

    def render(self, config: str) -> str:
        """`{p}` before every table name, `{top}` where the top-level keys start."""
        top = "[tool.release-kit]\n" if self.prefix else ""
        return config.replace("{p}", self.prefix).replace("{top}", top)

    def files(self, config: str) -> dict[str, str]:
        text = self.render(config)
        if self.path == "pyproject.toml":
            return {"pyproject.toml": f"{PYPROJECT}\n{text}"}
        return {"pyproject.toml": PYPROJECT, self.path: text}

    def named(self, table: str | None, key: str) -> str:
        """How a message names `key` of `table` (None: a top-level key)."""
        if table is None:
            return f"[{self.prefix[:-1]}] {key}" if self.prefix else key
        return f"[{self.prefix}{table}] {key}"


KINDS = [
    Kind("release-kit.toml", ""),
    Kind(".github/release-kit.toml", ""),
    Kind("pyproject.toml", "tool.release-kit."),
]
KIND_IDS = [k.path for k in KINDS]


@dataclass(frozen=True)
class Typo:
    config: str  # the typo is on the line starting with `key`
    key: str
    where: str  # how the message places the key, with {p} for the prefix
    hint: str  # in the parentheses after it: the close key, or "it takes no keys"


TYPOS = {
    "top-level": Typo('{top}tag-formt = "v{version}"\n', "tag-formt", "", "'tag-format'"),
    "changelog": Typo('[{p}changelog]\nstlye = "plain"\n', "stlye", "changelog", "'style'"),
    "commits": Typo("[{p}commits]\nsectons = {}\n", "sectons", "commits", "'sections'"),
    "tag": Typo('[{p}tag]\nmod = "version"\n', "mod", "tag", "'mode'"),
    "branch": Typo('[{p}branch]\npatern = "release/{version}"\n', "patern", "branch", "'pattern'"),
    "release": Typo('[{p}release]\nnote = ["changelog"]\n', "note", "release", "'notes'"),
    "wheelhouse": Typo('[{p}wheelhouse]\nbuidler = "uv"\n', "buidler", "wheelhouse", "'builder'"),
    "pr": Typo('[{p}pr]\ntitel = "Release {version}"\n', "titel", "pr", "'title'"),
    "github": Typo('[{p}github]\napi-url = "x"\n', "api-url", "github", "it takes no keys"),
    "init": Typo('[{p}init]\npreseet = "default"\n', "preseet", "init", "'preset'"),
    "files": Typo(
        '[[{p}files]]\npath = "VERSION"\npatern = "^{version}$"\n',
        "patern",
        "[[{p}files]] entry 1",
        "'pattern'",
    ),
}


def _placed(kind: Kind, typo: Typo) -> str:
    if not typo.where:
        return "in [tool.release-kit]" if kind.prefix else "at the top level"
    if typo.where.startswith("[["):
        return "in " + typo.where.replace("{p}", kind.prefix)
    return f"in [{kind.prefix}{typo.where}]"


def _line_of(text: str, key: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key} ="))


def _state(repo: Any) -> tuple[Any, ...]:
    return git_tree_snapshot(repo.path), all_refs(repo.path), all_refs(repo.origin)


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
@pytest.mark.parametrize("typo", TYPOS.values(), ids=list(TYPOS))
def test_a_typo_in_any_section_fails_bump_dry_run(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any], kind: Kind, typo: Typo
) -> None:
    files = kind.files(typo.config)
    repo = make_repo(files)
    before = _state(repo)
    result = run_cli(repo.path, "bump", "patch", "--dry-run")
    assert result.code == 2, result.out + result.err
    line = _line_of(files[kind.path], typo.key)
    expected = (
        f"release-kit: error: {kind.path}:{line}: unknown key '{typo.key}'"
        f" {_placed(kind, typo)} (did you mean {typo.hint}?)"
        if typo.hint.startswith("'")
        else f"release-kit: error: {kind.path}:{line}: unknown key '{typo.key}'"
        f" {_placed(kind, typo)} ({typo.hint})"
    )
    assert result.err.splitlines() == [expected]
    assert result.out == ""
    assert _state(repo) == before


RIGHT = (
    '{top}tag-format = "v{version}"\n'
    '[[{p}files]]\npath = "include/version.h"\npattern = \'^#define V "{version}"$\'\n'
    '[{p}changelog]\nstyle = "plain"\n[{p}commits]\nsections = {}\n[{p}tag]\nmode = "version"\n'
    '[{p}branch]\npattern = "release/{version}"\n[{p}release]\nnotes = ["generated"]\n'
    '[{p}wheelhouse]\nbuilder = "uv"\n[{p}pr]\ntitle = "Release {version}"\n[{p}github]\n'
    '[{p}init]\npreset = "default"\n'
)


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_the_same_sections_spelled_right_pass(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any], kind: Kind
) -> None:
    """The control: every section above, spelled right, passes (so the typo is the cause)."""
    files = {**kind.files(RIGHT), "include/version.h": '#define V "1.2.3"\n'}
    repo = make_repo(files)
    result = run_cli(repo.path, "bump", "patch", "--dry-run")
    assert result.code == 0, result.err
    assert '+#define V "1.2.4"' in result.out


WRONG = {
    "top-choice": ('{top}scheme = "calver"\n', None, "scheme", "must be one of auto, semver,"),
    "not-a-table": ("{top}release = 3\n", None, "release", "must be a table, got 3"),
    "release-bool": ('[{p}release]\ndraft = "yes"\n', "release", "draft", "must be true or"),
    "tag-number": ("[{p}tag]\nchecks-timeout = true\n", "tag", "checks-timeout", "must be a"),
    "pr-list": ("[{p}pr]\nlabels = [1]\n", "pr", "labels", "must be a list of strings"),
    "init-choice": ('[{p}init]\npreset = "nonesuch"\n', "init", "preset", "must be one of"),
}


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
@pytest.mark.parametrize(("config", "table", "key", "problem"), WRONG.values(), ids=list(WRONG))
def test_a_wrong_type_names_the_table_as_the_file_spells_it(
    make_repo: Callable[..., Any],
    run_cli: Callable[..., Any],
    kind: Kind,
    config: str,
    table: str | None,
    key: str,
    problem: str,
) -> None:
    files = kind.files(config)
    repo = make_repo(files)
    before = _state(repo)
    result = run_cli(repo.path, "bump", "patch", "--dry-run")
    assert result.code == 2, result.err
    line = _line_of(files[kind.path], key)
    prefix = f"release-kit: error: {kind.path}:{line}: {kind.named(table, key)} {problem}"
    assert len(result.err.splitlines()) == 1 and result.err.startswith(prefix), result.err
    assert _state(repo) == before


def test_the_issue_typo_fails_version_bump_and_next_version_under_json(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    """`[release] note` in release-kit.toml: every command refuses, with the same line."""
    repo = make_repo({"pyproject.toml": PYPROJECT, "release-kit.toml": "[release]\nnote = []\n"})
    before = _state(repo)
    message = "release-kit.toml:2: unknown key 'note' in [release] (did you mean 'notes'?)"
    for args in (("version",), ("bump", "patch"), ("next-version",), ("tag", "--mode", "version")):
        result = run_cli(repo.path, *args, "--json")
        assert result.code == 2, (args, result.err)
        assert json.loads(result.out) == {"error": message, "exit_code": 2}, args
        assert result.err.strip() == f"release-kit: error: {message}", args
    assert _state(repo) == before


def test_a_subdirectory_finds_the_configuration_at_the_root(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo({"pyproject.toml": PYPROJECT, "release-kit.toml": "[pr]\nlabel = []\n"})
    (repo.path / "docs").mkdir()
    result = run_cli(repo.path / "docs", "version")
    assert result.code == 2
    assert "release-kit.toml:2: unknown key 'label' in [pr] (did you mean 'labels'?)" in result.err


def test_on_a_runner_the_error_annotates_the_file_and_line(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    config = '[tag]\nmode = "version"\n\n[release]\nnote = []\n'
    repo = make_repo({"pyproject.toml": PYPROJECT, ".github/release-kit.toml": config})
    result = run_cli(repo.path, "version", env={"GITHUB_ACTIONS": "true"})
    assert result.code == 2
    assert "::error file=.github/release-kit.toml,line=5::.github/release-kit.toml:5:" in result.out


@pytest.mark.parametrize(
    "args",
    [("init",), ("init", "--preset", "default"), ("init", "--force")],
    ids=["no-preset", "no-force", "force-without-preset"],
)
def test_init_refuses_to_render_on_top_of_a_broken_configuration(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any], args: tuple[str, ...]
) -> None:
    config = '[init]\npreset = "default"\n\n[release]\nnote = []\n'
    repo = make_repo({"pyproject.toml": PYPROJECT, ".github/release-kit.toml": config})
    before = _state(repo)
    result = run_cli(repo.path, *args)
    assert result.code == 2
    assert (
        ".github/release-kit.toml:5: unknown key 'note' in [release] (did you mean 'notes'?);"
        " fix it first, or release-kit init --preset" in result.err
    )
    assert _state(repo) == before


def test_init_with_preset_and_force_replaces_a_broken_release_kit_toml(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    config = '[init]\npreset = "default"\n\n[release]\nnote = []\n'
    repo = make_repo({"pyproject.toml": PYPROJECT, ".github/release-kit.toml": config})
    result = run_cli(repo.path, "init", "--preset", "default", "--force")
    assert result.code == 0, result.err
    assert "note =" not in repo.read(".github/release-kit.toml")
    assert run_cli(repo.path, "version").code == 0


def test_init_never_replaces_a_broken_pyproject_table(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo({"pyproject.toml": PYPROJECT + "\n[tool.release-kit.release]\nnote = []\n"})
    before = _state(repo)
    result = run_cli(repo.path, "init", "--preset", "default", "--force")
    assert result.code == 2
    assert (
        "pyproject.toml:6: unknown key 'note' in [tool.release-kit.release]"
        " (did you mean 'notes'?); fix it first" in result.err
    )
    assert "--force replaces" not in result.err
    assert _state(repo) == before
