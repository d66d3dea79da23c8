"""Issue 16: the archive's name and inner layout, on small projects built for real.

Hephaestus' own installer (`hephaestus release install`) unpacks the downloaded
`X.tar.gz` into a new folder `X` beside it and installs the `*.whl` files found
directly in that folder, failing with "No wheel files were found" when there are
none. `hephaestus_wheels` below states that rule in our own words; the flat layout
must satisfy it and the folder layout, as issue 16 reports, does not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_wheelhouse import COMMIT_TIME, wheelhouse
from wheelhouse_projects import FLIT, git_commit, make_cli, make_links, write_tree

from release_kit.init.presets import get_preset
from release_kit.init.render import render_config
from release_kit.wheelhouse import archive, contents


def hephaestus_wheels(archive_path: Path, dest: Path) -> list[Path]:
    """The wheels Hephaestus' installer would install: unpack into `dest/<name without
    .tar.gz>` and take the `*.whl` files at that folder's top level (no recursion)."""
    folder = dest / archive_path.name.removesuffix(".tar.gz")
    folder.mkdir(parents=True)
    with tarfile.open(archive_path, "r:gz") as tar:
        tar.extractall(folder, filter="data")
    return sorted(folder.glob("*.whl"))


def fresh_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return path / "bin" / "python"


def offline_install(python: Path, folder: Path, *requirements: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-index"]
    subprocess.run([*pip, "--find-links", str(folder), *requirements], check=True, env=env)


@dataclass
class Layouts:
    root: Path
    results: dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> Layouts:
    root = tmp_path_factory.mktemp("layouts")
    links = make_links(root / "links")
    cli = make_cli(root / "cli", links)
    git_commit(cli, COMMIT_TIME)
    results = {}
    runs = {
        "folder": ["--out", "out-folder"],
        "flat": ["--layout", "flat", "--out", "out-flat"],
        "flat-win": ["--layout", "flat", "--target", "3.12:win_amd64", "--out", "out-win"],
        "named": ["--archive-name", "rk-{version}-bundle.tar.gz", "--out", "out-named"],
    }
    for label, args in runs.items():
        done = wheelhouse(cli, "--json", *args)
        assert done.code == 0, done.err
        results[label] = done.data
    return Layouts(root, results)


def names(path: Path) -> list[str]:
    with tarfile.open(path, "r:gz") as tar:
        return [m.name for m in tar.getmembers()]


def test_flat_archive_has_its_files_at_the_top_level(layouts: Layouts) -> None:
    flat, folder = layouts.results["flat"], layouts.results["folder"]
    assert (flat["archive_name"], flat["layout"]) == ("rk-cli-0.3.0-wheelhouse.tar.gz", "flat")
    assert flat["verified"] is True
    entries = names(Path(flat["archive"]))
    assert entries == sorted(entries) and all("/" not in n for n in entries)
    assert names(Path(folder["archive"])) == [
        "rk-cli-0.3.0-wheelhouse",
        *(f"rk-cli-0.3.0-wheelhouse/{n}" for n in entries),
    ]
    # The same files, only placed differently: both read back to the same contents.
    top_flat, files_flat, _ = archive.unpack(Path(flat["archive"]))
    top_folder, files_folder, _ = archive.unpack(Path(folder["archive"]))
    assert (top_flat, top_folder) == (None, "rk-cli-0.3.0-wheelhouse")
    differing = {n for n in files_flat if files_flat[n] != files_folder[n]}
    assert differing == {"INSTALL.txt"}  # how to unpack differs; wheels, sums, manifest do not
    assert "-C rk-cli-0.3.0-wheelhouse" in files_flat["INSTALL.txt"].decode()
    contents.check_sums(files_flat, "flat")


def test_flat_archive_satisfies_hephaestus_installer_rule(layouts: Layouts, tmp_path: Path) -> None:
    flat = Path(layouts.results["flat"]["archive"])
    wheels = hephaestus_wheels(flat, tmp_path / "flat")
    assert [w.name.split("-")[0] for w in wheels] == ["rk_bin", "rk_cli"]
    python = fresh_venv(tmp_path / "venv")
    # As that installer does: every top-level wheel at once, here with no index at all.
    offline_install(python, wheels[0].parent, *(str(w) for w in wheels))
    proc = subprocess.run(
        [str(tmp_path / "venv" / "bin" / "rk-cli")], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "rk-cli 0.3.0 on linux"


def test_folder_archive_fails_that_rule(layouts: Layouts, tmp_path: Path) -> None:
    """Issue 16 as reported: the wheels are one folder down, the installer finds none."""
    folder = Path(layouts.results["folder"]["archive"])
    assert hephaestus_wheels(folder, tmp_path / "folder") == []


def test_archive_name_template_names_the_archive_and_its_folder(layouts: Layouts) -> None:
    named = layouts.results["named"]
    assert named["archive_name"] == "rk-0.3.0-bundle.tar.gz"
    assert Path(named["sha256_file"]).name == "rk-0.3.0-bundle.tar.gz.sha256"
    assert Path(named["sha256_file"]).read_text() == f"{named['sha256']}  rk-0.3.0-bundle.tar.gz\n"
    top, files, _ = archive.unpack(Path(named["archive"]))
    assert top == "rk-0.3.0-bundle"
    assert "sha256sum -c rk-0.3.0-bundle.tar.gz.sha256" in files["INSTALL.txt"].decode()


def test_flat_build_is_byte_reproducible(layouts: Layouts) -> None:
    again = wheelhouse(layouts.root / "cli", "--json", "--layout", "flat", "--out", "out-flat-2")
    assert again.code == 0, again.err
    first = Path(layouts.results["flat"]["archive"]).read_bytes()
    assert Path(again.data["archive"]).read_bytes() == first


@pytest.mark.parametrize("layout", ["flat", "folder"])
def test_merge_reads_flat_partials_and_writes_the_asked_layout(
    layouts: Layouts, tmp_path: Path, layout: str
) -> None:
    native = Path(layouts.results["flat"]["archive"])
    win = Path(layouts.results["flat-win"]["archive"])
    done = wheelhouse(
        tmp_path, "merge", str(native), str(win), "--layout", layout, "--out", "m", "--json"
    )
    assert done.code == 0, done.err
    assert (done.data["wheel_count"], done.data["verified"]) == (3, True)
    top, files, _ = archive.unpack(Path(done.data["archive"]))
    assert top == (None if layout == "flat" else "rk-cli-0.3.0-wheelhouse")
    assert len(json.loads(files["manifest.json"])["merged_from"]) == 2
    # A flat partial and a folder partial of the same build merge to the same archive.
    mixed = wheelhouse(
        tmp_path,
        "merge",
        str(Path(layouts.results["folder"]["archive"])),
        str(win),
        "--layout",
        layout,
        "--out",
        "mixed",
        "--json",
    )
    assert mixed.code == 0, mixed.err
    assert mixed.data["sha256"] == done.data["sha256"]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--archive-name", "{project}-{version}.tar.gz"], "--archive-name '{project}-"),
        (["--archive-name", "out/{name}.tar.gz"], "without a path separator"),
        (["--archive-name", "{name}-{version}.zip"], "must end in .tar.gz"),
    ],
    ids=["unknown-placeholder", "path", "suffix"],
)
def test_bad_archive_name_exits_2_before_building(
    tmp_path: Path, args: list[str], reason: str
) -> None:
    project = write_tree(
        tmp_path / "p",
        {
            "pyproject.toml": FLIT + '[project]\nname = "rk-p"\nversion = "1.0.0"\n'
            'description = "p"\n',
            "rk_p/__init__.py": "",
        },
    )
    git_commit(project, COMMIT_TIME)
    done = wheelhouse(project, "--out", "out", *args)
    assert done.code == 2
    lines = done.err.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0], done.err
    assert not (project / "out").exists()


def test_bad_archive_name_in_config_names_the_key(tmp_path: Path) -> None:
    project = write_tree(
        tmp_path / "p",
        {
            "release-kit.toml": '[wheelhouse]\narchive-name = "../{name}.tar.gz"\n',
            "pyproject.toml": FLIT + '[project]\nname = "rk-p"\nversion = "1.0.0"\n'
            'description = "p"\n',
            "rk_p/__init__.py": "",
        },
    )
    git_commit(project, COMMIT_TIME)
    done = wheelhouse(project, "--out", "out")
    assert done.code == 2
    assert done.err.count("\n") == 1
    assert "release-kit.toml:2: [wheelhouse] archive-name '../{name}.tar.gz'" in done.err
    assert not (project / "out").exists()


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not installed")
def test_hephaestus_preset_builds_with_uv_a_flat_hephaestus_archive(tmp_path: Path) -> None:
    """A small project of our own, distributed as hephaestus-toolkit like Hephaestus, with
    the preset's rendered configuration: uv builds it, the archive takes the name its
    documents give and the installer rule finds its wheels."""
    links = make_links(tmp_path / "links")
    config = render_config(get_preset("hephaestus"), "main").replace(
        "[wheelhouse]\n",
        f'[wheelhouse]\nfind-links = ["{os.path.relpath(links, tmp_path / "h")}"]\n',
    )
    project = write_tree(
        tmp_path / "h",
        {
            ".github/release-kit.toml": config,
            "pyproject.toml": FLIT + '[project]\nname = "hephaestus-toolkit"\nversion = "0.3.0"\n'
            'description = "toolkit"\ndependencies = ["rk-bin==1.0.0"]\n'
            '[tool.flit.module]\nname = "hephaestus"\n',
            "hephaestus/__init__.py": '"""Toolkit."""\n',
        },
    )
    git_commit(project, COMMIT_TIME)
    done = wheelhouse(project, "--json", "--out", "dist")
    assert done.code == 0, done.err
    result = done.data
    assert (result["archive_name"], result["layout"]) == (
        "hephaestus-0.3.0-wheelhouse.tar.gz",
        "flat",
    )
    assert (result["name"], result["verified"]) == ("hephaestus-toolkit", True)
    _top, files, _ = archive.unpack(Path(result["archive"]))
    assert "uv" in json.loads(files["manifest.json"])["tools"]
    wheels = hephaestus_wheels(Path(result["archive"]), tmp_path / "install")
    assert [w.name.split("-")[0] for w in wheels] == ["hephaestus_toolkit", "rk_bin"]
    offline_install(fresh_venv(tmp_path / "venv"), wheels[0].parent, "hephaestus-toolkit==0.3.0")
