"""`verify`: is the release what the run promised? Tag, state, assets, checksums.

Read-only. Each problem is one short line; the command fails with all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from release_kit.checksums import sha256_hex
from release_kit.release.api import ReleaseApi
from release_kit.release.assets import parse_sha256sums
from release_kit.release.plan import RemoteAsset


@dataclass
class Report:
    tag: str
    tag_sha: str | None = None
    release: dict[str, Any] | None = None
    checked: list[str] = field(default_factory=list)  # assets whose checksum matched
    problems: list[str] = field(default_factory=list)


def verify_release(
    api: ReleaseApi,
    tag: str,
    *,
    commit: str | None,
    draft: bool,
    expected_assets: Sequence[str],
    checksums: str,
) -> Report:
    report = Report(tag)
    report.tag_sha = api.tag_sha(tag)
    if report.tag_sha is None:
        report.problems.append(f"tag {tag} does not exist")
    elif commit and report.tag_sha != commit:
        report.problems.append(f"tag {tag} is at {report.tag_sha[:12]}, expected {commit[:12]}")
    release = report.release = api.find(api.list_releases(), tag)
    if release is None:
        report.problems.append(f"no release for {tag}")
        return report
    if bool(release.get("draft")) != draft:
        state = "a draft" if release.get("draft") else "published"
        report.problems.append(
            f"release {tag} is {state}, expected {'a draft' if draft else 'published'}"
        )
    assets = {a.name: a for a in (RemoteAsset.from_api(r) for r in release.get("assets") or [])}
    for name in expected_assets:
        if name not in assets:
            report.problems.append(f"asset {name} is missing")
        elif not assets[name].uploaded:
            report.problems.append(f"asset {name} is not completely uploaded")
    sums_asset = assets.get(checksums) if checksums else None
    if sums_asset is None:
        if checksums and assets:
            report.problems.append(f"no {checksums} on the release")
        return report
    sums = parse_sha256sums(api.client.download_asset(sums_asset.id).decode("utf-8", "replace"))
    for name, digest in sorted(sums.items()):
        asset = assets.get(name)
        if asset is None:
            report.problems.append(f"{checksums} lists {name}, which is not on the release")
            continue
        actual = asset.sha256 or sha256_hex(api.client.download_asset(asset.id))
        if actual != digest:
            report.problems.append(
                f"asset {name}: sha256 {actual[:16]}… != {checksums} {digest[:16]}…"
            )
        else:
            report.checked.append(name)
    for name in assets:
        if name != checksums and name not in sums:
            report.problems.append(f"asset {name} is not listed in {checksums}")
    return report
