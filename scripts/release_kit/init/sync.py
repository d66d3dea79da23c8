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
from pathlib import Path

from release_kit.init.presets import self_release_preset
from release_kit.init.render import render_org_templates, render_workflows


def rendered_copies() -> dict[str, str]:
    """{path relative to the repository root: text} of every rendered copy."""
    files = {f"workflow-templates/{n}.yml": t for n, t in render_org_templates().items()}
    own = render_workflows(self_release_preset(), "main", local_actions=True)
    files.update({f".github/workflows/{n}.yml": t for n, t in own.items()})
    return files


def write_presets(dest: Path) -> list[Path]:
    """Every preset rendered as `dest/<preset>/.github/workflows/*.yml` (for the linters)."""
    from release_kit.init.presets import PRESETS

    written = []
    for preset in PRESETS.values():
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
