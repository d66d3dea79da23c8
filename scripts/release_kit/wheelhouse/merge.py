"""`wheelhouse merge`: partial wheelhouses (one per runner of a matrix) into one archive."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

from release_kit import __version__, workspace
from release_kit.errors import InputError
from release_kit.wheelhouse import archive, contents, naming
from release_kit.wheelhouse.pipeline import Staged, check_archive, import_name_for, top_folder
from release_kit.wheelhouse.settings import Target, parse_target
from release_kit.wheelhouse.verify import same_version


def _label(target: Mapping[str, Any]) -> str:
    plats = ",".join(target.get("platforms", []))
    return parse_target(f"{target.get('python_version', '')}:{plats}").label


def merge_archives(
    paths: Sequence[Path],
    *,
    release_version: str | None,
    import_name: str | None,
    verify: bool,
    archive_name: str = naming.DEFAULT_ARCHIVE_NAME,
    layout: str = naming.FOLDER,
    env: Mapping[str, str],
    work: Path,
    say: Callable[[str], None],
) -> Staged:
    """Identical wheels are kept once; a file name with other bytes is a ConflictError.

    The partials may have either layout; the merged archive gets `archive_name` and `layout`.
    """
    if len(paths) < 1:
        raise InputError("wheelhouse merge needs at least one partial wheelhouse archive")
    name = version = None
    wheels: dict[str, bytes] = {}
    targets: dict[str, dict[str, Any]] = {}
    partials: dict[str, dict[str, Any]] = {}
    epochs: list[int] = []
    for path in paths:
        workspace.no_links([path], "partial wheelhouse")
        if not path.is_file():
            raise InputError(f"{path}: no such partial wheelhouse")
        data = workspace.read_regular(path, "partial wheelhouse")
        _top, files, junk = archive.unpack_bytes(data, path.name)
        if junk:
            say(f"{path.name}: skipped junk {', '.join(sorted(junk))}")
        meta = contents.parse_manifest(files.get(contents.MANIFEST, b"").decode(), path.name)
        contents.check_sums(files, path.name)
        if name is None:
            name, version = str(meta["name"]), str(meta["version"])
        elif (meta["name"], meta["version"]) != (name, version):
            raise InputError(
                f"{path.name} holds {meta['name']} {meta['version']}, not {name} {version}"
            )
        for fname, blob in files.items():
            if fname.endswith(".whl"):
                contents.add_wheel(wheels, fname, blob, path.name)
        for target in meta.get("targets", []):
            targets[json.dumps(target, sort_keys=True)] = target
        part = {"targets": meta.get("targets", []), "tools": meta.get("tools", {})}
        partials[json.dumps(part, sort_keys=True)] = part
        epochs.append(int(meta.get("source_date_epoch", 0)))
    assert name is not None and version is not None
    if release_version and not same_version(version, release_version):
        raise InputError(f"the partial wheelhouses hold {name} {version}, not {release_version}")
    env_epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    epoch = int(env_epoch) if env_epoch.isdigit() else max(epochs)
    ordered = [targets[k] for k in sorted(targets)]
    file_name = naming.archive_file_name(archive_name, name, version)
    files, entries = contents.assemble(
        name=name,
        version=version,
        wheels=wheels,
        targets=ordered,
        target_labels=[_label(t) for t in ordered],
        tools={"release-kit": __version__},
        source_date_epoch=epoch,
        file_name=file_name,
        layout=layout,
        merged_from=[partials[k] for k in sorted(partials)],
    )
    data = archive.pack(top_folder(file_name, layout), files, epoch)
    verified, note = False, "verification turned off"
    if verify:
        native = any(
            Target(str(t.get("python_version")), tuple(t.get("platforms", []))).native
            for t in ordered
        )
        own = [e for e in entries if canonicalize_name(e.project) == canonicalize_name(name)]
        if not own:
            raise InputError(f"the partial wheelhouses hold no wheel of {name} itself")
        wheel = work / own[0].filename
        wheel.write_bytes(wheels[own[0].filename])
        verified, note = check_archive(
            data,
            file_name,
            name,
            version,
            import_name_for(import_name, wheel, name),
            native=native,
            env=env,
            work=work,
            say=say,
        )
    return Staged(name, version, file_name, data, tuple(entries), verified, note)
