"""`release-kit wheelhouse` end to end on small projects the tests create.

The three projects are built once per session (see `built`): python -m build,
pip, a fresh venv for the offline check: all real, nothing mocked.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from wheelhouse_projects import (
    GIT_IDENTITY,
    SETUPTOOLS,
    clone,
    git_commit,
    make_app,
    make_cli,
    make_links,
    make_pure,
    write_tree,
)

from release_kit.cli import main
from release_kit.context import Context
from release_kit.errors import InputError
from release_kit.wheelhouse import archive, contents

COMMIT_TIME = "2026-11-09T12:00:00Z"
EPOCH = int(datetime(2026, 11, 9, 12, 0, tzinfo=UTC).timestamp())


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def data(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.out)
        return result


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.pop("SOURCE_DATE_EPOCH", None)
    return {**env, **GIT_IDENTITY, **extra}


def wheelhouse(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    ctx = Context(cwd=cwd, env=env or base_env(), out=out, err=err)
    code = main(["wheelhouse", *args], ctx)
    return Outcome(code, out.getvalue(), err.getvalue())


@dataclass
class Built:
    root: Path
    links: Path
    projects: dict[str, Path]
    results: dict[str, dict[str, Any]]
    outputs_file: Path
    summary_file: Path


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("wheelhouse")
    links = make_links(root / "links")
    projects = {
        "pure": make_pure(root / "pure"),
        "app": make_app(root / "app", links),
        "cli": make_cli(root / "cli", links),
    }
    for path in projects.values():
        git_commit(path, COMMIT_TIME)
    outputs, summary = root / "github-output", root / "step-summary"
    results = {}
    for label, path in projects.items():
        env = base_env()
        if label == "pure":
            env.update(GITHUB_OUTPUT=str(outputs), GITHUB_STEP_SUMMARY=str(summary))
        extra = ["--dists-dir", "python-dists"] if label == "app" else []
        done = wheelhouse(path, "--json", *extra, env=env)
        assert done.code == 0, done.err
        results[label] = done.data
    win = wheelhouse(projects["cli"], "--json", "--target", "3.12:win_amd64", "--out", "out-win")
    assert win.code == 0, win.err
    results["cli-win"] = win.data
    return Built(root, links, projects, results, outputs, summary)


def members(path: Path) -> list[tarfile.TarInfo]:
    with tarfile.open(path, "r:gz") as tar:
        return tar.getmembers()


@pytest.mark.parametrize(
    ("label", "stem", "wheel_prefixes"),
    [
        ("pure", "rk-pure-1.2.3-wheelhouse", ["rk_pure-1.2.3-"]),
        ("app", "rk-app-2.0.0-wheelhouse", ["rk_app-2.0.0-", "rk_leaf-0.5.0-"]),
        ("cli", "rk-cli-0.3.0-wheelhouse", ["rk_bin-1.0.0-py3-none-linux_x86_64", "rk_cli-0.3.0-"]),
    ],
    ids=["pure", "sdist-dependency", "console-script"],
)
def test_archive_layout_and_reproducible_headers(
    built: Built, label: str, stem: str, wheel_prefixes: list[str]
) -> None:
    result = built.results[label]
    path = Path(result["archive"])
    assert path.name == f"{stem}.tar.gz"
    assert result["verified"] is True
    raw = path.read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # gzip MTIME
    assert raw[3] & 0x08 == 0  # no FNAME in the gzip header
    infos = members(path)
    names = [i.name for i in infos]
    assert names == sorted(names)
    assert names[0] == stem
    files = [n.split("/", 1)[1] for n in names[1:]]
    wheels = [f for f in files if f.endswith(".whl")]
    assert sorted(set(files) - set(wheels)) == ["INSTALL.txt", "SHA256SUMS", "manifest.json"]
    assert [w for p in wheel_prefixes for w in wheels if w.startswith(p)] == sorted(wheels)
    assert len(wheels) == len(wheel_prefixes) == result["wheel_count"]
    for info in infos:
        assert (info.uid, info.gid, info.uname, info.gname) == (0, 0, "", "")
        assert info.mtime == EPOCH
        assert info.mode == (0o755 if info.isdir() else 0o644)
    sidecar = Path(result["sha256_file"]).read_text()
    assert sidecar == f"{result['sha256']}  {path.name}\n"
    assert contents.sha256_hex(raw) == result["sha256"]


def test_manifest_and_sums_describe_the_wheels(built: Built) -> None:
    _top, files, junk = archive.unpack(Path(built.results["app"]["archive"]))
    assert junk == []
    contents.check_sums(files, "app")
    manifest = json.loads(files["manifest.json"])
    assert (manifest["name"], manifest["version"]) == ("rk-app", "2.0.0")
    assert manifest["source_date_epoch"] == EPOCH
    assert {"python", "pip", "build", "release-kit"} <= set(manifest["tools"])
    assert (
        manifest["targets"][0]["python_version"] == f"{sys.version_info[0]}.{sys.version_info[1]}"
    )
    by_name = {w["filename"]: w for w in manifest["wheels"]}
    for name, blob in files.items():
        if name.endswith(".whl"):
            assert by_name[name]["sha256"] == contents.sha256_hex(blob)
            assert by_name[name]["tags"]
    assert "--no-index --find-links" in files["INSTALL.txt"].decode()


def _offline_venv(tmp_path: Path, archive_path: Path) -> tuple[Path, Path]:
    with tarfile.open(archive_path, "r:gz") as tar:
        tar.extractall(tmp_path, filter="data")
    folder = next(p for p in tmp_path.iterdir() if p.name.endswith("-wheelhouse"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    return folder, venv


@pytest.mark.parametrize(
    ("label", "requirement", "command", "expected"),
    [
        ("app", "rk-app==2.0.0", ["python", "-c", "import rk_app; print(rk_app.ANSWER)"], "42"),
        ("cli", "rk-cli==0.3.0", ["rk-cli"], "rk-cli 0.3.0 on linux"),
    ],
    ids=["import-sdist-dependency", "console-script"],
)
def test_installs_offline_in_a_fresh_venv(
    built: Built, tmp_path: Path, label: str, requirement: str, command: list[str], expected: str
) -> None:
    folder, venv = _offline_venv(tmp_path, Path(built.results[label]["archive"]))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")]
    subprocess.run(
        [*pip, "install", "-q", "--no-index", "--find-links", str(folder), requirement],
        check=True,
        env=env,
    )
    proc = subprocess.run(
        [str(venv / "bin" / command[0]), *command[1:]], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == expected


def test_dists_dir_gets_the_same_sdist_and_wheel(built: Built) -> None:
    result = built.results["app"]
    dists = [Path(p) for p in result["dists"].splitlines()]
    assert [p.name for p in dists] == ["rk_app-2.0.0-py3-none-any.whl", "rk_app-2.0.0.tar.gz"]
    assert all(p.parent.name == "python-dists" for p in dists)
    _top, files, _junk = archive.unpack(Path(result["archive"]))
    assert files[dists[0].name] == dists[0].read_bytes()
    assert built.results["pure"]["dists"] == ""


def test_two_builds_of_one_commit_are_byte_identical(built: Built) -> None:
    # A second checkout of the same commit, beside the first (its find-links path is relative).
    again = clone(built.projects["app"], built.root / "app-again")
    done = wheelhouse(again, "--json")
    assert done.code == 0, done.err
    assert done.data["sha256"] == built.results["app"]["sha256"]
    first = Path(built.results["app"]["archive"]).read_bytes()
    assert Path(done.data["archive"]).read_bytes() == first


def test_rerun_in_place_is_unchanged(built: Built) -> None:
    done = wheelhouse(built.projects["pure"], "--json", "--no-verify")
    assert done.code == 0, done.err
    assert done.data["unchanged"] is True
    assert done.data["sha256"] == built.results["pure"]["sha256"]


def test_step_outputs_and_summary(built: Built) -> None:
    text = built.outputs_file.read_text()
    result = built.results["pure"]
    for line in (
        f"archive={result['archive']}",
        f"sha256={result['sha256']}",
        "wheel-count=1",
        f"size={result['size']}",
    ):
        assert line in text.splitlines()
    summary = built.summary_file.read_text()
    assert "| wheel | version | tags | size | sha256 |" in summary
    assert "`rk_pure-1.2.3-" in summary


def test_version_detected_from_the_project(built: Built) -> None:
    assert built.results["pure"]["version"] == "1.2.3"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _no_backend(root: Path, links: Path) -> Path:
    return write_tree(root, {"README.md": "not a Python project\n", "src/x.py": ""})


def _mismatch(root: Path, links: Path) -> Path:
    return make_pure(root)


def _sdist_only_for_windows(root: Path, links: Path) -> Path:
    return make_app(root, links)


def _lock_pins_a_missing_version(root: Path, links: Path) -> Path:
    """uv.lock pins rk-leaf 0.4.0, which the find-links folder does not have: pip must obey."""
    project = make_app(root, links)
    (project / "uv.lock").write_text(
        'version = 1\n\n[[package]]\nname = "rk-app"\nversion = "2.0.0"\n'
        'source = { editable = "." }\n\n[[package]]\nname = "rk-leaf"\nversion = "0.4.0"\n'
        'source = { registry = "https://pypi.org/simple" }\n'
    )
    return project


@pytest.mark.parametrize(
    ("make", "args", "reason"),
    [
        (_no_backend, [], "no build backend"),
        (
            _mismatch,
            ["--version", "9.9.9"],
            "metadata version 1.2.3 is not the release version 9.9.9",
        ),
        (
            _sdist_only_for_windows,
            ["--target", "3.12:win_amd64"],
            "no wheel of rk-leaf for python 3.12 on win_amd64",
        ),
        (_lock_pins_a_missing_version, [], "(constraint) rk-leaf==0.4.0"),
    ],
    ids=["no-build-backend", "version-mismatch", "no-wheel-for-platform", "uv-lock-pin"],
)
def test_bad_input_exits_2_and_leaves_the_output_folder_alone(
    built: Built,
    tmp_path: Path,
    make: Callable[[Path, Path], Path],
    args: list[str],
    reason: str,
) -> None:
    project = make(tmp_path / "project", built.links)
    git_commit(project, COMMIT_TIME)
    out = project / "out"
    out.mkdir()
    (out / "keep.txt").write_text("already here\n")
    before = _snapshot(out)
    done = wheelhouse(project, "--out", "out", *args)
    assert done.code == 2
    lines = done.err.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0], done.err
    assert _snapshot(out) == before


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    project = make_pure(tmp_path / "p")
    git_commit(project, COMMIT_TIME)
    done = wheelhouse(project, "--dry-run", "--target", "3.12:win_amd64")
    assert done.code == 0
    assert "collect wheels for python 3.12 on win_amd64" in done.out
    assert not (project / "dist").exists()


def _with_junk(source: Path, dest: Path) -> Path:
    """A copy of a partial wheelhouse as a Mac would pack it: .DS_Store and AppleDouble files."""
    with tarfile.open(source, "r:gz") as src, tarfile.open(dest, "w:gz") as out:
        top = src.getmembers()[0].name
        for member in src.getmembers():
            out.addfile(member, src.extractfile(member) if member.isfile() else None)
        for junk in (f"{top}/.DS_Store", f"{top}/._rk_cli-0.3.0-py3-none-any.whl"):
            info = tarfile.TarInfo(junk)
            info.size = 4
            out.addfile(info, io.BytesIO(b"junk"))
    return dest


def test_merge_keeps_shared_wheels_once_and_adds_the_differing_ones(
    built: Built, tmp_path: Path
) -> None:
    native = Path(built.results["cli"]["archive"])
    win = _with_junk(Path(built.results["cli-win"]["archive"]), tmp_path / "win.tar.gz")
    done = wheelhouse(tmp_path, "merge", str(native), str(win), "--out", "merged", "--json")
    assert done.code == 0, done.err
    result = done.data
    assert (result["wheel_count"], result["verified"]) == (3, True)
    _top, files, junk = archive.unpack(Path(result["archive"]))
    assert junk == []
    wheels = sorted(n for n in files if n.endswith(".whl"))
    assert [w.rsplit("-", 1)[-1] for w in wheels] == [
        "linux_x86_64.whl",
        "win_amd64.whl",
        "any.whl",
    ]
    manifest = json.loads(files["manifest.json"])
    assert sorted(t["platforms"][0] for t in manifest["targets"]) == sorted(
        [_platform_of(native), "win_amd64"]
    )
    assert len(manifest["merged_from"]) == 2
    contents.check_sums(files, "merged")
    # A folder of downloaded artifacts, in the other order and with junk: the same archive.
    for sub, source in (("a-win", win), ("b-linux", native)):
        (tmp_path / "partials" / sub).mkdir(parents=True)
        shutil.copy(source, tmp_path / "partials" / sub / native.name)
    (tmp_path / "partials" / "a-win" / "._rk-cli-0.3.0-wheelhouse.tar.gz").write_bytes(b"junk")
    again = wheelhouse(tmp_path, "merge", "partials", "--out", "again", "--json")
    assert again.code == 0, again.err
    assert again.data["sha256"] == result["sha256"]


def _platform_of(path: Path) -> str:
    _top, files, _junk = archive.unpack(path)
    platform: str = json.loads(files["manifest.json"])["targets"][0]["platforms"][0]
    return platform


def _conflicting_partial(source: Path, dest: Path, folder: Path) -> Path:
    """The same partial, but rk-bin's linux wheel rebuilt with other bytes under the same name."""
    from wheelhouse_projects import make_wheel

    top, files, _junk = archive.unpack(source)
    meta = json.loads(files["manifest.json"])
    folder.mkdir()
    other = make_wheel(
        folder, "rk-bin", "1.0.0", "py3-none-linux_x86_64", {"rk_bin.py": "BUILT_FOR = 'x'\n"}
    )
    wheels = {n: b for n, b in files.items() if n.endswith(".whl")}
    assert other.name in wheels and wheels[other.name] != other.read_bytes()
    wheels[other.name] = other.read_bytes()
    packed, _entries = contents.assemble(
        name=meta["name"],
        version=meta["version"],
        wheels=wheels,
        targets=meta["targets"],
        target_labels=["rebuilt"],
        tools=meta["tools"],
        source_date_epoch=meta["source_date_epoch"],
        file_name=f"{top}.tar.gz",
    )
    dest.write_bytes(archive.pack(top, packed, meta["source_date_epoch"]))
    return dest


@pytest.mark.parametrize(
    ("second", "code", "reason"),
    [
        ("conflict", 1, "rk_bin-1.0.0-py3-none-linux_x86_64.whl differs between partial"),
        ("other-project", 2, "holds rk-pure 1.2.3, not rk-cli 0.3.0"),
        ("missing", 2, "no such partial wheelhouse"),
    ],
    ids=["conflicting-wheel", "other-project", "missing-file"],
)
def test_merge_refusals_leave_the_output_folder_alone(
    built: Built, tmp_path: Path, second: str, code: int, reason: str
) -> None:
    native = Path(built.results["cli"]["archive"])
    partner = {
        "conflict": lambda: _conflicting_partial(native, tmp_path / "c.tar.gz", tmp_path / "w"),
        "other-project": lambda: Path(built.results["pure"]["archive"]),
        "missing": lambda: tmp_path / "absent.tar.gz",
    }[second]()
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("already here\n")
    before = _snapshot(out)
    done = wheelhouse(tmp_path, "merge", str(native), str(partner), "--out", "out")
    assert done.code == code
    lines = done.err.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0], done.err
    assert _snapshot(out) == before


def test_collect_falls_back_when_the_prefetched_folder_misses_a_dependency(
    built: Built, tmp_path: Path
) -> None:
    """The offline resolution against a prefetched folder fails; the normal run follows."""
    from release_kit.wheelhouse.collect import collect
    from release_kit.wheelhouse.settings import Target

    _top, files, _junk = archive.unpack(Path(built.results["app"]["archive"]))
    wheel = tmp_path / "rk_app-2.0.0-py3-none-any.whl"
    wheel.write_bytes(files[wheel.name])
    (tmp_path / "prefetched").mkdir()  # holds nothing: rk-leaf is missing
    found = collect(
        Target(f"{sys.version_info[0]}.{sys.version_info[1]}"),
        wheel,
        tmp_path / "dest",
        constraints=[],
        find_links=[str(built.links)],
        env=base_env(),
        cwd=tmp_path,
        prefetched=tmp_path / "prefetched",
    )
    assert sorted(p.name.split("-")[0] for p in found) == ["rk_app", "rk_leaf"]


SECRET = b"GITHUB_TOKEN=ghs_secret\n"


@pytest.mark.parametrize(
    "target",
    ["outside", "git-config"],
    ids=["link-out-of-the-repository", "link-into-git"],
)
def test_build_refuses_a_tracked_link_that_leaves_the_repository(
    tmp_path: Path, target: str
) -> None:
    """Guards finding 3: setuptools copies a link's target into the sdist, so a tracked
    `src/rk_s/data.txt` (package data) linking to a file outside the repository, or to
    .git/config, put that file into the sdist, the wheel and the wheelhouse (checked by
    hand on the code before: the secret was in the archive). Refused before anything is
    built, naming the link."""
    secret = tmp_path / "secret.txt"
    secret.write_bytes(SECRET)
    project = write_tree(
        tmp_path / "p",
        {
            "pyproject.toml": SETUPTOOLS
            + '[project]\nname = "rk-s"\nversion = "1.0.0"\ndescription = "s"\n'
            + '[tool.setuptools.package-data]\nrk_s = ["*.txt"]\n',
            "src/rk_s/__init__.py": "",
        },
    )
    git_commit(project, COMMIT_TIME)
    link = project / "src" / "rk_s" / "data.txt"
    os.symlink(str(secret) if target == "outside" else "../../.git/config", link)
    git_commit(project, COMMIT_TIME)
    done = wheelhouse(project, "--out", "out")
    assert done.code == 2, done.err
    lines = done.err.strip().splitlines()
    assert len(lines) == 1 and "'src/rk_s/data.txt' is a symbolic link" in lines[0], done.err
    assert not (project / "out").exists()


def test_a_tracked_link_inside_the_repository_is_fine(tmp_path: Path) -> None:
    """A link to another file of the repository (a shared LICENSE) is no leak: accepted."""
    from release_kit.wheelhouse.links import check_project_links

    repo = tmp_path / "mono"
    project = make_pure(repo / "packages" / "pure")
    (repo / "LICENSE").write_text("MIT\n")
    os.symlink("../../LICENSE", project / "LICENSE")
    git_commit(repo, COMMIT_TIME)
    check_project_links(project)  # raises nothing
    os.symlink("../../../../outside.txt", project / "rk_pure" / "x.txt")
    git_commit(repo, COMMIT_TIME)
    with pytest.raises(InputError, match=r"'rk_pure/x\.txt' is a symbolic link"):
        check_project_links(project)


@pytest.mark.parametrize("how", ["argument", "in-a-folder"])
def test_merge_refuses_a_partial_that_is_a_link(built: Built, tmp_path: Path, how: str) -> None:
    """Guards finding 3: a link among the partial wheelhouses (to an archive elsewhere, or to
    any file) is refused by name; before, its target was read and merged."""
    native = Path(built.results["cli"]["archive"])
    win = Path(built.results["cli-win"]["archive"])
    (tmp_path / "partials").mkdir()
    shutil.copy(native, tmp_path / "partials" / native.name)
    link = tmp_path / "partials" / "win-wheelhouse.tar.gz"
    os.symlink(win, link)
    args = ["partials"] if how == "in-a-folder" else [str(native), "partials/win-wheelhouse.tar.gz"]
    done = wheelhouse(tmp_path, "merge", *args, "--out", "out")
    assert done.code == 2, done.err
    lines = done.err.strip().splitlines()
    assert len(lines) == 1 and "win-wheelhouse.tar.gz' is a symbolic link" in lines[0], done.err
    assert not (tmp_path / "out").exists()


def test_collect_refuses_a_link_in_the_prefetched_folder(built: Built, tmp_path: Path) -> None:
    """Guards finding 3: files collected into the wheelhouse are never links (the copy would
    have packed the link's target)."""
    from release_kit.wheelhouse.collect import collect
    from release_kit.wheelhouse.settings import Target

    _top, files, _junk = archive.unpack(Path(built.results["pure"]["archive"]))
    (name,) = (n for n in files if n.endswith(".whl"))
    wheel = tmp_path / name
    wheel.write_bytes(files[name])
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (tmp_path / "prefetched").mkdir()
    os.symlink(tmp_path / "secret.txt", tmp_path / "prefetched" / "evil-1.0-py3-none-any.whl")
    with pytest.raises(InputError, match=r"evil-1\.0-py3-none-any\.whl' is a symbolic link"):
        collect(
            Target(f"{sys.version_info[0]}.{sys.version_info[1]}"),
            wheel,
            tmp_path / "dest",
            constraints=[],
            find_links=[],
            env=base_env(),
            cwd=tmp_path,
            prefetched=tmp_path / "prefetched",
            complete=True,
        )
    assert not (tmp_path / "dest" / "evil-1.0-py3-none-any.whl").exists()
