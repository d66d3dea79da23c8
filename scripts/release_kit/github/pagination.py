"""The `Link` header of a paginated GitHub response, parsed (pure)."""

from __future__ import annotations

import re
from typing import Any

from release_kit.errors import GitHubError

_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="?([^";]+)"?')

# Keys GitHub puts beside the list in a wrapped page ({"total_count": 2, "check_runs": [...]}).
_WRAPPER_KEYS = {"total_count", "incomplete_results", "repository_selection"}


def parse_link(header: str | None) -> dict[str, str]:
    """`<url>; rel="next", <url>; rel="last"` -> {"next": url, "last": url}."""
    links: dict[str, str] = {}
    for url, rels in _LINK.findall(header or ""):
        for rel in rels.split():
            links[rel] = url
    return links


def page_items(body: Any, method: str, path: str) -> list[Any]:
    """The items of one page: the list itself, or the one list inside a wrapper object."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        lists = [v for k, v in body.items() if k not in _WRAPPER_KEYS and isinstance(v, list)]
        if len(lists) == 1:
            return lists[0]
    raise GitHubError(f"{method} {path}: expected a list in a paginated response")
