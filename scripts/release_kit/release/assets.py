"""Release assets on disk: glob selection, name checks and the SHA256SUMS file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from release_kit import workspace
from release_kit.checksums import sha256_hex, sha256sums
from release_kit.errors import InputError

# GitHub renames uploaded assets whose names hold anything but letters, digits
# and a few punctuation marks (spaces, `~`, `:`, `+`, parentheses become `.`),
# and names with a leading or trailing period; the "List release assets"
# endpoint then shows a name the workflow did not ask for. We accept only names
# GitHub keeps as they are, so that the name we upload is the name we find.
_SAFE = re.compile(r"[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class LocalAsset:
    """A file to attach: its release name, where its bytes are, and their digest."""

    name: str
    path: Path | None  # None for generated content (SHA256SUMS)
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)

    @classmethod
    def from_bytes(cls, name: str, data: bytes, path: Path | None = None) -> LocalAsset:
        return cls(name, path, data, sha256_hex(data))


def check_name(name: str) -> None:
    """Refuse (exit 2) a name with a path separator or one GitHub would silently rename."""
    if "/" in name or "\\" in name:
        raise InputError(f"asset name {name!r} contains a path separator")
    if not name:
        raise InputError("asset name is empty")
    bad = sorted({ch for ch in name if not _SAFE.fullmatch(ch)})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        raise InputError(
            f"asset name {name!r} contains {shown}; GitHub would rename it "
            "(use letters, digits, '.', '_' and '-')"
        )
    if name.startswith(".") or name.endswith("."):
        raise InputError(f"asset name {name!r} starts or ends with '.'; GitHub would rename it")
    if ".." in name:
        raise InputError(f"asset name {name!r} has consecutive periods; GitHub may collapse them")


def select(root: Path, patterns: Sequence[str], *, allow_empty: bool) -> list[Path]:
    """Files matching the globs (relative to `root`), in pattern order, each once.

    A pattern matching no file is an error unless `allow_empty`; so are two files
    with the same base name (they would be the same asset), and any match that is
    a symbolic link, resolves outside `root` (the repository) or lies in `.git`
    (see release_kit.workspace): all of it before the first request.
    """
    base = root.resolve()
    chosen: dict[Path, None] = {}
    for pattern in patterns:
        if Path(pattern).is_absolute():
            matches = sorted(Path(p) for p in _abs_glob(pattern))
        else:
            matches = sorted(base.glob(pattern))
        files = [m for m in matches if workspace.check_path(m, base, "asset")]
        if not files and not allow_empty:
            raise InputError(
                f"asset pattern {pattern!r} matches no file (set allow-empty to accept)"
            )
        chosen.update(dict.fromkeys(files))
    seen: dict[str, Path] = {}
    for path in chosen:
        if path.name in seen:
            raise InputError(f"two assets named {path.name!r}: {seen[path.name]} and {path}")
        seen[path.name] = path
    return list(chosen)


def load(paths: Sequence[Path]) -> list[LocalAsset]:
    """Check each name, then read each file (never through a symbolic link)."""
    for path in paths:
        check_name(path.name)
    return [LocalAsset.from_bytes(p.name, workspace.read_regular(p, "asset"), p) for p in paths]


def parse_sha256sums(text: str) -> dict[str, str]:
    """Name -> hex digest from a SHA256SUMS text (binary-mode `*name` accepted)."""
    result: dict[str, str] = {}
    for line in text.splitlines():
        match = re.fullmatch(r"([0-9a-fA-F]{64}) [ *](.+)", line.strip())
        if match:
            result[match.group(2)] = match.group(1).lower()
    return result


def with_checksums(assets: Sequence[LocalAsset], checksum_name: str) -> list[LocalAsset]:
    """The assets plus the checksum file over them (none when there are no assets)."""
    if not checksum_name or not assets:
        return list(assets)
    check_name(checksum_name)
    if any(a.name == checksum_name for a in assets):
        raise InputError(f"an asset is named {checksum_name!r}, the name of the checksum file")
    text = sha256sums((a.name, a.sha256) for a in assets)
    return [*assets, LocalAsset.from_bytes(checksum_name, text.encode("utf-8"))]


def _abs_glob(pattern: str) -> list[str]:
    import glob

    return glob.glob(pattern, recursive=True)
