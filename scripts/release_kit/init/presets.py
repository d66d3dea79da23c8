"""The presets of `release-kit init`: each one is a release process a real project runs.

A preset is data only: which workflows it renders and the values their
templates are rendered with. The templates themselves live in `templates/`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from release_kit.init.image import dockerfile_problem, image_problem
from release_kit.wheelhouse.naming import DEFAULT_ARCHIVE_NAME, FLAT, FOLDER

# The workflows a preset can render, by template name (also the file name).
MONTHLY = "release-monthly"
PUSH_TAG = "release-push-tag"
ON_TAG = "release-on-tag"
DISPATCH = "release-dispatch"
ROLLING = "release-rolling"
ROLLBACK = "release-rollback"
ALL_WORKFLOWS = (MONTHLY, PUSH_TAG, ON_TAG, DISPATCH, ROLLING, ROLLBACK)

DEFAULT_RUNNERS = ("ubuntu-latest", "macos-latest", "windows-latest")
# Stands for the repository's default branch in branch lists; filled in at render time.
DEFAULT_BRANCH = "{default-branch}"


@dataclass(frozen=True)
class Preset:
    """One release process: the workflows to render and how each is set."""

    name: str
    summary: str
    workflows: tuple[str, ...]
    # Versions and tags.
    scheme: str = "auto"  # auto | semver | pep440
    tag_format: str = "v{version}"
    version_source: str | None = None  # None: detected
    # Branches.
    release_branch_globs: tuple[str, ...] = ("release/**",)
    branch_pattern: str = "release/v{version}"
    patch_tags: str = "create"  # `[branch] patch-tags`: reuse puts a patch tag on X.Y.0's branch
    patch_branches: tuple[str, ...] = ("release/*",)
    # monthly
    monthly_bump: str = "minor"
    pr_branch: str | None = None  # `[pr] branch`; None: the kit's default
    # push-tag
    push_tag_mode: str = "marker"  # marker | version
    next_trigger: str = "dispatch"  # dispatch | same-workflow
    floating_major: bool = False
    # on-tag
    create_branch: bool = True
    release_on_tag: bool = True
    wheelhouse_runners: tuple[str, ...] = DEFAULT_RUNNERS
    # `[wheelhouse]` keys the preset writes when they differ from the kit's defaults.
    wheelhouse_builder: str = "build"
    wheelhouse_archive_name: str = DEFAULT_ARCHIVE_NAME
    wheelhouse_layout: str = FOLDER
    pypi: bool = True
    crates: bool = False
    notes: str = "changelog,generated"
    release_name: str | None = None  # `[release] name`; None: the kit's default, the tag
    blockers_label: str | None = None
    # dispatch
    dispatch_refs: tuple[str, ...] = ("release/**",)
    milestone_input: bool = True
    milestone_driven: bool = False  # the version comes from the milestone title
    merge_from: str | None = None
    merge_message: str = "Merge {from} into {into} for release {tag}"
    # rolling
    rolling_tag: str = "dev-latest"
    rolling_name: str | None = None  # `[release] rolling-name`; None: as `release_name`
    rolling_notes: str = ""  # `[release] rolling-notes`, as `notes`; "": the build line only
    # changelog
    changelog_file: str = "CHANGELOG.md"
    # `[changelog] require`; None: the kit's default (required when `notes` names it)
    changelog_require: bool | None = None
    # container image pushed after the release (None: no image job)
    image: str | None = None  # e.g. "ghcr.io/{owner}/{repo}"; see init/image.py
    dockerfile: str = "Dockerfile"  # relative to the repository root (the build context)
    pending_headings: tuple[str, ...] = ()  # `[changelog] pending-headings`; (): Unreleased
    # versions: `[[linked]]` lines (name, crate-name globs) and `[[files]]` (path, pattern);
    # init writes each only where the repository has it (`fit_to_repository`)
    linked: tuple[tuple[str, tuple[str, ...]], ...] = ()
    version_files: tuple[tuple[str, str], ...] = ()
    # on-tag: after a release tagged from the default branch, open the PR that moves it
    # on to the next -dev (`bump dev`); None: no such job
    after_release: str | None = None

    def __post_init__(self) -> None:
        unknown = set(self.workflows) - set(ALL_WORKFLOWS)
        if unknown:
            raise ValueError(f"preset {self.name}: unknown workflows {sorted(unknown)}")
        if self.pypi and not self.wheelhouse_runners:
            raise ValueError(f"preset {self.name}: PyPI publishing needs the wheelhouse build")
        if self.image is not None:
            problem = image_problem(self.image) or dockerfile_problem(self.dockerfile)
            if problem:
                raise ValueError(f"preset {self.name}: image {problem}")


DEFAULT = Preset(
    name="default",
    summary=(
        "monthly bump PR -> push-tag (marker) -> on-tag: release branch, wheelhouse on "
        "three runners, release with changelog + generated notes, PyPI; manual patch/rc "
        "releases from release branches; a rolling dev-latest pre-release"
    ),
    workflows=ALL_WORKFLOWS,
)

PRESETS: dict[str, Preset] = {
    "default": DEFAULT,
    "wasmtime": Preset(
        name="wasmtime",
        scheme="semver",
        summary=(
            "second-Monday major bump PR whose commit carries the marker; push-tag on main "
            "and release-* tags that commit; on-tag creates release-X.Y.Z (a patch tag "
            "stays on its X.Y.0 branch), the release (notes from RELEASES.md) and "
            "publishes crates; patch releases by running the monthly workflow on a release "
            "branch with bump=patch"
        ),
        workflows=(MONTHLY, PUSH_TAG, ON_TAG),
        release_branch_globs=("release-*",),
        branch_pattern="release-{version}",
        # A patch (v40.0.1) is tagged on release-40.0.0 and gets no branch of its own.
        patch_tags="reuse",
        patch_branches=("release-*",),
        monthly_bump="major",
        # The monthly PR (main) and a patch PR (release-X.Y.Z) open side by side.
        pr_branch="release-kit/bump-{base}",
        wheelhouse_runners=(),
        pypi=False,
        crates=True,
        notes="changelog",
        changelog_file="RELEASES.md",
        # cranelift's 0.x crates move with the workspace: 49.0.0 <-> 0.136.0
        linked=(("cranelift", ("cranelift*",)),),
        version_files=tuple(
            ("crates/c-api/include/wasmtime.h", f"^#define WASMTIME_VERSION{name} {value}$")
            for name, value in (
                ("", '"{version}"'),
                ("_MAJOR", "{major}"),
                ("_MINOR", "{minor}"),
                ("_PATCH", "{patch}"),
            )
        ),
        after_release="dev",
    ),
    "hyperlight": Preset(
        name="hyperlight",
        scheme="semver",
        summary=(
            "a maintainer pushes tag vX.Y.Z (a patch tag too); on-tag creates "
            "release/vX.Y.Z; the release is dispatched from that branch (notes: CHANGELOG "
            "section + generated notes; refused while release blockers are open) and "
            "publishes the crates not yet on "
            "crates.io; patch versions only from release branches; dev-latest pre-release "
            "on every push to main, its notes the changelog's Prerelease section"
        ),
        workflows=(ON_TAG, DISPATCH, ROLLING),
        push_tag_mode="version",
        release_on_tag=False,
        wheelhouse_runners=(),
        pypi=False,
        crates=True,
        milestone_input=False,
        notes="generated,changelog",  # "What's Changed" first, then the changelog section
        release_name="Release {tag}",
        rolling_name="Latest prerelease from main branch",
        # dev-latest's notes: as a release's, with the `## [Prerelease] - Unreleased` section
        rolling_notes="generated,changelog",
        pending_headings=("Prerelease",),
        blockers_label="release-blocker",
    ),
    "hephaestus": Preset(
        name="hephaestus",
        summary=(
            "a push to main whose version has no tag yet is tagged and released in the same "
            "workflow: generated notes + Keep a Changelog section, the "
            "hephaestus-X.Y.Z-wheelhouse.tar.gz (built with uv, wheels at the archive's top "
            "level as Hephaestus' installer reads them) with its checksum attached; an "
            "emergency rollback workflow deletes a release and its tag"
        ),
        workflows=(PUSH_TAG, ROLLBACK),
        release_branch_globs=(),
        # Hephaestus makes its patch releases on main ("Quick Release (Patch)").
        patch_branches=(DEFAULT_BRANCH,),
        push_tag_mode="version",
        next_trigger="same-workflow",
        create_branch=False,
        wheelhouse_runners=("ubuntu-latest",),
        # Its docs and publish workflow name the archive after the project, not the
        # distribution (hephaestus-toolkit); its installer globs *.whl where it unpacks.
        wheelhouse_builder="uv",
        wheelhouse_archive_name="hephaestus-{version}-wheelhouse.tar.gz",
        wheelhouse_layout=FLAT,
        pypi=False,
        release_name="Hephaestus {tag}",
    ),
    "lepton": Preset(
        name="lepton",
        scheme="semver",
        summary=(
            "tags without a v (X.Y.Z, checked against the semver.org regex) pushed by a "
            "maintainer; on-tag creates release-<major>.<minor>-<date>, the wheelhouse, the "
            "release and publishes to PyPI, then pushes the container image tagged with the "
            "version; the version comes from the tag (setuptools_scm)"
        ),
        workflows=(ON_TAG,),
        tag_format="{version}",
        version_source="tag",
        release_branch_globs=("release-*",),
        branch_pattern="release-{major}.{minor}-{date}",
        patch_branches=("release-*",),
        wheelhouse_runners=("ubuntu-latest",),
        # "The container image tag should match the release version."
        image="ghcr.io/{owner}/{repo}",
    ),
    "vmpilot": Preset(
        name="vmpilot",
        scheme="semver",
        summary=(
            "a release dispatched from main with a milestone number or title (0.7): dev is "
            "merged into main, the version comes from the milestone title, refused while it "
            "has open issues, notes from the version's CHANGELOG.md section (headed [0.7]) as its "
            "own workflow takes them, the milestone closed afterwards, the Docker image pushed to "
            "GHCR tagged with the version; optionally a draft"
        ),
        workflows=(DISPATCH,),
        release_branch_globs=(),
        patch_branches=(DEFAULT_BRANCH,),
        wheelhouse_runners=(),
        pypi=False,
        # Its workflow's notes are the CHANGELOG section alone (written on dev from the
        # milestone's closed issues, as its prepare script drafts them).
        notes="changelog",
        # Its sections are written under their version's heading (no Unreleased one):
        # the release refuses a missing section, a bump has none to promote.
        changelog_require=False,
        dispatch_refs=(DEFAULT_BRANCH,),
        milestone_driven=True,
        merge_from="dev",
        release_name="Release {tag}",
        # Its release pushes the image built from docker/Dockerfile to GHCR.
        image="ghcr.io/{owner}/vmpilot",
        dockerfile="docker/Dockerfile",
    ),
}


def get_preset(name: str) -> Preset:
    """The preset called `name`; KeyError lists the known ones."""
    try:
        return PRESETS[name]
    except KeyError:
        raise KeyError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}") from None


def apply_overrides(preset: Preset, overrides: Mapping[str, Any]) -> Preset:
    """The preset with `init`'s options applied: runners (list), publish (bool), image
    (a name, or "" for no image job) and dockerfile (str)."""
    changes: dict[str, Any] = {}
    if "image" in overrides:
        changes["image"] = overrides["image"] or None
    if "dockerfile" in overrides:
        changes["dockerfile"] = overrides["dockerfile"]
    if "runners" in overrides:
        changes["wheelhouse_runners"] = tuple(overrides["runners"])
    if overrides.get("publish") is False:  # nothing leaves the repository: no image either
        changes.update(pypi=False, crates=False, image=None)
    return replace(preset, **changes)


def self_release_preset() -> Preset:
    """How release-kit releases itself: the default process, its own actions, `v1` moved."""
    return replace(
        DEFAULT,
        name="self",
        workflows=(PUSH_TAG, ON_TAG, DISPATCH, ROLLBACK),
        wheelhouse_runners=("ubuntu-latest",),
        pypi=False,
        floating_major=True,
    )
