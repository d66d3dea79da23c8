"""Generated release notes, deterministic and shaped like GitHub's.

The range is previous tag..tag (or ..target when the tag does not exist yet).
The previous tag is the one asked for, else the newest published release whose
tag is an ancestor, else the nearest older tag. Merged pull requests in the
range are listed as GitHub lists them; commits that no pull request brought in
are listed by subject (GitHub would omit them; the local server shows them so
notes of direct pushes are not empty).
"""

from __future__ import annotations

from typing import Any

from ghlocal.backend import Backend
from ghlocal.gitrepo import GitFailure


def _previous(b: Backend, tag: str, head: str) -> str | None:
    releases = sorted(b.state.releases.values(), key=lambda r: r.id, reverse=True)
    for release in releases:
        if release.draft or release.tag_name == tag:
            continue
        sha = b.repo.resolve(f"refs/tags/{release.tag_name}")
        if sha and b.repo.is_ancestor(sha, head):
            return release.tag_name
    try:
        found = b.repo.git("describe", "--tags", "--abbrev=0", f"{head}^").strip()
    except GitFailure:
        return None
    return found or None


def generate_notes(
    b: Backend, tag: str, target: str | None, previous: str | None
) -> dict[str, Any]:
    head = b.repo.resolve(f"refs/tags/{tag}") or b.commit_sha(target or b.default_branch)
    previous = previous or _previous(b, tag, head)
    start = b.repo.resolve(f"refs/tags/{previous}") if previous else None
    shas = b.repo.log(f"{start}..{head}" if start else head)
    in_range = set(shas)
    html = b.render.html_url
    lines: list[str] = []
    covered: set[str] = set()
    for pull in sorted(b.state.pulls.values(), key=lambda p: p.number):
        if pull.merge_commit_sha not in in_range:
            continue
        lines.append(f"* {pull.title} by @{pull.user} in {html}/pull/{pull.number}")
        covered.add(pull.merge_commit_sha or "")
        if pull.head_sha:
            covered.update(b.repo.log(f"{start}..{pull.head_sha}" if start else pull.head_sha))
    for sha in shas:
        if sha in covered:
            continue
        commit = b.repo.commit(sha)
        if commit is not None:
            subject = commit.message.splitlines()[0] if commit.message else sha[:7]
            lines.append(f"* {subject} by {commit.author.name} in {sha[:7]}")
    body = "## What's Changed\n" + "\n".join(lines) + "\n\n" if lines else ""
    if previous:
        body += f"**Full Changelog**: {html}/compare/{previous}...{tag}"
    else:
        body += f"**Full Changelog**: {html}/commits/{tag}"
    return {"name": tag, "body": body}
