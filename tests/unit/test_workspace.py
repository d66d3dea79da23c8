"""release_kit.workspace: the file checks every asset and wheelhouse file goes through."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from release_kit.errors import InputError
from release_kit.workspace import check_path, read_regular


@pytest.fixture
def root(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "dist").mkdir(parents=True)
    (repo / ".git").mkdir()
    (repo / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic x\n")
    (repo / "dist" / "app.tar.gz").write_bytes(b"sdist")
    (tmp_path / "secret").write_bytes(b"token")
    return repo.resolve()


def test_regular_file_and_folder(root: Path) -> None:
    assert check_path(root / "dist" / "app.tar.gz", root, "asset") is True
    assert check_path(root / "dist", root, "asset") is False  # a folder is skipped, not read


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda r: os.symlink("app.tar.gz", r / "dist" / "x"), r"'dist/x' is a symbolic link"),
        (lambda r: os.symlink(r / "dist", r / "link"), r"'link' is a symbolic link"),
        (lambda r: os.symlink("nowhere", r / "dist" / "x"), r"\(to 'nowhere'\)"),
        (lambda r: os.mkfifo(r / "dist" / "x"), r"'dist/x' is not a regular file"),
    ],
    ids=["file-link", "folder-link", "dangling-link", "fifo"],
)
def test_refused_kinds(root: Path, make: Callable[[Path], object], message: str) -> None:
    make(root)
    name = "link" if "'link'" in message else "dist/x"
    with pytest.raises(InputError, match=message):
        check_path(root / name, root, "asset")


def test_outside_and_git(root: Path) -> None:
    with pytest.raises(InputError, match=r"'\.\./secret' resolves to .*outside the repository"):
        check_path(root / ".." / "secret", root, "asset")
    with pytest.raises(InputError, match=r"'\.git/config' is inside \.git"):
        check_path(root / ".git" / "config", root, "asset")


def test_read_regular_never_follows_a_link(root: Path) -> None:
    assert read_regular(root / "dist" / "app.tar.gz", "asset") == b"sdist"
    os.symlink(root.parent / "secret", root / "dist" / "swapped")
    with pytest.raises(InputError, match="is a symbolic link; not read"):
        read_regular(root / "dist" / "swapped", "asset")
    os.mkfifo(root / "dist" / "pipe")
    with pytest.raises(InputError, match="is not a regular file"):  # and does not block
        read_regular(root / "dist" / "pipe", "asset")
