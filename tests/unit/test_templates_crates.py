"""The crates publish step of the templates: crates already on crates.io are skipped.

The step's own script runs with the real `cargo metadata` and `jq` on the
Cargo workspace fixture. Only the two calls that need the network are stood in
for: `curl` answers with the status the test gives per crate, and
`cargo publish` records its arguments instead of uploading.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from release_kit.init.presets import PRESETS
from release_kit.init.render import render_workflows

ROOT = Path(__file__).resolve().parents[2]
WORKSPACE = ROOT / "tests" / "fixtures" / "repos" / "cargo-workspace"
# Read at import, before the tests' isolated HOME: where rustup keeps the toolchains.
TOOLCHAIN_ENV = {
    key: os.environ.get(key, str(Path.home() / folder))
    for key, folder in (("CARGO_HOME", ".cargo"), ("RUSTUP_HOME", ".rustup"))
}
CRATES = ["wasmtime-cli", "wasmtime", "wasmtime-cranelift", "wasmtime-environ", "wasi-common"]

pytestmark = pytest.mark.skipif(
    not (shutil.which("cargo") and shutil.which("jq")), reason="needs cargo and jq"
)

CURL = """#!/usr/bin/env bash
url="${@: -1}"
crate="$(basename "$(dirname "$url")")"
for pair in ${RK_TEST_STATUS}; do
  if [ "${pair%%=*}" = "$crate" ]; then printf '%s' "${pair#*=}"; exit 0; fi
done
printf '404'
"""
CARGO = """#!/usr/bin/env bash
if [ "$1" = publish ]; then echo "$*" >> "$RK_TEST_LOG"; exit 0; fi
exec "$RK_REAL_CARGO" "$@"
"""


def _publish_script(preset: str, workflow: str) -> str:
    data = yaml.safe_load(render_workflows(PRESETS[preset], "main")[workflow])
    steps = data["jobs"]["publish-crates"]["steps"]
    return next(s["run"] for s in steps if s.get("name", "").startswith("Publish the crates"))


def _run(
    tmp_path: Path, statuses: dict[str, str], *, tag: str = "", cranelift: str | None = None
) -> tuple[subprocess.CompletedProcess[str], str]:
    work = tmp_path / "ws"
    shutil.copytree(WORKSPACE, work)
    if cranelift is not None:  # a second version line, as wasmtime's cranelift crates
        for rel, old in (
            ("crates/cranelift/Cargo.toml", 'version = "27.0.0"\nedition'),
            ("Cargo.toml", 'path = "crates/cranelift", version = "=27.0.0"'),
        ):
            path = work / rel
            text = path.read_text(encoding="utf-8")
            assert old in text
            path.write_text(text.replace(old, old.replace("27.0.0", cranelift)), "utf-8")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, text in (("curl", CURL), ("cargo", CARGO)):
        (stubs / name).write_text(text, encoding="utf-8")
        (stubs / name).chmod(0o755)
    log = tmp_path / "publish.log"
    env = {
        **os.environ,
        "PATH": f"{stubs}{os.pathsep}{os.environ['PATH']}",
        "RK_REAL_CARGO": str(shutil.which("cargo")),
        "RK_TEST_LOG": str(log),
        "RK_TEST_STATUS": " ".join(f"{k}={v}" for k, v in statuses.items()),
        "CARGO_NET_OFFLINE": "true",
        "RK_TAG": tag,
        **TOOLCHAIN_ENV,
    }
    proc = subprocess.run(
        ["bash", "-e", "-c", _publish_script("wasmtime", "release-on-tag")],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc, log.read_text(encoding="utf-8") if log.exists() else ""


def test_versions_already_on_the_registry_are_excluded(tmp_path: Path) -> None:
    proc, published = _run(tmp_path, {"wasmtime": "200", "wasmtime-environ": "200"})
    assert proc.returncode == 0, proc.stderr
    assert "wasmtime 27.0.0 is already on crates.io: skipped" in proc.stdout
    assert published.split() == [
        "publish", "--workspace", "--locked", "--exclude", "wasmtime",
        "--exclude", "wasmtime-environ",
    ]  # fmt: skip


def test_nothing_to_publish_when_every_crate_is_there(tmp_path: Path) -> None:
    proc, published = _run(tmp_path, dict.fromkeys(CRATES, "200"))
    assert proc.returncode == 0, proc.stderr
    assert "nothing to publish" in proc.stdout
    assert published == ""


def test_an_unexpected_registry_answer_stops_before_publishing(tmp_path: Path) -> None:
    proc, published = _run(tmp_path, {"wasmtime-cranelift": "503"})
    assert proc.returncode == 1
    assert "::error::crates.io answered 503 for wasmtime-cranelift 27.0.0" in proc.stdout
    assert published == ""


def test_a_final_release_never_publishes_a_crate_at_a_pre_release_version(
    tmp_path: Path,
) -> None:
    """v27.0.0 with wasmtime-cranelift still at 0.96.0-dev: refused, nothing published."""
    proc, published = _run(tmp_path, {}, tag="v27.0.0", cranelift="0.96.0-dev")
    assert proc.returncode == 1, proc.stdout
    assert "these crates are at pre-release versions: wasmtime-cranelift 0.96.0-dev" in proc.stdout
    assert published == ""


def test_a_pre_release_may_publish_pre_release_crates(tmp_path: Path) -> None:
    proc, published = _run(tmp_path, {}, tag="v27.0.0-rc.1", cranelift="0.96.0-dev")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert published.split()[:3] == ["publish", "--workspace", "--locked"]


def test_the_dispatch_template_publishes_the_same_way() -> None:
    assert _publish_script("hyperlight", "release-dispatch") == _publish_script(
        "wasmtime", "release-on-tag"
    )
