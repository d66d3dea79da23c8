"""Reading GitHub's answers (JSON body, error message) and holding the token."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests

from release_kit.errors import GitHubError


class Secret:
    """A token that prints as *** (repr, str, vars() of its holder)."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "***" if self.value else "''"

    __str__ = __repr__


def decode(response: requests.Response) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError as exc:
        path = urlsplit(response.url).path
        method = response.request.method if response.request is not None else "?"
        raise GitHubError(f"GitHub API {method} {path}: response is not JSON") from exc


def github_message(response: requests.Response) -> str:
    """GitHub's `message` plus any `errors[].message`/`code`, else the start of the body."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200].strip() or response.reason or ""
    if not isinstance(body, dict):
        return ""
    parts = [str(body.get("message", ""))]
    for item in body.get("errors") or []:
        if isinstance(item, dict):
            parts.append(str(item.get("message") or item.get("code") or ""))
        else:
            parts.append(str(item))
    return "; ".join(p for p in parts if p)
