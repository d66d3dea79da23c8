"""npm: package.json and the root entries of package-lock.json."""

from __future__ import annotations

from release_kit.sources import jsonspans
from release_kit.sources.common import load_json
from release_kit.sources.model import Carrier, line_of
from release_kit.sources.python import Found
from release_kit.tree import Tree

LOCK_PATHS: tuple[jsonspans.Path, ...] = (("version",), ("packages", "", "version"))


def _carriers(
    path: str, text: str, wanted: tuple[jsonspans.Path, ...], declares: bool
) -> list[Carrier]:
    carriers = []
    for span in jsonspans.string_spans(text, set(wanted)):
        what = f"{path} " + ".".join(str(p) or '""' for p in span.path)
        carriers.append(
            Carrier(
                path,
                span.start + 1,
                span.end - 1,
                line_of(text, span.start),
                span.raw,
                what,
                declares=declares,
            )
        )
    return carriers


def from_package_json(tree: Tree) -> Found | None:
    text = tree.read_text("package.json")
    if text is None:
        return None
    data = load_json("package.json", text)
    if not isinstance(data, dict) or not isinstance(data.get("version"), str):
        return None
    found = Found(name=data.get("name") if isinstance(data.get("name"), str) else None)
    found.carriers = _carriers("package.json", text, (("version",),), True)
    lock = tree.read_text("package-lock.json")
    if lock is not None:
        load_json("package-lock.json", lock)
        found.carriers += _carriers("package-lock.json", lock, LOCK_PATHS, False)
    return found


def is_private(tree: Tree) -> bool:
    text = tree.read_text("package.json")
    if text is None:
        return False
    data = load_json("package.json", text)
    return isinstance(data, dict) and data.get("private") is True
