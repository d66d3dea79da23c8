"""Changelog rendering (template, sections, links) and insertion under Unreleased."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from release_kit.commits.insert import insert_unreleased, replace_all
from release_kit.commits.parse import parse_message
from release_kit.commits.render import Links, Release, render, template_source
from release_kit.commits.settings import CommitSettings
from release_kit.errors import ConfigError

SHA = "0123456789abcdef0123456789abcdef01234567"


def release(*messages: str, title: str = "1.1.0", tag: str | None = "v1.1.0") -> Release:
    found = tuple(c for m in messages for c in parse_message(m, sha=SHA))
    return Release(title, title, tag, "v1.0.0", "2026-11-09", found)


def builtin(settings: CommitSettings) -> str:
    return template_source(settings, Path("."))


@pytest.mark.parametrize(
    ("env", "remote", "base"),
    [
        pytest.param(
            {"GITHUB_SERVER_URL": "https://ghe.example.com", "GITHUB_REPOSITORY": "o/r"},
            None,
            "https://ghe.example.com/o/r",
            id="enterprise-env",
        ),
        pytest.param({"GITHUB_REPOSITORY": "o/r"}, None, "https://github.com/o/r", id="env"),
        pytest.param({}, "git@github.com:o/r.git", "https://github.com/o/r", id="scp-remote"),
        pytest.param(
            {}, "https://ghe.corp/o/r.git", "https://ghe.corp/o/r", id="https-enterprise-remote"
        ),
        pytest.param({}, "/some/local/path.git", "", id="local-remote-no-links"),
        pytest.param({}, None, "", id="nothing"),
    ],
)
def test_links(env: dict[str, str], remote: str | None, base: str) -> None:
    assert Links.from_env(env, remote).base == base


def test_sections_order_links_and_left_out_types() -> None:
    links = Links("https://ghe.example.com", "o/r")
    text = render(
        [
            release(
                "feat(api): add (#12)",
                "fix: repair",
                "chore: tidy",
                "Update README",
                "feat!: drop v1\n\nBREAKING CHANGE: v1 is gone",
            )
        ],
        CommitSettings(),
        links,
        builtin(CommitSettings()),
    )
    assert text.startswith("## [1.1.0] - 2026-11-09\n")
    assert text.endswith("\n\n[1.1.0]: https://ghe.example.com/o/r/compare/v1.0.0...v1.1.0\n")
    assert text.index("### Breaking changes") < text.index("### Features") < text.index("### Bug")
    assert "- **api:** add ([#12](https://ghe.example.com/o/r/pull/12)) " in text
    assert f"([0123456](https://ghe.example.com/o/r/commit/{SHA}))" in text
    assert "  - v1 is gone" in text
    assert "tidy" not in text and "README" not in text


def test_non_conforming_section_when_configured() -> None:
    settings = CommitSettings(other_section="Other changes")
    text = render([release("Update README")], settings, Links(), builtin(settings))
    assert "### Other changes\n\n- Update README (0123456)" in text


def test_replaceable_template_and_template_errors(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text(
        "{% for r in releases %}{{ r.title }}:{% for s in r.sections %}"
        "{{ s.title }}={{ s.entries | length }};{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    settings = CommitSettings(template="t.j2")
    text = render(
        [release("feat: a", "feat: b")], settings, Links(), template_source(settings, tmp_path)
    )
    assert text == "1.1.0:Features=2;\n"
    with pytest.raises(ConfigError, match="template"):
        render([release("feat: a")], settings, Links(), "{{ releases.nope.deeper }}")
    with pytest.raises(ConfigError, match=r"missing\.j2"):
        template_source(CommitSettings(template="missing.j2"), tmp_path)


BELOW = "## [1.0.0] - 2026-01-01\n\n### Features\n\n- hand-edited   line  \n\n[1.0.0]: https://x\n"


@pytest.mark.parametrize(
    ("existing", "expected", "replace"),
    [
        pytest.param(None, "# Changelog\n\n## Unreleased\n\n- new\n", False, id="no-file"),
        pytest.param(
            "# Changelog\n\nIntro.\n\n" + BELOW,
            "# Changelog\n\nIntro.\n\n## Unreleased\n\n- new\n\n" + BELOW,
            False,
            id="no-unreleased-heading",
        ),
        pytest.param(
            "# Changelog\n\n## [Unreleased]\n\n- old\n- older\n\n" + BELOW,
            "# Changelog\n\n## [Unreleased]\n\n- old\n- older\n- new\n\n" + BELOW,
            False,
            id="keeps-hand-written-lines",
        ),
        pytest.param(
            "# Changelog\n\n## [Unreleased]\n\n- old\n- older\n\n" + BELOW,
            "# Changelog\n\n## Unreleased\n\n- new\n\n" + BELOW,
            True,
            id="replace-unreleased",
        ),
        pytest.param(
            "# Changelog\n\n## [Prerelease] - Unreleased\n\n### Added\n* by hand\n\n" + BELOW,
            "# Changelog\n\n## [Prerelease] - Unreleased\n\n### Added\n* by hand\n\n- new\n\n"
            + BELOW,
            False,
            id="prerelease-pending-heading",
        ),
        pytest.param(
            "# Changelog\n\n## Unreleased\n\n- old\n\n[Unreleased]: https://y\n",
            "# Changelog\n\n## Unreleased\n\n- old\n- new\n\n[Unreleased]: https://y\n",
            False,
            id="keeps-link-definitions",
        ),
        pytest.param(
            "# Changelog", "# Changelog\n\n## Unreleased\n\n- new\n", False, id="title-only"
        ),
    ],
)
def test_insert_unreleased(existing: str | None, expected: str, replace: bool) -> None:
    section = "## Unreleased\n\n- new\n"
    new = insert_unreleased(existing, section, replace=replace)
    assert new == expected
    assert insert_unreleased(new, section, replace=replace) == new  # idempotent
    if existing and BELOW in existing:
        assert new.endswith(BELOW)  # what is below is kept byte for byte


def test_generated_entries_join_their_group_and_a_commit_named_by_hand_is_not_repeated() -> None:
    start = "# Changelog\n\n## [Unreleased]\n\n### Features\n\n- Curated words (abc1234)\n\n"
    section = (
        "## [Unreleased]\n\n### Features\n\n- feat one (abc1234)\n- feat two (def5678)\n\n"
        "### Bug fixes\n\n- a fix (0123abc)\n"
    )
    new = insert_unreleased(start + BELOW, section)
    assert new == (
        "# Changelog\n\n## [Unreleased]\n\n### Features\n\n- Curated words (abc1234)\n"
        "- feat two (def5678)\n\n### Bug fixes\n\n- a fix (0123abc)\n\n" + BELOW
    )
    assert insert_unreleased(new, section) == new


def test_insert_replaces_the_sections_own_link_definition_only() -> None:
    start = "# Changelog\n\n## [Unreleased]\n\n- a\n\n[Unreleased]: https://u/1\n\n" + BELOW
    section = "## [Unreleased]\n\n- b\n\n[Unreleased]: https://u/2\n"
    new = insert_unreleased(start, section, replace=True)
    assert new == "# Changelog\n\n" + section + "\n" + BELOW
    assert insert_unreleased(new, section, replace=True) == new


def test_insert_as_version_replaces_unreleased_and_is_idempotent() -> None:
    start = "# Changelog\n\n## Unreleased\n\n- a\n\n" + BELOW
    section = "## [1.1.0] - 2026-11-09\n\n- a\n"
    once = insert_unreleased(start, section, ("Unreleased", "1.1.0"))
    assert once == "# Changelog\n\n" + section + "\n" + BELOW
    assert insert_unreleased(once, section, ("Unreleased", "1.1.0")) == once


def test_replace_all_keeps_the_preamble() -> None:
    assert replace_all("# Log\n\nIntro.\n\n## 0.1.0\n- x\n", "## 1.0.0\n") == (
        "# Log\n\nIntro.\n\n## 1.0.0\n"
    )
    assert replace_all(None, "## 1.0.0\n") == "# Changelog\n\n## 1.0.0\n"


@given(
    intro=st.text(alphabet=st.characters(blacklist_characters="#[\r"), max_size=60),
    below=st.text(max_size=200),
    old=st.text(alphabet=st.characters(blacklist_characters="#[\r"), max_size=80),
)
def test_insert_never_touches_what_is_below(intro: str, below: str, old: str) -> None:
    tail = "## [0.9.0] - 2020-01-01\n" + below
    existing = f"# Changelog\n{intro}\n## [Unreleased]\n{old}\n{tail}"
    section = "## [Unreleased]\n\n- new\n\n[Unreleased]: https://u\n"
    new = insert_unreleased(existing, section, ("Unreleased",))
    assert new.endswith(tail)
    assert insert_unreleased(new, section, ("Unreleased",)) == new
