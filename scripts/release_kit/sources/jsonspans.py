"""Where each string value of a JSON document sits in its text (cf. tomlspans)."""

from __future__ import annotations

import re
from dataclasses import dataclass

Path = tuple[str | int, ...]

_TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|([{}\[\]:,])|([^\s{}\[\]:,"]+))', re.S)


@dataclass(frozen=True)
class JsonString:
    path: Path
    start: int  # offset of the opening quote
    end: int  # just after the closing quote
    raw: str  # text between the quotes


def string_spans(text: str, wanted: set[Path] | None = None) -> list[JsonString]:
    """String values of a valid JSON document (only paths in `wanted` when given)."""
    import json

    found: list[JsonString] = []
    stack: list[list[object]] = []  # frames: [kind, key_or_index, expecting_key]
    pos = 0
    pending_key: str | None = None

    def path_here() -> Path:
        return tuple(frame[1] for frame in stack)  # type: ignore[misc]

    while True:
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            return found
        pos = match.end()
        string, punct, _ = match.groups()
        frame = stack[-1] if stack else None
        if punct in ("{", "["):
            if frame is not None and frame[0] == "{":
                frame[1] = pending_key
            stack.append([punct, 0 if punct == "[" else None, punct == "{"])
        elif punct in ("}", "]"):
            stack.pop()
        elif punct == ",":
            if frame is not None:
                if frame[0] == "[":
                    frame[1] = int(frame[1]) + 1  # type: ignore[call-overload]
                else:
                    frame[2] = True
        elif punct == ":":
            assert frame is not None
            frame[2] = False
        elif string is not None:
            if frame is not None and frame[0] == "{" and frame[2]:
                key = json.loads(string) if "\\" in string else string[1:-1]
                pending_key = key
                continue
            if frame is not None and frame[0] == "{":
                frame[1] = pending_key
            path = path_here()
            if wanted is None or path in wanted:
                start = match.start(1)
                found.append(JsonString(path, start, match.end(1), string[1:-1]))
