"""The current version of a branch, as `version`, `bump`, `next-version` and `tag` see it.

Observe: the tags of the format (one `git for-each-ref`, no history walk), the
branch, the `[branch] pattern`; decide: `versioning.lines` (files against the
line's last release). The four commands call this, so they give one answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from release_kit.commits.history import TagInfo, read_tags
from release_kit.versioning.lines import Decision, Line, branch_line, decide, last_release

if TYPE_CHECKING:
    from release_kit.config import Config
    from release_kit.git import Git
    from release_kit.sources.model import ProjectVersion
    from release_kit.versioning import TagFormat, Version


@dataclass(frozen=True)
class Current:
    """The decision and the tags it was made from (every tag of the format)."""

    decision: Decision[TagInfo]
    tags: Sequence[TagInfo]

    def report(self) -> dict[str, object]:
        """The fields commands add to their JSON output."""
        d = self.decision
        return {
            "decided_by": d.source,
            "reason": d.reason,
            "files_version": str(d.files) if d.files is not None else "",
            "last_release_tag": d.last.name if d.last else "",
            "disagreement": d.disagreement,
        }


def line_for(cfg: Config, branch: str | None) -> Line:
    """The release line `branch` follows, from the `[branch] pattern`."""
    from release_kit.tagging.settings import BranchSettings

    return branch_line(branch, BranchSettings.from_config(cfg).pattern)


def branch_of(git: Git, env: Mapping[str, str], root: Path | None = None) -> str | None:
    """The branch a run is for: a pull request's head, the pushed branch, else the
    checkout's (read from `.git/HEAD` when `root` is a plain clone: no git process)."""
    if env.get("GITHUB_HEAD_REF"):
        return env["GITHUB_HEAD_REF"]
    ref = env.get("GITHUB_REF", "")
    if ref.startswith("refs/heads/"):
        return ref.removeprefix("refs/heads/")
    head = root / ".git" / "HEAD" if root is not None else None
    if head is not None and head.is_file():
        text = head.read_text(encoding="utf-8", errors="replace").strip()
        prefix = "ref: refs/heads/"
        return text.removeprefix(prefix) if text.startswith(prefix) else None
    return git.current_branch()


def files_where(project: ProjectVersion) -> str:
    """`pyproject.toml:7, VERSION:1`: where the files declare the version."""
    declared = [c.location for c in project.carriers if c.declares] or list(project.locations)
    shown = [str(loc) for loc in declared[:3]]
    more = f" and {len(declared) - 3} more" if len(declared) > 3 else ""
    return ", ".join(shown) + more or "the files"


def decide_current(
    git: Git | None,
    tag_format: TagFormat,
    scheme: str,
    files: Version | None,
    where: str,
    line: Line,
    tags: Sequence[TagInfo] | None = None,
) -> Current:
    """Read the tags (unless given; none outside a repository) and decide the
    current version of `line`."""
    if tags is None:
        tags = read_tags(git, tag_format, scheme) if git is not None else ()
    return Current(decide(files, where, last_release(tags, line), line), tags)


def of_project(
    git: Git | None,
    cfg: Config,
    tag_format: TagFormat,
    project: ProjectVersion,
    branch: str | None,
) -> Current:
    """The decision for a detected project (a tag-only one has no files version;
    outside a repository there are no tags, and the files decide)."""
    from release_kit.versioning import parse_version

    files = None if project.tag_only else parse_version(project.version, project.scheme)
    return decide_current(
        git, tag_format, project.scheme, files, files_where(project), line_for(cfg, branch)
    )
