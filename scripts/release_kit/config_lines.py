"""On which line of a TOML file a key is defined, for `file:line` in configuration errors.

`tomllib` gives the meaning of a file, never where a key sits. This scan is
line based and only answers "where": table headers (`[a.b]`, `[[a.b]]`, the
n-th entry of an array of tables counted from 0) and `key = value` lines
(dotted keys included), skipping the inside of multi-line strings. A path it
cannot find falls back to its nearest ancestor that it can (a key inside an
inline table is reported at the line of that table's key).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Key = str | int

_PART = re.compile(r"""[ \t]*(?:([A-Za-z0-9_-]+)|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)')[ \t]*""")
_HEADER = re.compile(r"^[ \t]*(\[\[?)(.*?)(\]\]?)[ \t]*(?:#.*)?$")
_ASSIGN = re.compile(r"""^[ \t]*((?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[ \t.])+?)=""")
_TRIPLE = re.compile(r'"""|\'\'\'')


def split_key(text: str) -> tuple[str, ...] | None:
    """`a."b.c".d` -> ("a", "b.c", "d"); None when `text` is not a TOML key."""
    parts: list[str] = []
    pos = 0
    while True:
        match = _PART.match(text, pos)
        if not match or match.end() == pos:
            return None
        bare, basic, literal = match.groups()
        parts.append(bare if bare is not None else basic if basic is not None else literal)
        pos = match.end()
        if pos == len(text):
            return tuple(parts)
        if text[pos] != ".":
            return None
        pos += 1


def _definitions(text: str) -> list[tuple[tuple[Key, ...], int]]:
    """Every header and key line: (full key path, 1-based line), in file order."""
    found: list[tuple[tuple[Key, ...], int]] = []
    table: tuple[Key, ...] = ()
    entries: dict[tuple[Key, ...], int] = {}
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        header = _HEADER.match(line)
        path = split_key(header.group(2)) if header else None
        if header and path is not None and len(header.group(1)) == len(header.group(3)):
            if header.group(1) == "[[":
                index = entries.get(path, -1) + 1
                entries[path] = index
                table = (*path, index)
            else:
                table = path
            found.append((table, number))
            continue
        assign = _ASSIGN.match(line)
        keys = split_key(assign.group(1).strip()) if assign else None
        if keys is not None:
            found.append(((*table, *keys), number))
        opener = _TRIPLE.search(line)
        if opener and line.count(opener.group(0)) % 2 == 1:
            in_string = opener.group(0)
    return found


def key_line(text: str, path: Sequence[Key]) -> int | None:
    """The line defining `path` (or the nearest ancestor found), None when none is."""
    definitions = _definitions(text)
    wanted = tuple(path)
    while wanted:
        size = len(wanted)
        for defined, number in definitions:
            if defined[:size] == wanted:
                return number
        wanted = wanted[:-1]
    return None
