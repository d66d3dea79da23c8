"""The pure checks behind the review's bad-input findings (see test_review_bad_input.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from release_kit.config import Config, pyproject_problem
from release_kit.errors import InputError, RefusedError
from release_kit.pr.plan import check_carried_version
from release_kit.release.inputs import check_release_tag
from release_kit.settings import CoreSettings


@pytest.mark.parametrize(
    ("text", "data", "expected"),
    [
        ("tool = 'x'\n", {"tool": "x"}, ("[tool] must be a table, got 'x'", 1)),
        (
            "[tool]\npoetry = 3\n",
            {"tool": {"poetry": 3}},
            ("[tool.poetry] must be a table, got 3", 2),
        ),
        ("project = []\n", {"project": []}, ("[project] must be a table, got []", 1)),
        ("[tool.other]\nx = 1\n", {"tool": {"other": {"x": 1}}}, None),
        ("", {}, None),
    ],
    ids=["tool-string", "poetry-int", "project-list", "fine", "empty"],
)
def test_pyproject_problem(text: str, data: dict[str, object], expected: object) -> None:
    assert pyproject_problem(data, text) == expected


CORE = CoreSettings.from_config(Config(root=Path("."), source=None, data={}))


@pytest.mark.parametrize("tag", ["v1.2.0", "v0.6", "v2.0.0-rc.1", "dev-latest"])
def test_release_tags_pass(tag: str) -> None:
    check_release_tag(tag, CORE, "dev-latest")


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("v1.2.0\nx", r"'v1.2.0\\nx' matches neither"),
        ("1.2.0", "matches neither tag-format 'v{version}'"),
        ("v1", "floating tag"),
        ("dev-latest", "matches neither"),  # no rolling tag configured
    ],
)
def test_other_tags_are_bad_input(tag: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_release_tag(tag, CORE, None)


def test_carried_version() -> None:
    check_carried_version("1.3.0rc1", "1.3.0-rc1", "pep440")  # one version, two spellings
    check_carried_version("1.3.0", "1.3.0", "semver")
    with pytest.raises(RefusedError, match=r"bump result is version 1\.3\.0, but .* carry 1\.2\.3"):
        check_carried_version("1.3.0", "1.2.3", "semver")
