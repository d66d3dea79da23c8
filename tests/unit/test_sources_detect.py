"""Detection of each version source on in-memory trees, and the edits planned from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DictTree
from release_kit.config import Config
from release_kit.errors import SourceError
from release_kit.sources import detect, plan_edits


def cfg(data: dict[str, object] | None = None) -> Config:
    return Config(root=Path("."), source="release-kit.toml" if data else None, data=data or {})


def bumped(
    files: dict[str, str], new: str, config: dict[str, object] | None = None
) -> dict[str, str]:
    tree = DictTree(files)
    project = detect(tree, cfg(config))
    edits = plan_edits(project, new, tree=tree, cfg=cfg(config))
    return {**files, **{e.path: e.after for e in edits}}


HATCH = {
    "pyproject.toml": '[project]\nname = "pkg"\ndynamic = ["version"]\n\n'
    '[tool.hatch.version]\npath = "src/pkg/__about__.py"\n',
    "src/pkg/__about__.py": '__version__: str = "3.1.0"\n',
}
SETUPTOOLS_ATTR = {
    "pyproject.toml": '[project]\nname = "pkg"\ndynamic = ["version"]\n\n'
    '[tool.setuptools.dynamic]\nversion = { attr = "pkg.__version__" }\n',
    "pkg/__init__.py": "__version__ = '3.1.0'\n",
}
SETUPTOOLS_FILE = {
    "pyproject.toml": '[project]\nname = "pkg"\ndynamic = ["version"]\n\n'
    '[tool.setuptools.dynamic]\nversion = { file = "VERSION.txt" }\n',
    "VERSION.txt": "3.1.0\n",
}
POETRY = {"pyproject.toml": '[tool.poetry]\nname = "pkg"\nversion = "3.1.0"\n'}
SETUP_CFG = {
    "setup.cfg": "[metadata]\nname = pkg\nversion = 3.1.0\n\n[options]\nzip_safe = False\n"
}
SETUP_CFG_ATTR = {
    "setup.cfg": "[metadata]\nname = pkg\nversion = attr: pkg.__version__\n",
    "src/pkg/__init__.py": '__version__ = "3.1.0"\n',
}
VERSION_FILE = {"VERSION": "3.1.0\n"}
CARGO_SINGLE = {"Cargo.toml": '[package]\nname = "one"\nversion = "3.1.0"  # x\n'}
HATCH_VCS = {
    "pyproject.toml": '[project]\nname = "pkg"\ndynamic = ["version"]\n\n'
    '[tool.hatch.version]\nsource = "vcs"\n',
}

SINGLE = {
    "hatch-path": (HATCH, "src/pkg/__about__.py", '__version__: str = "3.2.0"\n', "pep440"),
    "setuptools-attr": (SETUPTOOLS_ATTR, "pkg/__init__.py", "__version__ = '3.2.0'\n", "pep440"),
    "setuptools-file": (SETUPTOOLS_FILE, "VERSION.txt", "3.2.0\n", "pep440"),
    "poetry": (
        POETRY,
        "pyproject.toml",
        '[tool.poetry]\nname = "pkg"\nversion = "3.2.0"\n',
        "pep440",
    ),
    "setup-cfg": (
        SETUP_CFG,
        "setup.cfg",
        SETUP_CFG["setup.cfg"].replace("3.1.0", "3.2.0"),
        "pep440",
    ),
    "setup-cfg-attr": (SETUP_CFG_ATTR, "src/pkg/__init__.py", '__version__ = "3.2.0"\n', "pep440"),
    "version-file": (VERSION_FILE, "VERSION", "3.2.0\n", "semver"),
    "cargo-single": (
        CARGO_SINGLE,
        "Cargo.toml",
        CARGO_SINGLE["Cargo.toml"].replace("3.1.0", "3.2.0"),
        "semver",
    ),
}


@pytest.mark.parametrize(("files", "path", "after", "scheme"), SINGLE.values(), ids=SINGLE.keys())
def test_single_source(files: dict[str, str], path: str, after: str, scheme: str) -> None:
    project = detect(DictTree(files), cfg())
    assert (project.version, project.scheme) == ("3.1.0", scheme)
    result = bumped(files, "3.2.0")
    assert result[path] == after
    assert {p for p in files if result[p] != files[p]} == {path}


def test_tag_only_without_git_reads_no_tag() -> None:
    project = detect(DictTree(HATCH_VCS), cfg())
    assert project.tag_only and project.version == "0.0.0"
    assert plan_edits(project, "0.1.0") == []


def test_version_source_selects_one_family() -> None:
    files = {**VERSION_FILE, "package.json": '{"version": "9.0.0"}'}
    with pytest.raises(SourceError, match="disagree"):
        detect(DictTree(files), cfg())
    assert detect(DictTree(files), cfg({"version-source": "VERSION"})).version == "3.1.0"
    assert detect(DictTree(files), cfg({"version-source": "package.json"})).version == "9.0.0"


def test_private_tooling_package_json_is_ignored_beside_a_real_source() -> None:
    files = {**CARGO_SINGLE, "package.json": '{"private": true, "version": "0.0.0"}'}
    assert detect(DictTree(files), cfg()).source == "cargo"


def test_escaped_version_string_is_refused() -> None:
    files = {"Cargo.toml": '[package]\nname = "x"\nversion = "3.1.\\u0030"\n'}
    with pytest.raises(SourceError, match=r"cannot edit package\.version in place"):
        detect(DictTree(files), cfg())


def test_crlf_and_comments_survive() -> None:
    files = {"Cargo.toml": '[package] # main\r\nname = "x"\r\nversion = "3.1.0" # bump me\r\n'}
    assert bumped(files, "4.0.0")["Cargo.toml"] == files["Cargo.toml"].replace("3.1.0", "4.0.0")


CARGO_VIRTUAL = {
    "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n',
    "crates/a/Cargo.toml": '[package]\nname = "a"\nversion = "0.3.0"\n\n[dependencies]\n'
    'b = { path = "../b", version = "0.3.0" }\nserde = "0.3.0"\n',
    "crates/b/Cargo.toml": '[package]\nname = "b"\nversion = "0.3.0"\n',
    "crates/b/examples/c/Cargo.toml": '[package]\nname = "c"\nversion = "0.3.0"\n',
    "Cargo.lock": 'version = 3\n\n[[package]]\nname = "a"\nversion = "0.3.0"\ndependencies = [\n'
    ' "b 0.3.0",\n "serde",\n]\n\n[[package]]\nname = "b"\nversion = "0.3.0"\n\n'
    '[[package]]\nname = "b"\nversion = "0.3.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n'
    '[[package]]\nname = "serde"\nversion = "0.3.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
}


def test_virtual_workspace_without_workspace_version() -> None:
    result = bumped(CARGO_VIRTUAL, "0.4.0")
    assert result["crates/a/Cargo.toml"] == CARGO_VIRTUAL["crates/a/Cargo.toml"].replace(
        'version = "0.3.0"\n\n', 'version = "0.4.0"\n\n'
    ).replace('version = "0.3.0" }', 'version = "0.4.0" }')
    assert 'serde = "0.3.0"' in result["crates/a/Cargo.toml"]
    assert (
        result["crates/b/examples/c/Cargo.toml"] == CARGO_VIRTUAL["crates/b/examples/c/Cargo.toml"]
    )
    lock = result["Cargo.lock"]
    assert lock.count('version = "0.4.0"') == 2
    assert '"b 0.4.0"' in lock
    assert lock.count('version = "0.3.0"') == 2  # the registry crates b and serde


def test_workspace_members_disagreeing_without_workspace_version() -> None:
    files = {**CARGO_VIRTUAL, "crates/b/Cargo.toml": '[package]\nname = "b"\nversion = "0.2.9"\n'}
    with pytest.raises(SourceError) as caught:
        detect(DictTree(files), cfg())
    assert "crates/a/Cargo.toml:3: 0.3.0" in caught.value.message
    assert "crates/b/Cargo.toml:3: 0.2.9" in caught.value.message


def test_missing_workspace_member_manifest() -> None:
    files = {
        "Cargo.toml": '[workspace]\nmembers = ["gone"]\n[workspace.package]\nversion = "1.0.0"\n'
    }
    with pytest.raises(SourceError, match=r"member gone has no Cargo\.toml"):
        detect(DictTree(files), cfg())


def test_extra_files_with_bad_regex() -> None:
    from release_kit.errors import ConfigError

    config = {"files": [{"path": "VERSION", "pattern": "({version}"}]}
    with pytest.raises(ConfigError, match="not a valid regex"):
        detect(DictTree(VERSION_FILE), cfg(config))


def test_pep440_spellings_of_one_version_agree() -> None:
    files = {
        "pyproject.toml": '[project]\nname = "pkg"\nversion = "1.0.0rc1"\n',
        "src/pkg/__init__.py": '__version__ = "1.0.0-rc1"\n',
    }
    result = bumped(files, "1.0.0")
    assert result["src/pkg/__init__.py"] == '__version__ = "1.0.0"\n'
    assert result["pyproject.toml"] == files["pyproject.toml"].replace("1.0.0rc1", "1.0.0")
