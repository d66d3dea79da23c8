"""Small Python projects for the wheelhouse tests, created on disk as git repositories.

- rk-pure: pure Python, no dependencies (flit_core backend).
- rk-app: depends on rk-leaf, which exists only as a local sdist; setuptools backend.
- rk-cli: a console script `rk-cli`; depends on rk-bin, a dependency published as two
  platform wheels (linux_x86_64 and win_amd64), so that per-platform partial
  wheelhouses share one wheel and differ in another.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Release Tester",
    "GIT_AUTHOR_EMAIL": "tester@example.invalid",
    "GIT_COMMITTER_NAME": "Release Tester",
    "GIT_COMMITTER_EMAIL": "tester@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

FLIT = '[build-system]\nrequires = ["flit_core>=3.4,<5"]\nbuild-backend = "flit_core.buildapi"\n'
SETUPTOOLS = (
    '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n'
)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def git_commit(root: Path, when: str = "2026-11-09T12:00:00Z") -> str:
    env = {**os.environ, **GIT_IDENTITY, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
        ).stdout.strip()

    if not (root / ".git").exists():
        git("init", "-q", "-b", "main")
    (root / ".gitignore").write_text("dist/\nout/\n*.egg-info/\nbuild/\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "release")
    return git("rev-parse", "HEAD")


def clone(source: Path, dest: Path) -> Path:
    subprocess.run(
        ["git", "clone", "-q", str(source), str(dest)],
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_IDENTITY},
    )
    return dest


def make_wheel(folder: Path, name: str, version: str, tag: str, modules: dict[str, str]) -> Path:
    """A minimal valid wheel (METADATA, WHEEL, RECORD with hashes) with the given tag."""
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = dict(modules)
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    files[f"{info}/WHEEL"] = (
        f"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: {tag}\n"
    )
    record = []
    for path, text in files.items():
        digest = hashlib.sha256(text.encode()).digest()
        b64 = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        record.append(f"{path},sha256={b64},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = "\n".join(record) + "\n"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(files):
            zf.writestr(zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0)), files[path])
    out = folder / f"{dist}-{version}-{tag}.whl"
    out.write_bytes(buf.getvalue())
    return out


def make_links(folder: Path) -> Path:
    """The local 'index': rk-leaf as an sdist only, rk-bin as two platform wheels."""
    folder.mkdir(parents=True, exist_ok=True)
    leaf = write_tree(
        folder.parent / "rk-leaf-src",
        {
            "pyproject.toml": FLIT
            + '[project]\nname = "rk-leaf"\nversion = "0.5.0"\ndescription = "leaf"\n',
            "rk_leaf/__init__.py": "VALUE = 42\n",
        },
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(folder), str(leaf)],
        check=True,
        capture_output=True,
    )
    for tag, value in (("py3-none-linux_x86_64", "linux"), ("py3-none-win_amd64", "windows")):
        make_wheel(folder, "rk-bin", "1.0.0", tag, {"rk_bin.py": f"BUILT_FOR = {value!r}\n"})
    return folder


def make_pure(root: Path, version: str = "1.2.3") -> Path:
    return write_tree(
        root,
        {
            "pyproject.toml": FLIT
            + f'[project]\nname = "rk-pure"\nversion = "{version}"\ndescription = "pure"\n',
            "rk_pure/__init__.py": f'"""Pure."""\n__version__ = "{version}"\n',
        },
    )


def make_app(root: Path, links: Path) -> Path:
    """setuptools project depending on rk-leaf (sdist only) via a find-links folder."""
    rel = os.path.relpath(links, root)
    return write_tree(
        root,
        {
            "pyproject.toml": SETUPTOOLS
            + '[project]\nname = "rk-app"\nversion = "2.0.0"\ndescription = "app"\n'
            + 'dependencies = ["rk-leaf>=0.5"]\n'
            + f'\n[tool.release-kit.wheelhouse]\nfind-links = ["{rel}"]\n',
            "src/rk_app/__init__.py": "from rk_leaf import VALUE\n\nANSWER = VALUE\n",
        },
    )


def make_cli(root: Path, links: Path) -> Path:
    """flit project with a console script; depends on rk-bin (platform wheels only)."""
    rel = os.path.relpath(links, root)
    return write_tree(
        root,
        {
            "pyproject.toml": FLIT
            + '[project]\nname = "rk-cli"\nversion = "0.3.0"\ndescription = "cli"\n'
            + 'dependencies = ["rk-bin==1.0.0"]\n'
            + '[project.scripts]\nrk-cli = "rk_cli:main"\n'
            + f'\n[tool.release-kit.wheelhouse]\nfind-links = ["{rel}"]\n',
            "rk_cli/__init__.py": '"""CLI."""\nimport rk_bin\n\n\ndef main() -> None:\n'
            '    print("rk-cli 0.3.0 on", rk_bin.BUILT_FOR)\n',
        },
    )
