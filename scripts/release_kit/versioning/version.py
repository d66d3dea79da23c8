"""`Version`: one version in one scheme (SemVer 2.0.0 or PEP 440), totally ordered.

`parse_version(text, scheme)` is the only way in; `str(version)` the way out.
Ordering compares precedence within a scheme (SemVer ignores build metadata);
comparing versions of two schemes is a TypeError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import total_ordering

from packaging.version import InvalidVersion
from packaging.version import Version as Pep440

from release_kit.errors import VersionError
from release_kit.versioning import semver

SCHEMES = ("semver", "pep440")


@total_ordering
@dataclass(frozen=True, eq=False)
class Version:
    """A parsed version. `semver` holds SemVer parts, `pep440` the packaging object."""

    scheme: str
    text: str
    semver: semver.SemVerParts | None = field(default=None, repr=False)
    pep440: Pep440 | None = field(default=None, repr=False)

    def __str__(self) -> str:
        return self.text

    def _key(self) -> tuple[object, ...]:
        if self.semver is not None:
            return semver.precedence_key(self.semver)
        assert self.pep440 is not None
        return (self.pep440,)

    def _check(self, other: object) -> Version:
        if not isinstance(other, Version):
            raise TypeError(f"cannot compare Version with {type(other).__name__}")
        if other.scheme != self.scheme:
            raise TypeError(f"cannot compare a {self.scheme} with a {other.scheme} version")
        return other

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self.scheme == other.scheme and self._key() == other._key()

    def __lt__(self, other: object) -> bool:
        return self._key() < self._check(other)._key()

    def __hash__(self) -> int:
        return hash((self.scheme, self._key()))

    @property
    def release(self) -> tuple[int, ...]:
        """The numeric release segment (SemVer: major, minor, patch)."""
        if self.semver is not None:
            return (self.semver.major, self.semver.minor, self.semver.patch)
        assert self.pep440 is not None
        return self.pep440.release

    def _nth(self, index: int) -> int:
        release = self.release
        return release[index] if index < len(release) else 0

    @property
    def major(self) -> int:
        return self._nth(0)

    @property
    def minor(self) -> int:
        return self._nth(1)

    @property
    def patch(self) -> int:
        return self._nth(2)

    @property
    def is_prerelease(self) -> bool:
        """SemVer: has a pre-release part. PEP 440: an a/b/rc or .dev version."""
        if self.semver is not None:
            return bool(self.semver.pre)
        assert self.pep440 is not None
        return self.pep440.is_prerelease


def parse_version(text: str, scheme: str) -> Version:
    """Parse `text` in `scheme` ("semver" or "pep440"); raise VersionError when invalid."""
    if scheme == "semver":
        return Version("semver", text, semver=semver.parse_parts(text))
    if scheme == "pep440":
        try:
            parsed = Pep440(text)
        except InvalidVersion:
            raise VersionError(f"{text!r} is not a valid PEP 440 version") from None
        return Version("pep440", str(parsed), pep440=parsed)
    raise VersionError(f"unknown version scheme {scheme!r} (expected semver or pep440)")


def parse_any(text: str, scheme: str) -> Version:
    """Parse in `scheme`; with "auto", SemVer first, then PEP 440."""
    if scheme != "auto":
        return parse_version(text, scheme)
    try:
        return parse_version(text, "semver")
    except VersionError:
        return parse_version(text, "pep440")


def from_semver(parts: semver.SemVerParts) -> Version:
    return Version("semver", str(parts), semver=parts)
