"""create-release decisions: notes templates, the rule-line section, asset names and plans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from release_kit.config import Config
from release_kit.errors import ConfigError, ConflictError, InputError, RefusedError
from release_kit.release import assets as A
from release_kit.release.changelog_rule import above_rule
from release_kit.release.latest import decide_make_latest
from release_kit.release.milestone import (
    check_blockers,
    check_milestone_open_items,
    version_from_title,
)
from release_kit.release.notes import (
    Item,
    NotesInput,
    compile_template,
    items_from_issues,
    milestone_markdown,
)
from release_kit.release.ops import tag_after_publish
from release_kit.release.plan import (
    ReleaseSpec,
    RemoteAsset,
    plan_assets,
    plan_release,
    temp_name,
)
from release_kit.release.settings import ReleaseSettings
from release_kit.versioning import parse_version

WASMTIME = """\
## 15.0.0

Unreleased.

### Added

* Something new.

--------------------------------------------------------------------------------

Release notes for previous releases live on their release branches.
"""


@pytest.mark.parametrize(
    ("text", "version", "expected"),
    [
        (WASMTIME, "15.0.0", "## 15.0.0\n\nUnreleased.\n\n### Added\n\n* Something new.\n"),
        (WASMTIME, "14.0.0", None),
        ("Title\n---\n\n## 1.0.0\nx\n\n***\nold\n", "1.0.0", "Title\n---\n\n## 1.0.0\nx\n"),
        ("## 1.0.0\nno rule at all\n", "1.0.0", None),
        ("## 1.0.0-rc.1\nx\n\n---\n", "1.0.0", None),
        ("# v2.1.0\n\n- a\n\n_ _ _\n", "2.1.0", "# v2.1.0\n\n- a\n"),
    ],
    ids=[
        "wasmtime",
        "other-version",
        "setext-is-not-a-rule",
        "no-rule",
        "prerelease-only",
        "v-prefix",
    ],
)
def test_above_rule(text: str, version: str, expected: str | None) -> None:
    assert above_rule(text, version) == expected


def _notes(**sections: str) -> NotesInput:
    return NotesInput(
        tag="v1.2.0", version="1.2.0", previous_tag="v1.1.0", sections=list(sections.items())
    )


@pytest.mark.parametrize(
    ("template", "sections", "expected"),
    [
        (
            None,
            {"changelog": "## 1.2.0\n- a\n", "generated": "**Full**"},
            "## 1.2.0\n- a\n\n**Full**\n",
        ),
        (None, {"changelog": "", "generated": "gen"}, "gen\n"),
        (
            "{{ tag }} since {{ previous_tag }}\n{{ changelog }}",
            {"changelog": "x"},
            "v1.2.0 since v1.1.0\nx\n",
        ),
        ("{% if generated %}G{% else %}none{% endif %}", {}, "none\n"),
    ],
    ids=["default-two-sources", "default-skips-empty", "custom", "custom-missing-source"],
)
def test_render(template: str | None, sections: dict[str, str], expected: str) -> None:
    assert compile_template(template).render(_notes(**sections)) == expected


@pytest.mark.parametrize(
    "template",
    ["{% for x in sections %}no end", "{{ tag }", "{% if %}{% endif %}"],
    ids=["unclosed-for", "unclosed-var", "empty-if"],
)
def test_template_syntax_error_is_input_error(template: str) -> None:
    with pytest.raises(InputError, match=r"notes template notes.j2 line \d+") as info:
        compile_template(template, "notes.j2")
    assert info.value.exit_code == 2
    assert "\n" not in info.value.message


def test_template_undefined_variable_is_input_error() -> None:
    with pytest.raises(InputError, match="undefined"):
        compile_template("{{ nonsense }}").render(_notes())


def test_milestone_items_split_issues_and_merged_pulls() -> None:
    payload: list[dict[str, Any]] = [
        {"number": 3, "title": "PR merged", "pull_request": {"merged_at": "2026-01-01T00:00:00Z"}},
        {"number": 4, "title": "PR closed unmerged", "pull_request": {"merged_at": None}},
        {"number": 1, "title": "Bug fixed", "user": {"login": "ann"}},
        {"number": 2, "title": "Won't do", "state_reason": "not_planned"},
    ]
    issues, pulls = items_from_issues(payload)
    assert [i.number for i in issues] == [1]
    assert [p.number for p in pulls] == [3]
    text = milestone_markdown("v1.2.0", issues, pulls)
    assert "### Closed issues\n\n- Bug fixed (#1) @ann" in text
    assert "### Merged pull requests\n\n- PR merged (#3)" in text
    assert milestone_markdown("v1", [], []) == ""
    assert Item(1, "x").url == ""


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("dist/app.tar.gz", "path separator"),
        ("dist\\app.zip", "path separator"),
        ("my app.zip", "GitHub would rename"),
        ("pkg_1.0~rc1.deb", "GitHub would rename"),
        ("pkg+build.tar.gz", "GitHub would rename"),
        ("app-(x86).zip", "GitHub would rename"),
        ("naïve.zip", "GitHub would rename"),
        (".hidden", "starts or ends"),
        ("trailing.", "starts or ends"),
        ("a..b", "consecutive"),
    ],
    ids=[
        "slash",
        "backslash",
        "space",
        "tilde",
        "plus",
        "parens",
        "non-ascii",
        "leading-dot",
        "trailing-dot",
        "double-dot",
    ],
)
def test_bad_asset_names(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        A.check_name(name)


@pytest.mark.parametrize("name", ["app-1.2.0.tar.gz", "SHA256SUMS", "x_y-Z.9"], ids=str)
def test_good_asset_names(name: str) -> None:
    A.check_name(name)


def test_select_globs_and_allow_empty(tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    for name in ("b.whl", "a.whl", "a.tar.gz"):
        (tmp_path / "dist" / name).write_bytes(name.encode())
    got = A.select(tmp_path, ["dist/*.whl", "dist/*", "dist/a.whl"], allow_empty=False)
    assert [p.name for p in got] == ["a.whl", "b.whl", "a.tar.gz"]
    with pytest.raises(InputError, match="'out/\\*' matches no file"):
        A.select(tmp_path, ["out/*"], allow_empty=False)
    assert A.select(tmp_path, ["out/*"], allow_empty=True) == []
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "a.whl").write_bytes(b"x")
    with pytest.raises(InputError, match=r"two assets named 'a\.whl'"):
        A.select(tmp_path, ["*/a.whl"], allow_empty=False)


def test_sha256sums_round_trip() -> None:
    files = [A.LocalAsset.from_bytes("b.bin", b"bb"), A.LocalAsset.from_bytes("a.bin", b"a")]
    full = A.with_checksums(files, "SHA256SUMS")
    sums = full[-1]
    assert sums.name == "SHA256SUMS"
    text = sums.data.decode()
    assert text.splitlines()[0].endswith("  a.bin")
    assert A.parse_sha256sums(text) == {"a.bin": files[1].sha256, "b.bin": files[0].sha256}
    assert A.with_checksums([], "SHA256SUMS") == []
    assert A.with_checksums(files, "") == files
    with pytest.raises(InputError, match="name of the checksum file"):
        A.with_checksums([A.LocalAsset.from_bytes("SHA256SUMS", b"")], "SHA256SUMS")


def _local(name: str, data: bytes) -> A.LocalAsset:
    return A.LocalAsset.from_bytes(name, data)


def _remote(
    ident: int, asset: A.LocalAsset, *, digest: bool = True, uploaded: bool = True
) -> RemoteAsset:
    return RemoteAsset(ident, asset.name, asset.size, asset.sha256 if digest else None, uploaded)


def test_plan_assets_keep_upload_replace_conflict() -> None:
    same, changed, new = _local("same", b"1"), _local("changed", b"2"), _local("new", b"3")
    remote = [
        _remote(1, same),
        _remote(2, _local("changed", b"old")),
        RemoteAsset(3, temp_name("x", "abc"), 1, None),
        RemoteAsset(4, "stale", 1, None),
    ]
    with pytest.raises(ConflictError, match="changed already on the release"):
        plan_assets([same, changed, new], remote, overwrite=False)
    steps = plan_assets([same, changed, new], remote, overwrite=True)
    assert [(s.action, s.name) for s in steps] == [
        ("delete", "rk-tmp-abc-x"),
        ("keep", "same"),
        ("replace", "changed"),
        ("upload", "new"),
    ]
    pruned = plan_assets([same], remote[:1] + remote[3:], overwrite=False, prune=True)
    assert [(s.action, s.name) for s in pruned] == [("keep", "same"), ("delete", "stale")]
    broken = plan_assets([same], [_remote(1, same, uploaded=False)], overwrite=False)
    assert [s.action for s in broken] == ["replace"]


SPEC = ReleaseSpec("v1.2.0", "abc", "v1.2.0", "notes\n", False, False, "true")


@pytest.mark.parametrize(
    ("existing", "create", "fields", "publish"),
    [
        (None, True, {}, True),
        (
            {"name": "v1.2.0", "body": "notes", "draft": False, "prerelease": False},
            False,
            {},
            False,
        ),
        ({"name": "v1.2.0", "body": "notes", "draft": True, "prerelease": False}, False, {}, True),
        (
            {"name": "old", "body": "notes\r\n", "draft": False, "prerelease": True},
            False,
            {"name": "v1.2.0", "prerelease": False, "make_latest": "true"},
            False,
        ),
    ],
    ids=["create", "unchanged", "finish-draft", "update-fields"],
)
def test_plan_release(
    existing: dict[str, Any] | None, create: bool, fields: dict[str, Any], publish: bool
) -> None:
    plan = plan_release(SPEC, existing, [], overwrite=False)
    assert (plan.create, plan.fields, plan.publish) == (create, fields, publish)
    assert plan.changes == (create or bool(fields) or publish)


def test_plan_points_a_tagless_release_at_the_target() -> None:
    draft = {"name": "v1.2.0", "body": "notes", "draft": True, "target_commitish": "old"}
    plan = plan_release(SPEC, draft, [], overwrite=False, tag_exists=False)
    assert (plan.fields, plan.publish) == ({"target_commitish": "abc"}, True)
    # With its tag, GitHub ignores target_commitish: nothing to change.
    assert plan_release(SPEC, draft, [], overwrite=False).fields == {}
    pinned = {**draft, "target_commitish": "abc"}
    assert plan_release(SPEC, pinned, [], overwrite=False, tag_exists=False).fields == {}


@pytest.mark.parametrize(
    ("draft", "target", "replaced"),
    [(True, "abc", True), (True, "main", False), (False, "abc", False)],
    ids=["own-draft", "draft-by-hand", "published"],
)
def test_short_asset_is_replaced_only_on_the_kits_own_draft(
    draft: bool, target: str, replaced: bool
) -> None:
    """Finding 9: a killed upload's short asset on the kit's own draft is swapped in."""
    full = _local("app.tar.gz", b"full bytes")
    existing = {"name": "v1.2.0", "body": "notes", "draft": draft, "target_commitish": target}
    remote = [_remote(7, _local("app.tar.gz", b"full"))]
    if not replaced:
        with pytest.raises(ConflictError, match="set overwrite"):
            plan_release(SPEC, existing, [full], overwrite=False, remote=remote)
        return
    plan = plan_release(SPEC, existing, [full], overwrite=False, remote=remote)
    assert [(s.action, s.name) for s in plan.assets] == [("replace", "app.tar.gz")]


class _TagApi:
    def __init__(self, found: str | None) -> None:
        self.found, self.created = found, [] if found is None else None

    def tag_sha(self, tag: str) -> str | None:
        return self.found

    def create_tag_ref(self, tag: str, sha: str) -> None:
        assert self.created is not None
        self.created.append((tag, sha))


@pytest.mark.parametrize(
    ("found", "said"),
    [("abc", "created at abc by publishing"), (None, "created tag v1.2.0 at abc")],
    ids=["made-by-publishing", "fallback"],
)
def test_tag_after_publish(found: str | None, said: str) -> None:
    api, lines = _TagApi(found), []
    tag_after_publish(api, "v1.2.0", "abc", lines.append)  # type: ignore[arg-type]
    assert said in lines[0]
    assert api.created in (None, [("v1.2.0", "abc")])


def test_tag_after_publish_on_another_commit_is_a_conflict() -> None:
    with pytest.raises(ConflictError, match="points at other"):
        tag_after_publish(_TagApi("other"), "v1.2.0", "abc", print)  # type: ignore[arg-type]


def test_plan_refuses_to_unpublish() -> None:
    spec = ReleaseSpec("v1", "abc", "v1", "", True, False, "true")
    with pytest.raises(ConflictError, match="already published"):
        plan_release(spec, {"draft": False}, [], overwrite=False)


RELEASES = [
    {"tag_name": "v2.0.0"},
    {"tag_name": "v1.4.2"},
    {"tag_name": "v3.0.0-rc.1", "prerelease": True},
    {"tag_name": "v9.0.0", "draft": True},
    {"tag_name": "nightly"},
]


@pytest.mark.parametrize(
    ("setting", "version", "expected"),
    [
        ("auto", "1.4.3", "false"),
        ("auto", "2.0.1", "true"),
        ("auto", "2.1.0-rc.1", "false"),
        ("true", "1.4.3", "true"),
        ("legacy", "1.0.0", "legacy"),
    ],
    ids=["old-line-patch", "newest", "prerelease", "forced", "legacy"],
)
def test_make_latest(setting: str, version: str, expected: str) -> None:
    parsed = parse_version(version, "semver")

    def version_of(tag: str) -> Any:
        return parse_version(tag[1:], "semver") if tag.startswith("v") else None

    got = decide_make_latest(
        setting,
        parsed,
        prerelease=parsed.is_prerelease,
        draft=False,
        releases=RELEASES,
        tag=f"v{version}",
        version_of=version_of,
    )
    assert got == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [("v1.4.0", "1.4.0"), ("1.4.0", "1.4.0"), ("Release 2.0.0-rc.1", "2.0.0-rc.1")],
    ids=["v", "bare", "words"],
)
def test_version_from_title(title: str, expected: str) -> None:
    assert version_from_title(title) == expected


@pytest.mark.parametrize("title", ["Next", "1.0.0 or 1.1.0"], ids=["none", "two"])
def test_version_from_bad_title(title: str) -> None:
    with pytest.raises(InputError, match="milestone title"):
        version_from_title(title)


def test_gates_list_open_items() -> None:
    items = [{"number": 7, "title": "Crash"}, {"number": 9, "title": "Docs"}]
    with pytest.raises(RefusedError, match="2 open issue\\(s\\): #7 Crash; #9 Docs"):
        check_milestone_open_items("v1.0.0", items)
    with pytest.raises(RefusedError, match="labelled 'release-blocker'"):
        check_blockers("release-blocker", items)
    check_milestone_open_items("v1.0.0", [])
    check_blockers("x", [])


def test_settings_defaults_and_errors(tmp_path: Path) -> None:
    default = ReleaseSettings.from_config(Config(tmp_path, None, {}))
    assert default.notes == ("changelog", "generated") and not default.notes_explicit
    cfg = Config(
        tmp_path, "release-kit.toml", {"release": {"notes": ["milestone"], "prerelease": "auto"}}
    )
    got = ReleaseSettings.from_config(cfg)
    assert got.notes == ("milestone",) and got.notes_explicit and got.prerelease is None
    assert default.rolling_notes == ()  # the build line only
    rolling = {"release": {"rolling-notes": ["changelog", "generated", "changelog"]}}
    got = ReleaseSettings.from_config(Config(tmp_path, "release-kit.toml", rolling))
    assert got.rolling_notes == ("changelog", "generated") and got.notes == default.notes
    bad_values: list[dict[str, Any]] = [
        {"notes": ["wiki"]},
        {"make-latest": "maybe"},
        {"prerelease": 3},
        {"typo": 1},
        {"name": "Release {nme}"},
        {"name": "Release {"},
        {"rolling-notes": ["wiki"]},
        {"rolling-notes": ["changelog", "milestone"]},
        {"rolling-notes": "changelog"},
    ]
    for bad in bad_values:
        with pytest.raises(ConfigError):
            ReleaseSettings.from_config(Config(tmp_path, "release-kit.toml", {"release": bad}))
