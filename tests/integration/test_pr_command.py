"""`release-kit pr` on real repositories with a bare origin (the GitHub part: see below)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import all_refs, git_tree_snapshot

PYPROJECT = '[project]\nname = "sample"\nversion = "{v}"\n'
BRANCH = "refs/heads/release-kit/bump"


def _bump(repo: Any, version: str = "1.3.0", previous: str = "1.2.3") -> Path:
    """What `release-kit bump` leaves behind: the edited file and its JSON result."""
    repo.write("pyproject.toml", PYPROJECT.format(v=version))
    result = repo.path.parent / f"bump-{repo.path.name}.json"
    result.write_text(
        json.dumps(
            {
                "version": version,
                "previous": previous,
                "tag": f"v{version}",
                "changed_files": ["pyproject.toml"],
            }
        ),
        encoding="utf-8",
    )
    return result


@pytest.fixture
def sample(make_repo: Callable[..., Any]) -> Any:
    return make_repo({"pyproject.toml": PYPROJECT.format(v="1.2.3"), "README.md": "hi\n"})


def test_push_only_then_rerun_adds_no_commit(sample: Any, run_cli: Callable[..., Any]) -> None:
    result = _bump(sample)
    first = run_cli(sample.path, "pr", "--bump-result", str(result), "--no-open-pr", "--json")
    assert first.code == 0, first.err
    out = json.loads(first.out)
    assert out["committed"] is True and out["pushed"] is True
    sha = out["commit_sha"]
    assert sample.origin_git("rev-parse", BRANCH) == sha
    assert sample.origin_git("rev-parse", f"{sha}^") == sample.git("rev-parse", "HEAD")
    message = sample.origin_git("log", "-1", "--format=%B", sha)
    assert "[automatically-tag-and-release-this-commit]" in message
    assert "v1.3.0" in message
    assert sample.git("show", f"{sha}:pyproject.toml") == PYPROJECT.format(v="1.3.0").strip()
    # the caller's checkout is left as it was: still on main, edits still in the work tree
    assert sample.git("symbolic-ref", "--short", "HEAD") == "main"
    assert sample.git("status", "--porcelain") == "M pyproject.toml"

    refs = all_refs(sample.origin)
    again = run_cli(sample.path, "pr", "--bump-result", str(result), "--no-open-pr", "--json")
    assert again.code == 0, again.err
    out2 = json.loads(again.out)
    assert (out2["commit_sha"], out2["committed"], out2["pushed"]) == (sha, False, False)
    assert all_refs(sample.origin) == refs


def test_new_base_replaces_the_branch_with_lease(sample: Any, run_cli: Callable[..., Any]) -> None:
    result = _bump(sample)
    first = json.loads(
        run_cli(sample.path, "pr", "--bump-result", str(result), "--no-open-pr", "--json").out
    )
    sample.git("checkout", "-q", "--", "pyproject.toml")
    sample.write("README.md", "more\n")
    sample.commit_all("docs")
    sample.push("main")
    _bump(sample)
    second = run_cli(sample.path, "pr", "--bump-result", str(result), "--no-open-pr", "--json")
    assert second.code == 0, second.err
    sha = json.loads(second.out)["commit_sha"]
    assert sha != first["commit_sha"]
    assert sample.origin_git("rev-parse", f"{BRANCH}^") == sample.git("rev-parse", "HEAD")


def test_concurrent_push_is_not_clobbered(
    sample: Any, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from release_kit.pr import gitops

    result = _bump(sample)
    run_cli(sample.path, "pr", "--bump-result", str(result), "--no-open-pr")
    sample.git("checkout", "-q", "--", "pyproject.toml")
    sample.write("README.md", "more\n")
    sample.commit_all("docs")
    sample.push("main")
    _bump(sample)
    intruder = sample.git("commit-tree", "HEAD^{tree}", "-p", "HEAD", "-m", "someone else")
    real_push = gitops.BumpGit.push

    def push_after_someone(self: gitops.BumpGit, sha: str, branch: str, lease: str) -> None:
        sample.git("push", "-q", "--force", "origin", f"{intruder}:{BRANCH}")
        real_push(self, sha, branch, lease)

    monkeypatch.setattr(gitops.BumpGit, "push", push_after_someone)
    res = run_cli(sample.path, "pr", "--bump-result", str(result), "--no-open-pr")
    assert res.code == 1
    assert "rejected the push to release-kit/bump: [rejected] (stale info)" in res.err
    assert sample.origin_git("rev-parse", BRANCH) == intruder


@pytest.mark.parametrize(
    ("setup", "args", "code", "message"),
    [
        ("none", (), 1, "nothing to commit"),
        ("bump", ("--no-push",), 2, "needs the branch pushed"),
        ("bump", ("--branch", "main"), 2, "both 'main'"),
        ("bump", ("--branch", "bad..name"), 2, "not a valid branch name"),
        ("stale", ("--no-open-pr",), 1, "is not the tip of origin/main"),
        ("bad-json", ("--no-open-pr",), 2, "is not JSON"),
    ],
    ids=[
        "nothing-to-commit",
        "pr-without-push",
        "branch-is-base",
        "bad-branch",
        "stale-base",
        "bad-result",
    ],
)
def test_refusals_change_nothing(
    sample: Any,
    run_cli: Callable[..., Any],
    setup: str,
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    result = _bump(sample)
    if setup == "none":
        sample.git("checkout", "-q", "--", "pyproject.toml")
    elif setup == "stale":
        sample.write("README.md", "local\n")
        sample.git("commit", "-q", "-m", "local only", "--", "README.md")
    elif setup == "bad-json":
        result.write_text("{nope", encoding="utf-8")
    before_tree, before_refs, before_local = (
        git_tree_snapshot(sample.path),
        all_refs(sample.origin),
        all_refs(sample.path),
    )
    res = run_cli(sample.path, "pr", "--bump-result", str(result), *args)
    assert res.code == code, res.err
    assert message in res.err
    assert git_tree_snapshot(sample.path) == before_tree
    assert all_refs(sample.origin) == before_refs
    assert all_refs(sample.path) == before_local


def test_dry_run_changes_nothing(sample: Any, run_cli: Callable[..., Any]) -> None:
    result = _bump(sample)
    before = (all_refs(sample.origin), all_refs(sample.path), sample.git("count-objects"))
    res = run_cli(
        sample.path, "pr", "--bump-result", str(result), "--no-open-pr", "--dry-run", "--json"
    )
    assert res.code == 0, res.err
    assert "would commit: new bump commit" in res.err
    assert json.loads(res.out)["commit_sha"] == ""
    assert (all_refs(sample.origin), all_refs(sample.path)) == before[:2]


TOKEN = "ghp_secret_token_for_tests_0123456789"


def _pr_env(server: Any) -> dict[str, str]:
    return {
        "GITHUB_API_URL": server.api_url,
        "GITHUB_REPOSITORY": "org/repo",
        "GITHUB_TOKEN": TOKEN,
    }


def test_opens_then_updates_the_same_pull_request(
    sample: Any, run_cli: Callable[..., Any], local_github: Callable[..., Any], tmp_path: Path
) -> None:
    server = local_github(sample.origin, token=TOKEN)
    result = _bump(sample)
    summary = tmp_path / "summary.md"
    outputs = tmp_path / "outputs"
    env = {
        **_pr_env(server),
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
    }
    first = run_cli(sample.path, "pr", "--bump-result", str(result), "--labels", "release", env=env)
    assert first.code == 0, first.err
    assert len(server.state.pulls) == 1
    pull = next(iter(server.state.pulls.values()))
    assert (pull.head, pull.base, pull.title) == ("release-kit/bump", "main", "Release 1.3.0")
    assert "**1.2.3**" in (pull.body or "") and "**1.3.0**" in (pull.body or "")
    assert server.state.issues[pull.number].labels == ["release"]
    assert f"pr-number={pull.number}\n" in outputs.read_text(encoding="utf-8")
    assert "| new version | `1.3.0` |" in summary.read_text(encoding="utf-8")
    head = sample.origin_git("rev-parse", BRANCH)

    again = run_cli(
        sample.path,
        "pr",
        "--bump-result",
        str(result),
        "--labels",
        "release, automated",
        "--json",
        env=_pr_env(server),
    )
    assert again.code == 0, again.err
    out = json.loads(again.out)
    assert (out["pr_number"], out["pr_action"], out["committed"], out["pushed"]) == (
        pull.number,
        "update",
        False,
        False,
    )
    assert len(server.state.pulls) == 1
    assert server.state.issues[pull.number].labels == ["release", "automated"]
    assert sample.origin_git("rev-parse", BRANCH) == head
    assert server.calls("POST", r"/pulls$") and len(server.calls("POST", r"/pulls$")) == 1

    third = run_cli(
        sample.path,
        "pr",
        "--bump-result",
        str(result),
        "--labels",
        "release",
        "--json",
        env=_pr_env(server),
    )
    assert json.loads(third.out)["pr_action"] == "unchanged"
    assert not server.calls("PATCH", r"/pulls/")
    # on a runner the token is masked first; apart from that command it never appears
    assert first.out.startswith(f"::add-mask::{TOKEN}\n")
    for text in (first.out.split("\n", 1)[1], first.err, again.out + again.err, third.out):
        assert TOKEN not in text


def test_github_failure_leaves_a_pushed_branch_that_a_rerun_finishes(
    sample: Any, run_cli: Callable[..., Any], local_github: Callable[..., Any]
) -> None:
    server = local_github(sample.origin)
    server.inject("POST", r"/pulls$", status=422, times=1)
    result = _bump(sample)
    failed = run_cli(sample.path, "pr", "--bump-result", str(result), env=_pr_env(server))
    assert failed.code == 1
    assert "POST" in failed.err and "422" in failed.err
    head = sample.origin_git("rev-parse", BRANCH)
    assert not server.state.pulls
    rerun = run_cli(sample.path, "pr", "--bump-result", str(result), "--json", env=_pr_env(server))
    assert rerun.code == 0, rerun.err
    out = json.loads(rerun.out)
    assert (out["pr_action"], out["committed"], out["commit_sha"]) == ("create", False, head)


@pytest.mark.parametrize(
    ("url", "token", "applies"),
    [
        ("https://github.com/org/repo.git", "tok", True),
        ("https://ghe.example.com/org/repo", "tok", True),
        ("git@github.com:org/repo.git", "tok", False),
        ("https://github.com/org/repo.git", "", False),
    ],
    ids=["https-replaces-checkout-header", "enterprise-host", "ssh", "no-token"],
)
def test_auth_env_hands_the_token_to_git_through_env(
    make_repo: Callable[..., Any], url: str, token: str, applies: bool
) -> None:
    import base64

    from release_kit.git import Git
    from release_kit.pr.gitops import auth_env

    repo = make_repo({"a": "1\n"})
    repo.git("remote", "set-url", "origin", url)
    host = url.split("/")[2] if url.startswith("https://") else "github.com"
    key = f"http.https://{host}/.extraheader"
    repo.git("config", key, "AUTHORIZATION: basic CHECKOUT")  # what actions/checkout leaves
    env = auth_env(Git(repo.path), "origin", token)
    if not applies:
        assert env == {}
        return
    values = subprocess.run(
        ["git", "config", "--get-all", key],
        cwd=repo.path,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    ours = "AUTHORIZATION: basic " + base64.b64encode(f"x-access-token:{token}".encode()).decode()
    # checkout's header, the empty reset (git drops what came before it), then the token
    assert values == ["AUTHORIZATION: basic CHECKOUT", "", ours]
    assert token not in " ".join(env.values())


def test_shallow_clone_rerun_reuses_the_remote_bump(
    sample: Any, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    """actions/checkout clones with depth 1: the re-run must still see the bump's parent."""
    result = _bump(sample)
    first = run_cli(sample.path, "pr", "--bump-result", str(result), "--no-open-pr", "--json")
    sha = json.loads(first.out)["commit_sha"]
    for attempt in range(2):
        clone = tmp_path / f"shallow{attempt}"
        subprocess.run(
            ["git", "clone", "-q", "--depth", "1", f"file://{sample.origin}", str(clone)],
            check=True,
        )
        (clone / "pyproject.toml").write_text(PYPROJECT.format(v="1.3.0"), encoding="utf-8")
        res = run_cli(clone, "pr", "--bump-result", str(result), "--no-open-pr", "--json")
        assert res.code == 0, res.err
        out = json.loads(res.out)
        assert (out["commit_sha"], out["committed"], out["pushed"]) == (sha, False, False)
    assert sample.origin_git("rev-parse", BRANCH) == sha


def test_a_release_branch_bump_never_hijacks_mains_pr(
    sample: Any, run_cli: Callable[..., Any], local_github: Callable[..., Any]
) -> None:
    server = local_github(sample.origin)
    result = _bump(sample)
    assert run_cli(sample.path, "pr", "--bump-result", str(result), env=_pr_env(server)).code == 0
    main_bump = sample.origin_git("rev-parse", BRANCH)
    sample.git("checkout", "-q", "--", "pyproject.toml")
    sample.git("checkout", "-q", "-b", "release-1.2")
    sample.push("release-1.2")
    patch = _bump(sample, version="1.2.4")
    refs = all_refs(sample.origin)

    clash = run_cli(sample.path, "pr", "--bump-result", str(patch), env=_pr_env(server))
    assert clash.code == 1
    assert "open PR #1 from release-kit/bump targets main, not release-1.2" in clash.err
    assert all_refs(sample.origin) == refs  # main's bump branch untouched

    own = run_cli(
        sample.path,
        "pr",
        "--bump-result",
        str(patch),
        "--branch",
        "release-kit/bump-{base}",
        "--json",
        env=_pr_env(server),
    )
    assert own.code == 0, own.err
    out = json.loads(own.out)
    assert (out["branch"], out["base"], out["pr_number"]) == (
        "release-kit/bump-release-1.2",
        "release-1.2",
        2,
    )
    assert sample.origin_git("rev-parse", BRANCH) == main_bump
    assert server.state.pulls[2].title == "Release 1.2.4"


def test_run_from_a_subdirectory_commits_root_relative_files(
    sample: Any, run_cli: Callable[..., Any]
) -> None:
    sample.write("docs/index.md", "docs\n")
    sample.commit_all("docs")
    sample.push("main")
    result = _bump(sample)
    res = run_cli(
        sample.path / "docs", "pr", "--bump-result", str(result), "--no-open-pr", "--json"
    )
    assert res.code == 0, res.err
    sha = json.loads(res.out)["commit_sha"]
    changed = sample.origin_git("diff", "--name-only", f"{sha}^", sha)
    assert changed == "pyproject.toml"


@pytest.mark.parametrize(
    ("ref", "code"),
    [("refs/heads/main", 0), ("refs/tags/v1.2.3", 2), ("", 2)],
    ids=["branch-ref", "tag-ref", "no-ref"],
)
def test_detached_checkout_takes_the_base_from_github_ref(
    sample: Any, run_cli: Callable[..., Any], ref: str, code: int
) -> None:
    sample.git("checkout", "-q", "--detach")
    result = _bump(sample)
    res = run_cli(
        sample.path, "pr", "--bump-result", str(result), "--no-open-pr", env={"GITHUB_REF": ref}
    )
    assert res.code == code, res.err
    if code:
        assert "HEAD is detached: name the PR's base branch with --base" in res.err
    else:
        assert sample.origin_git("rev-parse", f"{BRANCH}^") == sample.git("rev-parse", "HEAD")
