"""Reading history: ONE `git for-each-ref` for the tags, ONE `git log` for the commits.

No process per commit or per tag: the log comes back NUL-separated and is
split in Python; which release a commit belongs to is worked out from the
parent links the same log carries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from release_kit.git import Git
    from release_kit.versioning import TagFormat, Version

_LOG_FORMAT = "%H%x00%P%x00%cs%x00%B"
_TAG_FORMAT = "%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(creatordate:short)"


@dataclass(frozen=True)
class LogEntry:
    sha: str
    parents: tuple[str, ...]
    date: str  # committer date, YYYY-MM-DD
    message: str


@dataclass(frozen=True)
class TagInfo:
    name: str
    version: Version
    commit: str  # the commit the tag points at (annotated tags peeled)
    date: str

    @property
    def is_prerelease(self) -> bool:
        return self.version.is_prerelease


def parse_log(out: str) -> list[LogEntry]:
    """Split `git log -z --format=<_LOG_FORMAT>` output into entries."""
    fields = out.split("\0")
    entries: list[LogEntry] = []
    for i in range(0, len(fields) - 3, 4):
        sha = fields[i].lstrip("\n")
        if not sha:
            break
        parents = tuple(fields[i + 1].split()) if fields[i + 1] else ()
        entries.append(LogEntry(sha, parents, fields[i + 2], fields[i + 3]))
    return entries


def read_log(git: Git, revs: Sequence[str]) -> list[LogEntry]:
    """The commits of `git log REVS` (newest first), in one process."""
    if not revs:
        return []
    out = git.run("log", "-z", f"--format={_LOG_FORMAT}", *revs, "--", strip=False)
    return parse_log(out)


def parse_tags(out: str, tag_format: TagFormat, scheme: str) -> list[TagInfo]:
    """Tags in the format whose version parses in the scheme, oldest version first."""
    from release_kit.errors import VersionError
    from release_kit.versioning import parse_version

    tags: list[TagInfo] = []
    for line in out.splitlines():
        parts = line.split("\0")
        if len(parts) != 4:
            continue
        name, obj, peeled, date = parts
        text = tag_format.parse(name)
        if text is None:
            continue  # another package's tag, or not a version tag at all
        try:
            version = parse_version(text, scheme)
        except VersionError:
            continue
        tags.append(TagInfo(name, version, peeled or obj, date))
    tags.sort(key=lambda t: t.version)
    return tags


def read_tags(
    git: Git, tag_format: TagFormat, scheme: str, merged: str | None = "HEAD"
) -> list[TagInfo]:
    """Version tags (reachable from `merged` unless None), oldest version first."""
    args = ["for-each-ref", f"--format={_TAG_FORMAT}"]
    if merged is not None:
        args.append(f"--merged={merged}")
    args.append(f"refs/tags/{tag_format.ref_glob}")
    return parse_tags(git.run(*args), tag_format, scheme)


def group_by_release(
    entries: Iterable[LogEntry], tags: Sequence[TagInfo]
) -> list[tuple[TagInfo | None, list[LogEntry]]]:
    """Each tag (oldest version first) with the commits it released, then None with
    the unreleased ones. A commit belongs to the first tag, by version, that can
    reach it: the same as `git log PREVIOUS_TAGS..TAG` for each tag in turn."""
    entries = list(entries)
    by_sha = {e.sha: e for e in entries}
    owner: dict[str, int] = {}
    groups: list[tuple[TagInfo | None, list[LogEntry]]] = []
    for index, tag in enumerate(tags):
        stack = [tag.commit]
        while stack:
            sha = stack.pop()
            if sha in owner or sha not in by_sha:
                continue
            owner[sha] = index
            stack.extend(by_sha[sha].parents)
        groups.append((tag, []))
    unreleased: list[LogEntry] = []
    for entry in entries:  # keep git log's order inside each group
        found = owner.get(entry.sha)
        (unreleased if found is None else groups[found][1]).append(entry)
    groups.append((None, unreleased))
    return groups
