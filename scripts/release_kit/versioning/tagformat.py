"""Tag names from versions and back: `v{version}`, `{version}`, `name-v{version}`.

A tag whose version has one numeric part (`v1`, `v10`) is a floating tag, never
a release; one with two parts (`v0.6`) is read as X.Y.0 (see `shortforms`).
"""

from __future__ import annotations

import re

from release_kit.errors import ConfigError, VersionError
from release_kit.versioning.shortforms import VersionText, read_text
from release_kit.versioning.version import SCHEMES, Version, parse_any, parse_version

PLACEHOLDER = "{version}"
_BAD_REF = re.compile(r"[\s~^:?*\[\\{}]|\.\.|@\{|//|^[-/.]|[/.]$|\.lock$")


class TagFormat:
    """A tag name pattern with exactly one `{version}` placeholder.

    `parse` returns the version a tag carries, or None for a tag of another
    format, a floating tag (`v1`), or one whose middle is not a version (in
    `scheme`, or in either scheme when no scheme is given). A two-part tag
    (`v0.6`) carries X.Y.0 (`0.6.0`).
    """

    def __init__(self, fmt: str = "v{version}", *, scheme: str | None = None) -> None:
        if fmt.count(PLACEHOLDER) != 1:
            raise ConfigError(f"tag-format {fmt!r} must contain {PLACEHOLDER} exactly once")
        prefix, _, suffix = fmt.partition(PLACEHOLDER)
        if _BAD_REF.search(prefix + "0" + suffix):
            raise ConfigError(f"tag-format {fmt!r} does not give valid git tag names")
        if scheme is not None and scheme not in SCHEMES:
            raise ConfigError(f"unknown version scheme {scheme!r}")
        self.fmt = fmt
        self.prefix = prefix
        self.suffix = suffix
        self.scheme = scheme

    def __repr__(self) -> str:
        return f"TagFormat({self.fmt!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TagFormat) and (self.fmt, self.scheme) == (
            other.fmt,
            other.scheme,
        )

    def __hash__(self) -> int:
        return hash((self.fmt, self.scheme))

    def format(self, version: str) -> str:
        return f"{self.prefix}{version}{self.suffix}"

    def read(self, tag: str) -> VersionText | None:
        """The version text of a tag of this format, floating (`partial`) or not;
        None for another format's tag or a middle that does not start with a number."""
        tag = tag.removeprefix("refs/tags/")
        if not (tag.startswith(self.prefix) and tag.endswith(self.suffix)):
            return None
        middle = tag[len(self.prefix) : len(tag) - len(self.suffix)]
        return read_text(middle) if middle else None

    def is_floating(self, tag: str) -> bool:
        """A tag of this format with a one-part version (`v1`): never a release."""
        found = self.read(tag)
        return found is not None and found.partial

    def parse(self, tag: str) -> str | None:
        found = self.read(tag)
        if found is None or found.partial:
            return None
        try:
            parse_any(found.text, self.scheme or "auto")
        except VersionError:
            return None
        return found.text

    def version(self, tag: str, scheme: str) -> Version | None:
        """The version `tag` carries, in `scheme`; None for a tag of another format
        or one whose version does not parse in `scheme`."""
        text = self.parse(tag)
        if text is None:
            return None
        try:
            return parse_version(text, scheme)
        except VersionError:
            return None

    @property
    def ref_glob(self) -> str:
        """A pattern for `git for-each-ref refs/tags/<glob>` (narrow further with parse)."""
        return f"{self.prefix}*{self.suffix}"
