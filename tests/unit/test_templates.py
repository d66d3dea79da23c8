"""The workflow templates: GitHub's organisation template format and workflow hygiene.

Every rule is checked on the organisation templates, on every preset that
`release-kit init` renders, and on this repository's own release workflows.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from release_kit.init.presets import PRESETS, self_release_preset
from release_kit.init.render import ORG_TEMPLATE_BRANCH, render_org_templates, render_workflows
from release_kit.init.sync import rendered_copies

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "workflow-templates"
FIRST_PARTY = ("./", "org/release-kit/", "org/release-kit@")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def _rendered() -> dict[str, str]:
    texts = {f"org/{name}": text for name, text in render_org_templates().items()}
    for preset in PRESETS.values():
        for name, text in render_workflows(preset, "main").items():
            texts[f"{preset.name}/{name}"] = text
    for name, text in render_workflows(self_release_preset(), "main", local_actions=True).items():
        texts[f"self/{name}"] = text
    return texts


RENDERED = _rendered()


def _load(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    if True in data:  # PyYAML reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _uses_lines(text: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"^\s*(?:- )?uses:\s*(.+)$", text, re.M)]


def test_every_template_has_a_complete_properties_file() -> None:
    workflows = sorted(TEMPLATES.glob("*.yml"))
    assert [p.stem for p in workflows] == sorted(render_org_templates())
    for workflow in workflows:
        props = json.loads((TEMPLATES / f"{workflow.stem}.properties.json").read_text("utf-8"))
        for key in ("name", "description", "iconName"):
            assert isinstance(props.get(key), str) and props[key].strip(), (workflow.name, key)
        assert props["categories"] and all(isinstance(c, str) for c in props["categories"])
    assert len(list(TEMPLATES.glob("*.properties.json"))) == len(workflows)


@pytest.mark.parametrize("rel", sorted(rendered_copies()))
def test_rendered_copies_are_what_init_renders(rel: str) -> None:
    """One source of truth, the Jinja2 templates: `workflow-templates/` is their render
    for the default preset, `.github/workflows/release-*` for the kit's own release."""
    on_disk = (ROOT / rel).read_text("utf-8")
    assert on_disk == rendered_copies()[rel], (
        f"{rel} is stale: run `python -m release_kit.init.sync`"
    )


def test_own_workflows_move_the_floating_major_tag() -> None:
    push_tag = _load((ROOT / ".github/workflows/release-push-tag.yml").read_text("utf-8"))
    step = next(s for s in _steps(push_tag) if s.get("uses") == "./actions/push-tag")
    assert step["with"]["floating-major"] == "true"


@pytest.mark.parametrize("key", sorted(RENDERED))
def test_workflow_hygiene(key: str) -> None:
    text = RENDERED[key]
    workflow = _load(text)
    assert text.startswith("# "), "a purpose comment opens the workflow"
    assert "# IMPORTANT: " in text, "the workflow says how the next workflow is triggered"
    assert workflow["permissions"] == {}
    for job_name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {job_name} states its own permissions"
    assert "concurrency" in workflow and workflow["concurrency"]["group"]
    for step in _steps(workflow):
        assert "${{" not in step.get("run", ""), f"expression inside run: {step.get('name')}"
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            persist = step["with"]["persist-credentials"]
            assert persist is False or "git push" in text, step


@pytest.mark.parametrize("key", sorted(RENDERED))
def test_third_party_actions_are_pinned_by_sha_with_a_version_comment(key: str) -> None:
    uses = _uses_lines(RENDERED[key])
    assert uses
    for ref in uses:
        if ref.startswith(FIRST_PARTY):
            continue
        assert PINNED.match(ref), f"not pinned by commit SHA with a version comment: {ref}"


def test_org_templates_use_the_default_branch_placeholder() -> None:
    for name in ("release-push-tag", "release-rolling"):
        workflow = _load(render_org_templates()[name])
        assert ORG_TEMPLATE_BRANCH in workflow["on"]["push"]["branches"]


def test_pypi_publishing_sits_in_the_callers_job_with_id_token() -> None:
    workflow = _load(render_org_templates()["release-on-tag"])
    job = workflow["jobs"]["publish-pypi"]
    assert job["permissions"] == {"id-token": "write"}
    assert any(s.get("uses", "").startswith("pypa/gh-action-pypi-publish@") for s in job["steps"])


@pytest.mark.parametrize(
    ("preset", "workflow"),
    [(p.name, w) for p in PRESETS.values() for w in p.workflows],
    ids=lambda v: str(v),
)
def test_kit_action_inputs_exist_when_the_action_does(preset: str, workflow: str) -> None:
    """Every `with:` key given to a kit action is an input that action declares."""
    data = _load(render_workflows(PRESETS[preset], "main")[workflow])
    for step in _steps(data):
        uses = str(step.get("uses", ""))
        match = re.match(r"org/release-kit(/actions/[\w-]+)?@", uses)
        if not match:
            continue
        action_file = ROOT / (match.group(1) or "").lstrip("/") / "action.yml"
        if not action_file.is_file():
            continue  # that action has not landed yet
        inputs = yaml.safe_load(action_file.read_text("utf-8")).get("inputs", {})
        unknown = set(step.get("with", {})) - set(inputs)
        assert not unknown, f"{uses}: no such input(s) {sorted(unknown)}"


@pytest.mark.parametrize("key", sorted(RENDERED))
def test_a_job_given_a_milestone_may_close_it(key: str) -> None:
    """A job whose kit step takes the milestone holds `issues: write` (a comment ending in
    a template tag once swallowed the line that grants it)."""
    for job_name, job in _load(RENDERED[key])["jobs"].items():
        steps = job.get("steps") or []
        if any("milestone" in (step.get("with") or {}) for step in steps):
            assert (job.get("permissions") or {}).get("issues") == "write", job_name
    for line in RENDERED[key].splitlines():
        granting = line.lstrip().startswith(("contents:", "issues:"))
        comment = line.partition(" # ")[2] if granting else ""
        assert not re.search(r"\b[\w-]+: (read|write)\b", comment), line


def _run_script(workflow_key: str, step_name_start: str) -> str:
    for step in _steps(_load(RENDERED[workflow_key])):
        if str(step.get("name", "")).startswith(step_name_start):
            return str(step["run"])
    raise AssertionError(f"{workflow_key}: no step named {step_name_start!r}...")


def _second_monday(day: date) -> bool:
    return day.weekday() == 0 and 8 <= day.day <= 14


def test_second_monday_guard_over_two_years(tmp_path: Path) -> None:
    """The template's own guard script, run by bash for every day of 2026 and 2027."""
    script = _run_script("org/release-monthly", "Only on the second Monday")
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(730)]
    (tmp_path / "guard.sh").write_text(script, encoding="utf-8")
    driver = (
        'out="$WORK/out"\n'
        'for d in "$@"; do\n'
        '  : > "$out"\n'
        '  (export RK_TODAY="$d" GITHUB_OUTPUT="$out"; . "$WORK/guard.sh" > /dev/null)\n'
        '  echo "$d $(< "$out")"\n'
        "done\n"
    )
    env = {**os.environ, "WORK": str(tmp_path), "RK_EVENT": "schedule"}
    proc = subprocess.run(
        ["bash", "-c", driver, "guard", *(d.isoformat() for d in days)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    got = dict(line.split(" ", 1) for line in proc.stdout.splitlines())
    expected = {d.isoformat(): f"go={'true' if _second_monday(d) else 'false'}" for d in days}
    assert got == expected
    assert sum(v == "go=true" for v in got.values()) == 24  # once a month


@pytest.mark.parametrize("event", ["workflow_dispatch", "push"])
def test_guard_lets_a_manual_run_through_on_any_day(tmp_path: Path, event: str) -> None:
    script = _run_script("org/release-monthly", "Only on the second Monday")
    out = tmp_path / "out"
    env = {**os.environ, "RK_TODAY": "2026-11-17", "RK_EVENT": event, "GITHUB_OUTPUT": str(out)}
    subprocess.run(["bash", "-c", script], env=env, check=True, capture_output=True)
    assert out.read_text() == "go=true\n"


@pytest.mark.parametrize(
    ("preset", "ref", "allowed"),
    [
        ("org", "refs/heads/release/v1.2.0", True),
        ("org", "refs/heads/release/team/v2.0.0", True),
        ("org", "refs/heads/main", False),
        ("org", "refs/heads/release-1.2", False),
        ("org", "refs/tags/v1.2.0", False),
        ("hyperlight", "refs/heads/release/v0.4.0", True),
        ("hyperlight", "refs/heads/main", False),
        ("vmpilot", "refs/heads/main", True),
        ("vmpilot", "refs/heads/dev", False),
    ],
    ids=lambda v: str(v),
)
def test_dispatch_refuses_a_ref_that_is_not_a_release_branch(
    preset: str, ref: str, allowed: bool
) -> None:
    script = _run_script(f"{preset}/release-dispatch", "Refuse a ref")
    proc = subprocess.run(
        ["bash", "-e", "-c", script],
        env={**os.environ, "RK_REF": ref},
        capture_output=True,
        text=True,
    )
    assert (proc.returncode == 0) == allowed
    if not allowed:
        assert proc.stdout.startswith(f"::error::{ref} is not a release branch")


@pytest.mark.parametrize(
    ("tag", "confirm", "allowed"),
    [("v1.2.3", "v1.2.3", True), ("v1.2.3", "v1.2.4", False), ("", "", False)],
    ids=["same", "different", "empty"],
)
def test_rollback_needs_the_tag_typed_twice(tag: str, confirm: str, allowed: bool) -> None:
    script = _run_script("org/release-rollback", "Refuse unless the tag was typed twice")
    proc = subprocess.run(
        ["bash", "-e", "-c", script],
        env={**os.environ, "RK_TAG": tag, "RK_CONFIRM": confirm},
        capture_output=True,
        text=True,
    )
    assert (proc.returncode == 0) == allowed
    assert ("nothing was deleted" in proc.stdout) != allowed


@pytest.mark.parametrize(
    ("ref", "allowed"),
    [("refs/tags/v1.2.3", True), ("refs/heads/main", False), ("refs/heads/release/v1.2", False)],
    ids=["tag", "main", "release-branch"],
)
def test_on_tag_refuses_a_ref_that_is_not_a_tag(ref: str, allowed: bool, tmp_path: Path) -> None:
    script = _run_script("org/release-on-tag", "Check that the ref is a release tag")
    outputs = tmp_path / "outputs"
    proc = subprocess.run(
        ["bash", "-e", "-c", script],
        env={**os.environ, "RK_REF": ref, "GITHUB_OUTPUT": str(outputs)},
        capture_output=True,
        text=True,
    )
    assert (proc.returncode == 0) == allowed
    assert proc.stdout.startswith("::error::") != allowed


@pytest.mark.parametrize(
    ("key", "tag", "release"),
    [
        ("org", "v1.2.3", True),
        ("org", "v2.0.0-rc.1", True),
        ("org", "v1", False),  # the floating-major tag
        ("org", "v10", False),
        ("org", "v1.2", False),  # a floating minor tag; the templates release X.Y.Z
        ("self", "v1", False),
        ("lepton", "0.27.4", True),
        ("lepton", "0", False),
        ("wasmtime", "v48.0.1", True),
    ],
    ids=lambda v: str(v),
)
def test_on_tag_ends_green_on_a_floating_tag(
    key: str, tag: str, release: bool, tmp_path: Path
) -> None:
    """Issue 11: the filter `v[0-9]*` let `v1` start a release. Now the filter asks
    for three parts, and a dispatch on a floating tag skips every release job."""
    workflow = _load(RENDERED[f"{key}/release-on-tag"])
    (pattern,) = workflow["on"]["push"]["tags"]
    assert _github_filter_matches(pattern, tag) == release
    jobs = workflow["jobs"]
    assert jobs["tag"]["outputs"]["release"] == "${{ steps.ref-check.outputs.release }}"
    for name, job in jobs.items():
        if name != "tag":
            gated = "needs.tag.outputs.release == 'true'" in str(job.get("if", ""))
            assert gated or "release" in job.get("needs", []), name
    script = _run_script(f"{key}/release-on-tag", "Check that the ref is a release tag")
    outputs = tmp_path / "outputs"
    proc = subprocess.run(
        ["bash", "-e", "-c", script],
        env={**os.environ, "RK_REF": f"refs/tags/{tag}", "GITHUB_OUTPUT": str(outputs)},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert outputs.read_text() == f"release={'true' if release else 'false'}\n"
    assert ("floating tag: nothing to release" in proc.stdout) != release


def _github_filter_matches(pattern: str, name: str) -> bool:
    """GitHub's filter pattern cheat sheet, the part the templates use: `*` (no `/`),
    `+` (one or more of the preceding character or class), `[0-9]`, `\\` escapes."""
    regex, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "[":
            end = pattern.index("]", i)
            regex += pattern[i : end + 1]
            i = end + 1
            continue
        regex += {"*": "[^/]*", "+": "+", "?": "?"}.get(c) or re.escape(
            pattern[i + 1] if c == "\\" else c
        )
        i += 2 if c == "\\" else 1
    return re.fullmatch(regex, name) is not None
