"""The rolling pre-release plan and the release report: pure decisions."""

from __future__ import annotations

from typing import Any

import pytest

from release_kit.release.assets import LocalAsset
from release_kit.release.flow import Result
from release_kit.release.plan import ReleaseSpec, RemoteAsset, temp_name
from release_kit.release.report import payload, plan_lines, summary, text
from release_kit.release.rolling import plan_rolling

SPEC = ReleaseSpec("dev-latest", "b" * 40, "dev-latest", "now at bbb\n", False, True, "false")
NEW = LocalAsset.from_bytes("app.tar.gz", b"new")
SAME = LocalAsset.from_bytes("same.zip", b"same")


def remote(asset: LocalAsset, ident: int, data: bytes | None = None) -> RemoteAsset:
    other = LocalAsset.from_bytes(asset.name, data) if data is not None else asset
    return RemoteAsset(ident, asset.name, other.size, other.sha256)


@pytest.mark.parametrize(
    ("existing", "assets", "expected_fields", "expected_steps"),
    [
        (None, [], {}, [("upload", "app.tar.gz"), ("upload", "same.zip")]),
        (
            {
                "name": "dev-latest",
                "body": "now at aaa\n",
                "prerelease": True,
                "target_commitish": "a" * 40,
            },
            [remote(NEW, 1, b"old"), remote(SAME, 2), RemoteAsset(3, "gone.whl", 1, "x")],
            {"body": "now at bbb\n", "target_commitish": "b" * 40},
            [("replace", "app.tar.gz"), ("keep", "same.zip"), ("delete", "gone.whl")],
        ),
        (
            {
                "name": "dev-latest",
                "body": "now at bbb\n",
                "prerelease": True,
                "target_commitish": "b" * 40,
            },
            [remote(NEW, 1), remote(SAME, 2), RemoteAsset(4, temp_name("x", "aaaaaaa"), 1, None)],
            {},
            [("delete", "rk-tmp-aaaaaaa-x"), ("keep", "app.tar.gz"), ("keep", "same.zip")],
        ),
    ],
    ids=["first", "moved", "unchanged-with-leftover"],
)
def test_plan_rolling(
    existing: dict[str, Any] | None,
    assets: list[RemoteAsset],
    expected_fields: dict[str, Any],
    expected_steps: list[tuple[str, str]],
) -> None:
    plan = plan_rolling(SPEC, existing, assets, [NEW, SAME])
    assert plan.create is (existing is None)
    assert plan.fields == expected_fields
    assert [(s.action, s.name) for s in plan.assets] == expected_steps


def test_report_of_a_dry_run() -> None:
    plan = plan_rolling(SPEC, None, [], [NEW])
    result = Result(SPEC, "", plan, [NEW], None)
    assert plan_lines(plan, "dev-latest") == [
        "create draft release dev-latest",
        "upload app.tar.gz",
        "publish dev-latest",
    ]
    shown = text(result, dry_run=True)
    assert "  would upload app.tar.gz" in shown and shown.endswith("now at bbb")
    data = payload(result, dry_run=True)
    assert data["release_id"] is None and data["assets"][0]["sha256"] == NEW.sha256
    md = summary(result, dry_run=True)
    assert md.startswith("## Dry run: pre-release dev-latest")
    assert f"| `app.tar.gz` | 3 | `{NEW.sha256[:16]}…` |" in md
