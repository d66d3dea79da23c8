"""Where each string value of a TOML document sits in its text.

`tomllib` says what a document means; it cannot say where a value is. This
scanner walks the text once and reports, for every string value (in tables,
dotted keys, inline tables and arrays), its key path and exact span, so an edit
replaces those characters and nothing else. Callers read meaning with tomllib
and use the spans only to edit: `locate()` refuses a span whose text does not
hold the value tomllib read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tomli

Key = str | int
Path = tuple[Key, ...]

_WS = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_INLINE_WS = re.compile(r"[ \t]*")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^\\]|\\.)*?"""(?!")|"""(?:[^\\]|\\.)*?""""{1,2}', re.S)
_ML_LITERAL = re.compile(r"'''.*?'''(?!')|'''.*?''''{1,2}", re.S)
_SCALAR = re.compile(r"[^\s,\]}#]+(?: [0-9:.+Z-]+)?")


@dataclass(frozen=True)
class StringSpan:
    path: Path
    start: int  # offset of the opening quote
    end: int  # offset just after the closing quote
    raw: str  # the text between the quotes
    quote: str  # '"' or "'"
    line: int  # 1-based


class TomlScanError(ValueError):
    pass


def _decode_key(token: str) -> str:
    if token[0] == "'":
        return token[1:-1]
    if token[0] == '"':
        if "\\" not in token:
            return token[1:-1]
        value = tomli.loads(f"k = {token}")["k"]
        assert isinstance(value, str)
        return value
    return token


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.found: list[StringSpan] = []
        self._line_starts: list[int] = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(self, offset: int) -> int:
        import bisect

        return bisect.bisect_right(self._line_starts, offset)

    def fail(self, what: str) -> TomlScanError:
        return TomlScanError(f"line {self.line_of(self.pos)}: {what}")

    def skip(self, pattern: re.Pattern[str] = _WS) -> None:
        match = pattern.match(self.text, self.pos)
        if match:
            self.pos = match.end()

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip(_INLINE_WS)
            for pattern in (_BARE, _BASIC, _LITERAL):
                match = pattern.match(self.text, self.pos)
                if match:
                    parts.append(_decode_key(match.group()))
                    self.pos = match.end()
                    break
            else:
                raise self.fail("expected a key")
            self.skip(_INLINE_WS)
            if self.text.startswith(".", self.pos):
                self.pos += 1
                continue
            return parts

    def value(self, path: Path) -> None:
        text, pos = self.text, self.pos
        char = text[pos : pos + 1]
        if text.startswith(('"""', "'''"), pos):
            match = (_ML_BASIC if char == '"' else _ML_LITERAL).match(text, pos)
            if not match:
                raise self.fail("unterminated multi-line string")
            self.pos = match.end()
        elif char in ('"', "'"):
            match = (_BASIC if char == '"' else _LITERAL).match(text, pos)
            if not match:
                raise self.fail("unterminated string")
            raw = match.group()[1:-1]
            self.found.append(StringSpan(path, pos, match.end(), raw, char, self.line_of(pos)))
            self.pos = match.end()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            match = _SCALAR.match(text, pos)
            if not match:
                raise self.fail("expected a value")
            self.pos = match.end()

    def array(self, path: Path) -> None:
        self.pos += 1
        index = 0
        while True:
            self.skip()
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return
            self.value((*path, index))
            index += 1
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith("]", self.pos):
                raise self.fail("expected , or ] in array")

    def inline_table(self, path: Path) -> None:
        self.pos += 1
        while True:
            self.skip(_INLINE_WS)
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return
            self.keyval(path)
            self.skip(_INLINE_WS)
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith("}", self.pos):
                raise self.fail("expected , or } in inline table")

    def keyval(self, table: Path) -> None:
        key = self.key()
        if not self.text.startswith("=", self.pos):
            raise self.fail("expected =")
        self.pos += 1
        self.skip(_INLINE_WS)
        self.value((*table, *key))

    def document(self) -> list[StringSpan]:
        table: Path = ()
        arrays: dict[tuple[str, ...], int] = {}
        while True:
            self.skip()
            if self.pos >= len(self.text):
                return self.found
            if self.text.startswith("[", self.pos):
                double = self.text.startswith("[[", self.pos)
                self.pos += 2 if double else 1
                names = tuple(self.key())
                closing = "]]" if double else "]"
                if not self.text.startswith(closing, self.pos):
                    raise self.fail(f"expected {closing}")
                self.pos += len(closing)
                if double:
                    arrays[names] = arrays.get(names, -1) + 1
                table = _with_indexes(names, arrays, include_last=double)
            else:
                self.keyval(table)


def _with_indexes(
    names: tuple[str, ...], arrays: dict[tuple[str, ...], int], *, include_last: bool
) -> Path:
    path: list[Key] = []
    for i, name in enumerate(names):
        path.append(name)
        prefix = names[: i + 1]
        if prefix in arrays and (i < len(names) - 1 or include_last):
            path.append(arrays[prefix])
    return tuple(path)


def string_spans(text: str) -> list[StringSpan]:
    """Every string value of a (valid) TOML document, with its key path and span."""
    return _Scanner(text).document()
