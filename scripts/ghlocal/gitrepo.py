"""The bare repository behind the local server: refs, commits and tags read with git.

Nothing is cached: what `git push` sent a moment ago is what the next request sees.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitFailure(Exception):
    """A git command on the bare repository failed (message: git's last line)."""


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    date: str  # ISO 8601 UTC, e.g. 2026-11-09T12:00:00Z


@dataclass(frozen=True)
class Commit:
    sha: str
    tree: str
    parents: list[str]
    author: Person
    committer: Person
    message: str


@dataclass(frozen=True)
class TagObject:
    sha: str
    tag: str
    object_sha: str
    object_type: str
    tagger: Person
    message: str


def _person(text: str) -> Person:
    """`Name <email> 1700000000 +0000` -> Person with an ISO UTC date."""
    from datetime import UTC, datetime

    head, _, rest = text.rpartition(">")
    name, _, email = head.partition("<")
    stamp = rest.split()[0] if rest.split() else "0"
    date = datetime.fromtimestamp(int(stamp), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Person(name.strip(), email.strip(), date)


class BareRepo:
    """git plumbing on one repository (bare or not)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def git(
        self, *args: str, input_text: str | None = None, env: dict[str, str] | None = None
    ) -> str:
        proc = subprocess.run(
            ["git", *args],
            cwd=self.path,
            input=input_text,
            capture_output=True,
            text=True,
            env={**os.environ, "LC_ALL": "C", **(env or {})},
            check=False,
        )
        if proc.returncode != 0:
            lines = (proc.stderr or proc.stdout).strip().splitlines()
            raise GitFailure(lines[-1] if lines else f"git {args[0]} failed")
        return proc.stdout

    def refs(self, prefix: str = "refs/") -> list[tuple[str, str, str]]:
        """(refname, sha, object type) of every ref under `prefix`, sorted by name."""
        out = self.git("for-each-ref", "--format=%(refname) %(objectname) %(objecttype)", prefix)
        rows = [line.split(" ") for line in out.splitlines() if line]
        return [(r[0], r[1], r[2]) for r in rows if r[0].startswith(prefix)]

    def ref(self, name: str) -> tuple[str, str] | None:
        """(sha, type) of a full ref name, None when absent."""
        for ref, sha, kind in self.refs(name):
            if ref == name:
                return sha, kind
        return None

    def resolve(self, rev: str, kind: str = "commit") -> str | None:
        """The sha `rev` names, peeled to `kind`; None when it names nothing."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"{rev}^{{{kind}}}").strip()
        except GitFailure:
            return None

    def object_type(self, sha: str) -> str | None:
        try:
            return self.git("cat-file", "-t", sha).strip()
        except GitFailure:
            return None

    def commit(self, sha: str) -> Commit | None:
        if self.object_type(sha) != "commit":
            return None
        raw = self.git("cat-file", "commit", sha)
        header, _, message = raw.partition("\n\n")
        fields: dict[str, list[str]] = {}
        for line in header.splitlines():
            key, _, value = line.partition(" ")
            fields.setdefault(key, []).append(value)
        return Commit(
            sha=self.git("rev-parse", sha).strip(),
            tree=fields["tree"][0],
            parents=fields.get("parent", []),
            author=_person(fields["author"][0]),
            committer=_person(fields["committer"][0]),
            message=message,
        )

    def tag(self, sha: str) -> TagObject | None:
        if self.object_type(sha) != "tag":
            return None
        raw = self.git("cat-file", "tag", sha)
        header, _, message = raw.partition("\n\n")
        fields = dict(line.split(" ", 1) for line in header.splitlines() if " " in line)
        return TagObject(
            sha=sha,
            tag=fields["tag"],
            object_sha=fields["object"],
            object_type=fields["type"],
            tagger=_person(fields.get("tagger", "unknown <> 0 +0000")),
            message=message,
        )

    def make_tag(self, tag: str, object_sha: str, kind: str, message: str, tagger: str) -> str:
        """Write an annotated tag object (no ref) and return its sha."""
        text = f"object {object_sha}\ntype {kind}\ntag {tag}\ntagger {tagger}\n\n{message}"
        if not text.endswith("\n"):
            text += "\n"
        return self.git("mktag", input_text=text).strip()

    def update_ref(self, ref: str, sha: str, old: str | None = None) -> None:
        self.git("update-ref", ref, sha, *([old] if old else []))

    def delete_ref(self, ref: str) -> None:
        self.git("update-ref", "-d", ref)

    def is_ancestor(self, older: str, newer: str) -> bool:
        try:
            self.git("merge-base", "--is-ancestor", older, newer)
        except GitFailure:
            return False
        return True

    def log(self, revision_range: str) -> list[str]:
        """Commit shas of `A..B` (or one rev), oldest first."""
        out = self.git("rev-list", "--reverse", revision_range)
        return out.split()

    def merge_tree(self, base: str, head: str) -> str:
        """The tree of merging `head` into `base` (raises GitFailure on conflict)."""
        return self.git("merge-tree", "--write-tree", base, head).splitlines()[0].strip()

    def commit_tree(self, tree: str, parents: list[str], message: str, env: dict[str, str]) -> str:
        args = ["commit-tree", tree]
        for parent in parents:
            args += ["-p", parent]
        return self.git(*args, input_text=message, env=env).strip()
