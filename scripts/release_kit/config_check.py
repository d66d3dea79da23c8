"""The whole configuration, checked at the start of every command.

Each area of the kit owns its table and reads it with its own `from_config`;
that reader checks the keys, types and choices of the table. This module only
knows the readers, one per table, and runs them all, so that a typo in a
section the current command does not use (`[release] note = [...]` at `bump`)
stops the command before it changes anything, not the release after the tag.
The list is the readers themselves, so it cannot drift from what they accept;
tests/unit/test_config_check.py checks that every table of
`release_kit.config.SECTIONS` has one.

Cheap on purpose: it reads the configuration file and imports the settings
modules, no git or network.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from release_kit.config import Config, load_config
from release_kit.errors import ConfigError, InputError

# table ("" = the top-level keys and [[files]]) -> "module:Class.method" reading it from a Config
READERS: dict[str, str] = {
    "": "release_kit.settings:CoreSettings.from_config",
    "changelog": "release_kit.changelog:ChangelogSettings.from_config",
    "commits": "release_kit.commits.settings:CommitSettings.from_config",
    "tag": "release_kit.tagging.settings:TagSettings.from_config",
    "branch": "release_kit.tagging.settings:BranchSettings.from_config",
    "release": "release_kit.release.settings:ReleaseSettings.from_config",
    "wheelhouse": "release_kit.wheelhouse.settings:WheelhouseSettings.from_config",
    "pr": "release_kit.pr.settings:PrSettings.from_config",
    "github": "release_kit.config_check:check_github",
    "init": "release_kit.init.settings:InitSettings.from_config",
}


def check_github(cfg: Config) -> None:
    """`[github]` is reserved: it takes no keys yet, so any key in it is a typo."""
    cfg.section("github").check_keys(())


def reader(table: str) -> Callable[[Config], Any]:
    module_name, _, attr = READERS[table].partition(":")
    target: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


def problems(cfg: Config) -> list[ConfigError]:
    """Every table's first problem, in the order of READERS (empty: the configuration is valid)."""
    found: list[ConfigError] = []
    for table in READERS:
        try:
            reader(table)(cfg)
        except InputError as exc:  # ConfigError, or a value a parser rejected (a tag format)
            found.append(_in_file(cfg, table, exc))
    return found


def _in_file(cfg: Config, table: str, exc: InputError) -> ConfigError:
    """The reader's error as a ConfigError that names the file (and table) it is about."""
    where = cfg.source or "defaults"
    if exc.message.startswith(where):
        if isinstance(exc, ConfigError):
            return exc
        return ConfigError(exc.message, file=exc.file or cfg.source, line=exc.line)
    section = cfg.section(table) if table else cfg.top
    named = f"{section.table}: " if section.name else ""
    return ConfigError(f"{where}: {named}{exc.message}", file=cfg.source)


def check_config(cfg: Config) -> None:
    """Raise the problem nearest the top of the file; the message counts the others."""
    found = problems(cfg)
    if not found:
        return
    first = min(found, key=lambda exc: exc.line or 1 << 30)  # the earliest in the file
    if len(found) == 1:
        raise first
    more = f" (and {len(found) - 1} more configuration problem(s))"
    raise ConfigError(first.message + more, file=first.file, line=first.line)


def repository_root(cwd: Path) -> Path:
    """The nearest directory at or above `cwd` with a `.git` (dir or file), else `cwd`.

    The root the commands load the configuration from (they ask git; a look for
    `.git` finds the same directory without starting a process).
    """
    for folder in (cwd, *cwd.parents):
        if (folder / ".git").exists():
            return folder
    return cwd


def check_configuration_at(root: Path) -> Config:
    """Load the configuration at `root` and check all of it; the Config for the caller."""
    cfg = load_config(root)
    check_config(cfg)
    return cfg
