"""GitHub REST client on `requests`: timeouts, retries, pagination, uploads.

A create (POST) whose answer is lost after GitHub may have done the work is not
sent again blindly: the client raises AnswerLostError, and `exactly_once` lets
the caller read back whether the work was done before anything is re-sent.

The token is held in the session's Authorization header only: it is never part
of a message, a repr or an exception, and it is sent only to the API host (and
GitHub's upload host when the API is api.github.com).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
import urllib3

from release_kit.errors import AnswerLostError, GitHubError, InputError
from release_kit.github.pagination import page_items, parse_link
from release_kit.github.responses import Secret, decode, github_message
from release_kit.github.retry import (
    IDEMPOTENT_METHODS,
    SECONDARY_DEFAULT_WAIT,
    RetryPolicy,
    may_have_been_applied,
    retry_reason,
    server_wait,
)

DEFAULT_API_URL = "https://api.github.com"
TRANSIENT = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)
API_VERSION = "2022-11-28"
JSON_ACCEPT = "application/vnd.github+json"
T = TypeVar("T")


class GitHubClient:
    """One repository's view of the GitHub REST API."""

    def __init__(
        self,
        api_url: str,
        token: str | None,
        repository: str,
        *,
        timeout: float = 10.0,
        max_retry_seconds: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        rand: Callable[[], float] = random.random,
        max_attempts: int = 10,
        log: Callable[[str], None] | None = None,
    ) -> None:
        owner, _, name = repository.partition("/")
        if not owner or not name or "/" in name:
            raise InputError(f"repository must be 'owner/name', got {repository!r}")
        self.api_url = api_url.rstrip("/")
        self.owner, self.name = owner, name
        self.timeout = timeout
        self.policy = RetryPolicy(max_retry_seconds=max_retry_seconds, max_attempts=max_attempts)
        self._sleep, self._clock, self._wall, self._rand = sleep, clock, wall_clock, rand
        self._log = log
        self._token = Secret(token or "")
        self.session = session or requests.Session()
        self.session.headers.update(
            {
                "Accept": JSON_ACCEPT,
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": "release-kit",
            }
        )

    @classmethod
    def from_env(
        cls, env: Mapping[str, str], token: str | None = None, **kwargs: Any
    ) -> GitHubClient:
        """GITHUB_API_URL (default api.github.com), GITHUB_REPOSITORY, token or GITHUB_TOKEN.

        RELEASE_KIT_RETRY_SECONDS, when set, bounds the total time spent retrying.
        """
        repository = env.get("GITHUB_REPOSITORY", "")
        if not repository:
            raise InputError("GITHUB_REPOSITORY is not set (expected 'owner/name')")
        api_url = env.get("GITHUB_API_URL") or DEFAULT_API_URL
        bound = env.get("RELEASE_KIT_RETRY_SECONDS", "").strip()
        if bound and "max_retry_seconds" not in kwargs:
            try:
                kwargs["max_retry_seconds"] = float(bound)
            except ValueError:
                raise InputError(
                    f"RELEASE_KIT_RETRY_SECONDS must be a number of seconds, got {bound!r}"
                ) from None
            if kwargs["max_retry_seconds"] < 0:
                raise InputError(f"RELEASE_KIT_RETRY_SECONDS must not be negative, got {bound!r}")
        return cls(api_url, token or env.get("GITHUB_TOKEN"), repository, **kwargs)

    def __repr__(self) -> str:
        auth = "token=***" if self._token.value else "no token"
        return f"GitHubClient({self.api_url!r}, {self.owner}/{self.name}, {auth})"

    @property
    def repository(self) -> str:
        return f"{self.owner}/{self.name}"

    def repo_path(self, suffix: str = "") -> str:
        """`/releases` -> `/repos/{owner}/{name}/releases`."""
        return f"/repos/{self.owner}/{self.name}{suffix}"

    # -- verbs -------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> Any:
        """Send one API call (retried as needed); the decoded JSON, or None when empty.

        `idempotent` (default: by method, POST is not) says whether the call may be
        sent again after an attempt that GitHub may have applied; when it may not,
        such an attempt raises AnswerLostError.
        """
        response = self._send(method, path, params=params, json=json, idempotent=idempotent)
        return decode(response)

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params)

    def get_or_none(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET, with 404 answered as None instead of an error."""
        try:
            return self.request("GET", path, params=params)
        except GitHubError as exc:
            if exc.status == 404:
                return None
            raise

    def post(self, path: str, json: Any = None, *, idempotent: bool = False) -> Any:
        """POST; `idempotent=True` for one that creates nothing (generate notes, add labels)."""
        return self.request("POST", path, json=json, idempotent=idempotent)

    def patch(self, path: str, json: Any = None) -> Any:
        return self.request("PATCH", path, json=json)

    def put(self, path: str, json: Any = None) -> Any:
        return self.request("PUT", path, json=json)

    def delete(self, path: str, json: Any = None) -> Any:
        return self.request("DELETE", path, json=json)

    def paginate(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]:
        """Every item of a list endpoint, following `Link: <...>; rel="next"`."""
        query: dict[str, Any] = {"per_page": 100, **(params or {})}
        url: str | None = path
        while url is not None:
            response = self._send("GET", url, params=query)
            yield from page_items(decode(response), "GET", path)
            url = parse_link(response.headers.get("Link")).get("next")
            query = {}

    def upload_asset(
        self,
        upload_url: str,
        name: str,
        data: bytes,
        content_type: str = "application/octet-stream",
        label: str | None = None,
    ) -> dict[str, Any]:
        """POST `data` as a release asset to the release's `upload_url` (template stripped)."""
        url = upload_url.split("{", 1)[0]
        params = {"name": name, **({"label": label} if label else {})}
        response = self._send(
            "POST", url, params=params, data=data, headers={"Content-Type": content_type}
        )  # not idempotent: a lost answer raises AnswerLostError (see ReleaseApi.upload)
        body = decode(response)
        if not isinstance(body, dict):
            raise GitHubError(f"POST {urlsplit(url).path}: unexpected upload response")
        return body

    def exactly_once(self, send: Callable[[], T], applied: Callable[[], T | None], what: str) -> T:
        """Run `send`, a call that is not idempotent, so that its work is done once.

        When an attempt's answer is lost (AnswerLostError), `applied` reads GitHub
        back: it returns the result of the work when the lost attempt did it, and
        None when it was not done; only then is `send` run again, after a backoff,
        within the retry bound. The caller knows what its call creates; the
        client only knows that the answer was lost.
        """
        start, waited, attempt = self._clock(), 0.0, 0
        while True:
            attempt += 1
            try:
                return send()
            except AnswerLostError as lost:
                found = applied()
                if found is not None:
                    self._say(f"{what}: the answer was lost, but GitHub did it; not sent again")
                    return found
                wait = lost.wait
                if wait is None:
                    wait = self.policy.backoff(attempt - 1, self._rand)
                spent = max(self._clock() - start, waited)
                bound = self.policy.max_retry_seconds
                if attempt >= self.policy.max_attempts or spent + wait > bound:
                    raise self._error(
                        lost.method,
                        lost.path,
                        lost.status,
                        f"{lost.reason}; the answer was lost and reading back found it not"
                        f" done; gave up after {attempt} attempt(s) and {spent:.1f}s",
                    ) from None
                self._say(f"{what}: the answer was lost and it was not done; again in {wait:.1f}s")
                self._sleep(wait)
                waited += wait

    def download_asset(self, asset_id: int) -> bytes:
        """The bytes of a release asset (follows GitHub's redirect to storage)."""
        path = self.repo_path(f"/releases/assets/{asset_id}")
        response = self._send("GET", path, headers={"Accept": "application/octet-stream"})
        return response.content

    # -- transport ---------------------------------------------------------------------

    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.api_url + (path if path.startswith("/") else "/" + path)

    def _trusted(self, url: str) -> bool:
        api, target = urlsplit(self.api_url), urlsplit(url)
        if (target.scheme, target.netloc) == (api.scheme, api.netloc):
            return True
        return api.netloc == "api.github.com" and target.netloc == "uploads.github.com"

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> requests.Response:
        url = self._url(path)
        if idempotent is None:
            idempotent = method.upper() in IDEMPOTENT_METHODS
        shown = urlsplit(url).path
        extra = dict(headers or {})
        if self._token.value and self._trusted(url):
            extra["Authorization"] = f"Bearer {self._token.value}"
        start, waited, attempt = self._clock(), 0.0, 0
        while True:
            attempt += 1
            response: requests.Response | None
            wait: float | None = None
            applied = False
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    json=json,
                    data=data,
                    headers=extra,
                    timeout=self.timeout,
                )
            except TRANSIENT as exc:
                response, reason = None, f"connection error ({type(exc).__name__})"
                applied = may_have_been_applied(None, sent=not _never_sent(exc))
            except requests.RequestException as exc:  # a malformed URL: retrying cannot help
                raise self._error(method, shown, None, f"{type(exc).__name__}") from None
            else:
                if response.status_code < 400:
                    return response
                message = github_message(response)
                retry = retry_reason(response.status_code, response.headers, message)
                if retry is None:
                    raise self._error(method, shown, response.status_code, message)
                reason = retry
                wait = server_wait(response.headers, self._wall())
                if wait is None and reason == "secondary rate limit":
                    wait = SECONDARY_DEFAULT_WAIT
                applied = may_have_been_applied(response.status_code, sent=True)
            if applied and not idempotent:
                status = None if response is None else response.status_code
                detail = "" if response is None else f": {github_message(response)}"
                lost = self._error(
                    method,
                    shown,
                    status,
                    f"{reason}{detail}; the answer was lost and the request may have been"
                    " applied, so it is not sent again blindly",
                    cls=AnswerLostError,
                )
                assert isinstance(lost, AnswerLostError)
                lost.reason, lost.wait = f"{reason}{detail}", wait
                raise lost
            if wait is None:
                wait = self.policy.backoff(attempt - 1, self._rand)
            spent = max(self._clock() - start, waited)
            if attempt >= self.policy.max_attempts or spent + wait > self.policy.max_retry_seconds:
                status = None if response is None else response.status_code
                detail = "" if response is None else f": {github_message(response)}"
                raise self._error(
                    method,
                    shown,
                    status,
                    f"{reason}{detail}; gave up after {attempt} attempt(s) and {spent:.1f}s"
                    f" (next wait {wait:.1f}s, bound {self.policy.max_retry_seconds:.0f}s)",
                )
            self._say(f"{method} {shown}: {reason}; retrying in {wait:.1f}s")
            self._sleep(wait)
            waited += wait

    def _say(self, line: str) -> None:
        if self._log is not None:
            self._log(line)

    def _error(
        self,
        method: str,
        path: str,
        status: int | None,
        message: str,
        cls: type[GitHubError] = GitHubError,
    ) -> GitHubError:
        if len(self._token.value) >= 8:  # real tokens are 40+ characters
            message = message.replace(self._token.value, "***")
        shown = "" if status is None else f" {status}"
        err = cls(f"GitHub API {method} {path} failed:{shown} {message}".rstrip())
        err.status, err.method, err.path = status, method, path
        return err


def _never_sent(exc: requests.RequestException) -> bool:
    """The connection never opened (refused, unresolvable, connect timeout): nothing was sent."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    cause = exc.args[0] if exc.args else None
    reason = getattr(cause, "reason", cause)
    return isinstance(reason, urllib3.exceptions.NewConnectionError)
