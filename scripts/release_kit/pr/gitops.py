"""The git side of the PR flow: build the bump commit without touching HEAD, push with a lease.

The commit is made with plumbing (`git write-tree` on a private index,
`git commit-tree`), so the caller's checkout, index and current branch stay as
they are; only `refs/heads/<branch>` is set to the commit that was pushed.
"""

from __future__ import annotations

import base64
import os
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from release_kit.errors import ConflictError, GitError
from release_kit.git import Git
from release_kit.pr.plan import RemoteCommit
from release_kit.tree import GitTree

# Commits made on a runner with no git identity configured (what actions/checkout leaves).
BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"


def basic_auth(token: str) -> str:
    """The value GitHub's git endpoint takes for a token (mask it like the token)."""
    return base64.b64encode(f"x-access-token:{token}".encode()).decode()


def auth_env(git: Git, remote: str, token: str | None) -> dict[str, str]:
    """Git config (through env, never argv) that sends `token` to an https remote.

    Nothing is added when the remote is not https or there is no token. The
    first entry is empty: for `http.<url>.extraheader` an empty value drops
    the headers configured before it, such as the credential actions/checkout
    persisted, so the push uses the token the action was given (a PAT or App
    token whose push starts workflows) and never sends two Authorization headers.
    """
    if not token:
        return {}
    url = git.run("remote", "get-url", remote, check=False)
    parts = urlsplit(url)
    if parts.scheme != "https":
        return {}
    key = f"http.https://{parts.netloc}/.extraheader"
    return {
        "GIT_CONFIG_COUNT": "2",
        "GIT_CONFIG_KEY_0": key,
        "GIT_CONFIG_VALUE_0": "",
        "GIT_CONFIG_KEY_1": key,
        "GIT_CONFIG_VALUE_1": f"AUTHORIZATION: basic {basic_auth(token)}",
    }


def identity_env(git: Git, env: Mapping[str, str]) -> dict[str, str]:
    """The bot's identity for the commit, only where none is configured."""
    extra: dict[str, str] = {}
    for role in ("AUTHOR", "COMMITTER"):
        if not env.get(f"GIT_{role}_NAME") and not git.run("config", "user.name", check=False):
            extra[f"GIT_{role}_NAME"] = BOT_NAME
        if not env.get(f"GIT_{role}_EMAIL") and not git.run("config", "user.email", check=False):
            extra[f"GIT_{role}_EMAIL"] = BOT_EMAIL
    return extra


class TreeObject(GitTree):
    """The files of a tree object: the bump commit's tree, read before the commit exists."""

    def __init__(self, git: Git, tree: str) -> None:  # GitTree's reads work on any tree-ish
        self.git, self.rev, self._paths = git, tree, None


class BumpGit:
    """git operations of the PR flow on one repository and remote."""

    def __init__(self, git: Git, remote: str = "origin", auth: Mapping[str, str] | None = None):
        self.git = git
        self.remote = remote
        self.auth = dict(auth or {})

    def head(self) -> str:
        sha = self.git.try_rev_parse("HEAD")
        if sha is None:
            raise GitError("the repository has no commit yet (HEAD is unborn)")
        return sha

    def tree_of(self, rev: str) -> str:
        return self.git.run("rev-parse", f"{rev}^{{tree}}")

    def changed_files(self) -> list[str]:
        """Tracked files that differ from HEAD (the work tree's edits)."""
        out = self.git.run("diff", "--name-only", "-z", "HEAD", strip=False)
        return [path for path in out.split("\0") if path]

    def bump_tree(self, parent: str, files: Sequence[str]) -> str:
        """The tree of `parent` with `files` taken from the work tree (private index)."""
        handle, index = tempfile.mkstemp(prefix="release-kit-index-")
        os.close(handle)
        os.unlink(index)  # git creates it; an empty file is not a valid index
        env = {"GIT_INDEX_FILE": index}
        try:
            self.git.run("read-tree", parent, extra_env=env)
            if files:
                self.git.run("add", "--all", "--", *files, extra_env=env)
            return self.git.run("write-tree", extra_env=env)
        finally:
            Path(index).unlink(missing_ok=True)

    def remote_tip(self, branch: str) -> str | None:
        ref = f"refs/heads/{branch}"
        out = self.git.run("ls-remote", self.remote, ref, extra_env=self.auth)
        for line in out.splitlines():
            sha, name = line.split("\t", 1)
            if name == ref:
                return sha
        return None

    def remote_commit(self, branch: str) -> RemoteCommit | None:
        """The remote branch's tip with its parents and tree (fetched when not present)."""
        sha = self.remote_tip(branch)
        if sha is None:
            return None
        if not self.git.ok("cat-file", "-e", f"{sha}^{{commit}}"):
            # In a shallow clone (actions/checkout's default), fetch the tip and its
            # parent only: a plain fetch could pull a stale base's whole history,
            # and depth 1 would hide the parent the equivalence check compares.
            shallow = self.git.run("rev-parse", "--is-shallow-repository") == "true"
            depth = ["--depth=2"] if shallow else []
            self.git.run(
                "fetch",
                "--quiet",
                "--no-tags",
                *depth,
                self.remote,
                f"refs/heads/{branch}",
                extra_env=self.auth,
            )
        line = self.git.run("rev-list", "--parents", "-n", "1", sha).split()
        return RemoteCommit(sha=line[0], parents=tuple(line[1:]), tree=self.tree_of(sha))

    def commit(self, tree: str, parent: str, message: str, env: Mapping[str, str]) -> str:
        extra = identity_env(self.git, env)
        return self.git.run(
            "commit-tree", tree, "-p", parent, "-F", "-", input_text=message, extra_env=extra
        )

    def push(self, sha: str, branch: str, lease: str) -> None:
        """Push `sha` to the branch, only if the remote still holds `lease` ("" = absent).

        A rejected lease is a ConflictError: someone moved the branch since it
        was read, and their work is kept; running the bump again starts over.
        """
        ref = f"refs/heads/{branch}"
        args = ["push", "--porcelain", f"--force-with-lease={ref}:{lease}", self.remote]
        proc = subprocess.run(
            ["git", *args, f"{sha}:{ref}"],
            cwd=self.git.cwd,
            env={**self.git.env, **self.auth},
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode == 0:
            return
        for line in proc.stdout.splitlines():
            fields = line.split("\t")
            if len(fields) >= 3 and fields[0] == "!" and fields[1].endswith(f":{ref}"):
                raise ConflictError(
                    f"{self.remote} rejected the push to {branch}: {fields[2]}; the branch"
                    f" moved since it was read ({lease[:12] or 'absent'}); nothing was pushed,"
                    " run the bump again"
                )
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise GitError(
            f"git push {self.remote} {branch}: {detail[-1] if detail else proc.returncode}"
        )

    def set_local_branch(self, branch: str, sha: str) -> None:
        """Point the local branch at the pushed commit (never the checked-out branch)."""
        if self.git.current_branch() != branch:
            self.git.run("update-ref", f"refs/heads/{branch}", sha)
