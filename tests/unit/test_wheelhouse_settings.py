"""The [wheelhouse] section, targets, uv.lock pins and pip commands and messages (pure)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from release_kit.config import Config
from release_kit.errors import ConfigError, InputError, ReleaseKitError
from release_kit.wheelhouse.collect import collect_command, explain_failure
from release_kit.wheelhouse.lock import constraints_from_uv_lock
from release_kit.wheelhouse.settings import Target, WheelhouseSettings, parse_target
from release_kit.wheelhouse.verify import offline_env, same_version

PY = f"{sys.version_info.major}.{sys.version_info.minor}"


def cfg(section: dict[str, object]) -> Config:
    return Config(root=Path("."), source="release-kit.toml", data={"wheelhouse": section})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("native", Target(PY)),
        ("", Target(PY)),
        ("3.12", Target("3.12")),
        ("3.12:win_amd64", Target("3.12", ("win_amd64",))),
        (
            "3.10:manylinux_2_17_x86_64, manylinux2014_x86_64",
            Target("3.10", ("manylinux_2_17_x86_64", "manylinux2014_x86_64")),
        ),
    ],
    ids=["native", "empty", "version-only", "one-platform", "two-platforms"],
)
def test_parse_target(text: str, expected: Target) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    "text",
    ["3", "three.twelve", "3.12.1:win_amd64", "win_amd64"],
    ids=["major-only", "words", "patch", "platform-only"],
)
def test_parse_target_refuses(text: str) -> None:
    with pytest.raises(InputError, match="expected PYTHON"):
        parse_target(text)


def test_native_and_foreign_targets() -> None:
    assert Target(PY).native
    assert not Target("2.7").native
    assert not Target(PY, ("win_amd64" if sys.platform != "win32" else "macosx_11_0_arm64",)).native
    assert Target(PY).as_json()["platforms"]  # names this machine's platform in the manifest


def test_defaults_need_no_configuration() -> None:
    settings = WheelhouseSettings.from_config(cfg({}))
    assert settings.builder == "build" and settings.output_dir == "dist" and settings.verify
    assert settings.targets == (Target(PY),)


def test_full_section() -> None:
    settings = WheelhouseSettings.from_config(
        cfg(
            {
                "builder": "uv",
                "output-dir": "out",
                "targets": [
                    {"python-version": "3.12", "platforms": ["win_amd64"]},
                    {"python-version": PY},
                ],
                "constraints": ["constraints.txt"],
                "use-lock": False,
                "find-links": ["vendor"],
                "verify": False,
                "import-name": "app",
            }
        )
    )
    assert settings.targets == (Target("3.12", ("win_amd64",)), Target(PY))
    assert (settings.builder, settings.constraints, settings.find_links) == (
        "uv",
        ("constraints.txt",),
        ("vendor",),
    )
    assert (settings.use_lock, settings.verify, settings.import_name) == (False, False, "app")
    assert settings.with_targets(["3.13", "3.13"]).targets == (Target("3.13"),)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"buidler": "uv"}, "unknown key"),
        ({"builder": "poetry"}, "builder must be one of"),
        ({"targets": [{"python": "3.12"}]}, "unknown key"),
        ({"targets": [{"platforms": "win_amd64"}]}, "needs python-version"),
        ({"verify": "yes"}, "verify must be true or false"),
    ],
    ids=["typo", "unknown-builder", "target-typo", "platforms-not-list", "verify-not-bool"],
)
def test_bad_configuration(section: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        WheelhouseSettings.from_config(cfg(section))


UV_LOCK = """
version = 1
[[package]]
name = "rk-app"
version = "2.0.0"
source = { editable = "." }
[[package]]
name = "Requests"
version = "2.32.3"
source = { registry = "https://pypi.org/simple" }
[[package]]
name = "numpy"
version = "1.26.4"
source = { registry = "https://pypi.org/simple" }
[[package]]
name = "numpy"
version = "2.1.0"
source = { registry = "https://pypi.org/simple" }
[[package]]
name = "local-helper"
version = "0.1.0"
source = { path = "../helper" }
"""


def test_uv_lock_pins_everything_but_the_project_and_local_sources() -> None:
    assert constraints_from_uv_lock(UV_LOCK, "rk_app") == "requests==2.32.3\n"


def test_uv_lock_syntax_error() -> None:
    with pytest.raises(InputError, match=r"uv\.lock: invalid TOML"):
        constraints_from_uv_lock("[[package]\n", "x")


def test_native_target_uses_pip_wheel() -> None:
    cmd = collect_command(Target(PY), ["w.whl"], Path("d"), [Path("c.txt")], ["links"])
    assert cmd[:5] == [sys.executable, "-m", "pip", "wheel", "--wheel-dir"]
    at = cmd.index("--constraint")
    assert cmd[at : at + 2] == ["--constraint", "c.txt"]
    assert "--only-binary=:all:" not in cmd and "--no-index" not in cmd and cmd[-1] == "w.whl"
    offline = collect_command(Target(PY), ["a>=1", "b"], Path("d"), [], ["pre"], no_index=True)
    assert "--no-index" in offline and offline[-2:] == ["a>=1", "b"]


def test_foreign_target_downloads_binaries_only() -> None:
    cmd = collect_command(Target("3.12", ("win_amd64", "win32")), ["w.whl"], Path("d"), [], [])
    assert cmd[3:5] == ["download", "--only-binary=:all:"]
    assert cmd.count("--platform") == 2 and "--python-version" in cmd
    assert cmd[cmd.index("--python-version") + 1] == "3.12"


NOT_FOUND = (
    "ERROR: Could not find a version that satisfies the requirement rk-leaf>=0.5 "
    "(from rk-app==2.0.0) (from versions: none)\n"
    "ERROR: No matching distribution found for rk-leaf>=0.5\n"
)


@pytest.mark.parametrize(
    ("output", "target", "kind", "message"),
    [
        (
            NOT_FOUND,
            Target("3.12", ("win_amd64",)),
            InputError,
            "no wheel of rk-leaf for python 3.12 on win_amd64",
        ),
        (NOT_FOUND, Target(PY), InputError, "no distribution of rk-leaf found"),
        (
            "  error: subprocess-exited-with-error\n"
            "ERROR: Failed to build 'cffi' when building wheels\n",
            Target(PY),
            ReleaseKitError,
            "building a wheel of cffi",
        ),
        (
            "something odd\nERROR: disk full\n",
            Target(PY),
            ReleaseKitError,
            "pip failed for .*: ERROR: disk full",
        ),
        (
            "ERROR: app-1.0-cp311-cp311-linux_x86_64.whl is not a supported wheel"
            " on this platform.",
            Target("3.12", ("win_amd64",)),
            InputError,
            "app-1.0-cp311-cp311-linux_x86_64.whl does not install on python 3.12 on win_amd64",
        ),
        (
            "ERROR: Cannot install app because these package versions have conflicting"
            " dependencies."
            "\n\nThe conflict is caused by:\n    app 2.0.0 depends on leaf>=0.5\n"
            "    The user requested (constraint) leaf==0.4.0\n\nTo fix this you could try to:\n"
            "ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/\n",
            Target(PY),
            InputError,
            "conflict for python .*: app 2.0.0 depends on leaf>=0.5; "
            "The user requested \\(constraint\\) leaf==0.4.0$",
        ),
    ],
    ids=[
        "foreign-no-wheel",
        "native-missing",
        "build-failed",
        "other",
        "own-wheel-unsupported",
        "constraint-conflict",
    ],
)
def test_explain_pip_failure(
    output: str, target: Target, kind: type[Exception], message: str
) -> None:
    err = explain_failure(output, target)
    assert type(err) is kind
    assert re.search(message, err.message), err.message
    assert "\n" not in err.message


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("1.0.0", "1.0.0", True),
        ("1.0.0-rc.1", "1.0.0rc1", True),
        ("1.0", "1.0.0", False),
        ("1.0.0", "1.0.1", False),
        ("x", "x", True),
    ],
    ids=["equal", "semver-pre-vs-pep440", "short-form", "different", "not-pep440"],
)
def test_same_version(a: str, b: str, same: bool) -> None:
    assert same_version(a, b) is same


def test_offline_env_drops_pip_configuration() -> None:
    env = offline_env({"PIP_FIND_LINKS": "x", "PIP_INDEX_URL": "y", "PATH": "/bin"})
    assert env["PATH"] == "/bin" and "PIP_FIND_LINKS" not in env and "PIP_INDEX_URL" not in env
