"""The `[init]` section: the preset and options `release-kit init` rendered last time."""

from __future__ import annotations

from dataclasses import dataclass

from release_kit.config import Config
from release_kit.init.presets import PRESETS

KEYS = ("preset", "runners", "publish")


@dataclass(frozen=True)
class InitSettings:
    preset: str | None = None  # None: the default preset
    runners: tuple[str, ...] | None = None  # None: the preset's own
    publish: bool | None = None  # None: the preset's own

    @classmethod
    def from_config(cls, cfg: Config) -> InitSettings:
        sec = cfg.section("init")
        sec.check_keys(KEYS)
        preset = sec.get_opt_str("preset")
        if preset is not None and preset not in PRESETS:
            names = ", ".join(sorted(PRESETS))
            raise sec.error("preset", f"must be one of {names}, got {preset!r}")
        runners: tuple[str, ...] | None = None
        if isinstance(sec.data.get("runners"), str):
            runners = tuple(sec.get_str("runners", "").split(","))
        elif "runners" in sec.data:
            runners = tuple(sec.get_str_list("runners", []))
        publish = sec.get_bool("publish", True) if "publish" in sec.data else None
        return cls(preset, runners, publish)
