"""The GitHub Actions runner's file and log protocols.

Step outputs and environment files (multi-line safe), the step summary,
workflow commands on stdout (annotations, masking, log groups) and the event
payload. Functions that build a workflow command return the line; the caller
decides where to print it, so everything here is testable without a runner.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TextIO

from release_kit.errors import InputError

ANNOTATION_LEVELS = ("error", "warning", "notice")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# The runner reads a workflow command from any line of stdout or stderr that starts,
# after leading whitespace, with `::`, and (the old syntax) from `##[` anywhere.
_ZWSP = "\u200b"  # not whitespace to the runner: a line starting with it is plain text


def inert(text: str) -> str:
    """`text` (a contributor's changelog line, issue title, commit message...) printed on
    a runner as plain text: no line of it can be a workflow command (`::set-output`,
    `::stop-commands::`, `::add-mask::`, `##[...]`). Other text is unchanged."""
    if "::" not in text and "##[" not in text:
        return text
    lines = []
    for line in text.replace("##[", "#" + _ZWSP + "#[").split("\n"):
        if line.lstrip().startswith("::"):
            line = _ZWSP + line
        lines.append(line)
    return "\n".join(lines)


def inert_json(text: str) -> str:
    """One line of JSON that the runner never reads as a command: `##[` inside a string
    is written `##\\u005b` (the same JSON value); a JSON line never starts with `::`."""
    return text.replace("##[", "##\\u005b")


def command_line(name: str, message: str = "", **properties: str | int | None) -> str:
    """A `::name key=value,...::message` workflow command, escaped as the runner expects.

    Properties whose value is None or empty are left out; the rest keep their order.
    """
    props = [
        f"{key}={_escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None and value != ""
    ]
    head = f"::{name}" + (" " + ",".join(props) if props else "")
    return f"{head}::{_escape_data(message)}"


def annotation_line(
    level: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    end_line: int | None = None,
    col: int | None = None,
    title: str | None = None,
) -> str:
    """An error, warning or notice annotation; `line` and `col` only count with a file."""
    if level not in ANNOTATION_LEVELS:
        raise ValueError(f"unknown annotation level {level!r}")
    if not file:
        line = end_line = col = None
    elif not line:
        end_line = col = None
    return command_line(
        level,
        message,
        title=title,
        file=file,
        line=line or None,
        endLine=end_line or None,
        col=col or None,
    )


def error_line(message: str, *, file: str | None = None, line: int | None = None) -> str:
    """An `::error ...::message` workflow command, escaped as the runner expects."""
    return annotation_line("error", message, file=file, line=line)


def warning_line(
    message: str, *, file: str | None = None, line: int | None = None, title: str | None = None
) -> str:
    return annotation_line("warning", message, file=file, line=line, title=title)


def notice_line(
    message: str, *, file: str | None = None, line: int | None = None, title: str | None = None
) -> str:
    return annotation_line("notice", message, file=file, line=line, title=title)


def mask_lines(secret: str) -> list[str]:
    """`::add-mask::` commands hiding `secret` in later log lines.

    The runner masks line by line, so a multi-line secret is registered one
    line at a time; blank lines are skipped (masking "" would hide nothing
    useful and is refused by the runner).
    """
    parts = [part for part in secret.replace("\r\n", "\n").split("\n") if part.strip()]
    return [f"::add-mask::{_escape_data(part)}" for part in parts]


def mask(secret: str | None, out: TextIO) -> None:
    """Print the masking commands for `secret` (nothing for None or blank)."""
    for line in mask_lines(secret or ""):
        print(line, file=out, flush=True)


def group_start(title: str) -> str:
    return f"::group::{_escape_data(title)}"


def group_end() -> str:
    return "::endgroup::"


@contextmanager
def group(title: str, out: TextIO, *, enabled: bool = True) -> Iterator[None]:
    """Fold what is printed inside the block into one collapsible log group.

    With `enabled=False` (not on a runner) nothing extra is printed.
    """
    if enabled:
        print(group_start(title), file=out, flush=True)
    try:
        yield
    finally:
        if enabled:
            print(group_end(), file=out, flush=True)


def output_value(value: object) -> str:
    """How a result value is written as a step output: JSON for lists and tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, sort_keys=True)


def output_block(name: str, value: str) -> str:
    """One `$GITHUB_OUTPUT` entry; the heredoc form with a delimiter absent from the value."""
    import secrets

    if "\n" not in value and "\r" not in value:
        return f"{name}={value}\n"
    while True:
        delimiter = f"ghadelimiter_{secrets.token_hex(8)}"
        if delimiter not in value:
            return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"


def write_outputs(path: str, outputs: dict[str, object]) -> None:
    """Append outputs (names with `_` become `-`) to the file named by $GITHUB_OUTPUT."""
    text = "".join(
        output_block(key.replace("_", "-"), output_value(value)) for key, value in outputs.items()
    )
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def write_env(path: str, variables: Mapping[str, str]) -> None:
    """Append variables for later steps to the file named by $GITHUB_ENV (names kept)."""
    text = "".join(output_block(name, value) for name, value in variables.items())
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def append_summary(path: str, markdown: str) -> None:
    """Append Markdown to the file named by $GITHUB_STEP_SUMMARY."""
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(markdown.rstrip("\n") + "\n")


def read_event(env: Mapping[str, str]) -> dict[str, Any]:
    """The workflow's event payload (`$GITHUB_EVENT_PATH`), or {} off a runner.

    A payload that is named but cannot be read or is not a JSON object is an
    InputError: acting on a guessed event would be worse than stopping.
    """
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise InputError(f"cannot read the event payload {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"the event payload {path} is not valid JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise InputError(f"the event payload {path} is not a JSON object")
    return data
