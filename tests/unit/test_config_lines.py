"""Where configuration errors point: the line of a key, the table as the file spells it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from release_kit.config import Section, load_config
from release_kit.config_lines import key_line, split_key
from release_kit.errors import ConfigError

DOC = """\
# a comment
scheme = "semver"
tag-format = "v{version}"
text = \"\"\"
not-a-key = 1
[not-a-table]
\"\"\"

[release]
notes = ["changelog"]
"quoted key" = 1

[tag.dispatch-inputs]
count = "3"

[[files]]
path = "a"

[[files]]
path = "b"
pattern = "{version}"

[commits]
sections.feat = "Features"
channels = { develop = "beta" }
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("scheme",), 2),
        (("not-a-key",), None),
        (("not-a-table",), None),
        (("release",), 9),
        (("release", "notes"), 10),
        (("release", "quoted key"), 11),
        (("tag",), 13),
        (("tag", "dispatch-inputs", "count"), 14),
        (("files",), 16),
        (("files", 1), 19),
        (("files", 1, "pattern"), 21),
        (("files", 0, "missing"), 16),
        (("commits", "sections", "feat"), 24),
        (("commits", "channels", "develop"), 25),
        (("nowhere", "at", "all"), None),
    ],
    ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else str(v),
)
def test_key_line(path: tuple[str | int, ...], line: int | None) -> None:
    assert key_line(DOC, path) == line


def test_split_key() -> None:
    assert split_key("a.\"b.c\" . 'd'") == ("a", "b.c", "d")
    assert split_key("a b") is None
    assert split_key("") is None


def test_did_you_mean_or_the_known_keys() -> None:
    sec = Section("release", {"note": [], "zzz": 1}, "release-kit.toml")
    with pytest.raises(ConfigError, match=re.escape("'note' in [release] (did you mean 'notes'?)")):
        sec.check_keys(("notes", "draft"))
    sec = Section("release", {"zzz": 1}, "release-kit.toml")
    with pytest.raises(ConfigError, match=re.escape("(known keys: draft, notes)")):
        sec.check_keys(("notes", "draft"))


def test_keys_beside_the_tool_table_of_release_kit_toml(tmp_path: Path) -> None:
    """release-kit.toml may hold [tool.release-kit]; a key outside it would be ignored."""
    path = tmp_path / "release-kit.toml"
    path.write_text("[tool.release-kit.release]\nnotes = []\n", encoding="utf-8")
    assert load_config(tmp_path).section("release").name == "tool.release-kit.release"
    path.write_text('scheme = "semver"\n[tool.release-kit.release]\nnotes = []\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^release-kit.toml:1: scheme is outside"):
        load_config(tmp_path)


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "release-kit.toml").write_text('scheme = "semver"\nx = = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^release-kit.toml:2: invalid TOML") as caught:
        load_config(tmp_path)
    assert caught.value.line == 2
