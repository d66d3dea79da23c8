"""Reproducible tar.gz: the same files and epoch give the same bytes, on any machine.

Entries are sorted and live under one top folder (the `folder` layout) or
at the top level (`flat`, when `pack` gets no top folder); every entry has the given
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


def pack(top: str | None, files: Mapping[str, bytes], mtime: int) -> bytes:
    """The archive's bytes: `top/` then `top/<name>` for each file, sorted by name.

    With no `top` (the flat layout) the entries are the bare file names, sorted.
    """
    if mtime < 0:
        raise InputError(f"source date epoch must not be negative, got {mtime}")
    raw = io.BytesIO()
    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        if top:
            tar.addfile(_info(top, mtime, folder=True))
        prefix = f"{top}/" if top else ""
        for name in sorted(files):
            if "/" in name or is_junk(name):
                raise InputError(f"refusing to pack {name!r}: nested or junk file")
            data = files[name]
            tar.addfile(_info(prefix + name, mtime, len(data)), io.BytesIO(data))
    return raw.getvalue()


def unpack_bytes(data: bytes, name: str) -> tuple[str | None, dict[str, bytes], list[str]]:
    """`unpack` of an archive in memory; `name` is used in messages."""
    return _unpack(lambda: tarfile.open(fileobj=io.BytesIO(data), mode="r:gz"), name)


def unpack(path: Path) -> tuple[str | None, dict[str, bytes], list[str]]:
    """(top folder or None when flat, {file name: bytes}, skipped junk names) of an archive."""
    return _unpack(lambda: tarfile.open(path, mode="r:gz"), path.name)


def _unpack(
    opener: Callable[[], tarfile.TarFile], name: str
) -> tuple[str | None, dict[str, bytes], list[str]]:
    """(top folder, {file name: bytes}, skipped junk names) of a wheelhouse archive.

    Either layout reads: regular files directly under one top folder (folder),
    or regular files at the top level (flat, top None; a leading `./` as GNU tar
    writes it is accepted). Links, devices, deeper paths and paths that climb out
    are refused, junk files are skipped and reported.
    """
    found: dict[tuple[str, ...], bytes] = {}
    skipped: list[str] = []
    folders: set[str] = set()
    try:
        with opener() as tar:
            for member in tar.getmembers():
                path = member.name.removeprefix("./").strip("/")
                parts = tuple(path.split("/"))
                if is_junk(member.name):
                    skipped.append(member.name)
                    continue
                if ".." in parts:
                    raise InputError(f"{name}: unexpected entry {member.name!r}")
                if member.isdir():
                    if path in ("", "."):
                        continue  # `./`, the archive's own top level
                    if len(parts) != 1:
                        raise InputError(f"{name}: unexpected entry {member.name!r}")
                    folders.add(parts[0])
                    continue
                if not member.isfile() or len(parts) > 2:
                    raise InputError(f"{name}: unexpected entry {member.name!r}")
                handle = tar.extractfile(member)
                assert handle is not None
                found[parts] = handle.read()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise InputError(f"{name}: not a readable tar.gz archive ({exc})") from exc
    return _layout(found, folders, name), {p[-1]: b for p, b in found.items()}, skipped


def _layout(found: Mapping[tuple[str, ...], bytes], folders: set[str], name: str) -> str | None:
    """The top folder (folder layout), None (flat), or an InputError for anything else."""
    depths = {len(parts) for parts in found}
    if depths == {1} and not folders:
        return None
    tops = folders | {parts[0] for parts in found if len(parts) == 2}
    if depths <= {2} and len(tops) == 1:
        return tops.pop()
    if depths == {1, 2}:
        raise InputError(f"{name}: files both at the top level and in a folder")
    found_tops = sorted(tops) or "none"
    raise InputError(f"{name}: expected one top folder or flat files, found {found_tops}")
