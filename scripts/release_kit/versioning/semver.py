"""Semantic Versioning 2.0.0: parsing, formatting and precedence.

The validator is a hand-written structural parser (identifiers split on `.`,
`-` and `+`), so the test suite can check it against the official semver.org
regular expression (OFFICIAL_PATTERN) as an independent oracle.
"""

from __future__ import annotations

from dataclasses import dataclass

from release_kit.errors import VersionError

# The "suggested regular expression" published at https://semver.org (ECMA/Python flavour).
# Compile it with re.ASCII: `\d` means 0-9 there.
OFFICIAL_PATTERN = (
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
    r"(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)

_DIGITS = frozenset("0123456789")
_IDENT = _DIGITS | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-")


def _numeric(text: str) -> bool:
    """A numeric identifier: digits without a leading zero (0 itself is fine)."""
    return bool(text) and set(text) <= _DIGITS and (text == "0" or text[0] != "0")


def _identifiers(text: str, *, pre: bool) -> tuple[str, ...] | None:
    parts = tuple(text.split("."))
    for part in parts:
        if not part or not set(part) <= _IDENT:
            return None
        if pre and set(part) <= _DIGITS and not _numeric(part):
            return None  # numeric pre-release identifiers carry no leading zeros
    return parts


@dataclass(frozen=True)
class SemVerParts:
    major: int
    minor: int
    patch: int
    pre: tuple[str, ...] = ()
    build: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.pre:
            text += "-" + ".".join(self.pre)
        if self.build:
            text += "+" + ".".join(self.build)
        return text


def split(text: str) -> SemVerParts | None:
    """The parts of a SemVer 2.0.0 string, or None when it is not one."""
    core, plus, build_text = text.partition("+")
    core, dash, pre_text = core.partition("-")
    numbers = core.split(".")
    if len(numbers) != 3 or not all(_numeric(n) for n in numbers):
        return None
    pre = _identifiers(pre_text, pre=True) if dash else ()
    build = _identifiers(build_text, pre=False) if plus else ()
    if pre is None or build is None:
        return None
    return SemVerParts(int(numbers[0]), int(numbers[1]), int(numbers[2]), pre, build)


def is_valid(text: str) -> bool:
    return split(text) is not None


def parse_parts(text: str) -> SemVerParts:
    parts = split(text)
    if parts is None:
        raise VersionError(f"{text!r} is not a valid SemVer 2.0.0 version (see semver.org)")
    return parts


def _pre_key(pre: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    # Numeric identifiers sort numerically and below alphanumeric ones (spec item 11).
    return tuple((0, int(p), "") if set(p) <= _DIGITS else (1, 0, p) for p in pre)


def precedence_key(parts: SemVerParts) -> tuple[object, ...]:
    """A sort key implementing SemVer precedence (build metadata ignored)."""
    # A version without a pre-release ranks above every pre-release of the same core.
    pre_rank: tuple[object, ...] = (1,) if not parts.pre else (0, _pre_key(parts.pre))
    return (parts.major, parts.minor, parts.patch, *pre_rank)
