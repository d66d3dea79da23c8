"""Moving a finished archive and its `.sha256` into the output folder, all or nothing."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from release_kit.errors import ConflictError
from release_kit.wheelhouse.contents import sha256_hex


@dataclass(frozen=True)
class Published:
    archive: Path
    sha256_file: Path
    sha256: str
    size: int
    unchanged: bool


def targets_for(out_dir: Path, stem: str) -> tuple[Path, Path]:
    archive = out_dir / f"{stem}.tar.gz"
    return archive, out_dir / f"{archive.name}.sha256"


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def publish(out_dir: Path, stem: str, data: bytes, *, overwrite: bool = False) -> Published:
    """Existing identical files are success; different ones a ConflictError unless overwrite."""
    archive, sha_file = targets_for(out_dir, stem)
    digest = sha256_hex(data)
    sha_text = f"{digest}  {archive.name}\n".encode()
    if archive.exists() and not overwrite:
        if archive.read_bytes() != data:
            raise ConflictError(
                f"{archive.name} already exists in {out_dir.name or '.'} with other content;"
                " remove it or pass --overwrite"
            )
        if not sha_file.exists() or sha_file.read_bytes() != sha_text:
            _write_atomic(sha_file, sha_text)
            return Published(archive, sha_file, digest, len(data), unchanged=False)
        return Published(archive, sha_file, digest, len(data), unchanged=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_atomic(archive, data)
    _write_atomic(sha_file, sha_text)
    return Published(archive, sha_file, digest, len(data), unchanged=False)
