"""Conventional Commits 1.0 messages -> typed records (pure: text in, records out).

One message can give several records: a GitHub squash-merge body lists each
squashed commit as a `* ` item, and each conforming item counts as a commit of
its own. Nothing here raises on odd input: a message that does not follow the
convention becomes a record with `type=None`, and the caller decides where it
goes (a configurable section, or nowhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# `type(scope)!: subject`. The type is a word (letters first, then letters,
# digits, `-` or `_`); the scope anything without parentheses or a newline.
_HEADER = re.compile(
    r"(?P<type>[A-Za-z][\w-]*)(?:\((?P<scope>[^()\r\n]*)\))?(?P<bang>!)?:[ \t]+(?P<subject>\S.*)"
)
# A footer line: `Token: value` or `Token #value`; only BREAKING CHANGE may hold a space.
_FOOTER = re.compile(
    r"(?P<token>BREAKING[ -]CHANGE|[A-Za-z][\w-]*)(?::[ \t]+|[ \t]+#)(?P<value>.*)"
)
_BREAKING_TOKENS = ("BREAKING CHANGE", "BREAKING-CHANGE")
_MERGE_PR = re.compile(r"Merge pull request #(?P<pr>\d+) from \S+")
_MERGE_ANY = re.compile(r"Merge (?:pull request|branch|remote-tracking branch|tag|commit) ")
_GIT_REVERT = re.compile(r'Revert "(?P<header>.*)"\s*$')
_REVERTS_SHA = re.compile(r"This reverts commit (?P<sha>[0-9a-f]{7,40})")


@dataclass(slots=True)
class ConventionalCommit:
    """One change as the changelog and the bump see it.

    `type` is lower-cased, or None when the message does not follow the
    convention (`conforming` False). `sha` is empty when parsed from bare text.
    Treat it as read-only (not frozen only because that makes building ten
    thousand of them measurably slower).
    """

    header: str
    type: str | None = None
    scope: str | None = None
    subject: str = ""
    raw_body: str = ""  # everything after the header line, as written
    breaking: bool = False
    breaking_notes: tuple[str, ...] = ()
    pr: int | None = None
    is_merge: bool = False
    reverts: str | None = None  # the reverted commit's SHA, or its header when no SHA is given
    sha: str = ""
    from_squash: bool = False
    _parts: tuple[str, tuple[tuple[str, str], ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def conforming(self) -> bool:
        return self.type is not None

    def _split(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        # Body and footers are worked out on first use: a changelog of ten thousand
        # commits never needs them for most commits.
        if self._parts is None:
            self._parts = split_body(self.raw_body)
        return self._parts

    @property
    def body(self) -> str:
        """The body without its footers, blank lines around it removed."""
        return self._split()[0]

    @property
    def footers(self) -> tuple[tuple[str, str], ...]:
        """(token, value) pairs, in order; values may span lines."""
        return self._split()[1]

    def footer(self, token: str) -> str | None:
        """The value of the first footer named `token` (case-insensitive), or None."""
        wanted = token.lower()
        return next((v for t, v in self.footers if t.lower() == wanted), None)


def _split_footers(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Body lines and footers. Footers start at the first paragraph that opens with
    a `Token: value` line (or at any BREAKING CHANGE line) and run to the end; a
    footer's value continues over following lines until the next token."""
    start = None
    prev_blank = True
    for i, line in enumerate(lines):
        if (prev_blank or line.startswith("BREAKING")) and _FOOTER.fullmatch(line):
            start = i
            break
        prev_blank = not line or line.isspace()
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


def _may_have_footers(text: str) -> bool:
    """False when no line can be a footer (`Token: value` / `Token #value`): most
    bodies, and the cheap test spares them the line-by-line scan."""
    return ": " in text or ":\t" in text or "#" in text


def split_body(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The text after a header line -> (body, footers)."""
    if not text or not _may_have_footers(text):
        return text.strip("\n").rstrip(), ()
    body, footers = _split_footers(text.split("\n"))
    return "\n".join(body).strip("\n").rstrip(), tuple(footers)


def _parse_one(
    header: str,
    rest: str,
    *,
    sha: str,
    is_merge: bool,
    pr: int | None = None,
    from_squash: bool = False,
) -> ConventionalCommit:
    # Cheap string tests guard every regex: this runs once per commit of a history.
    header = header.strip()
    cut = len(header)  # where the subject ends: before a trailing "(#123)"
    if header.endswith(")"):
        at = header.rfind("(#")
        if at >= 0 and header[at + 2 : -1].isdigit():
            pr, cut = int(header[at + 2 : -1]), at
    if header.startswith("Merge "):
        merge_pr = _MERGE_PR.match(header)
        if merge_pr and pr is None:
            pr = int(merge_pr["pr"])
        is_merge = is_merge or bool(_MERGE_ANY.match(header))
    kind: str | None = None
    scope: str | None = None
    subject = header
    bang = False
    reverts: str | None = None
    notes: tuple[str, ...] = ()
    git_revert = _GIT_REVERT.match(header) if header.startswith('Revert "') else None
    match = None if is_merge or git_revert else _HEADER.fullmatch(header)
    if git_revert and not is_merge:  # the message `git revert` writes: type "revert"
        kind, subject = "revert", git_revert["header"]
        reverted = _REVERTS_SHA.search(rest)
        reverts = reverted["sha"] if reverted else subject
    elif match is not None:
        kind, scope, bang_mark = match.group("type", "scope", "bang")
        kind = kind.lower()
        subject = header[match.start("subject") : cut].strip() or match["subject"].strip()
        scope = scope.strip() or None if scope else None
        bang = bang_mark is not None
        if kind == "revert":
            reverted = _REVERTS_SHA.search(rest)
            refs = next((v for t, v in split_body(rest)[1] if t.lower() == "refs"), None)
            reverts = reverted["sha"] if reverted else (refs or subject)
    if kind is not None and "BREAKING" in rest:
        notes = tuple(v for t, v in split_body(rest)[1] if t in _BREAKING_TOKENS)
    # Positional: the fields in declaration order (measurably cheaper than keywords).
    return ConventionalCommit(
        header,
        kind,
        scope,
        subject,
        rest,
        kind is not None and (bang or bool(notes)),
        notes,
        pr,
        is_merge,
        reverts,
        sha,
        from_squash,
    )


def _squash_items(rest: str) -> list[tuple[str, str]] | None:
    """The `* ` items of a squash-merge body as (header, rest), or None when the
    body is not one (its first non-blank line must be an item)."""
    if "* " not in rest or not rest.lstrip("\n").startswith("* "):
        return None
    items: list[tuple[str, list[str]]] = []
    for line in rest.split("\n"):
        if line.startswith("* "):
            items.append((line[2:], []))
        elif items:
            items[-1][1].append(line)
    return [(head, "\n".join(lines)) for head, lines in items]


def parse_message(
    text: str, *, sha: str = "", is_merge: bool = False, squash: bool = True
) -> list[ConventionalCommit]:
    """Parse one commit message into one record, or one per conforming squash item
    (plus the title when the title itself is marked breaking).

    Never raises: anything that is not a conventional header gives a single
    non-conforming record (`type` None) carrying the first line as its subject.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    header, _, rest = text.partition("\n")
    while rest and not header.strip():  # leading blank lines
        header, _, rest = rest.partition("\n")
    if not header.strip():
        return [ConventionalCommit(header="", sha=sha, is_merge=is_merge)]
    whole = _parse_one(header, rest, sha=sha, is_merge=is_merge)
    items = _squash_items(rest) if squash and not whole.is_merge else None
    if not items:
        return [whole]
    parsed = [
        _parse_one(h, b, sha=sha, is_merge=False, pr=whole.pr, from_squash=True) for h, b in items
    ]
    conforming = [item for item in parsed if item.conforming]
    if not conforming:
        return [whole]
    # The items replace the title, except a title marked breaking: never lose a `!`.
    return [whole, *conforming] if whole.breaking else conforming
