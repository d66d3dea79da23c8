"""Pure decisions of the GitHub client: what is retried, how long to wait, Link parsing."""

from __future__ import annotations

import pytest

from release_kit.errors import GitHubError, InputError
from release_kit.github import GitHubClient
from release_kit.github.pagination import page_items, parse_link
from release_kit.github.retry import (
    RetryPolicy,
    may_have_been_applied,
    retry_after_seconds,
    retry_reason,
    server_wait,
)

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("status", "headers", "message", "expected"),
    [
        (500, {}, "", "server error"),
        (502, {}, "", "server error"),
        (503, {}, "", "server error"),
        (429, {}, "", "rate limited"),
        (403, {"Retry-After": "3"}, "", "secondary rate limit"),
        (403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1"}, "", "secondary rate limit"),
        (403, {}, "You have exceeded a secondary rate limit.", "secondary rate limit"),
        (403, {}, "Resource not accessible by integration", None),
        (404, {}, "Not Found", None),
        (422, {}, "Validation Failed", None),
        (401, {}, "Bad credentials", None),
    ],
    ids=[
        "500",
        "502",
        "503",
        "429",
        "403-retry-after",
        "403-reset",
        "403-message",
        "403-forbidden",
        "404",
        "422",
        "401",
    ],
)
def test_retry_reason(
    status: int, headers: dict[str, str], message: str, expected: str | None
) -> None:
    assert retry_reason(status, headers, message) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW) + 12)}, 12.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW) - 5)}, 0.0),
        ({"x-ratelimit-remaining": "10", "x-ratelimit-reset": str(int(NOW) + 12)}, None),
        ({}, None),
    ],
    ids=["seconds", "reset", "reset-past", "not-exhausted", "none"],
)
def test_server_wait(headers: dict[str, str], expected: float | None) -> None:
    assert server_wait(headers, NOW) == expected


@pytest.mark.parametrize(
    ("status", "sent", "expected"),
    [
        (None, True, True),  # the connection broke after the request went out
        (None, False, False),  # the connection never opened
        (500, True, True),
        (502, True, True),
        (503, True, True),
        (504, True, True),
        (429, True, False),  # a rate limit is refused before any work
        (403, True, False),
    ],
    ids=["broken-after-send", "never-sent", "500", "502", "503", "504", "429", "403"],
)
def test_may_have_been_applied(status: int | None, sent: bool, expected: bool) -> None:
    """Guards the split between failures a create may be re-sent after, and lost answers."""
    assert may_have_been_applied(status, sent) is expected


def test_retry_after_http_date_is_relative_to_now() -> None:
    assert retry_after_seconds("Thu, 01 Jan 1970 00:01:40 GMT", 90.0) == pytest.approx(10.0)
    assert retry_after_seconds("garbage", NOW) is None


@pytest.mark.parametrize("attempt", [0, 1, 2, 5, 20], ids=lambda a: f"attempt{a}")
def test_backoff_is_full_jitter_under_the_cap(attempt: int) -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=30.0)
    ceiling = min(30.0, 0.5 * 2**attempt)
    assert policy.backoff(attempt, lambda: 0.0) == 0.0
    assert policy.backoff(attempt, lambda: 0.999999) == pytest.approx(ceiling, rel=1e-5)


def test_parse_link() -> None:
    header = (
        '<http://h/repos/o/r/pulls?page=2&per_page=2>; rel="next", '
        '<http://h/repos/o/r/pulls?page=5&per_page=2>; rel="last"'
    )
    assert parse_link(header) == {
        "next": "http://h/repos/o/r/pulls?page=2&per_page=2",
        "last": "http://h/repos/o/r/pulls?page=5&per_page=2",
    }
    assert parse_link(None) == {}


@pytest.mark.parametrize(
    ("body", "items"),
    [([1, 2], [1, 2]), ({"total_count": 2, "check_runs": [1, 2]}, [1, 2])],
    ids=["list", "wrapped"],
)
def test_page_items(body: object, items: list[int]) -> None:
    assert page_items(body, "GET", "/x") == items


def test_page_items_rejects_non_list() -> None:
    with pytest.raises(GitHubError, match="GET /x: expected a list"):
        page_items({"a": 1}, "GET", "/x")


@pytest.mark.parametrize("repository", ["", "org", "org/", "/repo", "a/b/c"])
def test_client_rejects_bad_repository(repository: str) -> None:
    with pytest.raises(InputError, match="owner/name"):
        GitHubClient("http://127.0.0.1:9", "t", repository)


def test_from_env_defaults_and_repr_hides_token() -> None:
    client = GitHubClient.from_env(
        {"GITHUB_REPOSITORY": "org/repo", "GITHUB_TOKEN": "ghs_secretvalue123"}
    )
    assert client.api_url == "https://api.github.com"
    assert client.repo_path("/releases") == "/repos/org/repo/releases"
    assert "ghs_secretvalue123" not in repr(client)
    assert "ghs_secretvalue123" not in str(vars(client).get("session", ""))
    with pytest.raises(InputError, match="GITHUB_REPOSITORY"):
        GitHubClient.from_env({})


def test_malformed_url_fails_without_retry() -> None:
    sleeps: list[float] = []
    client = GitHubClient("http://127.0.0.1:9", "t", "org/repo", sleep=sleeps.append)
    with pytest.raises(GitHubError, match="InvalidURL") as failed:
        client.upload_asset("http://", "a.txt", b"x")
    assert failed.value.status is None
    assert sleeps == []
