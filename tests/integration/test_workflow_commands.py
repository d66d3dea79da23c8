"""Text a contributor wrote (changelog lines, issue titles, commit messages) is printed on
a runner as plain text: no line the kit prints can be a workflow command, and the
root action's `json` output is the command's JSON object and nothing else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from release_kit.runner import error_line, inert, inert_json

ROOT = Path(__file__).resolve().parents[2]
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
    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "RELEASE_KIT_PYTHON": sys.executable,
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(output),
        "RK_INPUT_COMMAND": "check",
        "RK_INPUT_ARGS": "bump\n--bump=patch\n",
    }
    proc = subprocess.run(
        ["bash", str(ROOT / "actions/setup/dispatch.sh")],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "::error::check: policy: bump: patch releases are made on release/*" in proc.stdout
    (line,) = [x for x in output.read_text(encoding="utf-8").splitlines() if x.startswith("json")]
    result = json.loads(line.removeprefix("json="))  # one line of JSON: the `name=value` form
    assert result["ready"] is False and result["problems"][0]["kind"] == "policy"
