"""The contract check: off-description responses and requests fail loudly and are recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from ghlocal import LocalGitHub
from ghlocal.backend import Backend
from ghlocal.contract import Contract
from ghlocal.handlers.releases import create_release, release_by_tag
from ghlocal.http import Call, Reply
from release_kit.errors import GitHubError
from release_kit.github import GitHubClient


@pytest.fixture
def gh(make_repo: Callable[..., Any], local_github: Callable[..., LocalGitHub]) -> LocalGitHub:
    return local_github(make_repo({"README.md": "x\n"}).origin)


def _client(gh: LocalGitHub) -> GitHubClient:
    return GitHubClient(gh.api_url, "t", "org/repo", sleep=lambda _: None, max_attempts=1)


def _without(key: str) -> Callable[[Backend, Call], Reply]:
    def handler(b: Backend, call: Call) -> Reply:
        reply = release_by_tag(b, call)
        del reply.body[key]
        return reply

    return handler


def _retyped(b: Backend, call: Call) -> Reply:
    reply = release_by_tag(b, call)
    reply.body["draft"] = "no"
    return reply


def _wrong_status(b: Backend, call: Call) -> Reply:
    reply = create_release(b, call)
    reply.status = 200
    return reply


@pytest.mark.parametrize(
    ("operation", "handler", "method", "reason"),
    [
        (
            "repos/get-release-by-tag",
            _without("tag_name"),
            "GET",
            "response 200: response: 'tag_name' is a required property",
        ),
        (
            "repos/get-release-by-tag",
            _retyped,
            "GET",
            "response 200: response draft: 'no' is not of type 'boolean'",
        ),
        ("repos/create-release", _wrong_status, "POST", "status 200 is not documented"),
    ],
    ids=["missing-required-field", "wrong-type", "undocumented-status"],
)
def test_deliberately_wrong_response_fails_the_contract(
    gh: LocalGitHub,
    operation: str,
    handler: Callable[[Backend, Call], Reply],
    method: str,
    reason: str,
) -> None:
    client = _client(gh)
    client.post(client.repo_path("/releases"), {"tag_name": "v1.0.0"})
    gh.override(operation, handler)
    with pytest.raises(GitHubError) as failed:
        if method == "GET":
            client.get(client.repo_path("/releases/tags/v1.0.0"))
        else:
            client.post(client.repo_path("/releases"), {"tag_name": "v2.0.0"})
    assert failed.value.status == 500
    assert "ghlocal contract violation" in str(failed.value)
    errors = gh.take_contract_errors()
    assert errors and all(operation in e and reason in e for e in errors)


@pytest.mark.parametrize(
    ("method", "path", "body", "reason"),
    [
        ("POST", "/releases", {"name": "no tag"}, "'tag_name' is a required property"),
        ("POST", "/releases", {"tag_name": 5}, "5 is not of type 'string'"),
        ("POST", "/releases", {"tag_name": "v1", "make_latest": "yes"}, "is not one of"),
        ("GET", "/pulls?state=merged", None, "query state: 'merged' is not one of"),
        ("GET", "/pulls?per_page=ten", None, "per_page='ten' is not an integer"),
        ("GET", "/no-such-endpoint", None, "no such operation"),
    ],
    ids=["missing-field", "wrong-type", "bad-enum", "bad-query-enum", "bad-query-int", "unknown"],
)
def test_off_description_request_is_refused_and_recorded(
    gh: LocalGitHub, method: str, path: str, body: Any, reason: str
) -> None:
    response = requests.request(method, f"{gh.api_url}/repos/org/repo{path}", json=body, timeout=5)
    assert response.status_code == 500
    assert reason in response.json()["message"]
    (error,) = gh.take_contract_errors()
    assert reason in error


def test_untouched_handlers_leave_no_contract_errors(gh: LocalGitHub) -> None:
    client = _client(gh)
    client.post(client.repo_path("/releases"), {"tag_name": "v1.0.0"})
    client.get(client.repo_path("/releases/tags/v1.0.0"))
    assert gh.contract_errors == []


@pytest.mark.parametrize(
    ("value", "ok"),
    [(None, True), ("text", True), (3, False)],
    ids=["null-allowed", "string", "int-rejected"],
)
def test_nullable_fields_accept_null(value: Any, ok: bool) -> None:
    contract = Contract()
    matched = contract.match("GET", "/repos/o/r/releases/latest")
    assert matched is not None
    op, _ = matched
    body = {
        "url": "u",
        "html_url": "u",
        "assets_url": "u",
        "upload_url": "u",
        "tarball_url": None,
        "zipball_url": None,
        "id": 1,
        "node_id": "n",
        "tag_name": "v1",
        "target_commitish": "main",
        "name": value,
        "body": None,
        "draft": False,
        "prerelease": False,
        "created_at": "2026-01-01T00:00:00Z",
        "published_at": None,
        "author": None,
        "assets": [],
    }
    problems = contract.check_response(op, 200, body, raw=False)
    # `author` is a non-nullable simple-user: null is always a violation.
    assert any("author" in p for p in problems)
    assert any(p.startswith("response name") for p in problems) is not ok


def test_operation_matching_prefers_literal_paths() -> None:
    contract = Contract()
    for path, operation in [
        ("/repos/o/r/releases/latest", "repos/get-latest-release"),
        ("/repos/o/r/releases/12", "repos/get-release"),
        ("/repos/o/r/releases/tags/release/1.0", "repos/get-release-by-tag"),
        ("/repos/o/r/git/ref/heads/feature/x", "git/get-ref"),
        ("/repos/o/r/commits/main/status", "repos/get-combined-status-for-ref"),
        ("/repos/o/r/commits/main", "repos/get-commit"),
    ]:
        matched = contract.match("GET", path)
        assert matched is not None and matched[0].operation_id == operation, path
