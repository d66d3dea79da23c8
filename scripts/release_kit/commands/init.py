"""`release-kit init --preset NAME`: write a preset's release workflows and configuration.

Renders `.github/workflows/release-*.yml` and the configuration for the
repository, shows the diff against what is there, and refuses to overwrite a
file that differs unless `--force`. All or nothing: when one file is refused,
none is written. `--dry-run` prints the plan and the diff only.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from release_kit.config import CONFIG_FILES, parse_toml
from release_kit.config_check import check_configuration_at
from release_kit.context import Context
from release_kit.errors import ConfigError, ConflictError, InputError
from release_kit.git import Git
from release_kit.init.image import dockerfile_problem, image_problem
from release_kit.init.plan import blocked, plan_changes, read_current, write_changes
from release_kit.init.presets import PRESETS, Preset, apply_overrides, get_preset
from release_kit.init.render import render_config, render_workflows
from release_kit.init.settings import InitSettings

DEFAULT_CONFIG = ".github/release-kit.toml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default=None,
        help="the release process to render (default: [init] preset of the config, else default)",
    )
    parser.add_argument(
        "--default-branch",
        default=None,
        help="the repository's default branch (default: origin's HEAD, else the current branch)",
    )
    parser.add_argument(
        "--runners",
        default=None,
        metavar="LIST",
        help="comma-separated runner labels for the wheelhouse matrix (empty: no wheelhouse)",
    )
    parser.add_argument(
        "--publish",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="render the preset's publishing jobs (PyPI, crates.io, image); default: yes",
    )
    parser.add_argument(
        "--image",
        default=None,
        metavar="NAME",
        help="push a container image after the release, e.g. ghcr.io/{owner}/{repo} "
        "(empty: no image job; default: the preset's own)",
    )
    parser.add_argument(
        "--dockerfile",
        default=None,
        metavar="PATH",
        help="the image's Dockerfile, relative to the repository root (default: Dockerfile)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite files that differ")
    parser.add_argument(
        "--no-config", action="store_true", help="write the workflows only, not the configuration"
    )


def _default_branch(root: Path, env: dict[str, str]) -> str:
    git = Git(root, env)
    if not git.ok("rev-parse", "--git-dir"):
        return "main"
    head = git.run("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD", check=False)
    if head.startswith("origin/"):
        return head[len("origin/") :]
    return git.current_branch() or "main"


def _config_path(root: Path) -> str:
    """Where the configuration goes: the existing file, else .github/release-kit.toml."""
    for name in CONFIG_FILES:
        if (root / name).is_file():
            return name
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        data = parse_toml(pyproject.read_text(encoding="utf-8"), "pyproject.toml")
        if "release-kit" in data.get("tool", {}):
            raise ConflictError(
                "pyproject.toml already has [tool.release-kit]; init writes "
                f"{DEFAULT_CONFIG}: move that table there, or run with --no-config"
            )
    return DEFAULT_CONFIG


def _recorded(args: argparse.Namespace, root: Path) -> InitSettings:
    """The [init] section of the existing configuration, once all of it is checked.

    init does not render on top of a broken configuration: the error names the
    file and line. With --preset and --force the rendered configuration replaces
    a broken release-kit.toml (the diff shows it); a broken pyproject.toml table,
    or two configurations, must be fixed by hand.
    """
    try:
        return InitSettings.from_config(check_configuration_at(root))
    except ConfigError as exc:
        replaceable = exc.file in CONFIG_FILES and not args.no_config
        if replaceable and args.preset and args.force:
            return InitSettings()
        fix = f"release-kit init --preset {args.preset or 'NAME'} --force replaces {exc.file}"
        raise ConfigError(
            f"{exc.message}; fix it first" + (f", or {fix}" if replaceable else ""),
            file=exc.file,
            line=exc.line,
        ) from exc


def _choose(args: argparse.Namespace, root: Path) -> tuple[Preset, dict[str, Any]]:
    """The preset with the options given, else those recorded in [init], applied."""
    recorded = _recorded(args, root)
    name = args.preset or recorded.preset or "default"
    try:
        preset = get_preset(str(name))
    except KeyError as exc:
        raise InputError(str(exc.args[0])) from None
    if args.preset and args.preset != recorded.preset:
        recorded = InitSettings()  # another preset: its own defaults, not the old one's options
    overrides: dict[str, Any] = {}
    runners = args.runners.split(",") if args.runners is not None else recorded.runners
    if runners is not None:
        overrides["runners"] = [r.strip() for r in runners if r.strip()]
        if preset.pypi and not overrides["runners"] and args.publish is not False:
            raise InputError("--runners '' leaves no wheelhouse to publish: add --no-publish")
    publish = args.publish if args.publish is not None else recorded.publish
    if publish is False:
        overrides["publish"] = False
    overrides.update(_image_options(args, recorded, preset, publish))
    return apply_overrides(preset, overrides), overrides


def _image_options(
    args: argparse.Namespace, recorded: InitSettings, preset: Preset, publish: bool | None
) -> dict[str, str]:
    """`image` and `dockerfile` as given, else as recorded; checked (exit 2 when bad)."""
    options: dict[str, str] = {}
    image = args.image.strip() if args.image is not None else recorded.image
    if image is not None:
        problem = image_problem(image) if image else None
        if problem:
            raise InputError(f"--image {problem}")
        if image and publish is False and args.image is not None:
            raise InputError("--image pushes an image, which --no-publish leaves out")
        options["image"] = image
    dockerfile = args.dockerfile if args.dockerfile is not None else recorded.dockerfile
    if dockerfile is not None:
        problem = dockerfile_problem(dockerfile)
        if problem:
            raise InputError(f"--dockerfile {problem}")
        has_image = (image if image is not None else preset.image) and publish is not False
        if not has_image and args.dockerfile is not None:
            raise InputError("--dockerfile needs an image job: add --image NAME")
        options["dockerfile"] = dockerfile
    return options


def _other_releasers(root: Path, written: set[str]) -> list[tuple[str, str]]:
    from release_kit.init.others import other_releasers

    folder = root / ".github" / "workflows"
    files = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    texts = {
        f".github/workflows/{f.name}": f.read_text(encoding="utf-8", errors="replace")
        for f in files
        if f.is_file() and not f.is_symlink()
    }
    return other_releasers(texts, written)


def fit_to_repository(preset: Preset, root: Path) -> tuple[Preset, list[str]]:
    """The preset without the `[[files]]` and `[[linked]]` entries this repository lacks
    (a file that is not there or that its pattern does not match; no released 0.x
    workspace member of the line), and a note for each one left out."""
    from dataclasses import replace

    from release_kit.errors import SourceError
    from release_kit.settings import ExtraFile, LinkedLine
    from release_kit.sources import cargo
    from release_kit.sources.detect import extra_carriers
    from release_kit.sources.linked import members
    from release_kit.tree import WorkTree

    tree, notes = WorkTree(root), []
    files = []
    for path, pattern in preset.version_files:
        try:
            extra_carriers(tree, ExtraFile(path, pattern))
        except SourceError:
            notes.append(f"[[files]] {path}: not in this repository (left out)")
            continue
        files.append((path, pattern))
    lines, found = [], None
    if preset.linked:
        try:
            found = cargo.layout(tree)
        except SourceError:
            found = None
    for name, crates in preset.linked:
        line = members(found, LinkedLine(name, crates)) if found else []
        if line and all(isinstance(c.version, str) and c.version[:2] == "0." for c in line):
            lines.append((name, crates))
        else:
            notes.append(f"[[linked]] {name}: no released 0.x crate {', '.join(crates)} (left out)")
    fitted = replace(preset, version_files=tuple(files), linked=tuple(lines))
    return fitted, list(dict.fromkeys(notes))


def run(args: argparse.Namespace, ctx: Context) -> int:
    root = ctx.cwd
    preset, overrides = _choose(args, root)
    preset, fitted = fit_to_repository(preset, root)
    for note in fitted:
        ctx.say(f"note: {note}")
    branch = args.default_branch or _default_branch(root, dict(ctx.env))
    if not branch or any(c in branch for c in " \t\n:*?[\\"):
        raise InputError(f"--default-branch {branch!r} is not a branch name")

    rendered = {
        f".github/workflows/{wf}.yml": text for wf, text in render_workflows(preset, branch).items()
    }
    if not args.no_config:
        rendered[_config_path(root)] = render_config(preset, branch, overrides)
    changes = plan_changes(rendered, read_current(root, list(rendered)))

    for change in changes:
        ctx.say(f"{change.status:>9}  {change.path}")
    diff = "".join(change.diff() for change in changes)
    if diff and not ctx.json:
        print(ctx.show(diff), end="", file=ctx.out)
    refused = blocked(changes, force=args.force)
    if refused:
        raise ConflictError(
            "refusing to overwrite file(s) that differ: "
            + ", ".join(c.path for c in refused)
            + " (review the diff, then run again with --force)"
        )
    written = [] if ctx.dry_run else write_changes(root, changes)
    others = _other_releasers(root, set(rendered))
    for path, does in others:
        ctx.say(
            f"note: {path} {does} too: beside the kit's workflows one push would be"
            " released twice; retire it (init leaves it as it is)"
        )
    payload = {
        "preset": preset.name,
        "default_branch": branch,
        "files": [{"path": c.path, "status": c.status} for c in changes],
        "written": written,
        "dry_run": ctx.dry_run,
        "diff": diff,
        "other_release_workflows": [{"path": p, "does": d} for p, d in others],
    }
    if ctx.dry_run:
        text = f"dry run: {sum(c.status != 'unchanged' for c in changes)} file(s) would be written"
    else:
        text = f"preset {preset.name}: wrote {len(written)} file(s)"
    ctx.emit(payload, text)
    return 0
