"""`release-kit branch` end to end: the release branch of a tag, created once, never moved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from release_kit.errors import ConflictError, InputError, RefusedError
from release_kit.git import Git
from release_kit.tagging import gitops, refs
from release_kit.tagging.patterns import (
    BranchPattern,
    VersionParts,
    newest_match,
    reused_branch_glob,
)
from release_kit.versioning import TagFormat, Version, parse_any


@dataclass(frozen=True)
class TagInfo:
    tag: str
    sha: str
    version: Version


def floating_reason(git: Git, remote: str, tag: str, fmt: TagFormat) -> str | None:
    """Why `tag` is a floating tag and no release, or None: a one-part version (`v1`,
    the kit's floating-major tag), or a two-part one on the commit of a full
    version of that X.Y (`v1.2` beside `v1.2.3`). Any other two-part tag (`v0.6`)
    is a release of X.Y.0."""
    tag = tag.removeprefix("refs/tags/")
    found = fmt.read(tag)
    if found is None or not (found.partial or found.padded):
        return None
    if found.partial:
        return f"{tag} names a major version only, like the floating-major tag"
    sha = git.tag_target(tag) or gitops.remote_tag(git, remote, tag)
    if sha is None:
        return None  # read_tag says it does not exist
    line = found.text.split(".")[:2]
    for other in git.tags_at(sha):
        full = fmt.read(other)
        if full is not None and full.parts >= 3 and full.text.split(".")[:2] == line:
            return f"{tag} sits on the commit of {other}: a floating minor tag"
    return None


def read_tag(git: Git, remote: str, tag: str, fmt: TagFormat, scheme: str) -> TagInfo:
    """The commit and version of `tag` (local, else on the remote); InputError when unusable."""
    tag = tag.removeprefix("refs/tags/")
    text = fmt.parse(tag)
    if text is None:
        raise InputError(f"tag {tag!r} does not match tag-format {fmt.fmt!r}")
    version = parse_any(text, scheme)
    sha = git.tag_target(tag) or gitops.remote_tag(git, remote, tag)
    if sha is None:
        raise InputError(f"tag {tag} exists neither in the clone nor on {remote}")
    if not gitops.commit_known(git, sha):
        git.run("fetch", "--quiet", "--no-tags", remote, f"refs/tags/{tag}")
    return TagInfo(tag, sha, version)


def parts(version: Version) -> VersionParts:
    return VersionParts(str(version), version.major, version.minor, version.patch)


def branch_name(pattern: BranchPattern, info: TagInfo, now: datetime, date_format: str) -> str:
    return pattern.render(parts(info.version), now, date_format)


def missing_line_branch(tag: str, glob: str) -> str:
    return (
        f"patch tag {tag} is made on its line's branch ([branch] patch-tags = reuse), but"
        f" no branch matches {glob}; nothing was changed"
    )


def ensure_release_branch(
    git: Git,
    remote: str,
    pattern: BranchPattern,
    info: TagInfo,
    *,
    now: datetime,
    date_format: str,
    dry_run: bool,
    patch_tags: str = "create",
) -> refs.RefResult:
    """Create the branch at the tag's commit, or reuse the release line's branch."""
    name = branch_name(pattern, info, now, date_format)
    glob = reused_branch_glob(pattern, parts(info.version), patch_tags)
    if glob is None:
        return refs.ensure_branch(git, remote, name, info.sha, dry_run=dry_run)
    heads = {
        ref.removeprefix("refs/heads/"): sha
        for ref, sha in gitops.remote_refs(git, remote, "refs/heads/*").items()
    }
    line = newest_match(glob, list(heads))
    if line is None and pattern.per_release:
        raise RefusedError(missing_line_branch(info.tag, glob))
    if line is None:
        return refs.ensure_branch(git, remote, name, info.sha, dry_run=dry_run)
    head = heads[line]
    if head != info.sha and not gitops.commit_known(git, head):
        git.run("fetch", "--quiet", "--no-tags", remote, f"refs/heads/{line}")
    if head == info.sha or gitops.is_ancestor(git, info.sha, head):
        return refs.RefResult(
            line, info.sha, False, f"tag {info.tag} is on release line branch {line}: reused"
        )
    raise ConflictError(
        f"release line branch {line} (at {head}) does not contain tag {info.tag} "
        f"(at {info.sha}); make the line's tags on its branch. Nothing was changed"
    )
