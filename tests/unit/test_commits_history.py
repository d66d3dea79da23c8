"""Splitting `git log -z` output and assigning commits to the releases that hold them."""

from __future__ import annotations

from release_kit.commits.history import LogEntry, TagInfo, group_by_release, parse_log
from release_kit.versioning import parse_version


def record(mark: str, sha: str, parents: str, message: str) -> str:
    return f"{mark}\0{sha}\0{parents}\0{'2026-01-01'}\0{message}\0"


def test_parse_log_separates_boundary_commits() -> None:
    # Between records git puts the -z NUL after the message's own newline.
    out = (
        record(">", "c" * 40, "b" * 40, "feat: c\n\nbody text\n")
        + "\n"
        + record(">", "b" * 40, f"{'a' * 40} {'9' * 40}", "Merge branch 'x'\n")
        + "\n"
        + record("-", "a" * 40, "", "chore: old\n")
    )
    entries, boundary = parse_log(out)
    assert [e.sha[0] for e in entries] == ["c", "b"]
    assert entries[1].parents == ("a" * 40, "9" * 40)
    assert entries[0].message == "feat: c\n\nbody text\n"
    assert boundary == ["a" * 40]
    assert parse_log("") == ([], [])


def entry(sha: str, *parents: str) -> LogEntry:
    return LogEntry(sha, parents, "2026-01-01", f"fix: {sha}")


def tag(name: str, commit: str) -> TagInfo:
    return TagInfo(f"v{name}", parse_version(name, "semver"), commit, "2026-01-01")


def test_group_by_release_follows_parents_not_log_order() -> None:
    # a - b - m (merge of side s) - d ; v1.0.0 at b, v1.1.0 at m, d unreleased.
    log = [entry("d", "m"), entry("m", "b", "s"), entry("s", "a"), entry("b", "a"), entry("a")]
    groups = group_by_release(log, [tag("1.0.0", "b"), tag("1.1.0", "m")])
    assert [(t.name if t else None, [e.sha for e in es]) for t, es in groups] == [
        ("v1.0.0", ["b", "a"]),
        ("v1.1.0", ["m", "s"]),
        (None, ["d"]),
    ]


def test_group_by_release_tag_outside_the_log_gets_nothing() -> None:
    groups = group_by_release([entry("a")], [tag("0.1.0", "f" * 40)])
    assert [(t.name if t else None, len(es)) for t, es in groups] == [("v0.1.0", 0), (None, 1)]
