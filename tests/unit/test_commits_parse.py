"""The Conventional Commits 1.0 parser: specification examples, squash bodies,
merge commits, reverts, and malformed input (never a crash)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from release_kit.commits import ConventionalCommit, parse_message


def one(text: str) -> ConventionalCommit:
    found = parse_message(text)
    assert len(found) == 1
    return found[0]


# -- the specification's examples, restated ---------------------------------


def test_spec_footer_alone_marks_breaking() -> None:
    # A plain `feat:` header; the breaking change is announced only by a footer.
    c = one("feat: let config objects inherit\n\nBREAKING CHANGE: the `extends` key now inherits")
    assert (c.type, c.scope, c.breaking) == ("feat", None, True)
    assert c.subject == "let config objects inherit"
    assert c.breaking_notes == ("the `extends` key now inherits",)
    assert c.body == ""


@pytest.mark.parametrize(
    ("text", "kind", "scope"),
    [
        pytest.param("feat!: email the customer on shipment", "feat", None, id="bang"),
        pytest.param("feat(api)!: email the customer on shipment", "feat", "api", id="bang-scope"),
        pytest.param(
            "chore!: stop supporting Node 6\n\nBREAKING CHANGE: needs a newer runtime",
            "chore",
            None,
            id="bang-and-footer",
        ),
    ],
)
def test_spec_bang_marks_breaking(text: str, kind: str, scope: str | None) -> None:
    c = one(text)
    assert (c.type, c.scope, c.breaking) == (kind, scope, True)


def test_spec_header_only() -> None:
    c = one("docs: fix the spelling in CHANGELOG")
    assert (c.type, c.subject, c.body, c.footers, c.breaking) == (
        "docs",
        "fix the spelling in CHANGELOG",
        "",
        (),
        False,
    )


def test_spec_scope() -> None:
    c = one("feat(lang): add Polish")
    assert (c.type, c.scope, c.subject) == ("feat", "lang", "add Polish")


def test_spec_body_paragraphs_and_several_footers() -> None:
    text = (
        "fix: stop racing requests\n\n"
        "Add a request id and keep a pointer to the newest request.\n\n"
        "Drop responses that are not the newest one.\n\n"
        "Reviewed-by: Z\nRefs: #123\n"
    )
    c = one(text)
    assert c.type == "fix" and not c.breaking
    assert c.body.count("\n\n") == 1 and c.body.startswith("Add a request id")
    assert c.footers == (("Reviewed-by", "Z"), ("Refs", "#123"))
    assert c.footer("refs") == "#123"


def test_spec_revert_type_with_refs_footer() -> None:
    c = one("revert: never speak of the noodle incident again\n\nRefs: 676104e, a215868")
    assert c.type == "revert"
    assert c.reverts == "676104e, a215868"


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("FEAT: upper-case type", id="upper"),
        pytest.param("Feat: mixed-case type", id="mixed"),
    ],
)
def test_type_is_case_insensitive(header: str) -> None:
    assert one(header).type == "feat"


def test_breaking_change_with_hyphen_is_a_synonym() -> None:
    c = one("refactor: rename\n\nBREAKING-CHANGE: old name gone")
    assert c.breaking and c.breaking_notes == ("old name gone",)


def test_footer_value_continues_over_lines() -> None:
    c = one("feat: x\n\nBREAKING CHANGE: first line\nsecond line\nAcked-by: Q")
    assert c.footers == (("BREAKING CHANGE", "first line\nsecond line"), ("Acked-by", "Q"))


def test_issue_style_footer_with_hash() -> None:
    assert one("fix: y\n\nCloses #42").footers == (("Closes", "42"),)


# -- pull request numbers, merges, reverts -----------------------------------


def test_pr_number_is_taken_out_of_the_subject() -> None:
    c = one("feat(ui): dark mode (#123)")
    assert (c.subject, c.pr) == ("dark mode", 123)


@pytest.mark.parametrize(
    ("text", "pr"),
    [
        pytest.param("Merge pull request #77 from someone/topic\n\nfeat: topic", 77, id="pr"),
        pytest.param("Merge branch 'main' into topic", None, id="branch"),
        pytest.param("Merge remote-tracking branch 'origin/main'", None, id="remote"),
    ],
)
def test_merge_commits_are_recognised_and_not_conforming(text: str, pr: int | None) -> None:
    c = one(text)
    assert c.is_merge and not c.conforming and c.pr == pr


def test_git_revert_message() -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    c = one(f'Revert "feat: add the thing"\n\nThis reverts commit {sha}.')
    assert (c.type, c.subject, c.reverts, c.breaking) == (
        "revert",
        "feat: add the thing",
        sha,
        False,
    )


# -- GitHub squash-merge bodies ----------------------------------------------


def test_squash_items_each_count_and_inherit_the_pr() -> None:
    text = (
        "Payment rework (#88)\n\n"
        "* feat(pay): accept cards\n\n"
        "* fix: rounding of cents\n\nlonger explanation\n\n"
        "* wip\n\n"
        "* refactor!: drop the legacy gateway\n\nBREAKING CHANGE: no more v1 endpoints\n"
    )
    found = parse_message(text, sha="abc")
    assert [(c.type, c.scope, c.breaking, c.pr) for c in found] == [
        ("feat", "pay", False, 88),
        ("fix", None, False, 88),
        ("refactor", None, True, 88),
    ]
    assert found[1].body == "longer explanation"
    assert found[2].breaking_notes == ("no more v1 endpoints",)
    assert all(c.from_squash and c.sha == "abc" for c in found)


def test_squash_without_conforming_items_falls_back_to_the_title() -> None:
    found = parse_message("fix: the title (#5)\n\n* wip\n\n* more wip\n")
    assert [(c.type, c.subject, c.pr, c.from_squash) for c in found] == [
        ("fix", "the title", 5, False)
    ]


def test_breaking_squash_title_is_kept_beside_its_items() -> None:
    found = parse_message("feat!: new storage (#6)\n\n* fix: a\n\n* docs: b\n")
    assert [(c.type, c.breaking, c.pr, c.from_squash) for c in found] == [
        ("feat", True, 6, False),
        ("fix", False, 6, True),
        ("docs", False, 6, True),
    ]


def test_squash_items_can_be_switched_off() -> None:
    found = parse_message("feat: title\n\n* fix: item\n", squash=False)
    assert [c.type for c in found] == ["feat"]


def test_bullet_list_later_in_the_body_is_not_a_squash() -> None:
    found = parse_message("feat: title\n\nIntro paragraph.\n\n* fix: not an item\n")
    assert [c.type for c in found] == ["feat"]


# -- malformed input: never a crash, never conforming -------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("\n\n\n", id="blank-lines"),
        pytest.param("Update README", id="plain"),
        pytest.param("feat:no space after colon", id="no-space"),
        pytest.param("feat: ", id="empty-subject"),
        pytest.param("feat(: broken scope", id="open-scope"),
        pytest.param("feat(a)(b): two scopes", id="two-scopes"),
        pytest.param(": no type", id="no-type"),
        pytest.param("1feat: digit first", id="digit-first"),
        pytest.param("feat (api): space before scope", id="space-before-scope"),
        pytest.param("Update x\n\nBREAKING CHANGE: not a conventional header", id="footer-only"),
        pytest.param("\x00\ufffd binary-ish", id="binary"),
    ],
)
def test_malformed_messages_are_non_conforming(text: str) -> None:
    c = one(text)
    assert not c.conforming and not c.breaking


def test_crlf_line_endings() -> None:
    c = one("fix: windows\r\n\r\nBREAKING CHANGE: crlf\r\n")
    assert c.breaking and c.breaking_notes == ("crlf",)


@given(st.text(max_size=300))
def test_any_text_parses_without_error(text: str) -> None:
    found = parse_message(text)
    assert found
    for c in found:
        assert c.conforming == (c.type is not None)
        assert not (c.breaking and not c.conforming)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("fix: x\n\nBREAKING CHANGE:no space", id="breaking-no-space"),
        pytest.param("fix: x\n\nbody\nBREAKING CHANGE:", id="breaking-empty"),
        pytest.param("fix: x\n\n* \n\n*", id="empty-squash-items"),
        pytest.param("fix: x\n\nToken: v\n\n\n", id="trailing-blank-footer"),
    ],
)
def test_edge_footers_never_crash(text: str) -> None:
    assert parse_message(text)[0].type == "fix"
