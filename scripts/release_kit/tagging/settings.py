"""The `[tag]` and `[branch]` configuration sections, typed, with their defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from release_kit.config import Config, Section
from release_kit.errors import ConfigError
from release_kit.tagging.patterns import PATCH_TAGS

TAG_KEYS = (
    "mode",
    "remote",
    "signing-key",
    "signing-format",
    "floating-major",
    "wait-for-checks",
    "checks-timeout",
    "checks-interval",
    "required-checks",
    "dispatch",
    "dispatch-inputs",
    "allow-prereleases",
)
BRANCH_KEYS = ("pattern", "patch-tags", "date-format", "remote", "dispatch", "dispatch-inputs")
MODES = ("marker", "version")


def _inputs(section: Section) -> dict[str, str]:
    table = section.get_table("dispatch-inputs")
    bad = [key for key, value in table.items() if not isinstance(value, str)]
    if bad:
        raise ConfigError(
            f"{section.source}: [{section.name}] dispatch-inputs values must be strings: "
            + ", ".join(bad)
        )
    return dict(table)


@dataclass(frozen=True)
class TagSettings:
    mode: str = "marker"
    remote: str = "origin"
    signing_key: str | None = None
    signing_format: str = "openpgp"
    floating_major: bool = False
    wait_for_checks: bool = False
    checks_timeout: float = 600.0
    checks_interval: float = 10.0
    required_checks: tuple[str, ...] = ()
    dispatch: str | None = None
    dispatch_inputs: Mapping[str, str] = field(default_factory=dict)
    allow_prereleases: bool = False  # marker mode tags pre-releases (1.2.0-rc.1) too

    @classmethod
    def from_config(cls, cfg: Config) -> TagSettings:
        s = cfg.section("tag")
        s.check_keys(TAG_KEYS)
        mode = s.get_choice("mode", "marker", MODES)
        fmt = s.get_choice("signing-format", "openpgp", ("openpgp", "ssh", "x509"))
        return cls(
            mode=mode,
            remote=s.get_str("remote", "origin"),
            signing_key=s.get_opt_str("signing-key") or None,
            signing_format=fmt,
            floating_major=s.get_bool("floating-major", False),
            wait_for_checks=s.get_bool("wait-for-checks", False),
            checks_timeout=s.get_float("checks-timeout", 600.0),
            checks_interval=s.get_float("checks-interval", 10.0),
            required_checks=tuple(s.get_str_list("required-checks", [])),
            dispatch=s.get_opt_str("dispatch") or None,
            dispatch_inputs=_inputs(s),
            allow_prereleases=s.get_bool("allow-prereleases", False),
        )


@dataclass(frozen=True)
class BranchSettings:
    pattern: str = "release/v{version}"
    patch_tags: str = "create"  # reuse: a patch tag is on its line's X.Y.0 branch
    date_format: str = "%Y%m%d"
    remote: str = "origin"
    dispatch: str | None = None
    dispatch_inputs: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_config(cls, cfg: Config) -> BranchSettings:
        s = cfg.section("branch")
        s.check_keys(BRANCH_KEYS)
        return cls(
            pattern=s.get_str("pattern", "release/v{version}"),
            patch_tags=s.get_choice("patch-tags", "create", PATCH_TAGS),
            date_format=s.get_str("date-format", "%Y%m%d"),
            remote=s.get_str("remote", "origin"),
            dispatch=s.get_opt_str("dispatch") or None,
            dispatch_inputs=_inputs(s),
        )
