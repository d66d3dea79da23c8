"""Titles, bodies, commit messages and the step summary of the bump PR (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from release_kit.errors import ConfigError, InputError

# The first line of every body: lets people (and tools) see the PR is managed.
BODY_TAG = "<!-- release-kit: bump-version -->"
TITLE_FIELDS = ("version", "previous", "tag", "branch", "base")


@dataclass(frozen=True)
class BumpResult:
    """What `release-kit bump --json` reported."""

    version: str
    previous: str
    tag: str
    changed_files: tuple[str, ...]
    tag_only: bool = False  # the version lives in tags: the bump commit is an empty one

    @classmethod
    def from_json(cls, data: Mapping[str, object], where: str) -> BumpResult:
        version = data.get("version")
        previous = data.get("previous", data.get("previous_version"))
        tag, files = data.get("tag"), data.get("changed_files", [])
        if not isinstance(version, str) or not version:
            raise InputError(f"{where}: no 'version' in the bump result")
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise InputError(f"{where}: 'changed_files' must be a list of paths")
        return cls(
            version=version,
            previous=previous if isinstance(previous, str) else "",
            tag=tag if isinstance(tag, str) else "",
            changed_files=tuple(files),
            tag_only=data.get("tag_only") is True,
        )

    def fields(self, branch: str, base: str) -> dict[str, str]:
        return {
            "version": self.version,
            "previous": self.previous,
            "tag": self.tag,
            "branch": branch,
            "base": base,
        }


def render_title(template: str, values: Mapping[str, str], where: str = "pr title") -> str:
    """Fill `{version}`-style placeholders; an unknown placeholder is a ConfigError."""
    import string

    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None and name not in TITLE_FIELDS:
            raise ConfigError(
                f"{where}: unknown placeholder {{{name}}} (known: {', '.join(TITLE_FIELDS)})"
            )
    title = template.format_map(dict(values)).strip()
    if not title:
        raise ConfigError(f"{where}: the title is empty")
    return title


def render_body(bump: BumpResult, *, branch: str, marker: str) -> str:
    """The PR description: what changes, what merging does, and how the PR is maintained."""
    frm = f"**{bump.previous}**" if bump.previous else "the current version"
    lines = [BODY_TAG, f"This PR moves the version from {frm} to **{bump.version}**."]
    if bump.changed_files:
        lines += ["", "Files changed:", *(f"- `{path}`" for path in bump.changed_files)]
    tag = f" `{bump.tag}`" if bump.tag else ""
    lines += [
        "",
        f"Its commit carries the release marker. Merged with **Squash and merge**"
        f" (the commit list goes into the message), or with a merge commit whose"
        f" message is the PR's title and description, the push-tag workflow finds it"
        f" on the branch and creates the tag{tag} on that commit. A merge commit with"
        f" GitHub's default message (the title only) releases nothing.",
        "",
        marker,
        "",
        f"release-kit maintains this PR from the branch `{branch}`: running the bump"
        " again replaces that branch and updates this description; it never opens a"
        " second PR. Edits pushed to the branch by hand are overwritten.",
    ]
    return "\n".join(lines) + "\n"


def render_summary(
    bump: BumpResult,
    *,
    files: Sequence[str],
    branch: str,
    commit: str,
    pushed: bool,
    pr_number: int | None,
    pr_url: str,
    pr_action: str,
    dry_run: bool,
) -> str:
    """Markdown for the step summary: old and new versions, files, commit and PR."""
    head = "### Bump pull request" + (" (dry run: nothing changed)" if dry_run else "")
    rows = [
        head,
        "",
        "| | |",
        "|---|---|",
        f"| previous version | `{bump.previous or '-'}` |",
        f"| new version | `{bump.version}` |",
        f"| tag | `{bump.tag or '-'}` |",
        f"| branch | `{branch}` |",
        f"| commit | `{commit[:12] if commit else '-'}`"
        + (" (pushed) |" if pushed else " (already on the branch) |" if commit else " |"),
    ]
    if pr_number:
        rows.append(f"| pull request | [#{pr_number}]({pr_url}) ({pr_action}) |")
    rows += ["", "Files:", *(f"- `{path}`" for path in files)]
    return "\n".join(rows) + "\n"
