"""The `[init]` section: the preset and options `release-kit init` rendered last time."""

from __future__ import annotations

from dataclasses import dataclass

from release_kit.config import Config
from release_kit.init.image import dockerfile_problem, image_problem
from release_kit.init.presets import PRESETS

KEYS = ("preset", "runners", "publish", "image", "dockerfile")


@dataclass(frozen=True)
class InitSettings:
    preset: str | None = None  # None: the default preset
    runners: tuple[str, ...] | None = None  # None: the preset's own
    publish: bool | None = None  # None: the preset's own
    image: str | None = None  # None: the preset's own; "": no image job
    dockerfile: str | None = None  # None: the preset's own

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
        image = sec.get_opt_str("image")
        problem = image_problem(image) if image else None
        if problem:
            raise sec.error("image", problem)
        dockerfile = sec.get_opt_str("dockerfile")
        problem = dockerfile_problem(dockerfile) if dockerfile is not None else None
        if problem:
            raise sec.error("dockerfile", problem)
        return cls(preset, runners, publish, image, dockerfile)
