"""Pure decisions of tagging: push ranges, marker choice, ref conflicts, floating tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from release_kit.config import load_config
from release_kit.errors import ConfigError, ConflictError, RefusedError
from release_kit.settings import CoreSettings
from release_kit.tagging.floating import newest_of_major
from release_kit.tagging.markers import (
    Commit,
    MarkerHit,
    Released,
    above_last_release,
    carries_marker,
    choose_targets,
    ignored_commits,
    marker_commits,
    releasable,
    still_on_branch,
)
from release_kit.tagging.ranges import ZERO_SHA, PushKind, classify
from release_kit.tagging.refs import Step, decide
from release_kit.versioning import TagFormat, parse_version
from release_kit.versioning.lines import is_dev

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
        (f"Release 2.0.0\n\n{MARK}", True),
        (f"Release 2.0.0\n\nWhat changed.\n\n  {MARK}  \n", True),
        (f"Merge pull request #7 from org/bump\n\nRelease 2.0.0\n\n{MARK}", True),
        (f"Release 2.0.0 (#9)\n\n* fix: thing\n\n* Bump versions {MARK}\n", True),
        (f"Release 2.0.0 (#9)\n\n* {MARK}\n", True),
        (f"Release 2.0.0 (#9)\n\n* Release 2.0.0\n  \n  {MARK}\n", True),
        (f"Bump to 2.0.0 {MARK}", False),
        (f"Docs\n\nThe {MARK} line makes tag release a commit.", False),
        (f"Docs\n\nA commit ending with {MARK}.", False),
        (f"Docs\n\n* explain {MARK} in the README", False),
        (f"Docs\n\n* Bump versions{MARK}", False),
        (f"Docs\n\n> {MARK}", False),
        ("Bump to 2.0.0\n\n[automatically-tag-and-release]", False),
        ("ordinary commit", False),
    ],
    ids=[
        "own-line",
        "trailer-indented",
        "merge-body",
        "squash-item-end",
        "squash-item-alone",
        "squash-item-body-line",
        "end-of-subject",
        "prose",
        "prose-at-end",
        "squash-item-middle",
        "squash-item-glued",
        "quoted",
        "near-miss",
        "none",
    ],
)
def test_marker_detection(message: str, hit: bool) -> None:
    """The marker counts on a line of its own or ending a `* ` item, never in a sentence."""
    assert carries_marker(message, MARK) is hit
    assert bool(marker_commits([Commit("1" * 40, message, True)], MARK)) is hit


@pytest.mark.parametrize(
    ("message", "ok"),
    [
        ("Release {tag}\n\n{marker}", True),
        ("Bump {version}\n\nBody.\n\n  {marker}\n", True),
        ("Release {tag} {marker}", False),
        ("Release {tag}\n\nSee {marker} here", False),
    ],
    ids=["default", "indented-last-line", "in-subject", "in-sentence"],
)
def test_commit_message_needs_the_marker_on_its_own_line(
    tmp_path: Path, message: str, ok: bool
) -> None:
    """Guards `bump --commit` writing a marker that `tag` would not count."""
    text = message.replace("\n", "\\n")
    (tmp_path / "release-kit.toml").write_text(f'commit-message = "{text}"\n', encoding="utf-8")
    cfg = load_config(tmp_path)
    if ok:
        assert CoreSettings.from_config(cfg).commit_message == message
    else:
        with pytest.raises(ConfigError, match="on a line of its own"):
            CoreSettings.from_config(cfg)


def test_marker_off_the_first_parent_line_never_counts() -> None:
    """Guards marker smuggling: a marker commit inside a merged branch is not a target."""
    commits = [
        Commit(A, f"Set 9.0.0\n\n{MARK}", first_parent=False),
        Commit(B, "Undo it", first_parent=False),
        Commit(C, "Merge pull request #3 from org/feature\n\nFeature", first_parent=True),
    ]
    assert marker_commits(commits, MARK) == []
    assert [c.sha for c in ignored_commits(commits, MARK)] == [A]


def _hit(sha: str, version: str, scheme: str = "semver", tag: str = "") -> MarkerHit:
    parsed = parse_version(version, scheme)
    return MarkerHit(
        sha, version, parsed, tag or f"v{version}", parsed.is_prerelease, is_dev(parsed)
    )


@pytest.mark.parametrize(
    ("hits", "expected"),
    [
        ([_hit(A, "1.0.0")], [A]),
        ([_hit(A, "1.0.0"), _hit(B, "1.1.0")], [A, B]),
        ([_hit(A, "2.0.0"), _hit(B, "2.0.0")], [A]),
    ],
    ids=["one", "two-increasing-oldest-first", "same-version-oldest"],
)
def test_choose_targets(hits: list[MarkerHit], expected: list[str]) -> None:
    assert [h.sha for h in choose_targets(hits)] == expected


def test_two_markers_out_of_order_refused() -> None:
    with pytest.raises(RefusedError, match="out of order"):
        choose_targets([_hit(A, "1.1.0"), _hit(B, "1.0.0")])


@pytest.mark.parametrize(
    ("version", "scheme", "allow", "reason"),
    [
        ("1.1.0", "semver", False, None),
        ("1.1.0-rc.1", "semver", False, "pre-release"),
        ("1.1.0-rc.1", "semver", True, None),
        ("1.1.0rc1", "pep440", True, None),
        ("1.1.0-dev", "semver", True, "development version"),
        ("1.1.0.dev0", "pep440", False, "development version"),
        ("1.1.0.dev0", "pep440", True, "development version"),
    ],
    ids=[
        "final",
        "rc-refused",
        "rc-allowed",
        "pep440-rc",
        "semver-dev",
        "pep440-dev",
        "dev-allowed",
    ],
)
def test_releasable(version: str, scheme: str, allow: bool, reason: str | None) -> None:
    """Guards a marker tagging a dev version or an unwanted pre-release."""
    found = releasable(_hit(A, version, scheme), allow_prereleases=allow)
    assert (found is None) if reason is None else (found is not None and reason in found)


LAST = Released("v1.2.0", C, parse_version("1.2.0", "semver"))


def test_above_last_release_keeps_newer_versions() -> None:
    hits = [_hit(A, "1.2.1"), _hit(B, "2.0.0")]
    assert above_last_release(hits, LAST, "every release tag") == (hits, [])
    assert above_last_release(hits, None, "every release tag") == (hits, [])


@pytest.mark.parametrize("version", ["1.1.0", "1.2.0-rc.1"], ids=["older", "its-pre-release"])
def test_below_last_release_refused(version: str) -> None:
    """Guards a marker releasing backwards (below the line's last release)."""
    with pytest.raises(RefusedError, match="release backwards"):
        above_last_release([_hit(A, version)], LAST, "every release tag")


def test_last_release_version_again() -> None:
    """At its own commit it is the same release (a re-run); elsewhere a conflict."""
    same = _hit(C, "1.2.0")
    assert above_last_release([same], LAST, "x") == ([same], [])
    kept, notes = above_last_release([_hit(C, "1.2.0", tag="v1.2")], LAST, "x")
    assert kept == [] and "already released as v1.2.0" in notes[0]
    with pytest.raises(ConflictError) as info:
        above_last_release([_hit(A, "1.2.0")], LAST, "x")
    assert A in info.value.message and C in info.value.message


def test_still_on_branch() -> None:
    """Guards tagging a marker commit a force push withdrew."""
    still_on_branch(A, "1.1.0", "origin/main", B, contained=True)
    with pytest.raises(RefusedError, match="not on origin/main now"):
        still_on_branch(A, "1.1.0", "origin/main", B, contained=False)
    with pytest.raises(RefusedError, match="no longer exists"):
        still_on_branch(A, "1.1.0", "origin/main", None, contained=False)


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
