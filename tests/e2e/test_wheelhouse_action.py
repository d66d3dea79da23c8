"""build-wheelhouse under act: one act invocation.

A push workflow builds the wheelhouse of a small project with the action
(in the kit's own pip-less venv, which the action completes with pip and
build), runs it again (the identical archive is left alone), merges the
result as a one-runner matrix would, and checks the archive against its
`.sha256` with sha256sum, as a user would. A last step builds it as the
hephaestus preset does: with uv (which the action installs from PyPI into the
kit's venv when the runner has none), under another name, flat.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

WORKFLOW = r"""
name: wheelhouse
on: push
permissions: {}
jobs:
  wheelhouse:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
        with:
          fetch-depth: 0
          persist-credentials: false
      - id: build
        uses: org/release-kit/actions/build-wheelhouse@v1
        with:
          version: "1.2.3"
          dists-dir: dist/python
      - id: again
        uses: org/release-kit/actions/build-wheelhouse@v1
        with:
          version: "1.2.3"
      - id: merge
        uses: org/release-kit/actions/build-wheelhouse@v1
        with:
          merge: dist
          output-dir: merged
      - id: check
        shell: bash
        env:
          ARCHIVE: ${{ steps.build.outputs.archive }}
        run: cd "$(dirname "${ARCHIVE}")" && sha256sum -c "$(basename "${ARCHIVE}").sha256"
      - id: flat
        uses: org/release-kit/actions/build-wheelhouse@v1
        with:
          version: "1.2.3"
          builder: uv
          archive-name: "pure-{version}-wheelhouse.tar.gz"
          layout: flat
          output-dir: flat
      - id: top-level
        shell: bash
        env:
          ARCHIVE: ${{ steps.flat.outputs.archive }}
        run: tar -tzf "${ARCHIVE}" | grep -x 'rk_pure-1\.2\.3-.*-none-any\.whl'
"""

FLIT = '[build-system]\nrequires = ["flit_core>=3.4,<5"]\nbuild-backend = "flit_core.buildapi"\n'


@pytest.mark.e2e
def test_build_rerun_and_merge_under_act(make_repo: Callable[..., Any], act_harness: Any) -> None:
    repo = make_repo(
        {
            "pyproject.toml": FLIT
            + '[project]\nname = "rk-pure"\nversion = "1.2.3"\ndescription = "pure"\n',
            "rk_pure/__init__.py": '"""Pure."""\n',
            ".gitignore": "dist/\nmerged/\nflat/\n",
        }
    )
    run = act_harness.run(WORKFLOW, workdir=repo.path, payload={"ref": "refs/heads/main"})
    assert run.returncode == 0, run.log[-5000:]

    built, again, merged = run.step("build"), run.step("again"), run.step("merge")
    assert built.outputs["archive-name"] == "rk-pure-1.2.3-wheelhouse.tar.gz"
    assert (built.outputs["wheel-count"], built.outputs["verified"]) == ("1", "true")
    assert int(built.outputs["size"]) > 0 and len(built.outputs["sha256"]) == 64
    assert built.outputs["assets"].splitlines() == [
        built.outputs["archive"],
        built.outputs["sha256-file"],
    ]
    wheel, sdist = (line.rsplit("/", 1)[-1] for line in built.outputs["dists"].splitlines())
    assert wheel.startswith("rk_pure-1.2.3-") and wheel.endswith("-none-any.whl")
    assert sdist == "rk_pure-1.2.3.tar.gz"
    assert again.outputs["unchanged"] == "true"
    assert again.outputs["sha256"] == built.outputs["sha256"]
    assert (merged.outputs["wheel-count"], merged.outputs["verified"]) == ("1", "true")
    assert merged.outputs["archive"].endswith("/merged/rk-pure-1.2.3-wheelhouse.tar.gz")
    assert run.step("check").outcome == "success"
    flat = run.step("flat")
    assert flat.outputs["archive-name"] == "pure-1.2.3-wheelhouse.tar.gz"
    assert (flat.outputs["verified"], flat.outputs["layout"]) == ("true", "flat")
    assert run.step("top-level").outcome == "success"
