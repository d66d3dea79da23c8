"""Cargo's version requirements (the `semver` crate's rules), for internal dependencies.

`accepts(requirement, version)`: comma-separated comparators `=`, `>`, `>=`, `<`, `<=`,
`~`, `^` (and bare, which is `^`), and wildcards (`*`, `1.*`, `1.2.*`). A version with
a pre-release is accepted only when some comparator names the same major.minor.patch
with a pre-release of its own (Cargo never picks `2.0.0-dev` for `^1` or `>=1.0`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from release_kit.errors import VersionError

_COMPARATOR = re.compile(
    r"^\s*(?P<op>=|>=|<=|>|<|~|\^)?\s*"
    r"(?P<major>\d+|\*)(?:\.(?P<minor>\d+|\*))?(?:\.(?P<patch>\d+|\*))?"
    r"(?:-(?P<pre>[0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?\s*$"
)
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")

PreKey = tuple[tuple[int, int | str], ...]


@dataclass(frozen=True)
class _Version:
    core: tuple[int, int, int]
    pre: tuple[str, ...]

    @property
    def key(self) -> tuple[tuple[int, int, int], int, PreKey]:
        ids: PreKey = tuple((0, int(p)) if p.isdigit() else (1, p) for p in self.pre)
        return (self.core, 0 if self.pre else 1, ids)


def _parse_version(text: str) -> _Version:
    match = _VERSION.match(text)
    if match is None:
        raise VersionError(f"{text!r} is not a SemVer version")
    pre = tuple(match.group(4).split(".")) if match.group(4) else ()
    return _Version((int(match.group(1)), int(match.group(2)), int(match.group(3))), pre)


@dataclass(frozen=True)
class _Comparator:
    op: str
    parts: tuple[int, ...]  # the numbers given (1 to 3), wildcards dropped
    pre: tuple[str, ...]

    def matches(self, v: _Version) -> bool:
        given = len(self.parts)
        low = _Version((*self.parts, 0, 0, 0)[:3], self.pre)  # type: ignore[arg-type]
        if self.op == "=":
            return v.core[:given] == self.parts and (given < 3 or v.pre == self.pre)
        if self.op in (">", ">="):
            if given < 3:  # >1.2 means >=1.3.0
                bumped = (*self.parts[:-1], self.parts[-1] + 1) if self.op == ">" else self.parts
                return v.core[:given] >= bumped
            return v.key > low.key if self.op == ">" else v.key >= low.key
        if self.op in ("<", "<="):
            if given < 3:  # <=1.2 means <1.3.0
                limit = (*self.parts[:-1], self.parts[-1] + 1) if self.op == "<=" else self.parts
                return v.core[:given] < limit
            return v.key < low.key if self.op == "<" else v.key <= low.key
        if self.op == "~":
            keep = 1 if given == 1 else 2
            return v.key >= low.key and v.core[:keep] == self.parts[:keep]
        # ^: same leftmost non-zero part (all given parts when they are all zero)
        first = next((i for i, n in enumerate(self.parts) if n != 0), given - 1)
        return v.key >= low.key and v.core[: first + 1] == self.parts[: first + 1]


def _comparators(requirement: str) -> list[_Comparator]:
    found = []
    for piece in requirement.split(","):
        match = _COMPARATOR.match(piece)
        if match is None:
            raise VersionError(f"{requirement!r} is not a Cargo version requirement")
        numbers = [match.group(k) for k in ("major", "minor", "patch")]
        given = []
        for n in numbers:
            if n is None or n == "*":
                break
            given.append(int(n))
        if not given:  # `*`: any version
            continue
        op = match.group("op") or ("=" if len(given) < 3 and "*" in piece else "^")
        pre = tuple(match.group("pre").split(".")) if match.group("pre") else ()
        found.append(_Comparator(op, tuple(given), pre))
    return found


def accepts(requirement: str, version: str) -> bool:
    """Whether Cargo would let a dependency with `requirement` use `version`."""
    v = _parse_version(version)
    comparators = _comparators(requirement)
    if v.pre and not any(c.pre and (*c.parts, 0, 0)[:3] == v.core for c in comparators):
        return False
    return all(c.matches(v) for c in comparators)
