"""Finding and reading the release-kit configuration.

Configuration lives in the first of these that exists, at the repository root:
`release-kit.toml`, `.github/release-kit.toml`, or the `[tool.release-kit]`
table of `pyproject.toml`. Two of them at once is an error (which one wins
would be a guess). Every key has a default, so no configuration is needed.

This module only locates and type-checks; each area of the kit reads its own
keys through a `Config` (for example `cfg.section("wheelhouse")`), and the
owners of a section validate its keys with `Section.check_keys`.
`release_kit.config_check` runs every reader at once, so that a command
refuses a configuration error in a section it does not use itself.

Messages name the table as the file spells it: `[release]` in release-kit.toml,
`[tool.release-kit.release]` in pyproject.toml, with `file:line` of the key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import tomli

from release_kit.config_lines import Key, key_line
from release_kit.errors import ConfigError

CONFIG_FILES = ("release-kit.toml", ".github/release-kit.toml")
PYPROJECT = "pyproject.toml"
PREFIX = "tool.release-kit"  # the table of pyproject.toml (also allowed in release-kit.toml)

# Top-level keys and tables. Each table is owned by one area of the kit,
# which documents its keys in the README and checks them with check_keys.
TOP_LEVEL_KEYS = frozenset(
    {
        "scheme",
        "tag-format",
        "marker",
        "commit-message",
        "allow-dirty",
        "patch-branches",
        "version-source",
        "files",
        "linked",
        "main-branch",
    }
)
SECTIONS = frozenset(
    {"changelog", "commits", "tag", "branch", "release", "wheelhouse", "pr", "github", "init"}
)

# Tables of pyproject.toml that the kit reads (PEP 517/518/621 and the backends make
# them tables); `tool = 'x'` would otherwise break every command that reads the file.
PYPROJECT_TABLES: tuple[tuple[str, ...], ...] = (
    ("build-system",),
    ("project",),
    ("tool",),
    ("tool", "poetry"),
    ("tool", "hatch"),
    ("tool", "setuptools"),
    ("tool", "pdm"),
)

T = TypeVar("T")


@dataclass(frozen=True)
class Section:
    """One table of the configuration, with typed getters that name the key on error."""

    name: str  # the table as the file spells it: "release", "tool.release-kit.release"; "" = root
    data: Mapping[str, Any] = field(default_factory=dict)
    source: str = "defaults"  # the file, relative to the repository root
    text: str = ""  # the file's text, only to find the line of a key for messages

    @property
    def table(self) -> str:
        """`[release]`, `[tool.release-kit.release]`, or `the top level` of release-kit.toml."""
        return f"[{self.name}]" if self.name else "the top level"

    def line_of(self, *key: Key) -> int | None:
        """The line of `key` (a path inside this table) in the file, when it can be found."""
        if not self.text:
            return None
        prefix = tuple(self.name.split(".")) if self.name else ()
        return key_line(self.text, (*prefix, *key))

    def where(self, *key: Key) -> str:
        """`file:line` of `key` for the start of a message (`file` alone without a line)."""
        line = self.line_of(*key)
        return f"{self.source}:{line}" if line else self.source

    def error(self, key: str, problem: str) -> ConfigError:
        """`file:line: [table] key <problem>` (top level: `file:line: key <problem>`)."""
        named = f"[{self.name}] {key}" if self.name else key
        return ConfigError(
            f"{self.where(key)}: {named} {problem}",
            file=self._file,
            line=self.line_of(key),
        )

    @property
    def _file(self) -> str | None:
        return None if self.source == "defaults" else self.source

    def check_keys(self, known: Iterable[str]) -> None:
        """Refuse the first unknown key, with the closest known one (or the known ones)."""
        allowed = tuple(known)
        unknown = [key for key in self.data if key not in allowed]
        if unknown:
            raise unknown_key(self, unknown[0], allowed)

    def entry(self, key: str, index: int) -> str:
        """How the file spells entry `index` of the array of tables `key`: `[[files]] entry 1`."""
        dotted = f"{self.name}.{key}" if self.name else key
        return f"[[{dotted}]] entry {index + 1}"

    def check_entry_keys(
        self, key: str, index: int, item: Mapping[str, Any], known: Iterable[str]
    ) -> None:
        """check_keys for one entry of the array of tables `key` of this table."""
        allowed = tuple(known)
        unknown = [name for name in item if name not in allowed]
        if unknown:
            raise unknown_key(self, unknown[0], allowed, entry=(key, index))

    def entry_error(self, key: str, index: int, problem: str) -> ConfigError:
        """`file:line: [[files]] entry 2 <problem>`."""
        line = self.line_of(key, index)
        return ConfigError(
            f"{self.where(key, index)}: {self.entry(key, index)} {problem}",
            file=self._file,
            line=line,
        )

    def _get(self, key: str, default: T, kind: type | tuple[type, ...], what: str) -> T:
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise self.error(key, f"must be {what}, got {value!r}")
        return cast(T, value)

    def get_str(self, key: str, default: str) -> str:
        return self._get(key, default, str, "a string")

    def get_opt_str(self, key: str) -> str | None:
        return self._get(key, None, str, "a string")

    def get_bool(self, key: str, default: bool) -> bool:
        return self._get(key, default, bool, "true or false")

    def get_int(self, key: str, default: int) -> int:
        return self._get(key, default, int, "an integer")

    def get_float(self, key: str, default: float) -> float:
        value = self._get(key, default, (int, float), "a number")
        return float(value)

    def get_choice(self, key: str, default: str, choices: Iterable[str]) -> str:
        """A string that must be one of `choices`; the error lists them."""
        allowed = tuple(choices)
        value = self.get_str(key, default)
        if value not in allowed:
            raise self.error(key, f"must be one of {', '.join(allowed)}, got {value!r}")
        return value

    def get_str_list(self, key: str, default: list[str]) -> list[str]:
        value = self._get(key, default, list, "a list of strings")
        if not all(isinstance(item, str) for item in value):
            raise self.error(key, "must be a list of strings")
        return list(value)

    def get_table_list(self, key: str) -> list[Mapping[str, Any]]:
        value: list[Any] = self._get(key, [], list, "an array of tables")
        if not all(isinstance(item, dict) for item in value):
            raise self.error(key, "must be an array of tables")
        return value

    def get_table(self, key: str) -> Mapping[str, Any]:
        return self._get(key, {}, dict, "a table")


@dataclass(frozen=True)
class Config:
    """The whole configuration of one repository."""

    root: Path
    source: str | None  # relative path of the file it came from, None for defaults
    data: Mapping[str, Any]
    prefix: str = ""  # "tool.release-kit" when the file holds the keys in that table
    text: str = ""  # the file's text, for the line numbers of messages

    @property
    def top(self) -> Section:
        scalars = {k: v for k, v in self.data.items() if k not in SECTIONS}
        return Section(self.prefix, scalars, self.source or "defaults", self.text)

    def section(self, name: str) -> Section:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            top = Section(self.prefix, self.data, self.source or "defaults", self.text)
            raise top.error(name, f"must be a table, got {value!r}")
        dotted = f"{self.prefix}.{name}" if self.prefix else name
        return Section(dotted, value, self.source or "defaults", self.text)


def unknown_key(
    section: Section, key: str, known: Iterable[str], *, entry: tuple[str, int] | None = None
) -> ConfigError:
    """`file:line: unknown key 'note' in [release] (did you mean 'notes'?)`.

    Without a close match the message lists the known keys. With `entry` the key
    is in that entry of an array of tables of `section` (`in [[files]] entry 2`).
    """
    allowed = sorted(known)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean {close[0]!r}?"
    elif allowed:
        hint = f"known keys: {', '.join(allowed)}"
    else:
        hint = "it takes no keys"
    path: tuple[Key, ...] = (*entry, key) if entry else (key,)
    if entry:
        where = f"in {section.entry(*entry)}"
    else:
        where = f"in {section.table}" if section.name else "at the top level"
    return ConfigError(
        f"{section.where(*path)}: unknown key {key!r} {where} ({hint})",
        file=None if section.source == "defaults" else section.source,
        line=section.line_of(*path),
    )


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """Parse TOML text, turning a syntax error into a one-line ConfigError."""
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        place = f"{where}:{line}" if line else where
        raise ConfigError(f"{place}: invalid TOML: {exc}", file=where, line=line) from exc


def pyproject_problem(data: Mapping[str, Any], text: str) -> tuple[str, int | None] | None:
    """(`[tool] must be a table, got 'x'`, its line) when a table the kit reads is not one."""
    for path in PYPROJECT_TABLES:
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None and not isinstance(value, dict):
            shown = repr(value) if len(repr(value)) <= 40 else f"a {type(value).__name__}"
            return f"[{'.'.join(path)}] must be a table, got {shown}", key_line(text, path)
    return None


def _release_kit_table(data: dict[str, Any], name: str, text: str) -> tuple[Any, str] | None:
    """The release-kit table of a parsed file and its prefix; None when it has none."""
    tool = data.get("tool")
    table = tool.get("release-kit") if isinstance(tool, dict) else None
    if name == PYPROJECT:
        return None if table is None else (table, PREFIX)
    if table is None:
        return data, ""
    assert isinstance(tool, dict)
    stray: list[tuple[str, ...]] = [(key,) for key in data if key != "tool"]
    stray += [("tool", key) for key in tool if key != "release-kit"]
    if stray:
        line = key_line(text, stray[0])
        raise ConfigError(
            f"{f'{name}:{line}' if line else name}: {'.'.join(stray[0])} is outside"
            f" [{PREFIX}], where this file keeps its keys: move it in",
            file=name,
            line=line,
        )
    return table, PREFIX


def load_config(root: Path) -> Config:
    """Find and parse the configuration of the repository at `root`."""
    found: list[tuple[str, Any, str, str]] = []
    for name in (*CONFIG_FILES, PYPROJECT):
        path = root / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            data = parse_toml(text, name)
            problem = pyproject_problem(data, text) if name == PYPROJECT else None
            if problem is not None:
                message, line = problem
                place = f"{name}:{line}" if line else name
                raise ConfigError(f"{place}: {message}", file=name, line=line)
            table = _release_kit_table(data, name, text)
            if table is not None:
                found.append((name, *table, text))
    if len(found) > 1:
        names = " and ".join(
            f"{name} [{PREFIX}]" if name == PYPROJECT else name for name, *_ in found
        )
        raise ConfigError(f"configuration found in both {names}; keep one")
    if not found:
        return Config(root=root, source=None, data={})
    source, table, prefix, text = found[0]
    top = Section(prefix, table if isinstance(table, dict) else {}, source, text)
    if not isinstance(table, dict):
        raise ConfigError(
            f"{top.where()}: [{prefix}] must be a table", file=source, line=top.line_of()
        )
    for key in table:
        if key not in TOP_LEVEL_KEYS and key not in SECTIONS:
            raise unknown_key(top, key, TOP_LEVEL_KEYS | SECTIONS)
    return Config(root=root, source=source, data=table, prefix=prefix, text=text)
