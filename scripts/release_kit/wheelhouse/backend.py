"""Building the project's sdist and wheel with `python -m build` or `uv build`."""

from __future__ import annotations

import email.parser
import importlib.util
import shutil
import sys
import tomllib
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from release_kit.errors import InputError, ReleaseKitError
from release_kit.wheelhouse.proc import last_error_line, run


@dataclass(frozen=True)
class Built:
    sdist: Path | None
    wheel: Path
    name: str  # from the wheel's METADATA
    version: str  # from the wheel's METADATA


def check_backend(project: Path) -> None:
    """Refuse a directory that declares no way to build it (InputError, exit 2)."""
    pyproject = project / "pyproject.toml"
    has_setup = (project / "setup.py").is_file()
    if not pyproject.is_file():
        if has_setup:
            return
        raise InputError(
            f"no build backend: {project.name} has neither pyproject.toml nor setup.py"
        )
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{project.name}/pyproject.toml: invalid TOML: {exc}") from exc
    backend = data.get("build-system", {}).get("build-backend")
    if not backend and not has_setup:
        raise InputError(
            f"no build backend: {project.name}/pyproject.toml has no [build-system] build-backend"
            " (and there is no setup.py)"
        )


def build_command(builder: str, project: Path, outdir: Path) -> list[str]:
    """The command that builds an sdist and then the wheel from that sdist."""
    if builder == "uv":
        uv = shutil.which("uv")
        if uv is None:
            raise InputError("builder is uv, but uv is not on PATH")
        return [uv, "build", "--out-dir", str(outdir), str(project)]
    if importlib.util.find_spec("build") is None:
        raise ReleaseKitError(
            "the 'build' package is missing from release-kit's environment;"
            " install release-kit[wheelhouse]"
        )
    return [sys.executable, "-m", "build", "--outdir", str(outdir), str(project)]


def read_metadata(wheel: Path) -> tuple[str, str]:
    """(Name, Version) from the wheel's `*.dist-info/METADATA`."""
    with zipfile.ZipFile(wheel) as zf:
        names = [
            n for n in zf.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")
        ]
        if len(names) != 1:
            raise ReleaseKitError(
                f"{wheel.name}: expected one .dist-info/METADATA, found {len(names)}"
            )
        text = zf.read(names[0]).decode("utf-8")
    msg = email.parser.Parser().parsestr(text, headersonly=True)
    name, version = msg.get("Name"), msg.get("Version")
    if not name or not version:
        raise ReleaseKitError(f"{wheel.name}: METADATA lacks Name or Version")
    return str(name), str(version)


def build(builder: str, project: Path, outdir: Path, env: Mapping[str, str]) -> Built:
    """Build into `outdir` (empty); exactly one wheel must come out."""
    check_backend(project)
    proc = run(build_command(builder, project, outdir), cwd=project, env=env)
    if proc.returncode != 0:
        reason = last_error_line(proc.stdout + "\n" + proc.stderr)
        raise ReleaseKitError(f"building {project.name} with {builder} failed: {reason}")
    wheels = sorted(outdir.glob("*.whl"))
    sdists = sorted(outdir.glob("*.tar.gz"))
    if len(wheels) != 1:
        raise ReleaseKitError(f"{builder} produced {len(wheels)} wheels, expected one")
    name, version = read_metadata(wheels[0])
    return Built(sdists[0] if sdists else None, wheels[0], name, version)


def import_names(wheel: Path) -> list[str]:
    """Top-level importable names in a wheel (packages and modules), from its file list."""
    found: set[str] = set()
    with zipfile.ZipFile(wheel) as zf:
        for entry in zf.namelist():
            head, _, rest = entry.partition("/")
            if head.endswith((".dist-info", ".data")):
                continue
            if rest.endswith(".py"):
                found.add(head)
            elif not rest and head.endswith((".py", ".so", ".pyd")):
                found.add(head.split(".", 1)[0])
    return sorted(found)
