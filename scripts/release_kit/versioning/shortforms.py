"""Short version forms, as tags and milestone titles write them, read purely.

- Two numeric parts (`0.7`, `v0.6`, `2.1-rc.1`) are read as X.Y.0 (`0.7.0`,
  `0.6.0`, `2.1.0-rc.1`); `VersionText.padded` tells the caller to say so.
- One number alone (`1`, `v10`, the kit's own `floating-major` tag) is a
  floating or partial tag, which follows the newest release of its major:
  never a release (`VersionText.partial`). `1.x` or `1-rc` are no versions.
- Three parts or more are read as written.

`written_forms` goes the other way: the ways a version may be written that read
as it (`0.6.0` may be written `0.6`; `0.6.1` only as itself), for the places
that look a version up by its written name (changelog headings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERS = re.compile(r"\d+(?:\.\d+)*")
_ZERO_PATCH = re.compile(r"^(\d+\.\d+)\.0(?!\d|\.\d)")


@dataclass(frozen=True)
class VersionText:
    """A version as written, and the text to parse it from."""

    written: str
    text: str  # the same, with `.0` added to a two-part form
    parts: int  # the numeric parts written before any pre-release or build part

    @property
    def padded(self) -> bool:
        """A two-part form read as X.Y.0."""
        return self.parts == 2

    @property
    def partial(self) -> bool:
        """One number and nothing else: a floating tag (`v1`), never a release."""
        return self.parts == 1 and self.written.isdigit()

    def note(self, label: str) -> str:
        """`v0.6 read as 0.6.0` for a padded form, else ''."""
        return f"{label} read as {self.text}" if self.padded else ""


def read_text(written: str) -> VersionText | None:
    """The version `written` carries (see the module doc); None when it does not
    start with a number."""
    found = _NUMBERS.match(written)
    if found is None:
        return None
    rest = written[found.end() :]
    parts = found.group(0).count(".") + 1
    if rest.startswith("!"):  # a PEP 440 epoch: `1!2.0` is read as written
        return VersionText(written, written, 3)
    if parts == 2:
        return VersionText(written, f"{found.group(0)}.0{rest}", 2)
    return VersionText(written, written, parts)


def written_forms(version: str) -> tuple[str, ...]:
    """`version` and, when its third part is 0, its two-part form (`0.6.0`: `0.6.0`,
    `0.6`; `2.1.0-rc.1`: also `2.1-rc.1`); each one reads back as `version`."""
    short = _ZERO_PATCH.sub(r"\1", version, count=1)
    if short == version:
        return (version,)
    found = read_text(short)
    return (version, short) if found is not None and found.text == version else (version,)
