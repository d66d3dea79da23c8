"""Names, checksums, manifest and install notes of a wheelhouse (pure functions)."""

from __future__ import annotations

import json

import pytest

from release_kit.errors import ConflictError, InputError
from release_kit.wheelhouse import contents


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        (".DS_Store", True),
        ("dir/.DS_Store", True),
        ("._foo.whl", True),
        ("__MACOSX/x", True),
        ("Thumbs.db", True),
        ("foo.whl", False),
        ("manifest.json", False),
        ("_private.whl", False),
    ],
    ids=[
        "ds-store",
        "nested-ds-store",
        "appledouble",
        "macosx-folder",
        "thumbs",
        "wheel",
        "manifest",
        "underscore-wheel",
    ],
)
def test_is_junk(name: str, junk: bool) -> None:
    assert contents.is_junk(name) is junk


def test_wheel_entry_reads_the_file_name() -> None:
    entry = contents.WheelEntry.from_bytes("Foo_Bar-1.0-py2.py3-none-any.whl", b"data")
    assert (entry.project, entry.version, entry.size) == ("foo-bar", "1.0", 4)
    assert entry.tags == ("py2-none-any", "py3-none-any")
    assert entry.sha256 == contents.sha256_hex(b"data")


def test_bad_wheel_name_is_input_error() -> None:
    with pytest.raises(InputError, match="not a valid wheel file name"):
        contents.WheelEntry.from_bytes("notawheel.whl", b"")


def _assembled(layout: str = "folder") -> tuple[dict[str, bytes], list[contents.WheelEntry]]:
    return contents.assemble(
        name="rk-app",
        version="1.0.0",
        wheels={"z-1.0-py3-none-any.whl": b"z", "a-2.0-py3-none-any.whl": b"a"},
        targets=[{"python_version": "3.12", "platforms": ["win_amd64"]}],
        target_labels=["python 3.12 on win_amd64"],
        tools={"pip": "26.3", "build": "1.6"},
        source_date_epoch=42,
        file_name="rk-app-1.0.0-wheelhouse.tar.gz",
        layout=layout,
    )


def test_assemble_adds_sums_manifest_and_install_notes() -> None:
    files, entries = _assembled()
    assert [e.filename for e in entries] == ["a-2.0-py3-none-any.whl", "z-1.0-py3-none-any.whl"]
    sums = files["SHA256SUMS"].decode().splitlines()
    assert sums == [
        f"{contents.sha256_hex(b'a')}  a-2.0-py3-none-any.whl",
        f"{contents.sha256_hex(b'z')}  z-1.0-py3-none-any.whl",
    ]
    manifest = json.loads(files["manifest.json"])
    assert manifest["tools"] == {"build": "1.6", "pip": "26.3"}
    assert [w["filename"] for w in manifest["wheels"]] == [
        "a-2.0-py3-none-any.whl",
        "z-1.0-py3-none-any.whl",
    ]
    assert manifest["source_date_epoch"] == 42 and "merged_from" not in manifest
    install = files["INSTALL.txt"].decode()
    assert 'pip install --no-index --find-links rk-app-1.0.0-wheelhouse "rk-app==1.0.0"' in install
    assert "python 3.12 on win_amd64" in install
    contents.check_sums(files, "x")
    assert _assembled()[0] == files  # deterministic


@pytest.mark.parametrize(
    ("layout", "unpack"),
    [
        ("folder", "  tar -xzf rk-app-1.0.0-wheelhouse.tar.gz\n"),
        (
            "flat",
            "  mkdir rk-app-1.0.0-wheelhouse"
            " && tar -xzf rk-app-1.0.0-wheelhouse.tar.gz -C rk-app-1.0.0-wheelhouse\n",
        ),
    ],
    ids=["folder", "flat"],
)
def test_install_notes_unpack_into_the_folder_pip_reads(layout: str, unpack: str) -> None:
    install = _assembled(layout)[0]["INSTALL.txt"].decode()
    assert unpack in install
    assert "sha256sum -c rk-app-1.0.0-wheelhouse.tar.gz.sha256\n" in install
    assert "--find-links rk-app-1.0.0-wheelhouse " in install


def test_check_sums_catches_a_tampered_wheel() -> None:
    files, _ = _assembled()
    files["a-2.0-py3-none-any.whl"] = b"tampered"
    with pytest.raises(InputError, match="SHA256SUMS does not match"):
        contents.check_sums(files, "part.tar.gz")


def test_add_wheel_keeps_identical_once_and_refuses_conflicts() -> None:
    files: dict[str, bytes] = {}
    contents.add_wheel(files, "a-1-py3-none-any.whl", b"same", "one")
    contents.add_wheel(files, "a-1-py3-none-any.whl", b"same", "two")
    assert files == {"a-1-py3-none-any.whl": b"same"}
    with pytest.raises(ConflictError, match=r"a-1-py3-none-any\.whl differs .*from three"):
        contents.add_wheel(files, "a-1-py3-none-any.whl", b"other", "three")


@pytest.mark.parametrize(
    ("text", "message"),
    [("{", "not valid JSON"), ('{"name": "x"}', "lacks name, version or wheels"), ("[]", "lacks")],
    ids=["syntax", "missing-keys", "not-an-object"],
)
def test_parse_manifest_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        contents.parse_manifest(text, "p.tar.gz")
