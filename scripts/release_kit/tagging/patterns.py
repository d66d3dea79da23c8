"""Release branch names from a pattern, decided purely.

A pattern is text with placeholders `{version}`, `{major}`, `{minor}`,
`{patch}` and `{date}` (the date of the run, `date_format`, by default
YYYYMMDD): `release/v{version}`, `release-{major}.{minor}-{date}`.

A pattern that names `{version}` or `{patch}` gives every tag its own branch
(hyperlight: `release/v0.4.1` for the patch tag `v0.4.1`), unless `[branch]
patch-tags` is `reuse`: then a patch tag (Z > 0) is made on the branch of its
line's X.Y.0 (wasmtime: `v40.0.1` on `release-40.0.0`) and gets none of its
own. A pattern that names neither is a release *line*: the first tag of `X.Y`
creates the branch, and later tags of that line (patches made on the branch)
reuse it; with `{date}` in a line pattern the existing branch is found
whatever its date.
"""

from __future__ import annotations

import fnmatch
import re
import string
from dataclasses import dataclass
from datetime import datetime

from release_kit.errors import ConfigError, InputError

PLACEHOLDERS = ("version", "major", "minor", "patch", "date")
PATCH_TAGS = ("create", "reuse")  # `[branch] patch-tags`
_BAD_REF = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//|/\.|\.lock(/|$)")


@dataclass(frozen=True)
class VersionParts:
    text: str
    major: int
    minor: int
    patch: int


def valid_branch_name(name: str) -> bool:
    """git's ref-name rules (check-ref-format --branch), without running git."""
    return bool(
        name
        and not _BAD_REF.search(name)
        and not name.startswith(("-", "/", "."))
        and not name.endswith(("/", "."))
        and name != "@"
    )


@dataclass(frozen=True)
class BranchPattern:
    text: str
    fields: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> BranchPattern:
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as exc:
            raise ConfigError(f"branch pattern {text!r} is malformed: {exc}") from exc
        fields: set[str] = set()
        for _, name, spec, conversion in parsed:
            if name is None:
                continue
            if name not in PLACEHOLDERS or spec or conversion:
                shown = "{" + name + (f"!{conversion}" if conversion else "")
                shown += (f":{spec}" if spec else "") + "}"
                raise ConfigError(
                    f"branch pattern {text!r}: unknown placeholder {shown}; "
                    f"use {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"
                )
            fields.add(name)
        if not fields & {"version", "major"}:
            raise ConfigError(
                f"branch pattern {text!r} must contain {{version}} or {{major}} "
                f"so that each release line gets its own branch"
            )
        return cls(text, frozenset(fields))

    @property
    def per_release(self) -> bool:
        """True when every tag gets its own branch; False for a release line."""
        return bool(self.fields & {"version", "patch"})

    def render(self, version: VersionParts, now: datetime, date_format: str) -> str:
        values = {
            "version": version.text,
            "major": str(version.major),
            "minor": str(version.minor),
            "patch": str(version.patch),
            "date": now.strftime(date_format),
        }
        name = self.text.format(**values)
        if not valid_branch_name(name):
            raise InputError(
                f"branch pattern {self.text!r} gives {name!r}, not a valid branch name"
            )
        return name

    def line_glob(self, version: VersionParts) -> str:
        """A glob matching this version's line branch whatever its date."""
        literal = {
            "major": str(version.major),
            "minor": str(version.minor),
            "version": version.text,
            "patch": str(version.patch),
        }
        pieces = []
        for text, name, _, _ in string.Formatter().parse(self.text):
            pieces.append(_glob_escape(text))
            if name is not None:
                pieces.append("*" if name == "date" else _glob_escape(literal[name]))
        return "".join(pieces)


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def reused_branch_glob(
    pattern: BranchPattern, version: VersionParts, patch_tags: str = "create"
) -> str | None:
    """The glob of the existing branch a tag of `version` is made on, or None when the
    tag gets a branch of its own: every tag of a line pattern is on the line's branch
    (the first one creates it); with a per-release pattern and patch-tags `reuse`, a
    patch tag is on the branch of its line's X.Y.0."""
    if not pattern.per_release:
        return pattern.line_glob(version)
    if patch_tags == "reuse" and version.patch > 0:
        line = VersionParts(f"{version.major}.{version.minor}.0", version.major, version.minor, 0)
        return pattern.line_glob(line)
    return None


def newest_match(glob: str, names: list[str]) -> str | None:
    """The last of `names` (sorted) that `glob` matches."""
    found = sorted(n for n in names if fnmatch.fnmatchcase(n, glob))
    return found[-1] if found else None


def existing_line_branch(
    pattern: BranchPattern, version: VersionParts, names: list[str], patch_tags: str = "create"
) -> str | None:
    """The existing branch among `names` a tag of `version` is made on (its release
    line's, newest name first), None when there is none or the tag gets its own."""
    glob = reused_branch_glob(pattern, version, patch_tags)
    return None if glob is None else newest_match(glob, names)
