"""Building the project's sdist and wheel with `python -m build` or `uv build`."""

from __future__ import annotations

import email.message
import email.parser
import importlib.util
import shutil
import sys
import tarfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import tomli
from packaging.requirements import InvalidRequirement, Requirement

from release_kit.errors import InputError, ReleaseKitError
from release_kit.wheelhouse.proc import last_error_line, run


@dataclass(frozen=True)
class Built:
    sdist: Path
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
        data = tomli.loads(pyproject.read_text(encoding="utf-8"))
    except tomli.TOMLDecodeError as exc:
        raise InputError(f"{project.name}/pyproject.toml: invalid TOML: {exc}") from exc
    backend = data.get("build-system", {}).get("build-backend")
    if not backend and not has_setup:
        raise InputError(
            f"no build backend: {project.name}/pyproject.toml has no [build-system] build-backend"
            " (and there is no setup.py)"
        )


def find_uv() -> str | None:
    """uv on PATH, else the one installed beside this interpreter (the kit's private venv,
    where the build-wheelhouse action puts it from PyPI)."""
    found = shutil.which("uv")
    if found:
        return found
    beside = Path(sys.executable).parent / ("uv.exe" if sys.platform == "win32" else "uv")
    return str(beside) if beside.is_file() else None


def build_command(builder: str, source: Path, outdir: Path, kind: str) -> list[str]:
    """The command that builds an sdist of a source tree, or (kind "wheel") a wheel of an sdist.

    Together the two are what `python -m build` does by default: the wheel is
    built from the sdist, so a file missing from the sdist breaks the build.
    """
    if builder == "uv":
        uv = find_uv()
        if uv is None:
            raise InputError(
                "builder is uv, but uv is neither on PATH nor in release-kit's environment"
            )
        return [uv, "build", f"--{kind}", "--out-dir", str(outdir), str(source)]
    if importlib.util.find_spec("build") is None:
        raise ReleaseKitError(
            "the 'build' package is missing from release-kit's environment;"
            " install release-kit[wheelhouse]"
        )
    return [sys.executable, "-m", "build", f"--{kind}", "--outdir", str(outdir), str(source)]


def _wheel_metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as zf:
        names = [
            n for n in zf.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")
        ]
        if len(names) != 1:
            raise ReleaseKitError(
                f"{wheel.name}: expected one .dist-info/METADATA, found {len(names)}"
            )
        text = zf.read(names[0]).decode("utf-8")
    return email.parser.Parser().parsestr(text, headersonly=True)


def read_metadata(wheel: Path) -> tuple[str, str]:
    """(Name, Version) from the wheel's `*.dist-info/METADATA`."""
    msg = _wheel_metadata(wheel)
    name, version = msg.get("Name"), msg.get("Version")
    if not name or not version:
        raise ReleaseKitError(f"{wheel.name}: METADATA lacks Name or Version")
    return str(name), str(version)


def wheel_requirements(wheel: Path) -> list[str] | None:
    """The wheel's runtime requirements (extras left out), as `sdist_metadata` reads them."""
    return _runtime_requirements(_wheel_metadata(wheel))


def _runtime_requirements(msg: email.message.Message) -> list[str] | None:
    found: list[str] = []
    for raw in msg.get_all("Requires-Dist", []):
        try:
            req = Requirement(str(raw))
        except InvalidRequirement:
            return None
        if req.marker is None or "extra" not in str(req.marker):
            found.append(str(raw))
    return found


def _run_builder(cmd: list[str], cwd: Path, env: Mapping[str, str], what: str) -> None:
    proc = run(cmd, cwd=cwd, env=env)
    if proc.returncode != 0:
        reason = last_error_line(proc.stdout + "\n" + proc.stderr)
        raise ReleaseKitError(f"building {what} failed: {reason}")


def build_sdist(builder: str, project: Path, outdir: Path, env: Mapping[str, str]) -> Path:
    """Build the project's sdist into `outdir` (empty)."""
    check_backend(project)
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = build_command(builder, project, outdir, "sdist")
    _run_builder(cmd, project, env, f"the sdist of {project.name} with {builder}")
    sdists = sorted(outdir.glob("*.tar.gz"))
    if len(sdists) != 1:
        raise ReleaseKitError(f"{builder} produced {len(sdists)} sdists, expected one")
    return sdists[0]


def build_wheel(builder: str, sdist: Path, outdir: Path, env: Mapping[str, str]) -> Built:
    """Build the wheel from the sdist into `outdir`; exactly one wheel must come out."""
    cmd = build_command(builder, sdist, outdir, "wheel")
    _run_builder(cmd, sdist.parent, env, f"the wheel of {sdist.name} with {builder}")
    wheels = sorted(outdir.glob("*.whl"))
    if len(wheels) != 1:
        raise ReleaseKitError(f"{builder} produced {len(wheels)} wheels, expected one")
    name, version = read_metadata(wheels[0])
    return Built(sdist, wheels[0], name, version)


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


def sdist_metadata(sdist: Path) -> tuple[str, list[str] | None]:
    """(Name, the runtime requirements PKG-INFO declares), from an sdist.

    The requirements are None when they cannot be trusted before the wheel
    exists: metadata older than 2.2, or `Requires-Dist` marked Dynamic.
    Requirements that only apply to an extra are left out.
    """
    try:
        with tarfile.open(sdist, "r:gz") as tar:
            member = next(
                m
                for m in tar.getmembers()
                if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO")
            )
            handle = tar.extractfile(member)
            text = handle.read().decode("utf-8") if handle else ""
    except (StopIteration, tarfile.TarError, OSError) as exc:
        raise ReleaseKitError(f"{sdist.name}: no readable PKG-INFO ({exc})") from exc
    msg = email.parser.Parser().parsestr(text, headersonly=True)
    name = str(msg.get("Name", ""))
    try:
        modern = tuple(int(p) for p in str(msg.get("Metadata-Version", "1.0")).split(".")) >= (2, 2)
    except ValueError:
        modern = False
    dynamic = {str(v).strip().lower() for v in msg.get_all("Dynamic", [])}
    if not modern or "requires-dist" in dynamic:
        return name, None
    return name, _runtime_requirements(msg)
