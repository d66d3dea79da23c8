"""Conventional Commits 1.0 messages -> typed records (pure: text in, records out).

One message can give several records: a GitHub squash-merge body lists each
squashed commit as a `* ` item, and each conforming item counts as a commit of
its own. Nothing here raises on odd input: a message that does not follow the
convention becomes a record with `type=None`, and the caller decides where it
goes (a configurable section, or nowhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# `type(scope)!: subject`. The type is a word (letters first, then letters,
# digits, `-` or `_`); the scope anything without parentheses or a newline.
_HEADER = re.compile(
    r"(?P<type>[A-Za-z][\w-]*)(?:\((?P<scope>[^()\r\n]*)\))?(?P<bang>!)?:[ \t]+(?P<subject>\S.*)"
)
# A footer line: `Token: value` or `Token #value`; only BREAKING CHANGE may hold a space.
_FOOTER = re.compile(
    r"(?P<token>BREAKING[ -]CHANGE|[A-Za-z][\w-]*)(?::[ \t]+|[ \t]+#)(?P<value>.*)"
)
_BREAKING_LINE = re.compile(r"BREAKING[ -]CHANGE:")
_PR_SUFFIX = re.compile(r"\s*\(#(?P<pr>\d+)\)\s*$")
_MERGE_PR = re.compile(r"Merge pull request #(?P<pr>\d+) from \S+")
_MERGE_ANY = re.compile(r"Merge (?:pull request|branch|remote-tracking branch|tag|commit) ")
_GIT_REVERT = re.compile(r'Revert "(?P<header>.*)"\s*$')
_REVERTS_SHA = re.compile(r"This reverts commit (?P<sha>[0-9a-f]{7,40})")


@dataclass(frozen=True)
class ConventionalCommit:
    """One change as the changelog and the bump see it.

    `type` is lower-cased, or None when the message does not follow the
    convention (`conforming` False). `sha` is empty when parsed from bare text.
    """

    header: str
    type: str | None = None
    scope: str | None = None
    subject: str = ""
    body: str = ""
    breaking: bool = False
    breaking_notes: tuple[str, ...] = ()
    footers: tuple[tuple[str, str], ...] = ()
    pr: int | None = None
    is_merge: bool = False
    reverts: str | None = None  # the reverted commit's SHA, or its header when no SHA is given
    sha: str = ""
    from_squash: bool = False

    @property
    def conforming(self) -> bool:
        return self.type is not None

    def footer(self, token: str) -> str | None:
        """The value of the first footer named `token` (case-insensitive), or None."""
        wanted = token.lower()
        return next((v for t, v in self.footers if t.lower() == wanted), None)


def _split_footers(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Body lines and footers. Footers start at the first paragraph that opens with
    a `Token: value` line (or at any BREAKING CHANGE line) and run to the end; a
    footer's value continues over following lines until the next token."""
    start = None
    for i, line in enumerate(lines):
        at_paragraph = i == 0 or not lines[i - 1].strip()
        if (at_paragraph and _FOOTER.fullmatch(line)) or _BREAKING_LINE.match(line):
            start = i
            break
    if start is None:
        return lines, []
    footers: list[tuple[str, list[str]]] = []
    for line in lines[start:]:
        match = _FOOTER.fullmatch(line)
        if match:
            footers.append((match["token"], [match["value"]]))
        else:
            footers[-1][1].append(line)
    return lines[:start], [(t, "\n".join(v).strip()) for t, v in footers]


def _strip_blank(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n").rstrip()


def _parse_one(
    header: str, body_lines: list[str], *, sha: str, is_merge: bool
) -> ConventionalCommit:
    header = header.strip()
    pr_match = _PR_SUFFIX.search(header) or _MERGE_PR.match(header)
    is_merge = is_merge or bool(_MERGE_ANY.match(header))
    body, footers = _split_footers(body_lines)
    notes = tuple(v for t, v in footers if t in ("BREAKING CHANGE", "BREAKING-CHANGE"))
    body_text = _strip_blank(body)
    reverted = _REVERTS_SHA.search(body_text)
    kind: str | None = None
    scope: str | None = None
    subject = header
    bang = False
    reverts: str | None = None
    git_revert = _GIT_REVERT.match(header)
    match = _HEADER.fullmatch(header)
    if is_merge:
        pass  # a merge's content is counted through the commits it merges
    elif git_revert:  # the message `git revert` writes: treated as type "revert"
        kind, subject = "revert", git_revert["header"]
        reverts = reverted["sha"] if reverted else subject
    elif match is not None:
        kind = match["type"].lower()
        subject = _PR_SUFFIX.sub("", match["subject"]).strip() or match["subject"].strip()
        scope = (match["scope"] or "").strip() or None
        bang = bool(match["bang"])
        if kind == "revert":
            refs = next((v for t, v in footers if t.lower() == "refs"), None)
            reverts = reverted["sha"] if reverted else (refs or subject)
    return ConventionalCommit(
        header=header,
        type=kind,
        scope=scope,
        subject=subject,
        body=body_text,
        breaking=kind is not None and (bang or bool(notes)),
        breaking_notes=notes if kind is not None else (),
        footers=tuple(footers),
        pr=int(pr_match["pr"]) if pr_match else None,
        is_merge=is_merge,
        reverts=reverts,
        sha=sha,
    )


def _squash_items(lines: list[str]) -> list[tuple[str, list[str]]] | None:
    """The `* ` items of a squash-merge body, or None when the body is not one."""
    first = next((line for line in lines if line.strip()), None)
    if first is None or not first.startswith("* "):
        return None
    items: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("* "):
            items.append((line[2:], []))
        elif items:
            items[-1][1].append(line)
    return items


def parse_message(
    text: str, *, sha: str = "", is_merge: bool = False, squash: bool = True
) -> list[ConventionalCommit]:
    """Parse one commit message into one record, or one per conforming squash item.

    Never raises: anything that is not a conventional header gives a single
    non-conforming record (`type` None) carrying the first line as its subject.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return [ConventionalCommit(header="", sha=sha, is_merge=is_merge)]
    header, rest = lines[0], lines[1:]
    whole = _parse_one(header, rest, sha=sha, is_merge=is_merge)
    items = _squash_items(rest) if squash and not whole.is_merge else None
    if not items:
        return [whole]
    parsed = [_parse_one(h, b, sha=sha, is_merge=False) for h, b in items]
    conforming = [
        replace(item, pr=item.pr if item.pr is not None else whole.pr, from_squash=True)
        for item in parsed
        if item.conforming
    ]
    return conforming or [whole]
