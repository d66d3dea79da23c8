"""Pure decisions of tagging: push ranges, marker choice, ref conflicts, floating tags."""

from __future__ import annotations

import pytest

from release_kit.errors import ConflictError, RefusedError
from release_kit.tagging.floating import newest_of_major
from release_kit.tagging.markers import Commit, MarkerHit, choose_targets, marker_commits
from release_kit.tagging.ranges import ZERO_SHA, PushKind, classify
from release_kit.tagging.refs import Step, decide
from release_kit.versioning import TagFormat, parse_version

A, B, C = "a" * 40, "b" * 40, "c" * 40
MARK = "[automatically-tag-and-release-this-commit]"


@pytest.mark.parametrize(
    ("before", "after", "known", "ancestor", "others", "kind", "exclude"),
    [
        (A, B, True, True, (), PushKind.FAST_FORWARD, (A,)),
        (
            ZERO_SHA,
            B,
            False,
            False,
            ("refs/remotes/origin/main",),
            PushKind.NEW_REF,
            ("refs/remotes/origin/main",),
        ),
        (ZERO_SHA, B, False, False, (), PushKind.NEW_REF, ()),
        (A, B, True, False, ("refs/remotes/origin/x",), PushKind.FORCE, (A,)),
        (
            A,
            B,
            False,
            False,
            ("refs/remotes/origin/x",),
            PushKind.FORCE,
            ("refs/remotes/origin/x",),
        ),
        (A, ZERO_SHA, True, False, (), PushKind.DELETE, ()),
    ],
    ids=["fast-forward", "new-branch", "first-push", "force-known", "force-unknown", "delete"],
)
def test_classify_push(
    before: str,
    after: str,
    known: bool,
    ancestor: bool,
    others: tuple[str, ...],
    kind: PushKind,
    exclude: tuple[str, ...],
) -> None:
    rng = classify(
        before, after, before_known=known, before_is_ancestor=ancestor, other_branches=others
    )
    assert rng.kind is kind
    assert rng.exclude == exclude
    assert rng.empty is (kind is PushKind.DELETE)


@pytest.mark.parametrize(
    ("message", "hit"),
    [
        (f"Bump to 2.0.0 {MARK}", True),
        (f"Merge pull request #7 from org/bump\n\nRelease 2.0.0\n\n{MARK}", True),
        (f"Release 2.0.0 (#9)\n\n* fix: thing\n\n* Bump versions {MARK}\n", True),
        ("Bump to 2.0.0 [automatically-tag-and-release]", False),
        ("ordinary commit", False),
    ],
    ids=["subject", "merge-body", "squash-body", "near-miss", "none"],
)
def test_marker_detection(message: str, hit: bool) -> None:
    commits = [Commit("1" * 40, message, True)]
    assert bool(marker_commits(commits, MARK)) is hit


def _hit(sha: str, version: str, first_parent: bool = True) -> MarkerHit:
    return MarkerHit(sha, version, first_parent, parse_version(version, "semver"))


@pytest.mark.parametrize(
    ("hits", "expected"),
    [
        ([_hit(A, "1.0.0")], [A]),
        ([_hit(A, "1.0.0"), _hit(B, "1.1.0")], [A, B]),
        ([_hit(A, "2.0.0", first_parent=False), _hit(B, "2.0.0")], [B]),
        ([_hit(A, "2.0.0", first_parent=False), _hit(B, "2.0.0", first_parent=False)], [A]),
    ],
    ids=["one", "two-increasing-oldest-first", "merge-wins-over-its-bump", "side-oldest"],
)
def test_choose_targets(hits: list[MarkerHit], expected: list[str]) -> None:
    assert [h.sha for h in choose_targets(hits)] == expected


def test_two_markers_out_of_order_refused() -> None:
    with pytest.raises(RefusedError, match="out of order"):
        choose_targets([_hit(A, "1.1.0"), _hit(B, "1.0.0")])


@pytest.mark.parametrize(
    ("local", "remote", "step"),
    [
        (None, None, Step.CREATE),
        (A, None, Step.PUSH),
        (None, A, Step.EXISTS),
        (A, A, Step.EXISTS),
    ],
    ids=["new", "local-only", "remote-same", "both-same"],
)
def test_decide_ref(local: str | None, remote: str | None, step: Step) -> None:
    assert decide("tag", "v1.0.0", A, local=local, remote=remote) is step


@pytest.mark.parametrize(
    ("local", "remote"), [(None, B), (B, None), (A, B)], ids=["remote", "local", "both"]
)
def test_decide_conflict_names_both_commits(local: str | None, remote: str | None) -> None:
    with pytest.raises(ConflictError) as info:
        decide("tag", "v1.0.0", A, local=local, remote=remote)
    assert A in info.value.message and B in info.value.message


def test_floating_major_newest_final_release() -> None:
    fmt = TagFormat("v{version}")

    def version_of(tag: str) -> object | None:
        text = fmt.parse(tag)
        return None if text is None else parse_version(text, "semver")

    tags = {"v1.2.0": A, "v1.10.0": B, "v1.11.0-rc.1": C, "v2.0.0": C, "other": C}
    found = newest_of_major(tags, 1, version_of=version_of, floating_name="v1")
    assert found is not None and (found.source, found.sha) == ("v1.10.0", B)
    assert newest_of_major(tags, 3, version_of=version_of, floating_name="v3") is None
