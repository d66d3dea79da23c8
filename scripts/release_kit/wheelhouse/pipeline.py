"""`wheelhouse build`: build, check the version, collect, pack, verify (all in a work dir)."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name

from release_kit import __version__, workspace
from release_kit.errors import InputError, ReleaseKitError, VersionError
from release_kit.git import Git
from release_kit.wheelhouse import archive, backend, contents, naming
from release_kit.wheelhouse.collect import collect, prefetch
from release_kit.wheelhouse.lock import constraints_from_uv_lock
from release_kit.wheelhouse.settings import WheelhouseSettings
from release_kit.wheelhouse.verify import same_version, verify

NOT_NATIVE = "no target is this interpreter's, so nothing can be installed here"


@dataclass(frozen=True)
class Staged:
    """A finished archive in memory, not yet published."""

    name: str
    version: str
    file_name: str  # the archive's file name, from the archive-name template
    data: bytes
    wheels: tuple[contents.WheelEntry, ...]
    verified: bool
    note: str  # why verification was skipped, or ""
    dists: dict[str, bytes] = field(default_factory=dict)  # the project's own sdist and wheel

    @property
    def stem(self) -> str:
        return naming.archive_stem(self.file_name)


def source_date_epoch(env: Mapping[str, str], project: Path) -> int:
    """SOURCE_DATE_EPOCH when set, else the commit time of HEAD (the tagged commit)."""
    value = env.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        if not value.isdigit():
            raise InputError(f"SOURCE_DATE_EPOCH must be whole seconds, got {value!r}")
        return int(value)
    out = Git(project).run("log", "-1", "--format=%ct", "HEAD", check=False)
    if not out.isdigit():  # empty when git fails (no repository, no commit)
        raise InputError("set SOURCE_DATE_EPOCH or build inside a git repository with a commit")
    return int(out)


def tool_versions(builder: str, env: Mapping[str, str]) -> dict[str, str]:
    tools = {
        "python": ".".join(str(n) for n in sys.version_info[:3]),
        "pip": importlib.metadata.version("pip"),
        "release-kit": __version__,
    }
    if builder == "uv":
        uv = backend.find_uv()
        out = subprocess.run(
            [uv or "uv", "--version"], capture_output=True, text=True, env=dict(env)
        )
        tools["uv"] = out.stdout.strip().removeprefix("uv ")
    else:
        tools["build"] = importlib.metadata.version("build")
    return tools


def _constraints(project: Path, settings: WheelhouseSettings, name: str, work: Path) -> list[Path]:
    paths = []
    for rel in settings.constraints:
        path = (project / rel).resolve()
        if not path.is_file():
            raise InputError(f"constraints file {rel} not found in {project.name}")
        paths.append(path)
    lock = project / "uv.lock"
    if settings.use_lock and lock.is_file():
        pinned = work / "uv-lock-constraints.txt"
        pinned.write_text(constraints_from_uv_lock(lock.read_text("utf-8"), name), "utf-8")
        paths.append(pinned)
    return paths


def _find_links(project: Path, links: tuple[str, ...]) -> list[str]:
    return [link if "://" in link else str((project / link).resolve()) for link in links]


def build_wheelhouse(
    project: Path,
    settings: WheelhouseSettings,
    release_version: str | None,
    *,
    env: Mapping[str, str],
    work: Path,
    say: Callable[[str], None],
) -> Staged:
    """Everything up to a verified archive in memory; writes only under `work`."""
    epoch = source_date_epoch(env, project)
    build_env = {**env, "SOURCE_DATE_EPOCH": str(epoch)}
    say(f"building {project.name} with {settings.builder} (SOURCE_DATE_EPOCH={epoch})")
    dist = work / "dist"
    sdist = backend.build_sdist(settings.builder, project, dist, build_env)
    sdist_name, declared = backend.sdist_metadata(sdist)
    constraints = _constraints(project, settings, sdist_name, work)
    links = _find_links(project, settings.find_links)
    targets = list(enumerate(settings.targets))
    with ThreadPoolExecutor(max_workers=1) as pool:
        # While the wheel is built from the sdist, fetch the dependencies the sdist
        # declares (the wheel's own resolution then runs offline against them).
        fetching = None
        if declared:
            fetching = pool.submit(
                lambda: [
                    prefetch(
                        target,
                        declared,
                        work / f"prefetch-{index}",
                        constraints=constraints,
                        find_links=links,
                        env=build_env,
                        cwd=work,
                    )
                    for index, target in targets
                ]
            )
        built = backend.build_wheel(settings.builder, sdist, dist, build_env)
        prefetched = fetching.result() if fetching else [None] * len(targets)
    version = release_version or built.version
    if not same_version(built.version, version):
        raise VersionError(
            f"{built.wheel.name}: metadata version {built.version} is not the release"
            f" version {version}"
        )
    complete = declared is not None and backend.wheel_requirements(built.wheel) == declared
    wheels: dict[str, bytes] = {}
    for index, target in targets:
        say(f"collecting dependencies for {target.label}")
        found = collect(
            target,
            built.wheel,
            work / f"target-{index}",
            constraints=constraints,
            find_links=links,
            env=build_env,
            cwd=work,
            prefetched=prefetched[index],
            complete=complete,
        )
        for path in found:
            data = workspace.read_regular(path, "wheelhouse file")
            contents.add_wheel(wheels, path.name, data, target.label)
    if wheels.get(built.wheel.name) != built.wheel.read_bytes():
        raise InputError(f"{built.wheel.name} is not installable for every requested target")
    file_name = naming.archive_file_name(settings.archive_name, built.name, version)
    stem = naming.archive_stem(file_name)
    files, entries = contents.assemble(
        name=built.name,
        version=version,
        wheels=wheels,
        targets=[t.as_json() for t in settings.targets],
        target_labels=[t.label for t in settings.targets],
        tools=tool_versions(settings.builder, env),
        source_date_epoch=epoch,
        file_name=file_name,
        layout=settings.layout,
    )
    verified, note = False, "verification turned off"
    native = any(t.native for t in settings.targets)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The offline install runs while the archive is packed; it installs from a
        # folder holding exactly the archive's wheels (checked below, byte for byte).
        pending = None
        if settings.verify and native:
            folder = work / "verify" / stem
            folder.mkdir(parents=True)
            for fname, blob in wheels.items():
                (folder / fname).write_bytes(blob)
            import_name = import_name_for(settings.import_name, built.wheel, built.name)
            say(f"verifying: offline install of {built.name}=={version} in a fresh venv")
            pending = pool.submit(verify, folder, built.name, version, import_name, work, env)
        elif settings.verify:
            note = NOT_NATIVE
        data = archive.pack(top_folder(file_name, settings.layout), files, epoch)
        _top, packed, _junk = archive.unpack_bytes(data, file_name)
        if packed != files:
            raise ReleaseKitError("the packed archive does not read back as its files")
        if pending is not None:
            pending.result()
            verified, note = True, ""
    dists = {p.name: p.read_bytes() for p in (built.sdist, built.wheel)}
    return Staged(built.name, version, file_name, data, tuple(entries), verified, note, dists)


def top_folder(file_name: str, layout: str) -> str | None:
    """The archive's top folder: the name's stem (folder layout), or none (flat)."""
    return None if layout == naming.FLAT else naming.archive_stem(file_name)


def import_name_for(explicit: str | None, wheel: Path, name: str) -> str:
    """The configured import name, else the wheel's only top-level name, else the project's."""
    if explicit:
        return explicit
    names = backend.import_names(wheel)
    guess = canonicalize_name(name).replace("-", "_")
    if len(names) == 1 or guess not in names:
        return names[0] if names else guess
    return guess


def check_archive(
    data: bytes,
    file_name: str,
    name: str,
    version: str,
    import_name: str,
    *,
    native: bool,
    env: Mapping[str, str],
    work: Path,
    say: Callable[[str], None],
) -> tuple[bool, str]:
    """Unpack the archive's bytes and install from them offline; (verified, note)."""
    if not native:
        return False, NOT_NATIVE
    packed = work / file_name
    packed.write_bytes(data)
    _top, files, _junk = archive.unpack(packed)
    folder = work / "unpacked" / naming.archive_stem(file_name)
    folder.mkdir(parents=True)
    for fname, blob in files.items():
        (folder / fname).write_bytes(blob)
    say(f"verifying: offline install of {name}=={version} in a fresh venv")
    verify(folder, name, version, import_name, work, env)
    return True, ""
