"""What the kit's environment lacks for `wheelhouse build`: one pip requirement a line.

`python -m release_kit.wheelhouse.needs [-C DIR] [--builder build|uv]` prints
`build>=1.2` when the builder is `build` and the package is missing, `uv` when
the builder is `uv` and no uv is on PATH or beside this interpreter. The
build-wheelhouse action installs what it prints into the kit's private venv
(never into the caller's Python). A configuration it cannot read prints
nothing: the wheelhouse command itself then reports the error.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path

from release_kit.errors import ReleaseKitError

BUILD_REQUIREMENT = "build>=1.2"
UV_REQUIREMENT = "uv>=0.4"


def missing(builder: str, *, has_build: bool, has_uv: bool) -> list[str]:
    """The requirements to install for `builder` (pure)."""
    if builder == "uv":
        return [] if has_uv else [UV_REQUIREMENT]
    return [] if has_build else [BUILD_REQUIREMENT]


def main(argv: Sequence[str] | None = None) -> int:
    from release_kit.config import load_config
    from release_kit.wheelhouse.backend import find_uv
    from release_kit.wheelhouse.settings import BUILDERS, WheelhouseSettings

    parser = argparse.ArgumentParser(prog="python -m release_kit.wheelhouse.needs")
    parser.add_argument("-C", dest="root", type=Path, default=Path("."))
    parser.add_argument("--builder", default=None)  # checked by the wheelhouse command
    args = parser.parse_args(argv)
    builder = args.builder
    if builder is None:
        try:
            builder = WheelhouseSettings.from_config(load_config(args.root)).builder
        except ReleaseKitError:
            return 0
    if builder not in BUILDERS:
        return 0
    has_build = importlib.util.find_spec("build") is not None
    for line in missing(builder, has_build=has_build, has_uv=find_uv() is not None):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
