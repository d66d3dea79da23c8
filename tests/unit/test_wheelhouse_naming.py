"""The archive-name template and the layout key: rendering and refusals (pure)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from release_kit.config import Config
from release_kit.errors import ConfigError, InputError
from release_kit.wheelhouse import naming
from release_kit.wheelhouse.settings import WheelhouseSettings


@pytest.mark.parametrize(
    ("template", "name", "version", "expected"),
    [
        (naming.DEFAULT_ARCHIVE_NAME, "rk-app", "1.0.0", "rk-app-1.0.0-wheelhouse.tar.gz"),
        (
            naming.DEFAULT_ARCHIVE_NAME,
            "Rk_App",
            "2.0.0-rc.1",
            "rk-app-2.0.0-rc.1-wheelhouse.tar.gz",
        ),
        (
            "hephaestus-{version}-wheelhouse.tar.gz",
            "hephaestus-toolkit",
            "0.3.0",
            "hephaestus-0.3.0-wheelhouse.tar.gz",
        ),
        ("{name}.tar.gz", "rk-app", "1.0.0", "rk-app.tar.gz"),
        ("bundle-{version}-{version}.tar.gz", "x", "1.0", "bundle-1.0-1.0.tar.gz"),
    ],
    ids=["default", "normalized-name", "fixed-name", "no-version", "twice"],
)
def test_archive_file_name(template: str, name: str, version: str, expected: str) -> None:
    rendered = naming.archive_file_name(template, name, version)
    assert rendered == expected
    assert naming.archive_stem(rendered) == expected.removesuffix(".tar.gz")


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{project}-{version}.tar.gz", "unknown placeholder {project}"),
        ("{}-{version}.tar.gz", "unknown placeholder {}"),
        ("{name!r}-{version}.tar.gz", "unknown placeholder {name}"),
        ("{version:>8}.tar.gz", "unknown placeholder {version}"),
        ("{name-{version}.tar.gz", "unbalanced braces"),
        ("dist/{name}-{version}.tar.gz", "without a path separator"),
        ("dist\\{name}.tar.gz", "without a path separator"),
        ("..{name}.tar.gz", "must not contain '..'"),
        ("{name}-{version}.zip", "must end in .tar.gz"),
        ("{name}-{version}.tgz", "must end in .tar.gz"),
        (".tar.gz", "must end in .tar.gz after a non-empty stem"),
    ],
    ids=[
        "unknown",
        "empty-field",
        "conversion",
        "format-spec",
        "unbalanced",
        "slash",
        "backslash",
        "dot-dot",
        "zip",
        "tgz",
        "empty-stem",
    ],
)
def test_bad_templates_are_refused_naming_the_key(template: str, problem: str) -> None:
    assert problem in (naming.archive_name_problem(template) or "")
    with pytest.raises(InputError, match=r"^--archive-name ") as flag:
        naming.check_archive_name(template, "--archive-name")
    assert problem in str(flag.value)
    config = Config(
        root=Path("."), source="release-kit.toml", data={"wheelhouse": {"archive-name": template}}
    )
    with pytest.raises(ConfigError, match=r"\[wheelhouse\] archive-name ") as key:
        WheelhouseSettings.from_config(config)
    assert problem in str(key.value)


def test_a_version_that_would_climb_out_is_refused() -> None:
    with pytest.raises(InputError, match=r"must not contain '\.\.'"):
        naming.archive_file_name("{name}-{version}.tar.gz", "x", "1..2")


@pytest.mark.parametrize(
    ("template", "glob"),
    [
        (naming.DEFAULT_ARCHIVE_NAME, "*-wheelhouse.tar.gz"),
        ("hephaestus-{version}-wheelhouse.tar.gz", "hephaestus-*-wheelhouse.tar.gz"),
    ],
    ids=["default", "fixed-name"],
)
def test_archive_glob_matches_what_the_template_renders(template: str, glob: str) -> None:
    assert naming.archive_glob(template) == glob
    assert Path(naming.archive_file_name(template, "rk-x", "1.2.3")).match(glob)


def test_layout_key() -> None:
    def settings(section: dict[str, object]) -> WheelhouseSettings:
        cfg = Config(root=Path("."), source="release-kit.toml", data={"wheelhouse": section})
        return WheelhouseSettings.from_config(cfg)

    assert (settings({}).layout, settings({}).archive_name) == (
        "folder",
        "{name}-{version}-wheelhouse.tar.gz",
    )
    assert settings({"layout": "flat"}).layout == "flat"
    with pytest.raises(ConfigError, match=r"\[wheelhouse\] layout must be one of folder, flat"):
        settings({"layout": "nested"})


@pytest.mark.parametrize(
    ("builder", "has_build", "has_uv", "expected"),
    [
        ("build", True, False, []),
        ("build", False, True, ["build>=1.2"]),
        ("uv", False, True, []),
        ("uv", True, False, ["uv>=0.4"]),
    ],
    ids=["build-present", "build-missing", "uv-present", "uv-missing"],
)
def test_needs_names_what_the_builder_lacks(
    builder: str, has_build: bool, has_uv: bool, expected: list[str]
) -> None:
    from release_kit.wheelhouse.needs import missing

    assert missing(builder, has_build=has_build, has_uv=has_uv) == expected


def test_needs_reads_the_builder_from_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from release_kit.wheelhouse import needs

    (tmp_path / "release-kit.toml").write_text('[wheelhouse]\nbuilder = "uv"\n')
    monkeypatch.setenv("PATH", str(tmp_path / "no-uv-here"))
    expected = [] if Path(sys.executable).with_name("uv").is_file() else ["uv>=0.4"]
    assert needs.main(["-C", str(tmp_path)]) == 0
    assert capsys.readouterr().out.split() == expected
    (tmp_path / "release-kit.toml").write_text("[wheelhouse]\nbuilder = 1\n")
    assert needs.main(["-C", str(tmp_path)]) == 0  # the wheelhouse command reports it
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("hephaestus", ("uv", "flat", "hephaestus-0.3.0-wheelhouse.tar.gz")),
        ("default", ("build", "folder", "hephaestus-toolkit-0.3.0-wheelhouse.tar.gz")),
        ("lepton", ("build", "folder", "hephaestus-toolkit-0.3.0-wheelhouse.tar.gz")),
    ],
    ids=["hephaestus", "default", "lepton"],
)
def test_rendered_preset_config_gives_the_wheelhouse_settings(
    tmp_path: Path, preset: str, expected: tuple[str, str, str]
) -> None:
    from release_kit.config import load_config
    from release_kit.init.presets import get_preset
    from release_kit.init.render import render_config

    text = render_config(get_preset(preset), "main")
    assert ("[wheelhouse]" in text) == (preset == "hephaestus")
    (tmp_path / "release-kit.toml").write_text(text, encoding="utf-8")
    settings = WheelhouseSettings.from_config(load_config(tmp_path))
    name = naming.archive_file_name(settings.archive_name, "hephaestus-toolkit", "0.3.0")
    assert (settings.builder, settings.layout, name) == expected
