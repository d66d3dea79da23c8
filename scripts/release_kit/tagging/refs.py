"""Create a tag or a branch on the remote exactly once, and never move one.

`decide` is the pure rule; `ensure_tag` and `ensure_branch` apply it and
handle the push race: when two runs push the same ref at once, the loser's
push is rejected, it re-reads the remote ref, and a ref at the same commit is
success (created=false). A ref at another commit is a ConflictError naming
both commits; the remote ref is never moved and a local tag this run made for
the losing push is deleted again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from release_kit.errors import ConflictError, GitError
from release_kit.git import Git
from release_kit.tagging import gitops


class Step(Enum):
    EXISTS = "exists"  # the remote has it at the wanted commit
    PUSH = "push"  # the local tag is right; only the push is missing
    CREATE = "create"  # create locally, then push


@dataclass(frozen=True)
class RefResult:
    name: str  # tag or branch name
    sha: str
    created: bool
    note: str


def decide(kind: str, name: str, sha: str, *, local: str | None, remote: str | None) -> Step:
    """What to do for `kind` ("tag"/"branch") `name` at `sha`, given where it points now."""
    if remote is not None:
        if remote != sha:
            raise ConflictError(
                f"{kind} {name} already exists on the remote at {remote}, not at {sha}; "
                f"it is left where it is"
            )
        return Step.EXISTS
    if local is not None and local != sha:
        raise ConflictError(
            f"local {kind} {name} points at {local}, not at {sha}; "
            f"delete it (git {kind} -d {name}) or fix the version"
        )
    return Step.PUSH if local == sha else Step.CREATE


def _after_rejection(
    git: Git, kind: str, remote_name: str, name: str, sha: str, reason: str
) -> RefResult:
    now = (
        gitops.remote_tag(git, remote_name, name)
        if kind == "tag"
        else gitops.remote_branch(git, remote_name, name)
    )
    if now == sha:
        return RefResult(name, sha, False, f"{kind} {name} was created by a concurrent run")
    if now is not None:
        raise ConflictError(
            f"{kind} {name} was created concurrently at {now}, not at {sha}; it is left where it is"
        )
    raise GitError(f"pushing {kind} {name} to {remote_name} failed: {reason}")


def ensure_tag(
    git: Git,
    remote_name: str,
    name: str,
    sha: str,
    message: str,
    signing: gitops.Signing | None,
    *,
    dry_run: bool,
) -> RefResult:
    local = git.tag_target(name)
    step = decide("tag", name, sha, local=local, remote=gitops.remote_tag(git, remote_name, name))
    if step is Step.EXISTS:
        return RefResult(name, sha, False, f"tag {name} already exists at {sha[:12]}")
    if dry_run:
        return RefResult(name, sha, True, f"would create tag {name} at {sha[:12]} (dry run)")
    if step is Step.CREATE:
        gitops.create_tag(git, name, sha, message, signing)
    reason = gitops.push(git, remote_name, f"refs/tags/{name}:refs/tags/{name}")
    if reason is None:
        return RefResult(name, sha, True, f"created tag {name} at {sha[:12]}")
    try:
        return _after_rejection(git, "tag", remote_name, name, sha, reason)
    except ConflictError:
        if step is Step.CREATE:
            gitops.delete_local_tag(git, name)
        raise


def ensure_branch(git: Git, remote_name: str, name: str, sha: str, *, dry_run: bool) -> RefResult:
    remote = gitops.remote_branch(git, remote_name, name)
    decide("branch", name, sha, local=None, remote=remote)
    if remote is not None:
        return RefResult(name, sha, False, f"branch {name} already exists at {sha[:12]}")
    if dry_run:
        return RefResult(name, sha, True, f"would create branch {name} at {sha[:12]} (dry run)")
    reason = gitops.push(git, remote_name, f"{sha}:refs/heads/{name}")
    if reason is None:
        return RefResult(name, sha, True, f"created branch {name} at {sha[:12]}")
    return _after_rejection(git, "branch", remote_name, name, sha, reason)
