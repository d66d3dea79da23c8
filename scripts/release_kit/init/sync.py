"""Regenerate the rendered copies kept in this repository from the Jinja2 templates.

`python -m release_kit.init.sync [ROOT]` writes `workflow-templates/*.yml` (the
default preset, with `$default-branch`) and this repository's own release
workflows `.github/workflows/release-*.yml` (the self-release preset, running
the actions of the commit under test). Tests check both are up to date.
`--presets DIR` renders every preset under DIR instead (tests/lint_workflows.sh
lints them).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from release_kit.init.presets import Preset, self_release_preset
from release_kit.init.render import render_org_templates, render_workflows


def rendered_copies() -> dict[str, str]:
    """{path relative to the repository root: text} of every rendered copy."""
    files = {f"workflow-templates/{n}.yml": t for n, t in render_org_templates().items()}
    own = render_workflows(self_release_preset(), "main", local_actions=True)
    files.update({f".github/workflows/{n}.yml": t for n, t in own.items()})
    return files


def lint_presets() -> list[Preset]:
    """Every preset, and the image job turned on where no preset has it: on-tag and
    dispatch with a wheelhouse (default), push-tag releasing in one workflow (hephaestus)."""
    from release_kit.init.presets import PRESETS

    with_image = [
        replace(PRESETS[name], name=f"{name}-image", image="ghcr.io/{owner}/{repo}")
        for name in ("default", "hephaestus")
    ]
    return [*PRESETS.values(), *with_image]


def write_presets(dest: Path) -> list[Path]:
    """Every preset of `lint_presets` as `dest/<name>/.github/workflows/*.yml` (for linters)."""
    written = []
    for preset in lint_presets():
        folder = dest / preset.name / ".github" / "workflows"
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in render_workflows(preset, "main").items():
            (folder / f"{name}.yml").write_text(text, encoding="utf-8")
            written.append(folder / f"{name}.yml")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--presets"] and len(args) == 2:
        for path in write_presets(Path(args[1])):
            print(path)
        return 0
    root = Path(args[0]) if args else Path.cwd()
    for rel, text in rendered_copies().items():
        target = root / rel
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
