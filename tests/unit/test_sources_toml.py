"""The TOML and JSON span scanners agree with tomllib/json on where each string lives."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from release_kit.sources import jsonspans, tomlspans

DOC = """\
# comment with version = "0.0.1"
title = 'x' # trailing
[package]
name = "demo"
description = \"\"\"
version = "9.9.9"
\"\"\"
notes = '''it's "quoted"'''
keywords = [
  "a", # one
  "b",
]
[dependencies]
inline = { path = "../inline", version = "=1.0.0", features = ["x"] }
dotted.version = "^1.0.0"
"quoted key" = "1"
nested = { a = { b = "deep" } }
when = 1979-05-27T07:32:00Z
[target.'cfg(unix)'.dev-dependencies.foo]
version = "1.0.0"
[[bin]]
name = "one"
[[bin]]
name = "two"
[bin.metadata]
x = "meta"
"""


def _lookup(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def test_every_span_holds_the_value_tomllib_reads() -> None:
    spans = tomlspans.string_spans(DOC)
    data = tomllib.loads(DOC)
    paths = [s.path for s in spans]
    assert paths == [
        ("title",),
        ("package", "name"),
        ("package", "keywords", 0),
        ("package", "keywords", 1),
        ("dependencies", "inline", "path"),
        ("dependencies", "inline", "version"),
        ("dependencies", "inline", "features", 0),
        ("dependencies", "dotted", "version"),
        ("dependencies", "quoted key"),
        ("dependencies", "nested", "a", "b"),
        ("target", "cfg(unix)", "dev-dependencies", "foo", "version"),
        ("bin", 0, "name"),
        ("bin", 1, "name"),
        ("bin", 1, "metadata", "x"),
    ]
    for span in spans:
        assert span.raw == _lookup(data, span.path)
        assert DOC[span.start] == span.quote == DOC[span.end - 1]
        assert DOC.splitlines()[span.line - 1].find(DOC[span.start : span.end]) >= 0


KEYS = st.text(alphabet="abc-_", min_size=1, max_size=5)
VALUES = st.text(alphabet="0123456789.=^abc -'", max_size=8)


@given(
    st.dictionaries(KEYS, st.one_of(VALUES, st.dictionaries(KEYS, VALUES, max_size=3)), max_size=5)
)
def test_spans_of_generated_documents(table: dict[str, Any]) -> None:
    lines = []
    for key, value in table.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items())
            lines.append(f"{key} = {{ {inner} }}")
        else:
            lines.append(f"{key} = {json.dumps(value)}")
    text = "\n".join(lines) + "\n"
    data = tomllib.loads(text)
    for span in tomlspans.string_spans(text):
        assert span.raw == _lookup(data, span.path)


def test_json_spans() -> None:
    text = '{"name": "x", "version": "1.0.0", "a": [{"version": "2"}], "p": {"": {"version": "3"}}}'
    found = {s.path: text[s.start : s.end] for s in jsonspans.string_spans(text)}
    assert found == {
        ("name",): '"x"',
        ("version",): '"1.0.0"',
        ("a", 0, "version"): '"2"',
        ("p", "", "version"): '"3"',
    }
    data = json.loads(text)
    for span in jsonspans.string_spans(text):
        assert span.raw == _lookup(data, span.path)


@pytest.mark.parametrize(
    "bad", ['a = "x', "[table\n", "a = { b = 1 "], ids=["string", "header", "inline"]
)
def test_scanner_reports_broken_text(bad: str) -> None:
    with pytest.raises(tomlspans.TomlScanError):
        tomlspans.string_spans(bad)
