"""Merging a pull request in the bare repository, as a maintainer's button press would.

`merge` makes a two-parent merge commit ("Merge pull request #N from org/branch");
`squash` makes one commit on the base whose message is "Title (#N)" followed by
the squashed commits' messages, each prefixed with `* ` as GitHub does.
"""

from __future__ import annotations

from ghlocal.backend import Backend
from ghlocal.http import HttpError

MAINTAINER = {
    "GIT_AUTHOR_NAME": "Maintainer",
    "GIT_AUTHOR_EMAIL": "maintainer@example.invalid",
    "GIT_COMMITTER_NAME": "GitHub",
    "GIT_COMMITTER_EMAIL": "noreply@github.com",
}


def merge_pull(
    b: Backend, number: int, *, method: str = "merge", delete_branch: bool = False
) -> str:
    pull = b.state.pulls.get(number)
    if pull is None or pull.state != "open":
        raise HttpError(405, f"Pull request #{number} is not open")
    head = b.repo.resolve(f"refs/heads/{pull.head}")
    base = b.repo.resolve(f"refs/heads/{pull.base}")
    if head is None or base is None:
        raise HttpError(422, f"Pull request #{number}: head or base branch is missing")
    tree = b.repo.merge_tree(base, head)
    if method == "squash":
        lines = [f"{pull.title} (#{number})", ""]
        for sha in b.repo.log(f"{base}..{head}"):
            commit = b.repo.commit(sha)
            if commit is not None:
                lines += ["* " + commit.message.strip().replace("\n", "\n  "), ""]
        sha = b.repo.commit_tree(tree, [base], "\n".join(lines).rstrip() + "\n", MAINTAINER)
    elif method == "merge":
        message = (
            f"Merge pull request #{number} from {b.render.owner}/{pull.head}\n\n{pull.title}\n"
        )
        sha = b.repo.commit_tree(tree, [base, head], message, MAINTAINER)
    else:
        raise ValueError(f"unknown merge method {method!r}")
    b.repo.update_ref(f"refs/heads/{pull.base}", sha, base)
    now = b.state.now()
    pull.head_sha = head
    pull.state, pull.merged_at, pull.closed_at, pull.merge_commit_sha = "closed", now, now, sha
    issue = b.state.issues[number]
    issue.state, issue.closed_at, issue.state_reason = "closed", now, "completed"
    if delete_branch:
        b.repo.delete_ref(f"refs/heads/{pull.head}")
    return sha
