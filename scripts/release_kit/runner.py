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
