"""Text a contributor wrote (changelog lines, issue titles, commit messages) is printed on
a runner as plain text: no line the kit prints can be a workflow command, and the
root action's `json` output is the command's JSON object and nothing else."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from test_action_scripts import _step

from release_kit.runner import error_line, inert, inert_json

HOSTILE = [
    "::stop-commands::pwned",
    "  ::add-mask::visible",
    "::set-output name=tag::v9.9.9",
    "- fixed ##[set-output name=tag;]v9.9.9 in the parser",
    "::error file=x::fake annotation",
]


def _commands(text: str) -> list[str]:
    """The lines the runner would read as workflow commands."""
    return [line for line in text.splitlines() if line.lstrip().startswith("::") or "##[" in line]


def test_inert_text_keeps_its_words_and_loses_its_commands() -> None:
    text = "\n".join(["plain line", *HOSTILE])
    assert _commands(inert(text)) == []
    assert inert(text).replace("\u200b", "") == text
    assert inert("a :: b, c") == "a :: b, c"
    encoded = json.dumps({"note": HOSTILE[3]})
    assert "##[" not in inert_json(encoded)
    assert json.loads(inert_json(encoded)) == {"note": HOSTILE[3]}
    assert _commands(error_line("\n".join(HOSTILE))) == [error_line("\n".join(HOSTILE))]


def test_a_hostile_changelog_prints_no_workflow_command_on_a_runner(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    changelog = "# Changelog\n\n## [Unreleased]\n\n" + "".join(f"{h}\n" for h in HOSTILE)
    repo = make_repo(
        {"pyproject.toml": '[project]\nname = "d"\nversion = "1.0.0"\n', "CHANGELOG.md": changelog}
    )
    for args in (["bump", "minor", "--dry-run"], ["bump", "minor", "--dry-run", "--json"]):
        result = run_cli(repo.path, *args, env={"GITHUB_ACTIONS": "true"})
        assert result.code == 0, result.err
        assert _commands(result.out + result.err) == [], args
    plain = run_cli(repo.path, "bump", "minor", "--dry-run", env={"GITHUB_ACTIONS": ""})
    assert "\n ::stop-commands::pwned\n" in plain.out  # off a runner the text is as written


def test_the_root_action_json_output_is_only_the_json(
    make_repo: Callable[..., Any], tmp_path: Path
) -> None:
    """`check` prints an ::error:: annotation per problem after its JSON: the `json`
    output must still be the object alone (it used to be the whole of stdout)."""
    repo = make_repo(
        {
            "pyproject.toml": '[project]\nname = "d"\nversion = "1.0.0"\n',
            "release-kit.toml": 'patch-branches = ["release/*"]\n',
        }
    )
    code, log, outputs = _step(
        "actions/setup/dispatch.sh",
        repo.path,
        tmp_path,
        command="check",
        args="bump\n--bump=patch\n",
    )
    assert code == 1, log
    assert "::error::check: policy: bump: patch releases are made on release/*" in log
    result = json.loads(outputs["json"])  # before: the whole of stdout, annotations included
    assert result["ready"] is False and result["problems"][0]["kind"] == "policy"
