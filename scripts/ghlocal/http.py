"""What a handler receives (Call) and returns (Reply), plus GitHub-style errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

DOCS = "https://docs.github.com/rest"
T = TypeVar("T")


@dataclass
class Call:
    """One API request, routed: path parameters, query, decoded body."""

    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    body: bytes
    headers: dict[str, str]

    def json(self) -> dict[str, Any]:
        if not self.body:
            return {}
        data = json.loads(self.body)
        if not isinstance(data, dict):
            raise HttpError(400, "Problems parsing JSON")
        return data

    def int_param(self, name: str) -> int:
        try:
            return int(self.params[name])
        except ValueError:
            raise HttpError(404, "Not Found") from None

    def header(self, name: str) -> str:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return ""


@dataclass
class Reply:
    """A response: JSON `body` (or `raw` bytes), status and extra headers."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    content_type: str = "application/json; charset=utf-8"

    def encode(self) -> bytes:
        if self.raw is not None:
            return self.raw
        if self.body is None:
            return b""
        return json.dumps(self.body).encode()


class HttpError(Exception):
    """Raised by a handler to answer with GitHub's error shape."""

    def __init__(
        self, status: int, message: str, errors: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors

    def reply(self) -> Reply:
        body: dict[str, Any] = {"message": self.message, "documentation_url": DOCS}
        if self.errors is not None:
            body["errors"] = self.errors
        body["status"] = str(self.status)
        return Reply(self.status, body)


def or_404(value: T | None) -> T:
    """`value`, or GitHub's 404 answer when the object asked for does not exist."""
    if value is None:
        raise HttpError(404, "Not Found")
    return value


def unprocessable(message: str, resource: str, code: str = "custom", **extra: Any) -> HttpError:
    """422 Validation Failed with one error entry (GitHub's usual shape)."""
    entry: dict[str, Any] = {"resource": resource, "code": code, **extra}
    if code == "custom":
        entry["message"] = message
    return HttpError(422, "Validation Failed" if code != "custom" else message, [entry])


def paginate(reply: Reply, query: dict[str, str], base_url: str) -> Reply:
    """Slice a list body by `page`/`per_page` (default 30, max 100) and add `Link`."""
    items = reply.body
    key = None
    if isinstance(items, dict):
        lists = [k for k, v in items.items() if isinstance(v, list)]
        if len(lists) != 1:
            return reply
        key = lists[0]
        items = items[key]
    if not isinstance(items, list):
        return reply
    per_page = max(1, min(100, int(query.get("per_page") or 30)))
    page = max(1, int(query.get("page") or 1))
    last = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    links = []

    def link(number: int, rel: str) -> str:
        params = {**query, "per_page": str(per_page), "page": str(number)}
        return f'<{base_url}?{urlencode(params)}>; rel="{rel}"'

    if page < last:
        links += [link(page + 1, "next"), link(last, "last")]
    if page > 1:
        links += [link(1, "first"), link(page - 1, "prev")]
    if links:
        reply.headers["Link"] = ", ".join(links)
    reply.body = {**reply.body, key: chunk} if key else chunk
    return reply
