"""Issue 16 on Hephaestus' real repository: `release-kit init --preset hephaestus` gives a
configuration whose wheelhouse has the name Hephaestus' own publish workflow and release
documents give it, built the way that workflow builds (`uv build`).

The oracle is read from the real files, independently of the kit: the archive name the
publish workflow computes (an f-string of `version`), the version and distribution name
in pyproject.toml, and the build command the workflow runs.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from realworld import real_repos
from release_kit.config import load_config
from release_kit.wheelhouse.naming import DEFAULT_ARCHIVE_NAME, archive_file_name
from release_kit.wheelhouse.settings import WheelhouseSettings


def _real_archive_name(repo: Path, version: str) -> str:
    """The name the real publish workflow gives the archive, for `version`."""
    workflow = (repo / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    (template,) = re.findall(r'archive = f"([^"]+)"', workflow)
    return template.replace("{version}", version)


def test_preset_config_names_the_archive_as_hephaestus_does(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    real_repos.require()
    repo = real_repos.materialize("hephaestus", tmp_path / "hephaestus")
    project = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name, version = project["name"], project["version"]
    expected = _real_archive_name(repo, version)
    docs = (repo / "docs" / "how-to" / "release-process.md").read_text(encoding="utf-8")
    assert expected.replace(version, "{version}") in docs  # the documents agree
    assert archive_file_name(DEFAULT_ARCHIVE_NAME, name, version) != expected  # issue 16

    result = run_cli(repo, "init", "--preset", "hephaestus", "--force")
    assert result.code == 0, result.err
    settings = WheelhouseSettings.from_config(load_config(repo))
    assert archive_file_name(settings.archive_name, name, version) == expected
    assert settings.layout == "flat"
    workflow = (repo / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert re.search(r"run: uv build\s*$", workflow, re.M) and settings.builder == "uv"
