"""What goes inside a wheelhouse archive: pure functions of names and bytes."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from release_kit.checksums import sha256_hex, sha256sums
from release_kit.errors import InputError
from release_kit.wheelhouse.naming import FLAT, FOLDER, archive_stem

MANIFEST = "manifest.json"
SHA256SUMS = "SHA256SUMS"
INSTALL = "INSTALL.txt"
METADATA_FILES = (INSTALL, MANIFEST, SHA256SUMS)
FORMAT_VERSION = 1


def is_junk(name: str) -> bool:
    """Finder and AppleDouble files, and anything inside a `__MACOSX` folder."""
    parts = name.replace("\\", "/").split("/")
    base = parts[-1]
    return base in (".DS_Store", "Thumbs.db") or base.startswith("._") or "__MACOSX" in parts


@dataclass(frozen=True)
class WheelEntry:
    """One wheel of the wheelhouse: its file name, checksum, size and tags."""

    filename: str
    sha256: str
    size: int
    project: str
    version: str
    tags: tuple[str, ...]

    @classmethod
    def from_bytes(cls, filename: str, data: bytes) -> WheelEntry:
        try:
            name, version, _build, tags = parse_wheel_filename(filename)
        except InvalidWheelFilename as exc:
            raise InputError(f"{filename}: not a valid wheel file name ({exc})") from exc
        return cls(
            filename=filename,
            sha256=sha256_hex(data),
            size=len(data),
            project=str(name),
            version=str(version),
            tags=tuple(sorted(str(t) for t in tags)),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "project": self.project,
            "version": self.version,
            "sha256": self.sha256,
            "size": self.size,
            "tags": list(self.tags),
        }


def manifest(
    *,
    name: str,
    version: str,
    wheels: Sequence[WheelEntry],
    targets: Sequence[Mapping[str, Any]],
    tools: Mapping[str, str],
    source_date_epoch: int,
    merged_from: Sequence[Mapping[str, Any]] = (),
) -> str:
    """manifest.json text: stable key order, no paths, no clock reading."""
    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "name": name,
        "version": version,
        "source_date_epoch": source_date_epoch,
        "targets": list(targets),
        "tools": dict(sorted(tools.items())),
        "wheels": [w.as_json() for w in sorted(wheels, key=lambda w: w.filename)],
    }
    if merged_from:
        data["merged_from"] = list(merged_from)
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def install_text(
    name: str, version: str, file_name: str, targets: Sequence[str], layout: str = FOLDER
) -> str:
    """The short INSTALL.txt shipped in the archive (how to unpack depends on the layout)."""
    stem = archive_stem(file_name)
    unpack = f"  tar -xzf {file_name}"
    if layout == FLAT:  # the files are at the top level: unpack into a folder of their own
        unpack = f"  mkdir {stem} && tar -xzf {file_name} -C {stem}"
    lines = [
        f"{name} {version}: offline wheelhouse",
        "",
        "Check, unpack and install without a package index:",
        "",
        f"  sha256sum -c {file_name}.sha256",
        unpack,
        f"  cd {stem} && sha256sum -c SHA256SUMS && cd ..",
        f'  python -m pip install --no-index --find-links {stem} "{name}=={version}"',
        "",
        "Built for:",
        *(f"  - {t}" for t in targets),
        "",
        "manifest.json lists every wheel with its sha256 and tags, and the tools used.",
    ]
    return "\n".join(lines) + "\n"


def parse_manifest(text: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: manifest.json is not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict) or not {"name", "version", "wheels"} <= set(data):
        raise InputError(f"{where}: manifest.json lacks name, version or wheels")
    return data


def add_wheel(files: dict[str, bytes], filename: str, data: bytes, origin: str) -> None:
    """Add one wheel: the same file again is kept once; same name, other bytes is a conflict."""
    from release_kit.errors import ConflictError

    present = files.get(filename)
    if present is None:
        files[filename] = data
    elif present != data:
        raise ConflictError(
            f"{filename} differs between partial wheelhouses (from {origin}):"
            f" sha256 {sha256_hex(present)[:12]} vs {sha256_hex(data)[:12]}"
        )


def assemble(
    *,
    name: str,
    version: str,
    wheels: Mapping[str, bytes],
    targets: Sequence[Mapping[str, Any]],
    target_labels: Sequence[str],
    tools: Mapping[str, str],
    source_date_epoch: int,
    file_name: str,
    layout: str = FOLDER,
    merged_from: Sequence[Mapping[str, Any]] = (),
) -> tuple[dict[str, bytes], list[WheelEntry]]:
    """Every file of the archive ({name: bytes}) and the wheel entries, from the wheels alone."""
    entries = [WheelEntry.from_bytes(fn, data) for fn, data in wheels.items()]
    files = dict(wheels)
    files[SHA256SUMS] = sha256sums((e.filename, e.sha256) for e in entries).encode()
    files[MANIFEST] = manifest(
        name=name,
        version=version,
        wheels=entries,
        targets=targets,
        tools=tools,
        source_date_epoch=source_date_epoch,
        merged_from=merged_from,
    ).encode()
    files[INSTALL] = install_text(name, version, file_name, target_labels, layout).encode()
    return files, sorted(entries, key=lambda e: e.filename)


def check_sums(files: Mapping[str, bytes], where: str) -> None:
    """A partial wheelhouse's SHA256SUMS must match its wheels exactly."""
    listed: dict[str, str] = {}
    for line in files.get(SHA256SUMS, b"").decode().splitlines():
        digest, _, fname = line.partition("  ")
        listed[fname] = digest
    wheels = {n: sha256_hex(d) for n, d in files.items() if n.endswith(".whl")}
    if listed != wheels:
        raise InputError(f"{where}: SHA256SUMS does not match the wheels in the archive")
