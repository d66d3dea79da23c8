"""`release-kit init`: rendering presets into a real repository, diff, refusal, --force."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import git_tree_snapshot
from release_kit.changelog import ChangelogSettings
from release_kit.config import load_config
from release_kit.init.presets import PRESETS
from release_kit.release.settings import ReleaseSettings
from release_kit.settings import CoreSettings
from release_kit.tagging.settings import BranchSettings, TagSettings
from release_kit.wheelhouse.settings import WheelhouseSettings

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = '[project]\nname = "demo"\nversion = "1.0.0"\n'


@pytest.fixture
def repo(make_repo: Callable[..., Any]) -> Any:
    return make_repo({"pyproject.toml": PYPROJECT})


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_each_preset_writes_its_workflows_and_a_valid_config(
    repo: Any, run_cli: Callable[..., Any], preset: str
) -> None:
    result = run_cli(repo.path, "init", "--preset", preset, "--json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    expected = {f".github/workflows/{w}.yml" for w in PRESETS[preset].workflows}
    assert set(payload["written"]) == expected | {".github/release-kit.toml"}
    for rel in expected:
        workflow = yaml.safe_load(repo.read(rel))
        assert workflow["permissions"] == {}
    cfg = load_config(repo.path)
    assert cfg.source == ".github/release-kit.toml"
    for settings in (
        CoreSettings,
        ChangelogSettings,
        TagSettings,
        BranchSettings,
        ReleaseSettings,
        WheelhouseSettings,
    ):
        settings.from_config(cfg)  # every key the preset writes is known to its owner
    assert cfg.section("init").get_str("preset", "") == preset

    again = run_cli(repo.path, "init", "--json")  # the preset is read back from [init]
    assert again.code == 0, again.err
    second = json.loads(again.out)
    assert second["preset"] == preset
    assert second["written"] == []
    assert {f["status"] for f in second["files"]} == {"unchanged"}


def test_default_preset_is_the_org_templates_with_the_branch_filled_in(
    repo: Any, run_cli: Callable[..., Any]
) -> None:
    """What GitHub does with an org template ($default-branch -> main) is what init writes."""
    assert run_cli(repo.path, "init", "--preset", "default").code == 0
    templates = sorted((ROOT / "workflow-templates").glob("*.yml"))
    assert templates
    for template in templates:
        expected = template.read_text("utf-8").replace("$default-branch", "main")
        assert repo.read(f".github/workflows/{template.name}") == expected, template.name


def test_a_changed_file_is_refused_without_force(repo: Any, run_cli: Callable[..., Any]) -> None:
    assert run_cli(repo.path, "init", "--preset", "default").code == 0
    edited = repo.read(".github/workflows/release-rolling.yml") + "# local edit\n"
    repo.write(".github/workflows/release-rolling.yml", edited)
    repo.write(".github/release-kit.toml", repo.read(".github/release-kit.toml") + "# mine\n")
    before = git_tree_snapshot(repo.path)

    refused = run_cli(repo.path, "init", "--preset", "hyperlight")
    assert refused.code == 1
    assert "refusing to overwrite" in refused.err
    assert ".github/workflows/release-rolling.yml" in refused.err
    assert "-# local edit" in refused.out  # the diff is shown before refusing
    assert git_tree_snapshot(repo.path) == before  # all or nothing

    forced = run_cli(repo.path, "init", "--preset", "hyperlight", "--force")
    assert forced.code == 0, forced.err
    assert "# local edit" not in repo.read(".github/workflows/release-rolling.yml")
    assert 'preset = "hyperlight"' in repo.read(".github/release-kit.toml")


def test_dry_run_shows_the_diff_and_writes_nothing(repo: Any, run_cli: Callable[..., Any]) -> None:
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "init", "--preset", "wasmtime", "--dry-run")
    assert result.code == 0, result.err
    assert "+++ b/.github/workflows/release-monthly.yml" in result.out
    assert "--- /dev/null" in result.out
    assert "dry run: 4 file(s) would be written" in result.out
    assert git_tree_snapshot(repo.path) == before


def test_default_branch_comes_from_the_repository(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo({"pyproject.toml": PYPROJECT})
    repo.git("branch", "-m", "main", "trunk")
    assert run_cli(repo.path, "init", "--preset", "default").code == 0
    push_tag = yaml.safe_load(repo.read(".github/workflows/release-push-tag.yml"))
    assert push_tag[True]["push"]["branches"][0] == "trunk"
    assert 'main-branch = "trunk"' in repo.read(".github/release-kit.toml")


def test_config_in_pyproject_is_a_conflict_unless_no_config(
    make_repo: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    repo = make_repo({"pyproject.toml": PYPROJECT + '\n[tool.release-kit]\nscheme = "pep440"\n'})
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "init", "--preset", "default")
    assert result.code == 1
    assert "pyproject.toml already has [tool.release-kit]" in result.err
    assert git_tree_snapshot(repo.path) == before
    result = run_cli(repo.path, "init", "--preset", "default", "--no-config")
    assert result.code == 0, result.err
    assert not (repo.path / ".github/release-kit.toml").exists()


@pytest.mark.parametrize(
    "args",
    [("--preset", "nope"), ("--preset", "default", "--default-branch", "a b")],
    ids=["unknown-preset", "bad-branch"],
)
def test_bad_input_exits_2_and_writes_nothing(
    repo: Any, run_cli: Callable[..., Any], args: tuple[str, ...]
) -> None:
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "init", *args)
    assert result.code == 2
    assert git_tree_snapshot(repo.path) == before


def test_runner_and_publish_options_are_kept_for_the_next_run(
    repo: Any, run_cli: Callable[..., Any]
) -> None:
    args = ("init", "--preset", "default", "--runners", "ubuntu-latest", "--no-publish")
    assert run_cli(repo.path, *args).code == 0
    on_tag = yaml.safe_load(repo.read(".github/workflows/release-on-tag.yml"))
    # one runner: its own read-only build job, no publish job
    assert set(on_tag["jobs"]) == {"tag", "branch", "wheelhouse", "release"}
    assert on_tag["jobs"]["wheelhouse"]["strategy"]["matrix"]["os"] == ["ubuntu-latest"]
    assert on_tag["jobs"]["wheelhouse"]["permissions"] == {"contents": "read"}
    config = repo.read(".github/release-kit.toml")
    assert 'runners = ["ubuntu-latest"]' in config and "publish = false" in config
    again = run_cli(repo.path, "init", "--json")
    assert again.code == 0 and json.loads(again.out)["written"] == []


def test_no_runners_needs_no_publish(repo: Any, run_cli: Callable[..., Any]) -> None:
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "init", "--preset", "default", "--runners", "")
    assert result.code == 2
    assert "--no-publish" in result.err
    assert git_tree_snapshot(repo.path) == before


def test_an_unreadable_config_is_an_error_unless_a_preset_is_given(
    repo: Any, run_cli: Callable[..., Any]
) -> None:
    repo.write(".github/release-kit.toml", "[init]\npreset = 'default'\n[init]\n")
    before = git_tree_snapshot(repo.path)
    result = run_cli(repo.path, "init")
    assert result.code == 2
    assert "invalid TOML" in result.err
    assert git_tree_snapshot(repo.path) == before
    forced = run_cli(repo.path, "init", "--preset", "default", "--force")
    assert forced.code == 0, forced.err
    assert repo.read(".github/release-kit.toml").count("[init]") == 1


@pytest.mark.parametrize(
    ("before", "mode"),
    [(None, 0o644), (0o644, 0o644), (0o755, 0o755)],
    ids=["new-file", "changed-file", "changed-executable"],
)
def test_written_files_keep_readable_permissions(
    tmp_path: Path, before: int | None, mode: int
) -> None:
    from release_kit.init.plan import FileChange, write_changes

    target = tmp_path / "sub" / "w.yml"
    old = None
    if before is not None:
        target.parent.mkdir()
        target.write_text("old\n", encoding="utf-8")
        target.chmod(before)
        old = "old\n"
    assert write_changes(tmp_path, [FileChange("sub/w.yml", old, "new\n")]) == ["sub/w.yml"]
    assert target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == mode


@pytest.mark.parametrize(
    ("preset", "title"),
    [
        ("default", "v1.2.0"),
        ("vmpilot", "Release v1.2.0"),
        ("hyperlight", "Release v1.2.0"),
        ("hephaestus", "Hephaestus v1.2.0"),
    ],
)
def test_each_preset_titles_releases_as_its_project_does(
    repo: Any, run_cli: Callable[..., Any], preset: str, title: str
) -> None:
    assert run_cli(repo.path, "init", "--preset", preset).code == 0
    settings = ReleaseSettings.from_config(load_config(repo.path))
    assert settings.name.format(tag="v1.2.0", version="1.2.0") == title
    if preset == "hyperlight":
        assert settings.rolling_name == "Latest prerelease from main branch"
        assert settings.notes == ("generated", "changelog")  # What's Changed first
        assert settings.rolling_notes == ("generated", "changelog")  # dev-latest's too
        from release_kit.changelog import ChangelogSettings

        pending = ChangelogSettings.from_config(load_config(repo.path)).pending_headings
        assert pending == ("Prerelease",)


@pytest.mark.parametrize(
    ("preset", "patch_tags"),
    [("hyperlight", "create"), ("wasmtime", "reuse"), ("lepton", "create"), ("default", "create")],
)
def test_which_presets_give_a_patch_tag_its_own_branch(
    repo: Any, run_cli: Callable[..., Any], preset: str, patch_tags: str
) -> None:
    """hyperlight makes release/v0.4.2 for v0.4.2; wasmtime tags v40.0.1 on
    release-40.0.0; lepton's line pattern reuses the line's branch whatever the key."""
    from release_kit.tagging.settings import BranchSettings

    assert run_cli(repo.path, "init", "--preset", preset).code == 0
    assert BranchSettings.from_config(load_config(repo.path)).patch_tags == patch_tags


def test_wasmtime_opens_one_bump_pr_per_base_branch(repo: Any, run_cli: Callable[..., Any]) -> None:
    """The monthly PR on main and a patch PR on release-X.Y.Z use two branches, so the
    patch is not refused while the monthly PR is open."""
    from release_kit.pr.settings import PrSettings

    assert run_cli(repo.path, "init", "--preset", "wasmtime").code == 0
    branch = PrSettings.from_config(load_config(repo.path)).branch
    assert branch.replace("{base}", "main") != branch.replace("{base}", "release-49.0.0")
