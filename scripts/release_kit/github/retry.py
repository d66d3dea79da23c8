"""When and how long to wait before retrying a GitHub request (pure decisions).

Retried: 5xx, 429, the secondary rate limit (403 with `Retry-After`, or with
`x-ratelimit-remaining: 0` and `x-ratelimit-reset`, or GitHub's "secondary rate
limit" message) and connection errors. The wait is the server's when it names
one, else exponential backoff with full jitter. The caller bounds the total.

A request that is not idempotent (a POST that creates) is not retried after a
failure that may have come after GitHub did the work: a connection that broke
once the request was on its way, or a 5xx (GitHub's front end answers 502 when
the answer of a request it forwarded is lost, applied or not). Rate limits are
refused before any work, and a connection that never opened sent nothing: both
are retried for any method. PATCH is treated as idempotent: the GitHub PATCHes
the kit sends set fields to the values sent, so a repeat changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({500, 502, 503, 504, 429})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
# GitHub's advice when a secondary rate limit names no wait: at least one minute.
SECONDARY_DEFAULT_WAIT = 60.0


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds of the retry loop: total time, attempts, and the backoff curve."""

    max_retry_seconds: float = 60.0
    max_attempts: int = 10
    base_delay: float = 0.5
    max_delay: float = 30.0

    def backoff(self, attempt: int, rand: Callable[[], float]) -> float:
        """Full jitter: uniform in [0, min(max_delay, base * 2**attempt)]."""
        return float(rand()) * min(self.max_delay, self.base_delay * 2.0**attempt)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def retry_after_seconds(value: str | None, wall_now: float) -> float | None:
    """`Retry-After` as seconds: a number of seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - wall_now)
    except (TypeError, ValueError):
        return None


def is_rate_limited(status: int, headers: Mapping[str, str], message: str) -> bool:
    """A 403/429 that GitHub means as 'slow down', not 'forbidden'."""
    if status == 429:
        return True
    if status != 403:
        return False
    if _header(headers, "retry-after") is not None:
        return True
    if _header(headers, "x-ratelimit-remaining") == "0":
        return True
    return "rate limit" in message.lower()


def server_wait(headers: Mapping[str, str], wall_now: float) -> float | None:
    """The wait the server asks for: Retry-After, else x-ratelimit-reset when exhausted."""
    after = retry_after_seconds(_header(headers, "retry-after"), wall_now)
    if after is not None:
        return after
    reset = _header(headers, "x-ratelimit-reset")
    if reset is not None and _header(headers, "x-ratelimit-remaining") in ("0", None):
        try:
            return max(0.0, float(reset) - wall_now)
        except ValueError:
            return None
    return None


def retry_reason(status: int, headers: Mapping[str, str], message: str) -> str | None:
    """Why this response is worth retrying, or None when it is final."""
    if is_rate_limited(status, headers, message):
        return "secondary rate limit" if status == 403 else "rate limited"
    if status in RETRY_STATUSES:
        return "server error"
    return None


def may_have_been_applied(status: int | None, sent: bool) -> bool:
    """After this failed attempt, may GitHub have done the work? (status None: no answer)

    `sent`: the request left this machine (False only when the connection never opened).
    """
    if status is None:
        return sent
    return status >= 500
