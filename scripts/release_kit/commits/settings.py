"""The `[commits]` configuration table, read once into a typed, frozen record."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from release_kit.config import Config, Section
from release_kit.errors import ConfigError

DEFAULT_SECTIONS: dict[str, str] = {
    "feat": "Features",
    "fix": "Bug fixes",
    "perf": "Performance",
    "refactor": "Refactoring",
    "revert": "Reverts",
    "docs": "Documentation",
}
KEYS = (
    "sections",
    "minor-types",
    "patch-types",
    "other-section",
    "breaking-section",
    "major-on-zero",
    "minor-on-zero",
    "channels",
    "include-merges",
    "squash-items",
    "template",
    "unreleased-heading",
    "initial-version",
)


@dataclass(frozen=True)
class CommitSettings:
    """How commits turn into a bump and a changelog. Every field has a default."""

    sections: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_SECTIONS))
    minor_types: tuple[str, ...] = ("feat",)
    patch_types: tuple[str, ...] = ("fix", "perf", "refactor", "revert")
    other_section: str = ""  # "" leaves non-conforming commits out
    breaking_section: str = "Breaking changes"
    major_on_zero: bool = False  # False: a breaking change bumps minor while major is 0
    minor_on_zero: bool = True  # False: a feature bumps patch while major is 0
    channels: Mapping[str, str] = field(default_factory=dict)  # branch glob -> pre-release id
    include_merges: bool = False
    squash_items: bool = True
    template: str = ""  # path of a Jinja2 template relative to the root; "" = built-in
    unreleased_heading: str = "Unreleased"
    initial_version: str = "0.0.0"

    @classmethod
    def from_section(cls, sec: Section) -> CommitSettings:
        sec.check_keys(KEYS)
        sections = _str_table(sec, "sections", DEFAULT_SECTIONS)
        channels = _str_table(sec, "channels", {})
        for glob, pre in channels.items():
            if not pre.isalnum():
                raise ConfigError(
                    f"{sec.source}: [{sec.name}] channels: pre-release id for {glob!r} "
                    f"must be letters and digits, got {pre!r}"
                )
        return cls(
            sections=sections,
            minor_types=tuple(t.lower() for t in sec.get_str_list("minor-types", ["feat"])),
            patch_types=tuple(
                t.lower()
                for t in sec.get_str_list("patch-types", ["fix", "perf", "refactor", "revert"])
            ),
            other_section=sec.get_str("other-section", ""),
            breaking_section=sec.get_str("breaking-section", "Breaking changes"),
            major_on_zero=sec.get_bool("major-on-zero", False),
            minor_on_zero=sec.get_bool("minor-on-zero", True),
            channels=channels,
            include_merges=sec.get_bool("include-merges", False),
            squash_items=sec.get_bool("squash-items", True),
            template=sec.get_str("template", ""),
            unreleased_heading=sec.get_str("unreleased-heading", "Unreleased"),
            initial_version=sec.get_str("initial-version", "0.0.0"),
        )

    @classmethod
    def from_config(cls, cfg: Config) -> CommitSettings:
        return cls.from_section(cfg.section("commits"))

    def channel_for(self, branch: str | None) -> str | None:
        """The pre-release id for `branch` (first matching glob), None for plain releases."""
        if branch is None:
            return None
        return next(
            (pre for glob, pre in self.channels.items() if fnmatch.fnmatchcase(branch, glob)), None
        )

    def section_for(self, commit_type: str | None) -> str | None:
        """The changelog section of a type; None when the commit is left out."""
        if commit_type is None:
            return self.other_section or None
        return self.sections.get(commit_type)


def _str_table(sec: Section, key: str, default: Mapping[str, str]) -> dict[str, str]:
    table: Mapping[str, Any] = sec.get_table(key) if key in sec.data else default
    if not all(isinstance(v, str) for v in table.values()):
        raise ConfigError(f"{sec.source}: [{sec.name}] {key} values must be strings")
    return {str(k).lower() if key == "sections" else str(k): str(v) for k, v in table.items()}
