"""The core settings: the top-level keys of the release-kit configuration.

Every key has a default (see README, Configuration). Sections (`[changelog]`,
`[tag]`, ...) are read by the areas that own them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from release_kit.config import Config, Section
from release_kit.errors import ConfigError
from release_kit.versioning import SCHEMES, TagFormat

DEFAULT_MARKER = "[automatically-tag-and-release-this-commit]"
DEFAULT_COMMIT_MESSAGE = "Release {tag}\n\n{marker}"
VERSION_SOURCES = ("auto", "cargo", "pyproject", "package.json", "setup.cfg", "VERSION", "tag")
TEMPLATE_FIELDS = ("version", "previous", "tag", "marker", "name")
FILE_PARTS = ("version", "major", "minor", "patch")  # the placeholders of a [[files]] pattern


@dataclass(frozen=True)
class ExtraFile:
    """A file that carries the version, or one of its numbers, in a place a regex pattern
    anchors (`{version}`, or `{major}` / `{minor}` / `{patch}`)."""

    path: str
    pattern: str

    @property
    def part(self) -> str:
        """The placeholder of the pattern: version, major, minor or patch."""
        return next(p for p in FILE_PARTS if f"{{{p}}}" in self.pattern)


@dataclass(frozen=True)
class LinkedLine:
    """A second version line (`[[linked]]`): the Cargo workspace members named by
    `crates` (globs on crate names; a crate with `publish = false` is not released and
    keeps its version), moved with the project by the line's own rule."""

    name: str
    crates: tuple[str, ...]


@dataclass(frozen=True)
class CoreSettings:
    scheme: str = "auto"  # "auto" | "semver" | "pep440"
    tag_format: TagFormat = field(default_factory=TagFormat)
    marker: str = DEFAULT_MARKER
    commit_message: str = DEFAULT_COMMIT_MESSAGE
    allow_dirty: bool = False
    patch_branches: tuple[str, ...] = ()  # empty: any branch may take a patch release
    main_branch: str = "main"
    files: tuple[ExtraFile, ...] = ()
    version_source: str = "auto"
    linked: tuple[LinkedLine, ...] = ()

    @classmethod
    def from_config(cls, cfg: Config) -> CoreSettings:
        top = cfg.top
        scheme = top.get_choice("scheme", "auto", ("auto", *SCHEMES))
        version_source = top.get_choice("version-source", "auto", VERSION_SOURCES)
        marker = top.get_str("marker", DEFAULT_MARKER)
        if not marker.strip():
            raise top.error("marker", "must not be empty")
        message = top.get_str("commit-message", DEFAULT_COMMIT_MESSAGE)
        check_template(message, top.where("commit-message"))
        if not any(line.strip() == "{marker}" for line in message.splitlines()):
            # tag counts the marker on a line of its own only (tagging.markers)
            raise top.error("commit-message", "must have {marker} on a line of its own")
        tag_format = TagFormat(
            top.get_str("tag-format", "v{version}"), scheme=None if scheme == "auto" else scheme
        )
        return cls(
            scheme=scheme,
            tag_format=tag_format,
            marker=marker,
            commit_message=message,
            allow_dirty=top.get_bool("allow-dirty", False),
            patch_branches=tuple(top.get_str_list("patch-branches", [])),
            main_branch=top.get_str("main-branch", "main"),
            files=tuple(
                _extra_file(top, n, item) for n, item in enumerate(top.get_table_list("files"))
            ),
            version_source=version_source,
            linked=_linked_lines(top),
        )

    def render_commit_message(self, **values: str) -> str:
        return self.commit_message.format_map({"marker": self.marker, "name": "", **values})


def check_template(template: str, where: str) -> None:
    import string

    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None and name not in TEMPLATE_FIELDS:
            raise ConfigError(
                f"{where}: unknown placeholder {{{name}}} in commit-message"
                f" (known: {', '.join(TEMPLATE_FIELDS)})"
            )


def _extra_file(top: Section, index: int, item: Mapping[str, Any]) -> ExtraFile:
    top.check_entry_keys("files", index, item, ("path", "pattern"))
    path, pattern = item.get("path"), item.get("pattern")
    if not isinstance(path, str) or not isinstance(pattern, str):
        raise top.entry_error("files", index, "needs path and pattern, both strings")
    if sum(pattern.count(f"{{{part}}}") for part in FILE_PARTS) != 1:
        raise top.entry_error(
            "files",
            index,
            f"pattern for {path} must contain one placeholder, once:"
            " {version}, {major}, {minor} or {patch}",
        )
    return ExtraFile(path, pattern)


def _linked_lines(top: Section) -> tuple[LinkedLine, ...]:
    lines: list[LinkedLine] = []
    for index, item in enumerate(top.get_table_list("linked")):
        top.check_entry_keys("linked", index, item, ("name", "crates"))
        name, crates = item.get("name"), item.get("crates")
        if not isinstance(name, str) or not name.strip():
            raise top.entry_error("linked", index, "needs a name (a string)")
        if (
            not isinstance(crates, list)
            or not crates
            or not all(isinstance(c, str) and c for c in crates)
        ):
            raise top.entry_error(
                "linked", index, f"{name}: crates must be a list of crate-name globs"
            )
        if name in {line.name for line in lines}:
            raise top.entry_error("linked", index, f"{name} is named twice")
        lines.append(LinkedLine(name, tuple(crates)))
    return tuple(lines)
