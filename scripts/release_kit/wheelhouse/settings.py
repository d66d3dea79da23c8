"""The `[wheelhouse]` configuration section and the build targets."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from release_kit.config import Config, Section
from release_kit.errors import InputError
from release_kit.wheelhouse.naming import (
    DEFAULT_ARCHIVE_NAME,
    FOLDER,
    LAYOUTS,
    archive_name_problem,
)

KNOWN_KEYS = (
    "builder",
    "project-dir",
    "output-dir",
    "targets",
    "constraints",
    "use-lock",
    "find-links",
    "verify",
    "import-name",
    "dists-dir",
    "archive-name",
    "layout",
)
BUILDERS = ("build", "uv")


@dataclass(frozen=True)
class Target:
    """Where the wheels must install: a Python version and platform tags (empty: this machine)."""

    python_version: str
    platforms: tuple[str, ...] = ()

    @property
    def native(self) -> bool:
        """True for the running interpreter's own Python and platform."""
        if self.python_version != running_python():
            return False
        return not self.platforms or bool(set(self.platforms) & running_platforms())

    @property
    def label(self) -> str:
        plats = ",".join(self.platforms) if self.platforms else "this platform"
        return f"python {self.python_version} on {plats}"

    def as_json(self) -> dict[str, Any]:
        """For the manifest: this machine's own target names its most specific platform tag."""
        platforms = list(self.platforms) or [native_platform()]
        return {"python_version": self.python_version, "platforms": platforms}


def running_python() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def running_platforms() -> set[str]:
    from packaging.tags import sys_tags

    return {tag.platform for tag in sys_tags()}


def native_platform() -> str:
    from packaging.tags import sys_tags

    return next(iter(sys_tags())).platform


def parse_target(text: str) -> Target:
    """`3.12:manylinux_2_17_x86_64,manylinux2014_x86_64`, `3.12`, or `native`."""
    text = text.strip()
    if text in ("", "native"):
        return Target(running_python())
    version, _, plats = text.partition(":")
    parts = version.split(".")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise InputError(f"target {text!r}: expected PYTHON[:PLATFORM,...] such as 3.12:win_amd64")
    platforms = tuple(p.strip() for p in plats.split(",") if p.strip())
    return Target(version, platforms)


def _target_from_table(sec: Section, index: int, table: Mapping[str, Any]) -> Target:
    sec.check_entry_keys("targets", index, table, ("python-version", "platforms"))
    version = table.get("python-version", running_python())
    platforms = table.get("platforms", [])
    if not isinstance(version, str) or not isinstance(platforms, list):
        raise sec.entry_error(
            "targets", index, "needs python-version (string) and platforms (list)"
        )
    if not all(isinstance(p, str) for p in platforms):
        raise sec.entry_error("targets", index, "platforms must be strings")
    return parse_target(f"{version}:{','.join(platforms)}")


@dataclass(frozen=True)
class WheelhouseSettings:
    builder: str = "build"
    project_dir: str = "."
    output_dir: str = "dist"
    targets: tuple[Target, ...] = field(default_factory=lambda: (Target(running_python()),))
    constraints: tuple[str, ...] = ()
    use_lock: bool = True
    find_links: tuple[str, ...] = ()
    verify: bool = True
    import_name: str | None = None
    dists_dir: str | None = None
    archive_name: str = DEFAULT_ARCHIVE_NAME
    layout: str = FOLDER

    @classmethod
    def from_config(cls, cfg: Config) -> WheelhouseSettings:
        sec = cfg.section("wheelhouse")
        sec.check_keys(KNOWN_KEYS)
        builder = sec.get_choice("builder", "build", BUILDERS)
        tables = sec.get_table_list("targets")
        targets = tuple(_target_from_table(sec, n, t) for n, t in enumerate(tables))
        archive_name = sec.get_str("archive-name", DEFAULT_ARCHIVE_NAME)
        problem = archive_name_problem(archive_name)
        if problem:
            raise sec.error("archive-name", f"{archive_name!r} {problem}")
        return cls(
            builder=builder,
            project_dir=sec.get_str("project-dir", "."),
            output_dir=sec.get_str("output-dir", "dist"),
            targets=targets or (Target(running_python()),),
            constraints=tuple(sec.get_str_list("constraints", [])),
            use_lock=sec.get_bool("use-lock", True),
            find_links=tuple(sec.get_str_list("find-links", [])),
            verify=sec.get_bool("verify", True),
            import_name=sec.get_opt_str("import-name"),
            dists_dir=sec.get_opt_str("dists-dir"),
            archive_name=archive_name,
            layout=sec.get_choice("layout", FOLDER, LAYOUTS),
        )

    def with_targets(self, texts: Sequence[str]) -> WheelhouseSettings:
        if not texts:
            return self
        from dataclasses import replace

        return replace(self, targets=tuple(dict.fromkeys(parse_target(t) for t in texts)))
