"""Linked version lines (`[[linked]]`) and the number placeholders of `[[files]]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DictTree
from release_kit.config import Config
from release_kit.errors import ConfigError, SourceError, VersionError
from release_kit.settings import CoreSettings
from release_kit.sources import detect, plan_edits
from release_kit.versioning import Version, parse_version
from release_kit.versioning.linked import follow


def v(text: str) -> Version:
    return parse_version(text, "semver")


@pytest.mark.parametrize(
    ("project", "line", "new", "expected"),
    [
        ("49.0.0-dev", "0.136.0-dev", "49.0.0", "0.136.0"),  # monthly major: -dev dropped
        ("49.0.0", "0.136.0", "50.0.0-dev", "0.137.0-dev"),  # the next train on main
        ("49.0.0", "0.136.0", "49.0.1", "0.136.1"),  # patch on release-49.0.0
        ("49.0.0-dev", "0.136.0-dev", "49.0.0-rc.1", "0.136.0-rc.1"),
        ("49.0.0", "0.136.0", "51.0.0", "0.138.0"),  # an explicit version keeps the offset
    ],
    ids=["major", "dev", "patch", "rc", "explicit"],
)
def test_a_0x_line_follows_by_a_major_is_its_minor(
    project: str, line: str, new: str, expected: str
) -> None:
    assert str(follow("cranelift", v(project), v(line), v(new))) == expected


@pytest.mark.parametrize(
    ("project", "line", "new", "message"),
    [
        ("49.0.0", "0.136.0", "49.1.0", "has no place for it"),
        ("49.0.0", "0.136.1", "50.0.0", "does not follow 49.0.0 by the 0.x rule"),
        ("49.0.0-dev", "0.136.0", "49.0.0", "does not follow 49.0.0-dev"),
        ("49.0.0", "1.2.0", "50.0.0", "only a 0.x line has a rule"),
    ],
    ids=["minor", "patch-apart", "pre-apart", "not-0x"],
)
def test_what_the_rule_cannot_say_is_refused(
    project: str, line: str, new: str, message: str
) -> None:
    with pytest.raises(VersionError, match=message):
        follow("cranelift", v(project), v(line), v(new))


LINKED = {"linked": [{"name": "cl", "crates": ["cl-*"]}]}
WORKSPACE = {
    "Cargo.toml": '[workspace]\nmembers = ["app", "cl/*"]\n\n'
    '[workspace.package]\nversion = "3.0.0-dev"\n\n[workspace.dependencies]\n'
    'cl-x = { path = "cl/x", version = "0.10.0-dev" }\n',
    "app/Cargo.toml": '[package]\nname = "app"\nversion.workspace = true\n\n'
    "[dependencies]\ncl-x = { workspace = true }\n"
    'cl-y = { path = "../cl/y", version = "=0.10.0-dev" }\n',
    "cl/x/Cargo.toml": '[package]\nname = "cl-x"\nversion = "0.10.0-dev"\n',
    "cl/y/Cargo.toml": '[package]\nname = "cl-y"\nversion = "0.10.0-dev"\n\n'
    '[dependencies]\ncl-x = { path = "../x", version = "0.10.0-dev" }\n'
    'other = "0.10.0-dev"\n',
    "cl/t/Cargo.toml": '[package]\nname = "cl-t"\nversion = "0.0.0"\npublish = false\n',
    "Cargo.lock": "version = 4\n\n"
    '[[package]]\nname = "app"\nversion = "3.0.0-dev"\n\n'
    '[[package]]\nname = "cl-t"\nversion = "0.0.0"\n\n'
    '[[package]]\nname = "cl-x"\nversion = "0.10.0-dev"\n\n'
    '[[package]]\nname = "cl-y"\nversion = "0.10.0-dev"\n\n'
    '[[package]]\nname = "other"\nversion = "0.10.0-dev"\n'
    'source = "registry+https://github.com/rust-lang/crates.io-index"\n',
}


def _cfg(data: dict[str, object]) -> Config:
    return Config(root=Path("."), source="release-kit.toml", data=data)


def _bump(files: dict[str, str], new: str, data: dict[str, object]) -> dict[str, str]:
    tree = DictTree(files)
    project = detect(tree, _cfg(data))
    edits = plan_edits(project, new, tree=tree, cfg=_cfg(data))
    return {**files, **{e.path: e.after for e in edits}}


def test_the_line_and_its_requirements_move_by_its_own_rule() -> None:
    after = _bump(WORKSPACE, "3.0.0", LINKED)
    assert 'version = "3.0.0"' in after["Cargo.toml"]
    assert 'cl-x = { path = "cl/x", version = "0.10.0" }' in after["Cargo.toml"]
    assert 'cl-y = { path = "../cl/y", version = "=0.10.0" }' in after["app/Cargo.toml"]
    assert after["cl/x/Cargo.toml"] == WORKSPACE["cl/x/Cargo.toml"].replace("-dev", "")
    # the external crate with the same version and the unreleased test crate stay
    assert 'other = "0.10.0-dev"' in after["cl/y/Cargo.toml"]
    assert after["cl/t/Cargo.toml"] == WORKSPACE["cl/t/Cargo.toml"]
    lock = after["Cargo.lock"]
    assert 'name = "cl-y"\nversion = "0.10.0"\n' in lock
    assert 'name = "other"\nversion = "0.10.0-dev"\n' in lock
    assert 'name = "app"\nversion = "3.0.0"\n' in lock
    again = detect(DictTree(after), _cfg(LINKED))
    assert [(line.name, line.version) for line in again.lines] == [("cl", "0.10.0")]
    nxt = _bump(after, "4.0.0-dev", LINKED)
    assert 'version = "0.11.0-dev"' in nxt["cl/y/Cargo.toml"]


def test_without_linked_the_line_stays_and_the_check_does_not_mind() -> None:
    after = _bump(WORKSPACE, "3.0.0", {})
    assert after["cl/x/Cargo.toml"] == WORKSPACE["cl/x/Cargo.toml"]


def test_crates_that_disagree_are_named() -> None:
    files = {**WORKSPACE, "cl/x/Cargo.toml": '[package]\nname = "cl-x"\nversion = "0.9.0"\n'}
    with pytest.raises(SourceError) as caught:
        detect(DictTree(files), _cfg(LINKED))
    assert str(caught.value) == (
        "linked line cl: its crates disagree on the version:"
        " cl-x (cl/x/Cargo.toml): 0.9.0; cl-y (cl/y/Cargo.toml): 0.10.0-dev"
    )


@pytest.mark.parametrize(
    ("crates", "message"),
    [(["nothing-*"], "no released workspace member matches nothing-*"), (["*"], "app carry")],
    ids=["no-match", "project-crate"],
)
def test_a_line_must_be_a_line_of_its_own(crates: list[str], message: str) -> None:
    with pytest.raises(SourceError, match=message):
        detect(DictTree(WORKSPACE), _cfg({"linked": [{"name": "cl", "crates": crates}]}))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "cl"}, "entry 1 cl: crates must be a list of crate-name globs"),
        ({"crates": ["cl-*"]}, "needs a name"),
        ({"name": "cl", "crates": ["cl-*"], "rule": "x"}, "unknown key 'rule'"),
    ],
    ids=["no-crates", "no-name", "unknown-key"],
)
def test_linked_config_errors(entry: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        CoreSettings.from_config(_cfg({"linked": [entry]}))


HEADER = (
    '#define LIB_VERSION "3.1.0"\n#define LIB_VERSION_MAJOR 3\n'
    "#define LIB_VERSION_MINOR 1\n#define LIB_VERSION_PATCH 0\n#define OTHER 3\n"
)
PARTS = {
    "files": [
        {"path": "lib.h", "pattern": '^#define LIB_VERSION "{version}"$'},
        *(
            {"path": "lib.h", "pattern": f"^#define LIB_VERSION_{part.upper()} {{{part}}}$"}
            for part in ("major", "minor", "patch")
        ),
    ]
}


def test_number_placeholders_follow_the_version() -> None:
    files = {"VERSION": "3.1.0\n", "lib.h": HEADER}
    after = _bump(files, "4.0.0", PARTS)
    assert after["lib.h"] == (
        '#define LIB_VERSION "4.0.0"\n#define LIB_VERSION_MAJOR 4\n'
        "#define LIB_VERSION_MINOR 0\n#define LIB_VERSION_PATCH 0\n#define OTHER 3\n"
    )


def test_a_number_that_disagrees_is_refused() -> None:
    files = {"VERSION": "3.1.0\n", "lib.h": HEADER.replace("MINOR 1", "MINOR 2")}
    with pytest.raises(SourceError, match=r"lib.h:3: minor 2, not 1"):
        detect(DictTree(files), _cfg(PARTS))


def test_a_pattern_takes_one_placeholder() -> None:
    bad = {"files": [{"path": "lib.h", "pattern": "{major}.{minor}"}]}
    with pytest.raises(ConfigError, match="must contain one placeholder"):
        CoreSettings.from_config(_cfg(bad))
