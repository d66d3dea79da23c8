"""Moving finished files into their folders, all or nothing.

Every destination is checked before anything is written: an existing file with
the same bytes is left alone (success), one with other bytes is a conflict
unless `overwrite`. Each file is then written to a temporary name beside its
destination and renamed into place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from release_kit.checksums import sha256_hex, sha256sums
from release_kit.errors import ConflictError
from release_kit.files import write_atomic


@dataclass(frozen=True)
class Published:
    archive: Path
    sha256_file: Path
    sha256: str
    size: int
    unchanged: bool
    dists: tuple[Path, ...] = ()


def write_all(files: Mapping[Path, bytes], *, overwrite: bool = False) -> bool:
    """Write every file, or none when one conflicts; True when nothing needed writing."""
    pending = {}
    for path, data in files.items():
        if path.is_file() and path.read_bytes() == data:
            continue
        if path.exists() and not overwrite:
            raise ConflictError(
                f"{path.name} already exists in {path.parent.name or '.'} with other content;"
                " remove it or pass --overwrite"
            )
        pending[path] = data
    for path, data in pending.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, mode=0o644)
    return not pending


def publish(
    out_dir: Path,
    file_name: str,
    data: bytes,
    *,
    overwrite: bool = False,
    dists_dir: Path | None = None,
    dists: Mapping[str, bytes] | None = None,
) -> Published:
    """The archive and its `.sha256` into `out_dir`; the project's sdist and wheel to dists_dir."""
    archive = out_dir / file_name
    sha_file = out_dir / f"{archive.name}.sha256"
    digest = sha256_hex(data)
    files = {archive: data, sha_file: sha256sums([(archive.name, digest)]).encode()}
    dist_paths: list[Path] = []
    if dists_dir is not None:
        for name, blob in sorted((dists or {}).items()):
            files[dists_dir / name] = blob
            dist_paths.append(dists_dir / name)
    unchanged = write_all(files, overwrite=overwrite)
    return Published(archive, sha_file, digest, len(data), unchanged, tuple(dist_paths))
