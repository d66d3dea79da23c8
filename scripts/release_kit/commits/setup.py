"""What the commit commands read before they start: configuration, scheme, branch."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from release_kit.commits.settings import CommitSettings

if TYPE_CHECKING:
    from release_kit.config import Config
    from release_kit.git import Git
    from release_kit.versioning import TagFormat

_PYTHON_FILES = ("pyproject.toml", "setup.cfg", "setup.py")
_OTHER_FILES = ("Cargo.toml", "package.json", "VERSION")


@dataclass(frozen=True)
class Setup:
    root: Path
    scheme: str
    tag_format: TagFormat
    commits: CommitSettings
    cfg: Config | None = None


def resolve_scheme(scheme: str, root: Path, cfg: Config | None = None) -> str:
    """`auto` resolved as `release_kit.sources.detect` does (PEP 440 when the version
    comes from pyproject.toml or setup.cfg, else SemVer), without importing the
    source readers unless the root holds both a Python and another manifest."""
    if scheme != "auto":
        return scheme
    python = any((root / name).is_file() for name in _PYTHON_FILES)
    other = any((root / name).is_file() for name in _OTHER_FILES)
    if python and other and cfg is not None:
        from release_kit.errors import SourceError
        from release_kit.sources import detect
        from release_kit.tree import WorkTree

        try:
            return detect(WorkTree(root), cfg).scheme
        except SourceError:
            return "pep440"
    return "pep440" if python else "semver"


def load(root: Path) -> Setup:
    from release_kit.config import load_config
    from release_kit.settings import CoreSettings
    from release_kit.versioning import TagFormat

    cfg = load_config(root)
    core = CoreSettings.from_config(cfg)
    scheme = resolve_scheme(core.scheme, root, cfg)
    tag_format = core.tag_format
    if tag_format.scheme is None:
        tag_format = TagFormat(tag_format.fmt, scheme=scheme)
    return Setup(root, scheme, tag_format, CommitSettings.from_config(cfg), cfg)


def repo_root(cwd: Path, env: Mapping[str, str]) -> tuple[Path, Git]:
    """The repository root (where the configuration lives) and a Git adapter there.
    Asks git only when `cwd` is not the root already (one process saved)."""
    from release_kit.git import Git

    if (cwd / ".git").exists():
        return cwd, Git(cwd, env)
    root = Git(cwd, env).toplevel()
    return root, Git(root, env)


def branch_name(git: Git, env: Mapping[str, str]) -> str | None:
    """The branch a run is for: on a pull request the head branch, on a branch push
    the branch (Actions checks out a detached HEAD), else the checked-out branch."""
    if env.get("GITHUB_HEAD_REF"):
        return env["GITHUB_HEAD_REF"]
    ref = env.get("GITHUB_REF", "")
    if ref.startswith("refs/heads/"):
        return ref.removeprefix("refs/heads/")
    return git.current_branch()
