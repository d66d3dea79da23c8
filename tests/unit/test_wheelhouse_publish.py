"""Moving an archive into place (all or nothing) and reading a built project's wheel."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from release_kit.errors import ConflictError, InputError
from release_kit.wheelhouse import backend, publish
from release_kit.wheelhouse.contents import sha256_hex


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def test_first_publish_writes_archive_and_checksum(tmp_path: Path) -> None:
    done = publish.publish(tmp_path / "out", "x-1.0-wheelhouse.tar.gz", b"bytes")
    assert not done.unchanged
    assert _files(tmp_path / "out") == {
        "x-1.0-wheelhouse.tar.gz": b"bytes",
        "x-1.0-wheelhouse.tar.gz.sha256": (
            f"{sha256_hex(b'bytes')}  x-1.0-wheelhouse.tar.gz\n".encode()
        ),
    }
    assert (done.sha256, done.size) == (sha256_hex(b"bytes"), 5)


def test_same_bytes_again_is_unchanged_and_restores_a_missing_checksum(tmp_path: Path) -> None:
    first = publish.publish(tmp_path, "x.tar.gz", b"bytes")
    assert publish.publish(tmp_path, "x.tar.gz", b"bytes").unchanged
    first.sha256_file.unlink()
    again = publish.publish(tmp_path, "x.tar.gz", b"bytes")
    assert not again.unchanged and again.sha256_file.is_file()


def test_other_bytes_conflict_and_change_nothing(tmp_path: Path) -> None:
    publish.publish(tmp_path, "x.tar.gz", b"bytes")
    before = _files(tmp_path)
    with pytest.raises(ConflictError, match=r"already exists .* with other content"):
        publish.publish(tmp_path, "x.tar.gz", b"other")
    assert _files(tmp_path) == before
    assert publish.publish(tmp_path, "x.tar.gz", b"other", overwrite=True).sha256 == sha256_hex(
        b"other"
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "neither pyproject.toml nor setup.py"),
        ({"pyproject.toml": '[project]\nname = "x"\n'}, "no \\[build-system\\] build-backend"),
        ({"pyproject.toml": "[project\n"}, "invalid TOML"),
    ],
    ids=["empty-folder", "no-build-system", "bad-toml"],
)
def test_check_backend_refuses(tmp_path: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(InputError, match=message):
        backend.check_backend(tmp_path)


@pytest.mark.parametrize(
    "files",
    [
        {"setup.py": ""},
        {"pyproject.toml": '[build-system]\nbuild-backend = "flit_core.buildapi"\n'},
        {"pyproject.toml": '[project]\nname = "x"\n', "setup.py": ""},
    ],
    ids=["setup-py", "declared-backend", "pyproject-and-setup-py"],
)
def test_check_backend_accepts(tmp_path: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    backend.check_backend(tmp_path)


def test_wheel_metadata_and_import_names(tmp_path: Path) -> None:
    wheel = tmp_path / "rk_app-2.0.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(
            "rk_app-2.0.0.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: rk-app\nVersion: 2.0.0\n",
        )
        zf.writestr("rk_app/__init__.py", "")
        zf.writestr("rk_app/sub/mod.py", "")
        zf.writestr("helper.py", "")
        zf.writestr("rk_app-2.0.0.data/scripts/tool", "")
    assert backend.read_metadata(wheel) == ("rk-app", "2.0.0")
    assert backend.wheel_requirements(wheel) == []
    assert backend.import_names(wheel) == ["helper", "rk_app"]


def _sdist(tmp_path: Path, pkg_info: str) -> Path:
    import io
    import tarfile

    path = tmp_path / "app-1.0.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        data = pkg_info.encode()
        info = tarfile.TarInfo("app-1.0/PKG-INFO")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize(
    ("pkg_info", "expected"),
    [
        (
            "Metadata-Version: 2.4\nName: app\nRequires-Dist: a>=1\n"
            'Requires-Dist: b; python_version >= "3"\nRequires-Dist: c; extra == "x"\n',
            ["a>=1", 'b; python_version >= "3"'],
        ),
        ("Metadata-Version: 2.2\nName: app\n", []),
        ("Metadata-Version: 2.1\nName: app\nRequires-Dist: a\n", None),
        ("Metadata-Version: 2.4\nName: app\nDynamic: Requires-Dist\nRequires-Dist: a\n", None),
        ("Metadata-Version: 2.4\nName: app\nRequires-Dist: a >>> 1\n", None),
    ],
    ids=["static-with-markers-and-extra", "no-dependencies", "old-metadata", "dynamic", "invalid"],
)
def test_sdist_metadata(tmp_path: Path, pkg_info: str, expected: list[str] | None) -> None:
    assert backend.sdist_metadata(_sdist(tmp_path, pkg_info)) == ("app", expected)


def test_wheel_requirements_match_what_the_sdist_declares(tmp_path: Path) -> None:
    wheel = tmp_path / "app-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(
            "app-1.0.dist-info/METADATA",
            "Metadata-Version: 2.4\nName: app\nVersion: 1.0\nRequires-Dist: a>=1\n"
            'Requires-Dist: b; python_version >= "3"\nRequires-Dist: c; extra == "x"\n',
        )
    sdist = _sdist(
        tmp_path,
        "Metadata-Version: 2.4\nName: app\nRequires-Dist: a>=1\n"
        'Requires-Dist: b; python_version >= "3"\nRequires-Dist: c; extra == "x"\n',
    )
    assert backend.wheel_requirements(wheel) == backend.sdist_metadata(sdist)[1]
