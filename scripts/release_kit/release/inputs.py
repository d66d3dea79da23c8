"""Everything checked before the first request: tag, target, version, template, assets.

Bad input found here exits 2 with nothing on GitHub touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from release_kit.errors import ConflictError, GitError, InputError, VersionError
from release_kit.git import Git
from release_kit.release import assets as asset_files
from release_kit.release.assets import LocalAsset
from release_kit.release.notes import Template, compile_template
from release_kit.release.settings import ReleaseSettings
from release_kit.settings import CoreSettings
from release_kit.versioning import Version, parse_any


@dataclass(frozen=True)
class Target:
    tag: str
    sha: str  # the commit the release is for
    tag_exists: bool  # False: the tag is created at `sha` (only with create-tag)


def parse_tag_version(tag: str, core: CoreSettings) -> Version:
    """The version a tag carries, in the configured scheme (or the first that parses)."""
    text = core.tag_format.parse(tag)
    if text is None:
        found = core.tag_format.read(tag)
        if found is not None and not found.partial:  # the format's shape, not a version
            scheme = {"semver": "SemVer", "pep440": "PEP 440"}.get(core.scheme, "valid")
            raise InputError(
                f"tag {tag!r}: {found.written!r} is not a {scheme} version"
                f" (tag-format {core.tag_format.fmt!r})"
            )
        raise InputError(f"tag {tag!r} does not match tag-format {core.tag_format.fmt!r}")
    try:
        return parse_any(text, core.scheme)
    except VersionError:
        raise InputError(f"tag {tag!r}: {text!r} is not a version") from None


def check_release_tag(tag: str, core: CoreSettings, rolling_tag: str | None) -> None:
    """verify and rollback, before any request: `tag` is a release tag of tag-format
    (a version, not a floating `v1`), or the configured rolling pre-release's tag.
    Anything else (a typo, another project's tag, a name with a newline) exits 2."""
    if rolling_tag and tag == rolling_tag:
        return
    fmt = core.tag_format
    if fmt.is_floating(tag):
        raise InputError(f"tag {tag!r} is a floating tag (a major version only), not a release")
    if fmt.parse(tag) is None:
        rolling = f" nor [release] rolling-tag {rolling_tag!r}" if rolling_tag else ""
        raise InputError(
            f"tag {tag!r} matches neither tag-format {fmt.fmt!r}{rolling}: not a release tag"
        )


def resolve_target(git: Git, tag: str, target: str | None, *, create_tag: bool) -> Target:
    """Where the tag is (local tag first, then origin); a missing tag is bad input."""
    wanted = None
    if target:
        wanted = git.try_rev_parse(target)
        if wanted is None:
            raise InputError(f"target {target!r} names no commit")
    found = git.tag_target(tag)
    if found is None:
        try:
            found = git.remote_ref("origin", f"refs/tags/{tag}")
        except GitError:
            found = None
    if found is None:
        if create_tag and wanted:
            return Target(tag, wanted, tag_exists=False)
        hint = " (pass --target and --create-tag to create it)" if not create_tag else ""
        raise InputError(f"tag {tag!r} does not exist{hint}")
    if wanted and found != wanted:
        raise ConflictError(f"tag {tag} points at {found[:12]}, not at the target {wanted[:12]}")
    return Target(tag, found, tag_exists=True)


def previous_tag(git: Git, core: CoreSettings, version: Version, target: str) -> str | None:
    """The highest version tag below `version` reachable from the target.

    A final release skips pre-release tags (1.2.0 follows 1.1.0, not 1.2.0-rc.2).
    """
    from release_kit.commits.history import read_tags

    best = None
    for info in read_tags(git, core.tag_format, version.scheme, merged=target):
        v = info.version
        if v < version and (version.is_prerelease or not v.is_prerelease):
            best = info.name
    return best


def load_template(root: Path, path: str | None) -> Template:
    if path is None:
        return compile_template(None)
    file = root / path
    if not file.is_file():
        raise InputError(f"notes template {path} does not exist")
    return compile_template(file.read_text(encoding="utf-8"), path)


def load_assets(root: Path, settings: ReleaseSettings) -> list[LocalAsset]:
    paths = asset_files.select(root, settings.assets, allow_empty=settings.allow_empty)
    return asset_files.with_checksums(asset_files.load(paths), settings.checksums)
