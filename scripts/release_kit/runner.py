"""The GitHub Actions runner's file and log protocols (outputs, summary, annotations)."""

from __future__ import annotations


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def error_line(message: str, *, file: str | None = None, line: int | None = None) -> str:
    """An `::error ...::message` workflow command, escaped as the runner expects."""
    props = []
    if file:
        props.append(f"file={_escape_property(file)}")
        if line:
            props.append(f"line={line}")
    head = "::error" + (" " + ",".join(props) if props else "")
    return f"{head}::{_escape_data(message)}"


def output_value(value: object) -> str:
    """How a result value is written as a step output: JSON for lists and tables."""
    import json

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


def append_summary(path: str, markdown: str) -> None:
    """Append Markdown to the file named by $GITHUB_STEP_SUMMARY."""
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(markdown.rstrip("\n") + "\n")
