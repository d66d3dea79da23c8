"""SHA-256 digests and the `sha256sum` text format both release assets and the
wheelhouse publish: `<hex>  <name>` per file, sorted by name (`sha256sum -c` reads it)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256sums(digests: Iterable[tuple[str, str]]) -> str:
    """The SHA256SUMS text of (name, hex digest) pairs."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(digests, key=lambda p: p[0]))
