"""The version at a commit and the tag message for it, read without a checkout."""

from __future__ import annotations

from release_kit.changelog import ChangelogSettings, section
from release_kit.config import Config
from release_kit.errors import InputError
from release_kit.git import Git
from release_kit.release.changelog_rule import above_rule
from release_kit.sources import detect
from release_kit.tree import GitTree
from release_kit.versioning import Version, parse_any, parse_version


def version_at(git: Git, sha: str, cfg: Config, scheme: str, explicit: str | None) -> Version:
    """The project version at `sha` (or `explicit`), valid in `scheme`; InputError otherwise."""
    if explicit is not None:
        return parse_any(explicit, scheme)
    try:
        found = detect(GitTree(git, sha), cfg)
        if found.tag_only:
            raise InputError(
                "the version comes from tags (setuptools_scm / hatch-vcs), "
                "so there is none to read at a commit: pass --version"
            )
        return parse_version(found.version, found.scheme if scheme == "auto" else scheme)
    except InputError as exc:
        raise type(exc)(
            f"at commit {sha[:12]}: {exc.message}", file=exc.file, line=exc.line
        ) from exc


def tag_message(git: Git, sha: str, version: Version, cfg: Config) -> str:
    """`Release X.Y.Z`, then the changelog section of that version at `sha` when there is one.

    The section is a `## X.Y.Z` heading's body, or (wasmtime's RELEASES.md) the
    part above the first rule line when it names the version.
    """
    found = ChangelogSettings.from_config(cfg).find(GitTree(git, sha))
    body = None
    if found is not None:
        body = section(found[1], str(version)) or above_rule(found[1], str(version))
    head = f"Release {version}"
    return f"{head}\n\n{body.strip()}\n" if body and body.strip() else f"{head}\n"
