"""Reading history: ONE `git for-each-ref` for the tags, ONE `git log` for the commits.

No process per commit or per tag: the log comes back NUL-separated and is
split in Python; which release a commit belongs to is worked out from the
parent links the same log carries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from release_kit.git import Git
    from release_kit.versioning import TagFormat, Version

_LOG_FORMAT = "%m%x00%H%x00%P%x00%cs%x00%B"
_TAG_FORMAT = "%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(creatordate:short)"


class LogEntry(NamedTuple):
    """One commit as `git log` printed it (a named tuple: cheap to build by the ten thousand)."""

    sha: str
    parents: tuple[str, ...]
    date: str  # committer date, YYYY-MM-DD
    message: str


@dataclass(frozen=True)
class TagInfo:
    name: str
    version: Version
    commit: str  # the commit the tag points at (annotated tags peeled)
    date: str
    padded: bool = False  # a two-part tag (`v0.6`) read as X.Y.0

    @property
    def is_prerelease(self) -> bool:
        return self.version.is_prerelease

    @property
    def shown(self) -> str:
        """`v1.2.3`, or `v0.6 (read as 0.6.0)` for a two-part tag."""
        return f"{self.name} (read as {self.version})" if self.padded else self.name


def parse_log(out: str) -> tuple[list[LogEntry], list[str]]:
    """Split `git log -z --boundary --format=<_LOG_FORMAT>` output into the
    entries and the SHAs of the boundary commits (excluded parents of entries)."""
    fields = out.split("\0")
    count = len(fields) // 5
    if count == 0:
        return [], []
    fields = fields[: count * 5]
    # Fields come in fives: mark, sha, parents, date, message. Between commits git
    # puts a NUL (-z) and the message's own newline, so marks may start with "\n".
    marks = [m.lstrip("\n") for m in fields[0::5]]
    shas, parents, dates, messages = fields[1::5], fields[2::5], fields[3::5], fields[4::5]
    entries = [
        LogEntry(sha, tuple(p.split()), date, message)
        for mark, sha, p, date, message in zip(marks, shas, parents, dates, messages, strict=True)
        if mark != "-"
    ]
    boundary = [sha for mark, sha in zip(marks, shas, strict=True) if mark == "-"]
    return entries, boundary


def read_log(git: Git, revs: Sequence[str]) -> list[LogEntry]:
    """The commits of `git log REVS` (newest first), in one process."""
    if not revs:
        return []
    out = git.run("log", "-z", f"--format={_LOG_FORMAT}", *revs, "--", strip=False)
    return parse_log(out)[0]


class PendingLog:
    """A `git log` started in the background, so git walks history while Python
    does other work (imports, reads the config and the tags, compiles the
    template). Its output goes to an unnamed temporary file, not a pipe: a full
    pipe would stop git after 64 KiB, and draining one as git writes costs more
    CPU than reading the file once (tempfile is imported by Jinja2 anyway)."""

    def __init__(self, git: Git, revs: Sequence[str]) -> None:
        import subprocess
        import tempfile

        self.args = ["log", "-z", f"--format={_LOG_FORMAT}", *revs, "--"]
        self.out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self.err = tempfile.TemporaryFile()  # noqa: SIM115
        self.proc = subprocess.Popen(
            ["git", *self.args], cwd=git.cwd, env=git.env, stdout=self.out, stderr=self.err
        )

    def entries(self) -> list[LogEntry]:
        from release_kit.errors import GitError

        try:
            self.proc.wait()
            self.out.seek(0)
            out = self.out.read()
            if self.proc.returncode != 0:
                self.err.seek(0)
                lines = self.err.read().decode(errors="replace").strip().splitlines()
                reason = lines[-1] if lines else f"exit status {self.proc.returncode}"
                raise GitError(f"git {' '.join(self.args)}: {reason}")
        finally:
            self.close()
        return parse_log(out.decode("utf-8", errors="surrogateescape"))[0]

    def close(self) -> None:
        """Stop git if it still runs, and drop the temporary files."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.out.close()
        self.err.close()


def read_since(git: Git, head: str, excluded: Iterable[str]) -> tuple[list[LogEntry], list[str]]:
    """Commits reachable from `head` but from none of the `excluded` commits, and
    the boundary commits among the excluded (the tags the range starts from).
    One `git log`; the exclusions go in on stdin, so a thousand tags cost no more
    than a command line can hold."""
    stdin = "".join(f"^{sha}\n" for sha in excluded)
    out = git.run(
        "log",
        "-z",
        "--boundary",
        f"--format={_LOG_FORMAT}",
        "--stdin",
        head,
        "--",
        strip=False,
        input_text=stdin,
    )
    return parse_log(out)


def parse_tags(out: str, tag_format: TagFormat, scheme: str) -> list[TagInfo]:
    """Release and pre-release tags of the format whose version parses in the
    scheme, oldest version first. Floating tags are left out: one numeric part
    (`v1`), or two parts on the commit of a full version of that X.Y (`v1.2`
    beside `v1.2.3`); any other two-part tag (`v0.6`) is read as X.Y.0."""
    from release_kit.errors import VersionError
    from release_kit.versioning import parse_version
    from release_kit.versioning.shortforms import read_text

    tags: list[TagInfo] = []
    short: list[TagInfo] = []
    prefix, suffix = tag_format.prefix, tag_format.suffix  # parsed once below, not twice
    for line in out.splitlines():
        parts = line.split("\0")
        if len(parts) != 4:
            continue
        name, obj, peeled, date = parts
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue  # another package's tag
        text = name[len(prefix) : len(name) - len(suffix)]
        found = read_text(text)
        if found is None or found.partial:
            continue  # not a version, or a floating tag (v1)
        padded = found.padded
        try:
            version = parse_version(found.text, scheme)
        except VersionError:
            continue  # not a version tag at all
        (short if padded else tags).append(TagInfo(name, version, peeled or obj, date, padded))
    if short:
        full = {(t.commit, t.version.major, t.version.minor) for t in tags}
        tags += [t for t in short if (t.commit, t.version.major, t.version.minor) not in full]
    tags.sort(key=lambda t: t.version)
    return tags


def read_tags(
    git: Git, tag_format: TagFormat, scheme: str, merged: str | None = None
) -> list[TagInfo]:
    """Version tags (only those reachable from `merged` when given), oldest version
    first. Without `merged` git need not walk history: a few milliseconds."""
    args = ["for-each-ref", f"--format={_TAG_FORMAT}"]
    if merged is not None:
        args.append(f"--merged={merged}")
    args.append(f"refs/tags/{tag_format.ref_glob}")
    return parse_tags(git.run(*args), tag_format, scheme)


def highest_reachable(git: Git, tag_format: TagFormat, scheme: str, rev: str) -> TagInfo | None:
    """The highest version tag `rev` reaches, pre-releases included: the version a
    tag-only project (setuptools_scm, hatch-vcs) builds at `rev`."""
    tags = read_tags(git, tag_format, scheme, merged=rev)
    return tags[-1] if tags else None


def since_tags(
    git: Git, tags: Sequence[TagInfo], tag_format: TagFormat, scheme: str
) -> tuple[list[LogEntry], list[TagInfo]]:
    """The commits on HEAD after the newest of `tags` that HEAD reaches, and the tags
    the range starts from (oldest version first).

    Fast path: one log excluding every tag; when its boundary is all tagged
    commits, those are the tags. A boundary commit without a tag means a tag HEAD
    does not reach (another branch's) hid part of the range, and an empty range
    means HEAD sits on a tag: then git is asked which tags HEAD reaches
    (`for-each-ref --merged`, a history walk) and the log is read again.
    """
    by_commit = {t.commit for t in tags}
    entries, boundary = read_since(git, "HEAD", by_commit)
    if entries and all(sha in by_commit for sha in boundary):
        edge = set(boundary)
        return entries, [t for t in tags if t.commit in edge]
    wanted = {t.name for t in tags}
    merged = [t for t in read_tags(git, tag_format, scheme, merged="HEAD") if t.name in wanted]
    if not entries:
        return entries, merged
    entries, boundary = read_since(git, "HEAD", {t.commit for t in merged})
    edge = set(boundary)
    return entries, [t for t in merged if t.commit in edge]


def group_by_release(
    entries: Iterable[LogEntry], tags: Sequence[TagInfo]
) -> list[tuple[TagInfo | None, list[LogEntry]]]:
    """Each tag (oldest version first) with the commits it released, then None with
    the unreleased ones. A commit belongs to the first tag, by version, that can
    reach it: the same as `git log PREVIOUS_TAGS..TAG` for each tag in turn."""
    entries = list(entries)
    by_sha = {e.sha: e for e in entries}
    owner: dict[str, int] = {}
    groups: list[tuple[TagInfo | None, list[LogEntry]]] = []
    for index, tag in enumerate(tags):
        stack = [tag.commit]
        while stack:
            sha = stack.pop()
            if sha in owner or sha not in by_sha:
                continue
            owner[sha] = index
            stack.extend(by_sha[sha].parents)
        groups.append((tag, []))
    unreleased: list[LogEntry] = []
    for entry in entries:  # keep git log's order inside each group
        found = owner.get(entry.sha)
        (unreleased if found is None else groups[found][1]).append(entry)
    groups.append((None, unreleased))
    return groups
