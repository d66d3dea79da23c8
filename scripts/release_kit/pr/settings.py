"""The `[pr]` section of the configuration: where and how the bump PR is opened."""

from __future__ import annotations

from dataclasses import dataclass

from release_kit.config import Config

DEFAULT_BRANCH = "release-kit/bump"
DEFAULT_TITLE = "Release {version}"
KEYS = ("branch", "title", "labels")


@dataclass(frozen=True)
class PrSettings:
    branch: str = DEFAULT_BRANCH
    title: str = DEFAULT_TITLE
    labels: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, cfg: Config) -> PrSettings:
        section = cfg.section("pr")
        section.check_keys(KEYS)
        return cls(
            branch=section.get_str("branch", DEFAULT_BRANCH),
            title=section.get_str("title", DEFAULT_TITLE),
            labels=tuple(section.get_str_list("labels", [])),
        )
