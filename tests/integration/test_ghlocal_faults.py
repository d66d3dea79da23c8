"""The client against scripted faults of the local server: recovered within the bound,
or a clear error naming method, path, status and GitHub's message."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from ghlocal import LocalGitHub
from release_kit.errors import AnswerLostError, GitHubError
from release_kit.github import GitHubClient

TOKEN = "ghs_TOPsecretTOKENvalue0123456789"


@dataclass
class FakeTime:
    """A monotonic clock that only sleeping advances; records every sleep."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def gh(make_repo: Callable[..., Any], local_github: Callable[..., LocalGitHub]) -> LocalGitHub:
    return local_github(make_repo({"README.md": "x\n"}).origin, token=TOKEN)


def _client(gh: LocalGitHub, fake: FakeTime, **kwargs: Any) -> GitHubClient:
    options: dict[str, Any] = {
        "sleep": fake.sleep,
        "clock": fake.clock,
        "max_retry_seconds": 60.0,
        **kwargs,
    }
    return GitHubClient(gh.api_url, TOKEN, "org/repo", **options)


RELEASES = r"/repos/org/repo/releases$"


@pytest.mark.parametrize(
    ("fault", "expected_sleeps"),
    [
        ({"status": 500, "times": 2}, None),
        ({"status": 502, "times": 1}, None),
        ({"status": 503, "times": 3}, None),
        ({"status": 429, "retry_after": 3}, [3.0]),
        ({"status": 429}, None),
        ({"secondary_rate_limit": True, "retry_after": 7}, [7.0]),
        ({"drop": True, "times": 2}, None),
    ],
    ids=[
        "500x2",
        "502x1",
        "503x3",
        "429-retry-after",
        "429-no-header",
        "secondary-retry-after",
        "dropped-connection-x2",
    ],
)
def test_transient_fault_is_retried_and_recovers(
    gh: LocalGitHub, fault: dict[str, Any], expected_sleeps: list[float] | None
) -> None:
    fake = FakeTime()
    client = _client(gh, fake)
    gh.inject("GET", RELEASES, **fault)
    assert list(client.paginate(client.repo_path("/releases"))) == []
    times = fault.get("times", 1)
    statuses = [r.status for r in gh.calls("GET", RELEASES)]
    assert statuses[-1] == 200
    assert len(statuses) == times + 1
    assert len(fake.sleeps) == times
    if expected_sleeps is not None:
        assert fake.sleeps == expected_sleeps
    # Full jitter never exceeds the exponential ceiling (base 0.5 s, doubling).
    assert all(0 <= s <= max(0.5 * 2**i, 7.0) for i, s in enumerate(fake.sleeps))
    assert sum(fake.sleeps) <= 60.0


def test_secondary_rate_limit_with_reset_header_waits_until_reset(gh: LocalGitHub) -> None:
    fake = FakeTime()
    client = _client(gh, fake)
    gh.inject("GET", r"/repos/org/repo$", secondary_rate_limit=True)
    assert client.get(client.repo_path())["full_name"] == "org/repo"
    (wait,) = fake.sleeps
    assert 0.0 <= wait <= 2.0  # x-ratelimit-reset is whole seconds, 1 s ahead


def test_delay_beyond_the_timeout_is_retried(gh: LocalGitHub) -> None:
    fake = FakeTime()
    client = _client(gh, fake, timeout=0.2)
    gh.inject("GET", r"/repos/org/repo$", delay=0.6)
    assert client.get(client.repo_path())["name"] == "repo"
    assert len(fake.sleeps) == 1
    assert [r.status for r in gh.calls("GET", r"/repos/org/repo$")][-1] == 200


def test_delay_within_the_timeout_is_just_slow(gh: LocalGitHub) -> None:
    fake = FakeTime()
    client = _client(gh, fake, timeout=5.0)
    gh.inject("GET", r"/repos/org/repo$", delay=0.1)
    assert client.get(client.repo_path())["name"] == "repo"
    assert fake.sleeps == []


def test_persistent_5xx_gives_up_within_the_bound(gh: LocalGitHub) -> None:
    fake = FakeTime()
    client = _client(gh, fake, max_retry_seconds=20.0, max_attempts=100)
    gh.inject("GET", RELEASES, status=503, times=-1)
    with pytest.raises(GitHubError) as failed:
        client.get(client.repo_path("/releases"))
    err = failed.value
    assert (err.method, err.path, err.status) == ("GET", "/repos/org/repo/releases", 503)
    message = str(err)
    assert message.startswith(
        "GitHub API GET /repos/org/repo/releases failed: 503 server error: Service Unavailable;"
    )
    assert "gave up after" in message
    assert sum(fake.sleeps) <= 20.0
    assert len(gh.calls("GET", RELEASES)) == len(fake.sleeps) + 1


def test_retry_after_beyond_the_bound_fails_at_once(gh: LocalGitHub) -> None:
    fake = FakeTime()
    client = _client(gh, fake, max_retry_seconds=60.0)
    gh.inject("GET", RELEASES, status=429, retry_after=120)
    with pytest.raises(GitHubError, match=r"429 rate limited: API rate limit exceeded"):
        client.get(client.repo_path("/releases"))
    assert fake.sleeps == []


@pytest.mark.parametrize(
    ("status", "message"),
    [(404, "Not Found"), (422, "Validation Failed"), (401, "Bad credentials")],
    ids=["404", "422", "401"],
)
def test_final_errors_are_not_retried(gh: LocalGitHub, status: int, message: str) -> None:
    fake = FakeTime()
    client = _client(gh, fake)
    if status == 404:
        path = client.repo_path("/releases/tags/v9.9.9")
        call: Callable[[], Any] = lambda: client.get(path)  # noqa: E731
    elif status == 422:
        gh.inject("POST", RELEASES, status=422)
        path = client.repo_path("/releases")
        call = lambda: client.post(path, {"tag_name": "v1"})  # noqa: E731
    else:
        client = GitHubClient(gh.api_url, "wrong-token", "org/repo", sleep=fake.sleep)
        path = client.repo_path()
        call = lambda: client.get(path)  # noqa: E731
    with pytest.raises(GitHubError) as failed:
        call()
    assert failed.value.status == status
    assert f"{status} " in str(failed.value) and path in str(failed.value)
    if status != 422:
        assert message in str(failed.value)
    assert fake.sleeps == []


def test_forbidden_without_rate_limit_signals_is_final(gh: LocalGitHub) -> None:
    fake = FakeTime()
    client = _client(gh, fake)
    gh.inject("POST", RELEASES, status=403)
    with pytest.raises(GitHubError) as failed:
        client.post(client.repo_path("/releases"), {"tag_name": "v1"})
    assert failed.value.status == 403
    assert fake.sleeps == []


def _find_release(client: GitHubClient, tag: str) -> dict[str, Any] | None:
    found = [r for r in client.paginate(client.repo_path("/releases")) if r["tag_name"] == tag]
    return found[0] if found else None


def _create_once(client: GitHubClient, tag: str) -> dict[str, Any]:
    return client.exactly_once(
        lambda: dict(client.post(client.repo_path("/releases"), {"tag_name": tag, "draft": True})),
        lambda: _find_release(client, tag),
        f"create release {tag}",
    )


@pytest.mark.parametrize(
    "fault",
    [{"applied": True}, {"applied": True, "drop": True}, {"status": 500}, {"drop": True}],
    ids=["applied-502", "applied-dropped", "500", "dropped-unapplied"],
)
def test_create_is_not_sent_again_after_a_lost_answer(
    gh: LocalGitHub, fault: dict[str, Any]
) -> None:
    """Guards the client's rule: a POST whose answer was lost (5xx or a connection broken
    after sending) raises AnswerLostError at once instead of being sent again blindly,
    which made a second draft release (drafts may share a tag) when GitHub had done it."""
    fake = FakeTime()
    client = _client(gh, fake)
    gh.inject("POST", RELEASES, **fault)
    with pytest.raises(AnswerLostError) as lost:
        client.post(client.repo_path("/releases"), {"tag_name": "v1.0.0", "draft": True})
    assert isinstance(lost.value, GitHubError)  # one hierarchy: exits 1 like any API failure
    assert lost.value.method == "POST" and lost.value.path == "/repos/org/repo/releases"
    assert "may have been applied" in str(lost.value)
    assert len(gh.calls("POST", RELEASES)) == 1 and fake.sleeps == []
    assert len(gh.state.releases) == (1 if fault.get("applied") else 0)


@pytest.mark.parametrize(
    "fault", [{"applied": True}, {"applied": True, "drop": True}], ids=["502", "dropped"]
)
def test_exactly_once_reads_back_the_work_a_lost_answer_did(
    gh: LocalGitHub, fault: dict[str, Any]
) -> None:
    """Guards exactly_once: GitHub did the work and lost the answer -> the read-back finds
    it and nothing is sent again (one draft release, one POST)."""
    fake, lines = FakeTime(), []
    client = _client(gh, fake, log=lines.append)
    gh.inject("POST", RELEASES, **fault)
    created = _create_once(client, "v1.0.0")
    assert [r.id for r in gh.state.releases.values()] == [created["id"]]
    assert len(gh.calls("POST", RELEASES)) == 1
    assert any("the answer was lost, but GitHub did it" in line for line in lines)


def test_exactly_once_sends_again_when_the_work_was_not_done(gh: LocalGitHub) -> None:
    """Two 502s that did nothing: each read-back finds no release, so the create is sent
    again (after a backoff) and the third attempt makes the one release."""
    fake = FakeTime()
    client = _client(gh, fake)
    gh.inject("POST", RELEASES, status=502, times=2)
    created = _create_once(client, "v1.0.0")
    assert [r.id for r in gh.state.releases.values()] == [created["id"]]
    assert [r.status for r in gh.calls("POST", RELEASES)] == [502, 502, 201]
    assert len(fake.sleeps) == 2


def test_exactly_once_gives_up_within_the_bound(gh: LocalGitHub) -> None:
    fake = FakeTime()
    client = _client(gh, fake, max_retry_seconds=10.0, max_attempts=100)
    gh.inject("POST", RELEASES, status=503, times=-1)
    with pytest.raises(GitHubError) as failed:
        _create_once(client, "v1.0.0")
    assert not isinstance(failed.value, AnswerLostError)  # read back: known not done
    assert "reading back found it not done; gave up after" in str(failed.value)
    assert failed.value.status == 503 and sum(fake.sleeps) <= 10.0
    assert gh.state.releases == {}


def test_rate_limited_create_is_retried_by_the_client(gh: LocalGitHub) -> None:
    """A 429 or a secondary rate limit is refused before any work: retried for a POST too."""
    fake = FakeTime()
    client = _client(gh, fake)
    gh.inject("POST", RELEASES, status=429, retry_after=2)
    gh.inject("POST", RELEASES, secondary_rate_limit=True, retry_after=3)
    created = client.post(client.repo_path("/releases"), {"tag_name": "v1.0.0"})
    assert [r.id for r in gh.state.releases.values()] == [created["id"]]
    assert fake.sleeps == [2.0, 3.0]


def test_create_to_a_closed_port_is_retried(unused_port: int) -> None:
    """A connection that never opened sent nothing: retried even for a POST."""
    fake = FakeTime()
    client = GitHubClient(
        f"http://127.0.0.1:{unused_port}", TOKEN, "org/repo", sleep=fake.sleep, max_attempts=3
    )
    with pytest.raises(GitHubError) as failed:
        client.post(client.repo_path("/releases"), {"tag_name": "v1.0.0"})
    assert not isinstance(failed.value, AnswerLostError)
    assert "gave up after 3 attempt(s)" in str(failed.value) and len(fake.sleeps) == 2


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_idempotent_calls_are_retried_after_a_lost_answer(gh: LocalGitHub) -> None:
    """PATCH sets fields (a repeat changes nothing), DELETE of what is gone is a 404 for
    the caller to accept, generate-notes creates nothing: each is sent again."""
    fake = FakeTime()
    client = _client(gh, fake)
    release = client.post(client.repo_path("/releases"), {"tag_name": "v1.0.0", "draft": True})
    path = client.repo_path(f"/releases/{release['id']}")
    gh.inject("PATCH", rf"/releases/{release['id']}$", applied=True)
    assert client.patch(path, {"name": "One"})["name"] == "One"
    notes = client.repo_path("/releases/generate-notes")
    gh.inject("POST", r"/generate-notes$", applied=True)
    assert "body" in client.post(notes, {"tag_name": "v1.0.0"}, idempotent=True)
    gh.inject("DELETE", rf"/releases/{release['id']}$", applied=True)
    with pytest.raises(GitHubError) as gone:
        client.delete(path)
    assert gone.value.status == 404 and not isinstance(gone.value, AnswerLostError)
    assert gh.state.releases == {}
    assert len(fake.sleeps) == 3


def test_token_never_reaches_output(
    gh: LocalGitHub,
    make_repo: Callable[..., Any],
    local_github: Callable[..., LocalGitHub],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Errors, retry logs, repr and library debug logs never carry the token."""
    caplog.set_level(logging.DEBUG)
    fake, lines = FakeTime(), []
    client = _client(gh, fake, log=lines.append, max_retry_seconds=5.0)
    seen: list[str] = [repr(client), str(vars(client))]
    gh.inject("GET", RELEASES, status=500, times=-1)
    gh.inject("GET", r"/repos/org/repo$", drop=True, times=-1)
    for path in ("/releases", "", "/releases/tags/nope"):
        with pytest.raises(GitHubError) as failed:
            client.get(client.repo_path(path))
        seen += [str(failed.value), repr(failed.value)]
    # The token was sent (the server requires it) ...
    assert client.get(client.repo_path("/git/ref/heads/main"))["ref"] == "refs/heads/main"
    # ... but never to another host: a foreign upload URL gets no Authorization header.
    other = local_github(make_repo({"a": "b"}).origin, token=TOKEN)
    with pytest.raises(GitHubError) as foreign:
        client.upload_asset(f"{other.api_url.replace('127.0.0.1', 'localhost')}/x", "a", b"1")
    assert foreign.value.status == 401
    seen.append(str(foreign.value))
    captured = capsys.readouterr()
    seen += [*lines, captured.out, captured.err, caplog.text]
    assert lines, "retries were logged"
    for text in seen:
        assert TOKEN not in text


@pytest.mark.parametrize(
    ("argument", "env_token", "ok"),
    [(TOKEN, "other", True), (None, TOKEN, True), (None, "other", False), ("", TOKEN, True)],
    ids=["argument-wins", "env-fallback", "env-wrong", "empty-argument-falls-back"],
)
def test_token_from_argument_or_environment(
    gh: LocalGitHub, argument: str | None, env_token: str, ok: bool
) -> None:
    env = {"GITHUB_API_URL": gh.api_url, "GITHUB_REPOSITORY": "org/repo", "GITHUB_TOKEN": env_token}
    client = GitHubClient.from_env(env, token=argument, sleep=FakeTime().sleep)
    if ok:
        assert client.get(client.repo_path())["full_name"] == "org/repo"
    else:
        with pytest.raises(GitHubError, match="401 Bad credentials"):
            client.get(client.repo_path())


def test_retry_bound_from_the_environment(gh: LocalGitHub) -> None:
    fake = FakeTime()
    env = {
        "GITHUB_API_URL": gh.api_url,
        "GITHUB_REPOSITORY": "org/repo",
        "GITHUB_TOKEN": TOKEN,
        "RELEASE_KIT_RETRY_SECONDS": "5",
    }
    client = GitHubClient.from_env(env, sleep=fake.sleep, clock=fake.clock, max_attempts=100)
    gh.inject("GET", RELEASES, status=503, times=-1)
    with pytest.raises(GitHubError, match="gave up after"):
        client.get(client.repo_path("/releases"))
    assert 0 < sum(fake.sleeps) <= 5.0


@pytest.mark.parametrize("value", ["soon", "-1"], ids=["not-a-number", "negative"])
def test_retry_bound_from_the_environment_must_be_seconds(value: str) -> None:
    from release_kit.errors import InputError

    env = {"GITHUB_REPOSITORY": "org/repo", "RELEASE_KIT_RETRY_SECONDS": value}
    with pytest.raises(InputError, match="RELEASE_KIT_RETRY_SECONDS must"):
        GitHubClient.from_env(env)
