"""The Actions runtime as tagging sees it: the push event, the ref, the token for git."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from release_kit.errors import InputError


def push_event(env: Mapping[str, str]) -> dict[str, Any]:
    """The push event payload ($GITHUB_EVENT_PATH) when this run is a push, else {}."""
    path = env.get("GITHUB_EVENT_PATH")
    if env.get("GITHUB_EVENT_NAME") != "push" or not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the push event {path}: {exc}") from exc
    return data if isinstance(data, dict) else {}


def ref_name(env: Mapping[str, str], kind: str) -> str | None:
    """The branch (kind "heads") or tag (kind "tags") this run was triggered for."""
    ref = env.get("GITHUB_REF", "")
    prefix = f"refs/{kind}/"
    return ref[len(prefix) :] if ref.startswith(prefix) else None


def git_auth_env(env: Mapping[str, str], remote_url: str) -> dict[str, str]:
    """Git config (through the environment) that pushes to GitHub with $GITHUB_TOKEN.

    The token the caller passes (a PAT or an App token) replaces the credential
    actions/checkout persisted, so tags pushed with it start workflow runs. The
    empty first value resets any extra header inherited from the clone's config.
    Nothing for remotes elsewhere (tests use local bare repositories).
    """
    token = env.get("GITHUB_TOKEN", "")
    server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    if not token or not remote_url.startswith(server + "/"):
        return {}
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    key = f"http.{server}/.extraheader"
    return {
        "GIT_CONFIG_COUNT": "2",
        "GIT_CONFIG_KEY_0": key,
        "GIT_CONFIG_VALUE_0": "",
        "GIT_CONFIG_KEY_1": key,
        "GIT_CONFIG_VALUE_1": f"AUTHORIZATION: basic {basic}",
    }


def push_starts_workflows(env: Mapping[str, str]) -> bool:
    """Whether a push made with $GITHUB_TOKEN starts workflow runs: it does unless that
    token is the job's default token (the actions pass it as $RK_DEFAULT_TOKEN), whose
    pushes GitHub never lets start a run. Unknown (no default given): False, dispatch."""
    token, default = env.get("GITHUB_TOKEN", ""), env.get("RK_DEFAULT_TOKEN", "")
    return bool(token and default and token != default)


def parse_inputs(pairs: list[str]) -> dict[str, str]:
    """`KEY=VALUE` options into a mapping; InputError for a pair without `=`."""
    found: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"dispatch input {pair!r} must be KEY=VALUE")
        found[key.strip()] = value
    return found


BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"


def identity_env(configured_email: str, env: Mapping[str, str]) -> dict[str, str]:
    """A tagger identity when git has none (a fresh runner checkout): the Actions bot."""
    if configured_email or env.get("GIT_COMMITTER_EMAIL"):
        return {}
    return {"GIT_COMMITTER_NAME": BOT_NAME, "GIT_COMMITTER_EMAIL": BOT_EMAIL}
