"""Rendering a preset's workflows and configuration with Jinja2.

The templates use `{= ... =}` for values and `<#-- ... --#>` for comments, so
that GitHub's own `${{ ... }}` expressions and bash's `${#...}` pass through
untouched. Rendering is pure: a preset and a default branch in, file texts out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import jinja2

from release_kit.init.image import REGISTRY, image_expression
from release_kit.init.presets import DEFAULT, DEFAULT_BRANCH, Preset
from release_kit.wheelhouse.naming import DEFAULT_ARCHIVE_NAME

# Third-party actions, pinned by the commit of the release named in the comment.
PINS = {
    "actions/checkout": "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0",
    "actions/upload-artifact": (
        "actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2"
    ),
    "actions/download-artifact": (
        "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0"
    ),
    "rust-lang/crates-io-auth-action": (
        "rust-lang/crates-io-auth-action@c6f97d42243bad5fab37ca0427f495c86d5b1a18 # v1.0.5"
    ),
    "pypa/gh-action-pypi-publish": (
        "pypa/gh-action-pypi-publish@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e # v1.13.0"
    ),
    "docker/login-action": "docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0",
    "docker/metadata-action": (
        "docker/metadata-action@dc802804100637a589fabce1cb79ff13a1411302 # v6.2.0"
    ),
    "docker/setup-buildx-action": (
        "docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e # v4.3.0"
    ),
    "docker/build-push-action": (
        "docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0"
    ),
}

KIT_REPOSITORY = "org/release-kit"
KIT_REF = "v1"
ORG_TEMPLATE_BRANCH = "$default-branch"  # GitHub substitutes it when a template is used


def _toml_value(value: object) -> str:
    """One TOML value (string, bool, number, or a list of them on one line)."""
    import tomli_w

    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return tomli_w.dumps({"v": value}).strip()[len("v = ") :]


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("release_kit.init", "templates"),
        variable_start_string="{=",
        variable_end_string="=}",
        comment_start_string="<#--",
        comment_end_string="--#>",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters["toml"] = _toml_value
    return env


def release_tag_filter(tag_format: str) -> str:
    """GitHub's `on.push.tags` filter for the format's release tags: three numeric
    parts (`v[0-9]+.[0-9]+.[0-9]+*`), so floating tags (`v1`, `v10`) start nothing."""
    prefix, _, suffix = tag_format.partition("{version}")
    return _filter_literal(prefix) + "[0-9]+.[0-9]+.[0-9]+*" + _filter_literal(suffix)


def _filter_literal(text: str) -> str:
    """`text` matched literally by a GitHub filter pattern (`\\` escapes `*?+[]!`)."""
    return "".join("\\" + c if c in "*?+[]!\\" else c for c in text)


def release_tag_case(tag_format: str) -> str:
    """A bash `case` pattern for the same tags (a workflow_dispatch skips the filter)."""
    import shlex

    prefix, _, suffix = tag_format.partition("{version}")
    quoted = [shlex.quote(text) if text else "" for text in (prefix, suffix)]
    return quoted[0] + "[0-9]*.[0-9]*.[0-9]*" + quoted[1]


def _case_pattern(glob: str) -> str:
    """A branch glob as a bash `case` pattern on the full ref (`*` crosses `/` there)."""
    return "refs/heads/" + glob.replace("**", "*")


def _branches(globs: tuple[str, ...], default_branch: str) -> list[str]:
    return [default_branch if glob == DEFAULT_BRANCH else glob for glob in globs]


def template_values(preset: Preset, default_branch: str, *, local_actions: bool) -> dict[str, Any]:
    """Every value the templates read, derived from the preset."""
    values = {f.name: getattr(preset, f.name) for f in dataclasses.fields(preset)}
    dispatch_refs = _branches(preset.dispatch_refs, default_branch)

    def kit(name: str) -> str:
        if local_actions:
            return f"./actions/{name}"
        return f"{KIT_REPOSITORY}/actions/{name}@{KIT_REF}"

    values.update(
        kit_root="./" if local_actions else f"{KIT_REPOSITORY}@{KIT_REF}",
        default_branch=default_branch,
        branch_label="the default branch",
        kit=kit,
        pins=PINS,
        checkout=PINS["actions/checkout"],
        tag_glob=release_tag_filter(preset.tag_format),
        tag_case=release_tag_case(preset.tag_format),
        tag_label=preset.tag_format.replace("{version}", "X.Y.Z"),
        on_tag_file="release-on-tag.yml",
        dispatch_case_patterns=[_case_pattern(ref) for ref in dispatch_refs],
        dispatch_label=" or ".join(dispatch_refs),
        patch_branches=_branches(preset.patch_branches, default_branch),
        main_branch=default_branch,
        image_name=image_expression(preset.image) if preset.image else "",
        image_registry=REGISTRY,
        default_archive_name=DEFAULT_ARCHIVE_NAME,
    )
    return values


def render_workflows(
    preset: Preset, default_branch: str, *, local_actions: bool = False
) -> dict[str, str]:
    """{template name: workflow text} for every workflow of the preset."""
    env = _environment()
    values = template_values(preset, default_branch, local_actions=local_actions)
    return {name: env.get_template(f"{name}.yml.j2").render(values) for name in preset.workflows}


def render_config(
    preset: Preset, default_branch: str, overrides: Mapping[str, Any] | None = None
) -> str:
    """The preset's `release-kit.toml`; `overrides` are init's options, kept in [init]."""
    values = template_values(preset, default_branch, local_actions=False)
    values["overrides"] = dict(overrides or {})
    return _environment().get_template("release-kit.toml.j2").render(values)


def render_org_templates() -> dict[str, str]:
    """The organisation templates (`workflow-templates/*.yml`): the default preset."""
    return render_workflows(DEFAULT, ORG_TEMPLATE_BRANCH)
