"""Finding and reading the release-kit configuration.

Configuration lives in the first of these that exists, at the repository root:
`release-kit.toml`, `.github/release-kit.toml`, or the `[tool.release-kit]`
table of `pyproject.toml`. Two of them at once is an error (which one wins
would be a guess). Every key has a default, so no configuration is needed.

This module only locates and type-checks; each area of the kit reads its own
keys through a `Config` (for example `cfg.section("wheelhouse")`), and the
owners of a section validate its keys with `Section.check_keys`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from release_kit.errors import ConfigError

CONFIG_FILES = ("release-kit.toml", ".github/release-kit.toml")

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
        "main-branch",
    }
)
SECTIONS = frozenset(
    {"changelog", "commits", "tag", "branch", "release", "wheelhouse", "pr", "github", "init"}
)

T = TypeVar("T")


@dataclass(frozen=True)
class Section:
    """One table of the configuration, with typed getters that name the key on error."""

    name: str  # dotted path for messages: "tool.release-kit.wheelhouse"
    data: Mapping[str, Any] = field(default_factory=dict)
    source: str = "defaults"

    def check_keys(self, known: Iterable[str]) -> None:
        unknown = sorted(set(self.data) - set(known))
        if unknown:
            raise ConfigError(
                f"{self.source}: unknown key(s) in [{self.name}]: {', '.join(unknown)}"
            )

    def _get(self, key: str, default: T, kind: type | tuple[type, ...], what: str) -> T:
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise ConfigError(f"{self.source}: [{self.name}] {key} must be {what}, got {value!r}")
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
            raise ConfigError(
                f"{self.source}: [{self.name}] {key} must be one of {', '.join(allowed)},"
                f" got {value!r}"
            )
        return value

    def get_str_list(self, key: str, default: list[str]) -> list[str]:
        value = self._get(key, default, list, "a list of strings")
        if not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{self.source}: [{self.name}] {key} must be a list of strings")
        return list(value)

    def get_table_list(self, key: str) -> list[Mapping[str, Any]]:
        value: list[Any] = self._get(key, [], list, "an array of tables")
        if not all(isinstance(item, dict) for item in value):
            raise ConfigError(f"{self.source}: [{self.name}] {key} must be an array of tables")
        return value

    def get_table(self, key: str) -> Mapping[str, Any]:
        return self._get(key, {}, dict, "a table")


@dataclass(frozen=True)
class Config:
    """The whole configuration of one repository."""

    root: Path
    source: str | None  # relative path of the file it came from, None for defaults
    data: Mapping[str, Any]

    @property
    def top(self) -> Section:
        scalars = {k: v for k, v in self.data.items() if k not in SECTIONS}
        return Section("tool.release-kit", scalars, self.source or "defaults")

    def section(self, name: str) -> Section:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.source}: {name} must be a table")
        return Section(f"tool.release-kit.{name}", value, self.source or "defaults")


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """Parse TOML text, turning a syntax error into a one-line ConfigError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML: {exc}") from exc


def load_config(root: Path) -> Config:
    """Find and parse the configuration of the repository at `root`."""
    found: list[tuple[str, dict[str, Any]]] = []
    for name in CONFIG_FILES:
        path = root / name
        if path.is_file():
            data = parse_toml(path.read_text(encoding="utf-8"), name)
            found.append((name, data.get("tool", {}).get("release-kit", data)))
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        data = parse_toml(pyproject.read_text(encoding="utf-8"), "pyproject.toml")
        table = data.get("tool", {}).get("release-kit")
        if table is not None:
            found.append(("pyproject.toml [tool.release-kit]", table))
    if len(found) > 1:
        names = " and ".join(name for name, _ in found)
        raise ConfigError(f"configuration found in both {names}; keep one")
    if not found:
        return Config(root=root, source=None, data={})
    source, table = found[0]
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: release-kit configuration must be a table")
    unknown = sorted(set(table) - TOP_LEVEL_KEYS - SECTIONS)
    if unknown:
        raise ConfigError(f"{source}: unknown key(s): {', '.join(unknown)}")
    return Config(root=root, source=source, data=table)
