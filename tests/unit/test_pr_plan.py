"""The PR flow's decisions: reuse or commit, push with which lease, create or update the PR."""

from __future__ import annotations

import pytest

from release_kit.errors import ConfigError, ConflictError, InputError
from release_kit.pr.plan import OpenPull, RemoteCommit, Wanted, is_equivalent, parse_labels, plan_pr
from release_kit.pr.text import BODY_TAG, BumpResult, render_body, render_summary, render_title

BASE, OLD_BASE, TREE, OTHER_TREE = "b" * 40, "a" * 40, "t" * 40, "u" * 40
WANTED = Wanted(BASE, TREE, "release-kit/bump", "main", "Release 1.3.0", "body\n", ("release",))
PULL = OpenPull(7, "http://x/pull/7", "Release 1.3.0", "body\n", "main", ("release",))


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        (None, False),
        (RemoteCommit("c" * 40, (BASE,), TREE), True),
        (RemoteCommit("c" * 40, (OLD_BASE,), TREE), False),
        (RemoteCommit("c" * 40, (BASE,), OTHER_TREE), False),
        (RemoteCommit("c" * 40, (BASE, OLD_BASE), TREE), False),
    ],
    ids=["absent", "same-tree-same-base", "stale-base", "other-tree", "merge-commit"],
)
def test_equivalence(remote: RemoteCommit | None, expected: bool) -> None:
    assert is_equivalent(remote, BASE, TREE) is expected


@pytest.mark.parametrize(
    ("remote", "pull", "push", "open_pr", "expected"),
    [
        (None, None, True, True, (True, True, "", "create", {}, ("release",))),
        (
            RemoteCommit("c" * 40, (BASE,), TREE),
            PULL,
            True,
            True,
            (False, False, "c" * 40, "unchanged", {}, ()),
        ),
        (
            RemoteCommit("c" * 40, (OLD_BASE,), OTHER_TREE),
            PULL,
            True,
            True,
            (True, True, "c" * 40, "update", {}, ()),
        ),
        (
            RemoteCommit("c" * 40, (BASE,), TREE),
            OpenPull(7, "u", "Release 1.2.9", "old\n", "main", ()),
            True,
            True,
            (
                False,
                False,
                "c" * 40,
                "update",
                {"title": "Release 1.3.0", "body": "body\n"},
                ("release",),
            ),
        ),
        (
            RemoteCommit("c" * 40, (BASE,), TREE),
            None,
            True,
            True,
            (False, False, "c" * 40, "create", {}, ("release",)),
        ),
        (None, None, True, False, (True, True, "", "skip", {}, ())),
        (None, None, False, False, (True, False, "", "skip", {}, ())),
        (
            RemoteCommit("c" * 40, (BASE,), TREE),
            None,
            False,
            False,
            (False, False, "c" * 40, "skip", {}, ()),
        ),
    ],
    ids=[
        "first-run",
        "rerun-nothing-new",
        "base-moved",
        "pr-edited-by-hand",
        "pr-closed-branch-kept",
        "push-only",
        "commit-only",
        "commit-only-already-there",
    ],
)
def test_plan(
    remote: RemoteCommit | None,
    pull: OpenPull | None,
    push: bool,
    open_pr: bool,
    expected: tuple[bool, bool, str, str, dict[str, str], tuple[str, ...]],
) -> None:
    plan = plan_pr(WANTED, remote, pull, push=push, open_pr=open_pr)
    assert (
        plan.commit,
        plan.push,
        plan.lease,
        plan.pr_action,
        plan.pr_changes,
        plan.add_labels,
    ) == expected
    if not plan.commit:
        assert remote is not None and plan.reuse == remote.sha


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        ("release", ("release",)),
        ("release, automated ,release", ("release", "automated")),
        ("a\nb,\n c ", ("a", "b", "c")),
    ],
    ids=["empty", "one", "comma-dedup", "newlines"],
)
def test_parse_labels(text: str, expected: tuple[str, ...]) -> None:
    assert parse_labels(text) == expected


BUMP = BumpResult("1.3.0", "1.2.3", "v1.3.0", ("pyproject.toml", "CHANGELOG.md"))


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Release {version}", "Release 1.3.0"),
        (
            "Bump {previous} -> {version} ({tag}) from {branch} into {base}",
            "Bump 1.2.3 -> 1.3.0 (v1.3.0) from release-kit/bump into main",
        ),
    ],
    ids=["default", "all-fields"],
)
def test_render_title(template: str, expected: str) -> None:
    assert render_title(template, BUMP.fields("release-kit/bump", "main")) == expected


@pytest.mark.parametrize("template", ["Release {versoin}", "  "], ids=["typo", "empty"])
def test_render_title_errors(template: str) -> None:
    with pytest.raises(ConfigError):
        render_title(template, BUMP.fields("b", "main"))


def test_body_names_versions_files_marker_and_branch() -> None:
    body = render_body(BUMP, branch="release-kit/bump", marker="[tag-me]")
    assert body.startswith(BODY_TAG + "\n")
    for needle in (
        "**1.2.3**",
        "**1.3.0**",
        "- `pyproject.toml`",
        "\n\n[tag-me]\n\n",  # on a line of its own: a merge message of title and body counts
        "`v1.3.0`",
        "`release-kit/bump`",
    ):
        assert needle in body


def test_summary_shows_old_new_files_and_pr() -> None:
    text = render_summary(
        BUMP,
        files=BUMP.changed_files,
        branch="release-kit/bump",
        commit="c" * 40,
        pushed=True,
        pr_number=7,
        pr_url="http://x/pull/7",
        pr_action="create",
        dry_run=False,
    )
    assert "| previous version | `1.2.3` |" in text
    assert "| new version | `1.3.0` |" in text
    assert "[#7](http://x/pull/7) (create)" in text
    assert "- `CHANGELOG.md`" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "no 'version'"),
        ({"version": "1.0.0", "changed_files": "a"}, "must be a list"),
    ],
    ids=["no-version", "files-not-list"],
)
def test_bump_result_errors(data: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        BumpResult.from_json(data, "bump.json")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"version": "2.0.0", "previous": "1.9.0", "tag": "v2.0.0", "changed_files": ["a"]},
            BumpResult("2.0.0", "1.9.0", "v2.0.0", ("a",)),
        ),
        (
            {"version": "2.0.0", "previous_version": "1.9.0", "tag_only": True},
            BumpResult("2.0.0", "1.9.0", "", (), tag_only=True),
        ),
    ],
    ids=["bump-json", "alias-and-tag-only"],
)
def test_bump_result_reads_bump_json(data: dict[str, object], expected: BumpResult) -> None:
    assert BumpResult.from_json(data, "bump.json") == expected


def test_an_open_pr_for_another_base_is_a_conflict() -> None:
    other = OpenPull(7, "u", "Release 1.3.0", "body\n", "release-2.0", ("release",))
    with pytest.raises(
        ConflictError, match=r"open PR #7 from release-kit/bump targets release-2\.0"
    ):
        plan_pr(WANTED, None, other, push=True, open_pr=True)
