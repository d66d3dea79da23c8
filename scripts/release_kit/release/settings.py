"""The `[release]` section of the configuration, with its defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from release_kit.config import Config, Section
from release_kit.errors import ConfigError

NOTES_SOURCES = ("changelog", "generated", "milestone", "commits")
MAKE_LATEST = ("auto", "true", "false", "legacy")
KEYS = (
    "notes",
    "notes-template",
    "assets",
    "allow-empty",
    "checksums",
    "overwrite",
    "draft",
    "prerelease",
    "make-latest",
    "name",
    "rolling-tag",
    "rolling-name",
    "rolling-notes",
    "close-milestone",
    "blocker-label",
)


@dataclass(frozen=True)
class ReleaseSettings:
    """How releases are made; every field has a default so no configuration is needed."""

    notes: tuple[str, ...] = ("changelog", "generated")
    notes_explicit: bool = False  # a named source that yields nothing is then an error
    notes_template: str | None = None  # path relative to the repository root
    assets: tuple[str, ...] = ()
    allow_empty: bool = False
    checksums: str = "SHA256SUMS"  # "" disables the checksum file
    overwrite: bool = False
    draft: bool = False
    prerelease: bool | None = None  # None: from the version
    make_latest: str = "auto"
    name: str = "{tag}"
    rolling_tag: str | None = None
    rolling_name: str | None = None  # the rolling pre-release's title; None: `name`
    rolling_notes: tuple[str, ...] = ()  # after the build line; a source finding nothing: left out
    close_milestone: bool = True
    blocker_label: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_config(cls, cfg: Config) -> ReleaseSettings:
        sec = cfg.section("release")
        sec.check_keys(KEYS)
        notes = sec.get_str_list("notes", list(cls.notes))
        return cls(
            notes=check_sources(notes, sec.source),
            notes_explicit="notes" in sec.data,
            notes_template=sec.get_opt_str("notes-template"),
            assets=tuple(sec.get_str_list("assets", [])),
            allow_empty=sec.get_bool("allow-empty", False),
            checksums=sec.get_str("checksums", cls.checksums),
            overwrite=sec.get_bool("overwrite", False),
            draft=sec.get_bool("draft", False),
            prerelease=_prerelease(sec),
            make_latest=check_make_latest(sec.get_str("make-latest", "auto"), sec.source),
            name=check_name_format(sec.get_str("name", cls.name), sec.source),
            rolling_tag=sec.get_opt_str("rolling-tag"),
            rolling_name=_opt_name(sec),
            rolling_notes=check_rolling_sources(
                sec.get_str_list("rolling-notes", []), f"{sec.source}: [release] rolling-notes"
            ),
            close_milestone=sec.get_bool("close-milestone", True),
            blocker_label=sec.get_opt_str("blocker-label"),
        )


def _opt_name(sec: Section) -> str | None:
    text = sec.get_opt_str("rolling-name")
    return None if text is None else check_name_format(text, sec.source)


def check_sources(names: list[str], where: str) -> tuple[str, ...]:
    bad = [n for n in names if n not in NOTES_SOURCES]
    if bad:
        raise ConfigError(
            f"{where}: unknown notes source(s) {', '.join(bad)}; "
            f"choose from {', '.join(NOTES_SOURCES)}"
        )
    return tuple(dict.fromkeys(names))


def check_rolling_sources(names: list[str], where: str) -> tuple[str, ...]:
    """The rolling pre-release's notes sources: those of `notes`, but no milestone (the
    rolling release belongs to a commit, not to a milestone)."""
    if "milestone" in names:
        raise ConfigError(
            f"{where}: the rolling pre-release has no milestone; choose from"
            f" {', '.join(n for n in NOTES_SOURCES if n != 'milestone')}"
        )
    return check_sources(names, where)


def check_name_format(value: str, where: str) -> str:
    """The release title format may use `{tag}` and `{version}` only."""
    try:
        value.format(tag="v1.0.0", version="1.0.0")
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(
            f"{where}: [release] name {value!r}: only {{tag}} and {{version}} may be used ({exc})"
        ) from exc
    return value


def check_make_latest(value: str, where: str) -> str:
    if value not in MAKE_LATEST:
        raise ConfigError(f"{where}: make-latest must be one of {', '.join(MAKE_LATEST)}")
    return value


def parse_prerelease(value: str | bool | None, where: str) -> bool | None:
    """`auto` (or unset) -> None, else a boolean; accepts the strings an action input gives."""
    if value is None or isinstance(value, bool):
        return value
    text = value.strip().lower()
    if text in ("", "auto"):
        return None
    if text in ("true", "false"):
        return text == "true"
    raise ConfigError(f"{where}: prerelease must be auto, true or false, got {value!r}")


def _prerelease(sec: Section) -> bool | None:
    value = sec.data.get("prerelease")
    if value is not None and not isinstance(value, str | bool):
        raise ConfigError(f"{sec.source}: [{sec.name}] prerelease must be auto, true or false")
    return parse_prerelease(value, sec.source)
