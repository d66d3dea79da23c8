"""The whole-configuration check: one reader per table, the order of its problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from release_kit.config import SECTIONS, Config, load_config
from release_kit.config_check import READERS, check_config, problems, reader, repository_root
from release_kit.errors import ConfigError


def test_every_table_has_a_reader_that_resolves() -> None:
    """The registry cannot miss a table: a new one in SECTIONS fails here until it has one."""
    assert set(READERS) == {"", *SECTIONS}
    for table in READERS:
        assert callable(reader(table))


@pytest.mark.parametrize("table", sorted(SECTIONS))
def test_every_reader_refuses_an_unknown_key_of_its_table(table: str) -> None:
    cfg = Config(Path("."), "release-kit.toml", {table: {"no-such-key": 1}})
    found = problems(cfg)
    assert len(found) == 1, [exc.message for exc in found]  # only its own reader objects
    assert f"unknown key 'no-such-key' in [{table}]" in found[0].message


def test_the_earliest_problem_in_the_file_is_reported_with_a_count(tmp_path: Path) -> None:
    (tmp_path / "release-kit.toml").write_text(
        '[release]\nnote = []\n\n[tag]\nmod = "x"\n\n[pr]\nlabels = "x"\n', encoding="utf-8"
    )
    cfg = load_config(tmp_path)
    assert len(problems(cfg)) == 3
    with pytest.raises(ConfigError) as caught:
        check_config(cfg)
    assert caught.value.message == (
        "release-kit.toml:2: unknown key 'note' in [release] (did you mean 'notes'?)"
        " (and 2 more configuration problem(s))"
    )
    assert (caught.value.file, caught.value.line) == ("release-kit.toml", 2)


def test_a_parser_error_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "release-kit.toml").write_text('tag-format = "v"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^release-kit.toml: tag-format 'v' must contain"):
        check_config(load_config(tmp_path))


def test_repository_root_without_git(tmp_path: Path) -> None:
    (tmp_path / "repo" / "a" / "b").mkdir(parents=True)
    assert repository_root(tmp_path / "repo" / "a") == tmp_path / "repo" / "a"
    (tmp_path / "repo" / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")  # a worktree
    assert repository_root(tmp_path / "repo" / "a" / "b") == tmp_path / "repo"
