"""`version` names the tag format a repository's tags follow when it is not the one set."""

from __future__ import annotations

from release_kit.tagging.formats import suggest_format


def test_bare_version_tags_under_the_default_format_are_named() -> None:
    tags = ["0.9.8", "0.9.9", "0.10.0", "nightly", "docs-1"]
    assert suggest_format(tags, "v{version}") == ("{version}", 3, "0.9.9")


def test_nothing_is_suggested_when_a_tag_follows_the_format_or_none_is_a_version() -> None:
    assert suggest_format(["v1.0.0", "1.1.0"], "v{version}") is None
    assert suggest_format(["nightly", "latest"], "v{version}") is None
    assert suggest_format([], "v{version}") is None
