"""Thin adapter over the `git` command line.

Every git invocation of the kit goes through Git.run, so errors carry the
command and git's own message, and tests can point the adapter at any
directory. Decisions about what to tag or push live elsewhere.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from release_kit.errors import GitError, NotARepositoryError

ZERO_SHA = "0" * 40
NOT_A_REPOSITORY = "not a git repository"


class Git:
    """Runs git in `cwd` with a fixed, locale-independent environment."""

    def __init__(self, cwd: Path, env: Mapping[str, str] | None = None) -> None:
        self.cwd = cwd
        base = dict(os.environ if env is None else env)
        base.update({"LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"})
        self.env = base

    def run(
        self,
        *args: str,
        strip: bool = True,
        check: bool = True,
        input_text: str | None = None,
        extra_env: Mapping[str, str] | None = None,
    ) -> str:
        """Run `git ARGS` and return stdout; raise GitError naming the command on failure
        (NotARepositoryError, exit 2, when the directory is in no repository)."""
        proc = self._proc(args, input_text, extra_env)
        if check and proc.returncode != 0:
            self._not_a_repository(args, proc.stderr)
            detail = (proc.stderr or proc.stdout).strip().splitlines()
            reason = detail[-1] if detail else f"exit status {proc.returncode}"
            raise GitError(f"git {' '.join(args)}: {reason}")
        return proc.stdout.strip() if strip else proc.stdout

    def _proc(
        self,
        args: Sequence[str],
        input_text: str | None = None,
        extra_env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        env = self.env if extra_env is None else {**self.env, **extra_env}
        return subprocess.run(
            ["git", *args],
            cwd=self.cwd,
            env=env,
            input=input_text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )

    def _not_a_repository(self, args: Sequence[str], stderr: str) -> None:
        """Outside a repository every git command fails: that is bad input (exit 2)."""
        if NOT_A_REPOSITORY in stderr:
            raise NotARepositoryError(
                f"git {' '.join(args)}: {self.cwd} is not in a git repository"
                " (run release-kit in a clone, or pass -C DIR)"
            )

    def ok(self, *args: str) -> bool:
        """True when `git ARGS` exits 0 (output discarded)."""
        proc = subprocess.run(
            ["git", *args], cwd=self.cwd, env=self.env, capture_output=True, check=False
        )
        return proc.returncode == 0

    # -- queries -----------------------------------------------------------

    def merge_conflicts(self, ours: str, theirs: str) -> list[str] | None:
        """The files a merge of `theirs` into `ours` would conflict on (None: it merges
        cleanly), from one `git merge-tree --write-tree`; nothing is written to any ref."""
        args = ("merge-tree", "--write-tree", "--name-only", ours, theirs)
        proc = self._proc(args)
        if proc.returncode == 0:
            return None
        if proc.returncode != 1:
            self.run(*args)  # raises GitError naming the command
        # the tree, the conflicted files, a blank line, git's messages
        return proc.stdout.split("\n\n", 1)[0].splitlines()[1:]

    def toplevel(self) -> Path:
        return Path(self.run("rev-parse", "--show-toplevel"))

    def rev_parse(self, rev: str) -> str:
        """The full commit SHA of `rev` (tags peeled to their commit)."""
        return self.run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")

    def try_rev_parse(self, rev: str) -> str | None:
        """Like rev_parse, or None when `rev` names no commit (NotARepositoryError outside one)."""
        args = ["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"]
        proc = self._proc(args)
        if proc.returncode != 0:
            self._not_a_repository(args, proc.stderr)
            return None
        return proc.stdout.strip() or None

    def current_branch(self) -> str | None:
        """The checked-out branch name, or None on a detached HEAD."""
        out = self.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
        return out or None

    def dirty_paths(self) -> list[str]:
        """Paths with uncommitted changes (untracked files included)."""
        out = self.run("status", "--porcelain=v1", "-z", strip=False)
        return [entry[3:] for entry in out.split("\0") if len(entry) > 3]

    def tags_at(self, rev: str) -> list[str]:
        out = self.run("tag", "--points-at", rev)
        return out.splitlines()

    def tag_target(self, tag: str) -> str | None:
        """The commit a local tag points at, or None when there is no such tag."""
        return self.try_rev_parse(f"refs/tags/{tag}")

    def remote_ref(self, remote: str, ref: str) -> str | None:
        """The object a ref on `remote` points at (peeled for annotated tags), or None."""
        out = self.run("ls-remote", remote, ref, f"{ref}^{{}}")
        found: dict[str, str] = {}
        for line in out.splitlines():
            sha, name = line.split("\t", 1)
            found[name] = sha
        return found.get(f"{ref}^{{}}") or found.get(ref)

    # -- changes -----------------------------------------------------------

    def add(self, paths: Sequence[str]) -> None:
        if paths:
            self.run("add", "--", *paths)

    def commit(self, message: str, paths: Sequence[str] | None = None) -> str:
        """Commit (only `paths` when given) and return the new commit's SHA."""
        args = ["commit", "--quiet", "--file", "-"]
        if paths is not None:
            args += ["--", *paths]
        self.run(*args, input_text=message)
        return self.rev_parse("HEAD")
