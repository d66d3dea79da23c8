"""Scripted faults: per endpoint, answer wrongly N times before behaving again.

A lost answer (`applied=True`): the request is handled as usual and its change
to the server's state is kept, then the answer is thrown away. What the client
gets instead is what GitHub's front end sends when it loses the answer of a
request it forwarded: 502 Bad Gateway ("Server Error"), the operation done or
not (a release created, an asset stored, a dispatch accepted behind a 502 is a
known GitHub behaviour); with `drop=True`, the connection is closed with no
answer at all, as when the runner's network breaks after the request was sent.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Any


@dataclass
class Fault:
    """One scripted misbehaviour for requests matching `method` and `path_regex`.

    status: answer with this status (a GitHub-shaped error body).
    secondary_rate_limit: 403 "You have exceeded a secondary rate limit" (with
      `Retry-After` when retry_after is given, else x-ratelimit-remaining 0 and
      x-ratelimit-reset `reset_in` seconds ahead).
    retry_after: seconds sent as `Retry-After` (with status or the rate limit).
    drop: close the connection without any answer.
    delay: seconds to wait before handling (alone: a slow but correct answer).
    applied: handle the request first (its state change is kept), then answer
      `status` (502 when none is given) or, with drop, close the connection.
    """

    method: str
    path_regex: str
    status: int | None = None
    times: int = 1
    retry_after: float | None = None
    secondary_rate_limit: bool = False
    drop: bool = False
    delay: float = 0.0
    reset_in: float = 1.0
    applied: bool = False
    fired: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.method not in ("*", method.upper()):
            return False
        return re.search(self.path_regex, path) is not None

    @property
    def exhausted(self) -> bool:
        return self.times >= 0 and self.fired >= self.times

    def response(self) -> tuple[int, dict[str, str], dict[str, Any]] | None:
        """(status, headers, body) to send, None when only a delay or drop."""
        if self.secondary_rate_limit:
            headers = {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0"}
            if self.retry_after is not None:
                headers = {"Retry-After": _seconds(self.retry_after)}
            else:
                headers["x-ratelimit-reset"] = str(int(time.time() + self.reset_in))
            message = "You have exceeded a secondary rate limit. Please wait before retrying."
            return 403, headers, {"message": message, "documentation_url": _DOCS}
        status = self.status
        if status is None and self.applied and not self.drop:
            status = 502  # GitHub's front end, for an answer it lost
        if status is None:
            return None
        headers = {}
        if self.retry_after is not None:
            headers["Retry-After"] = _seconds(self.retry_after)
        message = _MESSAGES.get(status, f"ghlocal scripted status {status}")
        return status, headers, {"message": message, "documentation_url": _DOCS}


_DOCS = "https://docs.github.com/rest"
_MESSAGES = {
    429: "API rate limit exceeded",
    500: "Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class FaultBook:
    """The scripted faults of one server, consumed in the order they were added."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The first live fault for this request, counted as fired."""
        with self._lock:
            for fault in self._faults:
                if not fault.exhausted and fault.matches(method, path):
                    fault.fired += 1
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    @property
    def pending(self) -> list[Fault]:
        with self._lock:
            return [f for f in self._faults if not f.exhausted]
