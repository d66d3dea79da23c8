"""The git operations of tagging and branching: reads of the clone and the remote, pushes.

Thin on purpose: each function runs one or two git commands and returns plain
values; the decisions are in `ranges`, `markers` and `refs`.
"""

from __future__ import annotations

from dataclasses import dataclass

from release_kit.errors import GitError, InputError
from release_kit.git import Git
from release_kit.tagging.markers import Commit
from release_kit.tagging.ranges import PushRange, is_zero

RECORD = "\x1e"
FIELD = "\x1f"


def commit_known(git: Git, sha: str) -> bool:
    return not is_zero(sha) and git.ok("cat-file", "-e", f"{sha}^{{commit}}")


def is_ancestor(git: Git, older: str, newer: str) -> bool:
    return git.ok("merge-base", "--is-ancestor", older, newer)


def require_full_history(git: Git) -> None:
    if git.run("rev-parse", "--is-shallow-repository") == "true":
        raise InputError(
            "the clone is shallow, so the pushed range cannot be scanned; "
            "check out with fetch-depth: 0"
        )


def other_remote_branches(git: Git, remote: str, branch: str | None) -> tuple[str, ...]:
    """Remote-tracking refs of `remote` except HEAD and `branch` itself."""
    prefix = f"refs/remotes/{remote}/"
    out = git.run("for-each-ref", "--format=%(refname)", prefix)
    skip = {f"{prefix}HEAD", f"{prefix}{branch}" if branch else ""}
    return tuple(ref for ref in out.splitlines() if ref and ref not in skip)


def range_commits(git: Git, rng: PushRange) -> list[Commit]:
    """The commits of a push range, oldest first, with their full messages."""
    if rng.empty:
        return []
    spec = [rng.after, "--not", *rng.exclude]
    fmt = f"--format=%H{FIELD}%B{RECORD}"
    out = git.run("log", "--reverse", "--topo-order", fmt, *spec, strip=False)
    first = set(git.run("rev-list", "--first-parent", *spec).split())
    commits = []
    for record in out.split(RECORD):
        record = record.lstrip("\n")
        if not record:
            continue
        sha, message = record.split(FIELD, 1)
        commits.append(Commit(sha=sha, message=message.strip(), first_parent=sha in first))
    return commits


def commit_of(git: Git, rev: str) -> str:
    sha = git.try_rev_parse(rev)
    if sha is None:
        raise InputError(f"{rev!r} names no commit in this clone")
    return sha


# -- remote refs -------------------------------------------------------------


def remote_tag(git: Git, remote: str, name: str) -> str | None:
    """The commit a tag on the remote points at (annotated tags peeled), or None."""
    return git.remote_ref(remote, f"refs/tags/{name}")


def remote_branch(git: Git, remote: str, name: str) -> str | None:
    """The commit a branch on the remote points at, or None."""
    return git.remote_ref(remote, f"refs/heads/{name}")


def remote_refs(git: Git, remote: str, pattern: str) -> dict[str, str]:
    """{ref name: commit} for refs on the remote matching a glob, tags peeled."""
    out = git.run("ls-remote", remote, pattern)
    found: dict[str, str] = {}
    for line in out.splitlines():
        sha, ref = line.split("\t", 1)
        if ref.endswith("^{}"):
            found[ref[:-3]] = sha
        else:
            found.setdefault(ref, sha)
    return found


def fetch_branch(git: Git, remote: str, name: str) -> None:
    """Fetch a branch's tip from the remote into the clone (FETCH_HEAD only, no ref moved)."""
    git.run("fetch", "--quiet", "--no-tags", remote, f"refs/heads/{name}")


def push(git: Git, remote: str, refspec: str) -> str | None:
    """Push one refspec; None on success, git's last error line on a rejection."""
    try:
        git.run("push", "--quiet", "--porcelain", remote, refspec)
    except GitError as exc:
        return exc.message
    return None


# -- local tags --------------------------------------------------------------


@dataclass(frozen=True)
class Signing:
    """Sign tags with `key` (a GPG key id, or an SSH key file for format "ssh")."""

    key: str
    format: str = "openpgp"


def create_tag(git: Git, name: str, sha: str, message: str, signing: Signing | None) -> None:
    """An annotated (or signed) tag `name` on the explicit commit `sha`."""
    args = ["tag", "--cleanup=whitespace", "--file", "-"]
    config: list[str] = []
    if signing is not None:
        config = ["-c", f"gpg.format={signing.format}"]
        args += ["--local-user", signing.key]
    else:
        args += ["--annotate", "--no-sign"]
    git.run(*config, *args, name, sha, input_text=message)


def delete_local_tag(git: Git, name: str) -> None:
    git.run("tag", "--delete", name)
