"""Cargo layouts met in real workspaces, in our own small words.

- members only through path dependencies (from a member, the root package or
  `[workspace.dependencies]`), transitively, minus `exclude`;
- a nested workspace with its own Cargo.lock that depends on the bumped crates by path;
- a lock entry that lags behind the manifests (stale: set by the bump);
- requirements Cargo would refuse after the bump (refused, nothing written, file:line).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DictTree
from release_kit.config import Config
from release_kit.errors import RefusedError
from release_kit.sources import detect, plan_edits
from release_kit.sources.cargo import layout
from release_kit.versioning.cargo_req import accepts

CFG = Config(root=Path("."), source=None, data={})


def crate(name: str, deps: str = "", version: str = "version.workspace = true") -> str:
    return f'[package]\nname = "{name}"\n{version}\n\n[dependencies]\n{deps}\n'


def lock(*entries: tuple[str, str], external: tuple[str, str] | None = None) -> str:
    body = ["version = 4", ""]
    for name, version in entries:
        body += ["[[package]]", f'name = "{name}"', f'version = "{version}"', ""]
    if external:
        body += [
            "[[package]]",
            f'name = "{external[0]}"',
            f'version = "{external[1]}"',
            'source = "registry+https://github.com/rust-lang/crates.io-index"',
            "",
        ]
    return "\n".join(body)


# A root that lists one member; everything else joins through path dependencies.
IMPLICIT = {
    "Cargo.toml": '[workspace]\nmembers = ["app"]\nexclude = ["scratch"]\n\n'
    '[workspace.package]\nversion = "7.0.0-dev"\n\n'
    '[workspace.dependencies]\nengine = { path = "engine", version = "=7.0.0-dev" }\n'
    'other-line = { path = "other", version = "0.40.0-dev" }\n',
    "app/Cargo.toml": crate("app", "engine = { workspace = true }\n"),
    "engine/Cargo.toml": crate("engine", 'helper = { path = "../helper", version = "=7.0.0-dev" }'),
    "helper/Cargo.toml": crate("helper", 'scratch = { path = "../scratch" }'),
    "scratch/Cargo.toml": crate("scratch", version='version = "7.0.0-dev"'),
    "other/Cargo.toml": crate("other-line", version='version = "0.40.0-dev"'),
    "Cargo.lock": lock(
        ("app", "7.0.0-dev"),
        ("engine", "7.0.0-dev"),
        ("helper", "7.0.0-dev"),
        ("other-line", "0.40.0-dev"),
        external=("serde", "7.0.0-dev"),
    ),
}


def bumped(files: dict[str, str], new: str) -> dict[str, str]:
    tree = DictTree(files)
    project = detect(tree, CFG)
    edits = plan_edits(project, new, tree=tree, cfg=CFG)
    return {**files, **{e.path: e.after for e in edits}}


def test_members_include_path_dependencies_transitively_minus_exclude() -> None:
    found = layout(DictTree(IMPLICIT))
    assert found is not None
    assert sorted(c.dir for c in found.crates) == ["app", "engine", "helper", "other"]
    assert sorted(c.name or "" for c in found.bumped) == ["app", "engine", "helper"]


def test_bump_moves_every_member_requirement_and_lock_entry_of_the_line() -> None:
    after = bumped(IMPLICIT, "8.0.0-dev")
    assert 'engine = { path = "engine", version = "=8.0.0-dev" }' in after["Cargo.toml"]
    assert 'version = "0.40.0-dev"' in after["Cargo.toml"]  # the other line stays
    assert 'helper = { path = "../helper", version = "=8.0.0-dev" }' in after["engine/Cargo.toml"]
    assert after["scratch/Cargo.toml"] == IMPLICIT["scratch/Cargo.toml"]  # excluded
    lock_text = after["Cargo.lock"]
    for name in ("app", "engine", "helper"):
        assert f'name = "{name}"\nversion = "8.0.0-dev"' in lock_text
    assert 'name = "other-line"\nversion = "0.40.0-dev"' in lock_text
    assert 'name = "serde"\nversion = "7.0.0-dev"' in lock_text  # external: never touched


NESTED = {
    "Cargo.toml": '[workspace]\nmembers = ["lib"]\n\n[workspace.package]\nversion = "0.5.0"\n',
    "lib/Cargo.toml": crate("lib"),
    "Cargo.lock": lock(("lib", "0.5.0")),
    "guests/Cargo.toml": '[workspace]\nmembers = ["g"]\n',
    "guests/g/Cargo.toml": crate(
        "g", 'lib = { path = "../../lib", version = "0.5.0" }', 'version = "0.0.1"'
    ),
    "guests/Cargo.lock": lock(("g", "0.0.1"), ("lib", "0.5.0")),
    "leftover/Cargo.lock": lock(("lib", "0.1.0")),  # no manifest beside it: nothing reads it
}


def test_nested_workspace_lock_and_requirements_follow() -> None:
    after = bumped(NESTED, "0.6.0")
    assert 'name = "lib"\nversion = "0.6.0"' in after["guests/Cargo.lock"]
    assert 'name = "g"\nversion = "0.0.1"' in after["guests/Cargo.lock"]
    assert 'version = "0.6.0"' in after["guests/g/Cargo.toml"]
    assert after["leftover/Cargo.lock"] == NESTED["leftover/Cargo.lock"]


def test_lagging_lock_entry_is_stale_not_a_location_and_bump_sets_it() -> None:
    files = {**NESTED, "Cargo.lock": lock(("lib", "0.4.0"))}
    project = detect(DictTree(files), CFG)
    assert "Cargo.lock:5" not in [str(loc) for loc in project.locations]
    assert any("Cargo.lock:5" in w and "0.4.0" in w for w in project.warnings)
    assert 'name = "lib"\nversion = "0.6.0"' in bumped(files, "0.6.0")["Cargo.lock"]


def test_requirement_cargo_would_refuse_is_listed_and_nothing_planned() -> None:
    files = {
        **NESTED,
        "guests/g/Cargo.toml": crate(
            "g", 'lib = { path = "../../lib", version = ">=0.5, <0.6" }', 'version = "0.0.1"'
        ),
    }
    with pytest.raises(RefusedError, match=r"guests/g/Cargo.toml:6: lib = '>=0.5, <0.6'"):
        bumped(files, "0.6.0")


@pytest.mark.parametrize(
    ("requirement", "version", "ok"),
    [
        ("=49.0.0-dev", "49.0.0-dev", True),
        ("=49.0.0-dev", "50.0.0-dev", False),
        ("49.0.0-dev", "49.0.0", True),
        ("^0.16.0", "0.17.0", False),
        ("0.16", "0.16.5", True),
        ("*", "2.0.0-dev", False),
        (">=1.0", "2.0.0-dev", False),
        ("~1.2", "1.2.9", True),
        ("~1.2", "1.3.0", False),
        ("1.*", "2.0.0", False),
        (">=1.0, <2", "1.5.0", True),
        (">1.2", "1.2.5", False),
        ("<=1.2", "1.2.9", True),
        ("^0.0.3", "0.0.4", False),
    ],
)
def test_cargo_requirement_rules(requirement: str, version: str, ok: bool) -> None:
    assert accepts(requirement, version) is ok
