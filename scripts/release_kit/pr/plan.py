"""What the PR flow will do, decided from what exists (pure: no git, no HTTP).

Idempotence rule: when the remote branch already holds a commit whose tree is
the bump's tree and whose only parent is the current base commit, that commit
*is* the bump: nothing is committed or pushed, and the open PR (if any) is
brought up to date. Anything else on the branch (an older bump, a stale base,
someone's push) is replaced by a new commit pushed with `--force-with-lease`
against the exact tip that was seen, so a concurrent push is never clobbered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from release_kit.errors import ConflictError, RefusedError, VersionError
from release_kit.versioning import parse_version


def check_carried_version(wanted: str, carried: str, scheme: str) -> None:
    """The bump commit must carry the version its PR is titled with: the version read
    from the tree about to be committed is the bump result's (a dirty tree, a file left
    out of the bump, a result of another run would open "Release X" at another version)."""
    try:
        same = parse_version(carried, scheme) == parse_version(wanted, scheme)
    except VersionError:
        same = carried == wanted
    if not same:
        raise RefusedError(
            f"the bump result is version {wanted}, but the files to commit carry {carried}:"
            " run `release-kit bump` again on a clean work tree; nothing was committed"
        )


@dataclass(frozen=True)
class RemoteCommit:
    """The tip of the bump branch on the remote."""

    sha: str
    parents: tuple[str, ...]
    tree: str


@dataclass(frozen=True)
class OpenPull:
    """An open pull request whose head is the bump branch."""

    number: int
    url: str
    title: str
    body: str
    base: str
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Wanted:
    """The bump as it should end up on GitHub."""

    parent: str  # the base commit the bump is made on
    tree: str  # the tree of the bump commit
    branch: str
    base: str
    title: str
    body: str
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrPlan:
    """The steps to take, in order: commit, push, then the pull request."""

    reuse: str | None  # an equivalent remote commit to keep; None: make a new commit
    push: bool
    lease: str  # the remote tip the push expects ("" = the branch must not exist)
    pr_action: str  # "create" | "update" | "unchanged" | "skip"
    pr_changes: dict[str, str] = field(default_factory=dict)
    add_labels: tuple[str, ...] = ()

    @property
    def commit(self) -> bool:
        return self.reuse is None


def is_equivalent(remote: RemoteCommit | None, parent: str, tree: str) -> bool:
    """True when the remote tip is the same bump: same tree, made on the same base commit."""
    return remote is not None and remote.parents == (parent,) and remote.tree == tree


def plan_pr(
    wanted: Wanted,
    remote: RemoteCommit | None,
    pull: OpenPull | None,
    *,
    push: bool,
    open_pr: bool,
) -> PrPlan:
    """Decide the commit, the push and the pull-request call for `wanted`.

    Raises ConflictError when the branch's open PR is for another base.
    """
    reuse = (
        remote.sha
        if remote is not None and is_equivalent(remote, wanted.parent, wanted.tree)
        else None
    )
    needs_push = push and reuse is None
    lease = remote.sha if remote is not None else ""
    if not open_pr:
        return PrPlan(reuse, needs_push, lease, "skip")
    if pull is None:
        return PrPlan(reuse, needs_push, lease, "create", add_labels=wanted.labels)
    if pull.base != wanted.base:
        # Another line's bump (say main's, while this is a patch on release-2.0)
        # owns the branch: force-pushing would hijack its PR.
        raise ConflictError(
            f"the open PR #{pull.number} from {wanted.branch} targets {pull.base},"
            f" not {wanted.base}: give this bump its own branch (e.g. the branch"
            " input 'release-kit/bump-{base}'), or close that PR"
        )
    changes = {
        key: value
        for key, value, current in (
            ("title", wanted.title, pull.title),
            ("body", wanted.body, pull.body),
        )
        if value != current
    }
    missing = tuple(label for label in wanted.labels if label not in pull.labels)
    action = "update" if changes or missing or needs_push else "unchanged"
    return PrPlan(reuse, needs_push, lease, action, changes, missing)


def parse_labels(text: str) -> tuple[str, ...]:
    """Labels from an input: comma- or newline-separated, blanks dropped, order kept, no repeats."""
    seen: list[str] = []
    for part in text.replace("\n", ",").split(","):
        label = part.strip()
        if label and label not in seen:
            seen.append(label)
    return tuple(seen)
