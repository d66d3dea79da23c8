"""Reproducible tar.gz: the same files and epoch give the same bytes, on any machine.

Entries are sorted and live under one top folder; every entry has the given
mtime, uid/gid 0, empty owner names and fixed modes (0755 folders, 0644 files);
the gzip header carries neither a timestamp nor a file name.
"""

from __future__ import annotations

import gzip
import io
import tarfile
from collections.abc import Callable, Mapping
from pathlib import Path

from release_kit.errors import InputError
from release_kit.wheelhouse.contents import is_junk

DIR_MODE = 0o755
FILE_MODE = 0o644


def _info(name: str, mtime: int, size: int = 0, *, folder: bool = False) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.mtime = mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if folder:
        info.type = tarfile.DIRTYPE
        info.mode = DIR_MODE
    else:
        info.mode = FILE_MODE
        info.size = size
    return info


def pack(top: str, files: Mapping[str, bytes], mtime: int) -> bytes:
    """The archive's bytes: `top/` then `top/<name>` for each file, sorted by name."""
    if mtime < 0:
        raise InputError(f"source date epoch must not be negative, got {mtime}")
    raw = io.BytesIO()
    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        tar.addfile(_info(top, mtime, folder=True))
        for name in sorted(files):
            if "/" in name or is_junk(name):
                raise InputError(f"refusing to pack {name!r}: nested or junk file")
            data = files[name]
            tar.addfile(_info(f"{top}/{name}", mtime, len(data)), io.BytesIO(data))
    return raw.getvalue()


def unpack_bytes(data: bytes, name: str) -> tuple[str, dict[str, bytes], list[str]]:
    """`unpack` of an archive in memory; `name` is used in messages."""
    return _unpack(lambda: tarfile.open(fileobj=io.BytesIO(data), mode="r:gz"), name)


def unpack(path: Path) -> tuple[str, dict[str, bytes], list[str]]:
    """(top folder, {file name: bytes}, skipped junk names) of an archive file."""
    return _unpack(lambda: tarfile.open(path, mode="r:gz"), path.name)


def _unpack(
    opener: Callable[[], tarfile.TarFile], name: str
) -> tuple[str, dict[str, bytes], list[str]]:
    """(top folder, {file name: bytes}, skipped junk names) of a wheelhouse archive.

    Only regular files directly under one top folder are read; links, devices
    and paths that climb out are refused, junk files are skipped and reported.
    """
    files: dict[str, bytes] = {}
    skipped: list[str] = []
    tops: set[str] = set()
    try:
        with opener() as tar:
            for member in tar.getmembers():
                parts = member.name.strip("/").split("/")
                if is_junk(member.name):
                    skipped.append(member.name)
                    continue
                if member.isdir():
                    if len(parts) == 1:
                        tops.add(parts[0])
                    continue
                if not member.isfile() or len(parts) != 2 or ".." in parts:
                    raise InputError(f"{name}: unexpected entry {member.name!r}")
                tops.add(parts[0])
                handle = tar.extractfile(member)
                assert handle is not None
                files[parts[1]] = handle.read()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise InputError(f"{name}: not a readable tar.gz archive ({exc})") from exc
    if len(tops) != 1:
        raise InputError(f"{name}: expected one top folder, found {sorted(tops) or 'none'}")
    return tops.pop(), files, skipped
