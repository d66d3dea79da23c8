"""Runner protocol helpers: annotations, masking, groups, env files and the event payload."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from release_kit import runner
from release_kit.errors import InputError


@pytest.mark.parametrize(
    ("level", "kwargs", "expected"),
    [
        ("error", {}, "::error::msg"),
        (
            "warning",
            {"file": "pyproject.toml", "line": 7},
            "::warning file=pyproject.toml,line=7::msg",
        ),
        (
            "notice",
            {"file": "a.py", "line": 2, "end_line": 4, "col": 5, "title": "T: one, two"},
            "::notice title=T%3A one%2C two,file=a.py,line=2,endLine=4,col=5::msg",
        ),
        ("error", {"line": 3}, "::error::msg"),
        ("warning", {"file": "f", "col": 3}, "::warning file=f::msg"),
    ],
    ids=["bare", "file-line", "all-properties", "line-without-file", "col-without-line"],
)
def test_annotation_properties(level: str, kwargs: dict[str, object], expected: str) -> None:
    assert runner.annotation_line(level, "msg", **kwargs) == expected  # type: ignore[arg-type]


def test_annotation_rejects_unknown_level() -> None:
    with pytest.raises(ValueError, match="unknown annotation level"):
        runner.annotation_line("debug", "x")


@pytest.mark.parametrize(
    ("func", "expected"),
    [
        (runner.warning_line, "::warning file=x.toml,line=1::a%0Ab"),
        (runner.notice_line, "::notice file=x.toml,line=1::a%0Ab"),
        (runner.error_line, "::error file=x.toml,line=1::a%0Ab"),
    ],
    ids=["warning", "notice", "error"],
)
def test_level_shortcuts_escape_messages(func, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert func("a\nb", file="x.toml", line=1) == expected


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        ("ghp_abc", ["::add-mask::ghp_abc"]),
        (
            "line1\nline2\r\n\nline3",
            ["::add-mask::line1", "::add-mask::line2", "::add-mask::line3"],
        ),
        ("", []),
        ("  \n", []),
        ("50%", ["::add-mask::50%25"]),
    ],
    ids=["single", "multi-line", "empty", "blank", "percent"],
)
def test_mask_lines(secret: str, expected: list[str]) -> None:
    assert runner.mask_lines(secret) == expected


def test_mask_prints_nothing_for_none() -> None:
    out = io.StringIO()
    runner.mask(None, out)
    runner.mask("tok", out)
    assert out.getvalue() == "::add-mask::tok\n"


@pytest.mark.parametrize("enabled", [True, False], ids=["on-runner", "local"])
def test_group_wraps_output_even_on_error(enabled: bool) -> None:
    out = io.StringIO()
    with pytest.raises(RuntimeError), runner.group("Install: a%b", out, enabled=enabled):
        print("inside", file=out)
        raise RuntimeError("boom")
    expected = "::group::Install: a%25b\ninside\n::endgroup::\n" if enabled else "inside\n"
    assert out.getvalue() == expected


def test_write_env_is_multiline_safe(tmp_path: Path) -> None:
    env_file = tmp_path / "env"
    runner.write_env(str(env_file), {"RELEASE_KIT_PYTHON": "/x/python", "NOTES": "a\nb"})
    text = env_file.read_text(encoding="utf-8")
    assert text.startswith("RELEASE_KIT_PYTHON=/x/python\nNOTES<<ghadelimiter_")
    assert "\na\nb\n" in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"ref": "refs/heads/main", "after": "abc"}', {"ref": "refs/heads/main", "after": "abc"}),
        ("{}", {}),
    ],
    ids=["push", "empty-object"],
)
def test_read_event(tmp_path: Path, content: str, expected: dict[str, str]) -> None:
    path = tmp_path / "event.json"
    path.write_text(content, encoding="utf-8")
    assert runner.read_event({"GITHUB_EVENT_PATH": str(path)}) == expected


def test_read_event_off_a_runner_is_empty() -> None:
    assert runner.read_event({}) == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read the event payload"),
        ("{nope", "not valid JSON"),
        ("[1]", "not a JSON object"),
    ],
    ids=["missing", "malformed", "not-object"],
)
def test_read_event_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "event.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        runner.read_event({"GITHUB_EVENT_PATH": str(path)})


def test_outputs_round_trip_json_values(tmp_path: Path) -> None:
    out_file = tmp_path / "out"
    runner.write_outputs(str(out_file), {"changed_files": ["a.toml"], "pr_number": 3, "none": None})
    lines = out_file.read_text(encoding="utf-8").splitlines()
    assert lines == ['changed-files=["a.toml"]', "pr-number=3", "none="]
    assert json.loads(lines[0].split("=", 1)[1]) == ["a.toml"]
