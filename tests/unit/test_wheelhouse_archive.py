"""Reproducible tar.gz packing and defensive unpacking of wheelhouse archives."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from release_kit.errors import InputError
from release_kit.wheelhouse import archive

FILES = {"b.whl": b"bbb", "a.whl": b"a" * 1000, "manifest.json": b"{}\n"}


def test_same_files_same_bytes_whatever_the_order() -> None:
    reordered = dict(reversed(list(FILES.items())))
    assert archive.pack("top", FILES, 1_700_000_000) == archive.pack(
        "top", reordered, 1_700_000_000
    )


@pytest.mark.parametrize(
    ("top", "files", "mtime"),
    [
        ("other", FILES, 1_700_000_000),
        ("top", {**FILES, "c.whl": b""}, 1_700_000_000),
        ("top", FILES, 1_700_000_001),
    ],
    ids=["top-folder", "one-more-file", "epoch"],
)
def test_any_input_change_changes_the_bytes(top: str, files: dict[str, bytes], mtime: int) -> None:
    assert archive.pack(top, files, mtime) != archive.pack("top", FILES, 1_700_000_000)


def test_headers_are_fixed() -> None:
    data = archive.pack("top", FILES, 1_234_567_890)
    assert data[:3] == b"\x1f\x8b\x08"
    assert data[3] == 0  # no FNAME, FCOMMENT or FEXTRA
    assert data[4:8] == b"\0\0\0\0"  # no timestamp
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        infos = tar.getmembers()
    assert [i.name for i in infos] == ["top", "top/a.whl", "top/b.whl", "top/manifest.json"]
    for info in infos:
        assert (info.uid, info.gid, info.uname, info.gname, info.mtime) == (
            0,
            0,
            "",
            "",
            1_234_567_890,
        )
        assert info.mode == (0o755 if info.isdir() else 0o644)


@pytest.mark.parametrize(
    "name", [".DS_Store", "._a.whl", "sub/a.whl"], ids=["ds-store", "appledouble", "nested"]
)
def test_pack_refuses_junk_and_nested_names(name: str) -> None:
    with pytest.raises(InputError, match="refusing to pack"):
        archive.pack("top", {name: b"x"}, 0)


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "w.tar.gz"
    path.write_bytes(archive.pack("top", FILES, 0))
    assert archive.unpack(path) == ("top", FILES, [])


def test_flat_layout_puts_the_files_at_the_top_level(tmp_path: Path) -> None:
    data = archive.pack(None, FILES, 1_234_567_890)
    assert data == archive.pack(None, dict(reversed(list(FILES.items()))), 1_234_567_890)
    assert data != archive.pack("top", FILES, 1_234_567_890)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        infos = tar.getmembers()
    assert [i.name for i in infos] == ["a.whl", "b.whl", "manifest.json"]
    assert all(i.isfile() and i.mode == 0o644 and i.mtime == 1_234_567_890 for i in infos)
    path = tmp_path / "flat.tar.gz"
    path.write_bytes(data)
    assert archive.unpack(path) == (None, FILES, [])


def _tar(
    tmp_path: Path, entries: list[tuple[str, bytes | None]], kind: bytes = tarfile.REGTYPE
) -> Path:
    path = tmp_path / "in.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.type = kind
                info.size = len(data) if kind == tarfile.REGTYPE else 0
                tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    return path


def test_unpack_skips_junk(tmp_path: Path) -> None:
    path = _tar(
        tmp_path,
        [
            ("top", None),
            ("top/a.whl", b"a"),
            ("top/.DS_Store", b"x"),
            ("top/._a.whl", b"y"),
            ("__MACOSX", None),
            ("__MACOSX/top/._a.whl", b"z"),
        ],
    )
    top, files, junk = archive.unpack(path)
    assert (top, files) == ("top", {"a.whl": b"a"})
    assert sorted(junk) == ["__MACOSX", "__MACOSX/top/._a.whl", "top/.DS_Store", "top/._a.whl"]


@pytest.mark.parametrize(
    ("entries", "kind", "message"),
    [
        ([("top/../evil.whl", b"x")], tarfile.REGTYPE, "unexpected entry"),
        ([("top/sub/a.whl", b"x")], tarfile.REGTYPE, "unexpected entry"),
        ([("top/link.whl", b"")], tarfile.SYMTYPE, "unexpected entry"),
        ([("a/x.whl", b"x"), ("b/y.whl", b"y")], tarfile.REGTYPE, "one top folder"),
        ([("x.whl", b"x"), ("top/y.whl", b"y")], tarfile.REGTYPE, "both at the top level"),
        ([("x.whl", b"x"), ("top", None)], tarfile.REGTYPE, "one top folder or flat"),
        ([("../x.whl", b"x")], tarfile.REGTYPE, "unexpected entry"),
        ([("link.whl", b"")], tarfile.SYMTYPE, "unexpected entry"),
    ],
    ids=[
        "climbs-out",
        "nested",
        "symlink",
        "two-tops",
        "mixed",
        "flat-and-folder",
        "flat-climbs-out",
        "flat-symlink",
    ],
)
def test_unpack_refuses_odd_entries(
    tmp_path: Path, entries: list[tuple[str, bytes | None]], kind: bytes, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        archive.unpack(_tar(tmp_path, entries, kind))


def test_unpack_reads_a_flat_archive_as_gnu_tar_writes_it(tmp_path: Path) -> None:
    """`tar -czf x.tar.gz -C folder .` names its entries `./`, `./a.whl`."""
    path = _tar(tmp_path, [("./", None), ("./a.whl", b"a"), ("./._a.whl", b"j")])
    assert archive.unpack(path) == (None, {"a.whl": b"a"}, ["./._a.whl"])


def test_unpack_refuses_a_non_archive(tmp_path: Path) -> None:
    path = tmp_path / "x.tar.gz"
    path.write_bytes(b"not gzip")
    with pytest.raises(InputError, match=r"not a readable tar\.gz"):
        archive.unpack(path)
