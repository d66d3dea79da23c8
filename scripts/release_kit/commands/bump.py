"""`release-kit bump KIND`: compute the next version and write it everywhere it lives.

KIND is major|minor|patch|pre|release|dev, an explicit version, or `auto` (the
kind the conventional commits since the last tag ask for) when the
conventional-commits module is present. Every edit (version files, lock files,
changelog) is computed and checked before any file is written. Policy: a clean
work tree unless --allow-dirty, and patch releases only on `patch-branches`.
"""

from __future__ import annotations

import argparse
import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from release_kit.changelog import (
    ChangelogSettings,
    release_edit,
    start_section,
    template_note,
)
from release_kit.commands.version import project_root
from release_kit.config import Config, load_config
from release_kit.context import Context
from release_kit.errors import NotARepositoryError, RefusedError, VersionError
from release_kit.git import Git
from release_kit.settings import CoreSettings
from release_kit.sources import FileEdit, detect, plan_edits, unified_diff, write_edits
from release_kit.sources.edit import left_behind
from release_kit.tagging.current import of_project as current_of
from release_kit.tree import WorkTree
from release_kit.versioning import KINDS, TagFormat, Version, bump, is_patch_release, parse_version
from release_kit.versioning.lines import Line

if TYPE_CHECKING:
    from release_kit.sources.cargo_metadata import MembersQuery
    from release_kit.sources.model import ProjectVersion
    from release_kit.tagging.current import Current


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", help=f"{'|'.join(KINDS)}|auto, or an explicit version")
    parser.add_argument("--pre-id", help="pre-release identifier: rc, beta, alpha, dev")
    parser.add_argument("--commit", action="store_true", help="commit the change with the marker")
    parser.add_argument("--allow-dirty", action="store_true", default=None)
    parser.add_argument("--branch", help="the branch the release is for (default: current)")
    parser.add_argument(
        "--changelog",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="release the changelog's pending section (default: yes, for non-pre-releases)",
    )


def _auto(
    git: Git | None,
    cfg: Config,
    settings: CoreSettings,
    project: ProjectVersion,
    branch: str | None,
    line: Line,
) -> tuple[Version, str, str]:
    """`auto`: the version `next-version` answers (the bump the conventional commits
    since the line's last release ask for, never below the current version)."""
    if git is None:
        raise VersionError("bump auto reads commits: run it in a git repository")
    from release_kit.commits.plan import plan_next
    from release_kit.commits.settings import CommitSettings
    from release_kit.tagging.current import files_where

    scheme = project.scheme
    files = None if project.tag_only else parse_version(project.version, scheme)
    tag_format = settings.tag_format
    if tag_format.scheme is None:
        tag_format = TagFormat(tag_format.fmt, scheme=scheme)
    plan = plan_next(
        git,
        scheme=scheme,
        tag_format=tag_format,
        settings=CommitSettings.from_config(cfg),
        branch=branch,
        files=files,
        where=files_where(project),
        line=line,
    )
    if plan.bump is None:
        raise RefusedError("no commit since the last release asks for a release (bump auto)")
    since = f"since {plan.current_tag}" if plan.current_tag else "in the history"
    why = f"auto: the commits {since} ask for {plan.bump}"
    return parse_version(plan.version, scheme), plan.bump, why


def _already_at(kind: str, current: str, scheme: str) -> bool:
    """An explicit version equal to the current one: a re-run after success, a no-op."""
    if kind in KINDS or kind == "auto":
        return False
    try:
        return str(parse_version(kind.removeprefix("v"), scheme)) == current
    except VersionError:
        return False


def check_policy(
    git: Git | None, settings: CoreSettings, branch: str | None, allow_dirty: bool, patch: bool
) -> None:
    if git is not None and not allow_dirty:
        dirty = git.dirty_paths()
        if dirty:
            shown = ", ".join(dirty[:5]) + (" ..." if len(dirty) > 5 else "")
            raise RefusedError(
                f"the work tree has uncommitted changes ({shown}); commit them"
                " or pass --allow-dirty"
            )
    allowed = settings.patch_branches
    on_allowed = branch is not None and any(fnmatch.fnmatchcase(branch, p) for p in allowed)
    if patch and allowed and not on_allowed:
        raise RefusedError(
            f"patch releases are made on {', '.join(allowed)} only,"
            f" not on {branch or 'a detached HEAD'}: bump minor or major here,"
            " or patch on the release branch"
        )


def run(args: argparse.Namespace, ctx: Context) -> int:
    root, git = project_root(ctx.cwd)
    if not (root / "Cargo.toml").is_file():
        return _run(args, ctx, root, git, None)
    from release_kit.sources.cargo_metadata import MembersQuery

    with MembersQuery(root, ctx.env) as query:  # cargo reads the workspace while we do
        return _run(args, ctx, root, git, query)


@dataclass(frozen=True)
class Decided:
    """What a bump would do, before any policy or file is looked at again."""

    project: ProjectVersion
    current: Version
    new: Version | None  # None: the files carry the answer already (a re-run)
    tag: str
    patch: bool  # a patch release: the branch policy applies
    said: list[str]
    decided: Current
    branch: str | None  # the branch the release is for
    note: str = ""  # why nothing changes, when `new` is None


def decide(
    kind: str,
    pre_id: str | None,
    branch: str | None,
    root: Path,
    git: Git | None,
    cfg: Config,
    settings: CoreSettings,
    env: Mapping[str, str],
) -> Decided:
    """The version `bump KIND` moves to and the tag it would get (no file written)."""
    tree = WorkTree(root)
    project = detect(tree, cfg, settings=settings, git=git)
    branch = branch or (git.current_branch() if git else None)
    branch = branch or env.get("GITHUB_HEAD_REF") or env.get("GITHUB_REF_NAME") or None
    decided = current_of(git, cfg, settings.tag_format, project, branch)
    current = decided.decision.current or parse_version(project.version, project.scheme)
    files = parse_version(project.version, project.scheme)
    if _already_at(kind, project.version, project.scheme) and pre_id is None:
        tag = settings.tag_format.format(project.version)
        return Decided(project, files, None, tag, False, [], decided, branch)
    said = [decided.decision.disagreement] if decided.decision.disagreement else []
    if decided.decision.source == "tag" and not project.tag_only:
        said.append(f"decided by tag: {decided.decision.reason}")
    if kind == "auto":
        new, auto_kind, why = _auto(git, cfg, settings, project, branch, decided.decision.line)
        said.append(why)
        if pre_id is not None:
            new = bump(current, auto_kind, pre_id)  # the kind the commits ask for, as rc/beta
        elif str(new) == project.version:
            tag = settings.tag_format.format(project.version)
            return Decided(project, files, None, tag, False, said, decided, branch, "; ".join(said))
        else:
            bump(files, str(new))  # must rank above
    else:
        new = bump(current, kind, pre_id)
    # Asking for a patch is a patch release even where the arithmetic releases a
    # pre-release (`49.0.0-dev` patch -> `49.0.0`): the branch policy answers first.
    patch = kind == "patch" or is_patch_release(current, new)
    tag = settings.tag_format.format(str(new))
    return Decided(project, current, new, tag, patch, said, decided, branch)


def plan_files(
    d: Decided,
    root: Path,
    cfg: Config,
    settings: CoreSettings,
    changelog: bool,
    today: str,
) -> tuple[list[FileEdit], list[str]]:
    """Every file edit of the bump (version files, locks, changelog), checked, and its notes."""
    assert d.new is not None
    tree = WorkTree(root)
    new_text = str(d.new)
    edits = plan_edits(d.project, new_text, tree=tree, cfg=cfg, settings=settings)
    notes = [*d.project.warnings, *left_behind(d.project, edits)]
    if not changelog:
        return edits, notes
    changelog_settings = ChangelogSettings.from_config(cfg)
    if not d.new.is_prerelease:
        found = release_edit(tree, changelog_settings, new_text, today, d.tag)
        if found is not None:
            edits.append(FileEdit(*found))
            note = template_note(found[0], new_text, found[1])
            notes += [note] if note else []
    else:
        release = ".".join(str(n) for n in d.new.release[:3])
        started = start_section(tree, changelog_settings, release)
        if started is not None:
            edits.append(FileEdit(*started))
            notes.append(f"{started[0]}: started the {release} section from the template")
    return edits, notes


def _run(
    args: argparse.Namespace,
    ctx: Context,
    root: Path,
    git: Git | None,
    query: MembersQuery | None,
) -> int:
    cfg = load_config(root)
    settings = CoreSettings.from_config(cfg)
    d = decide(args.kind, args.pre_id, args.branch, root, git, cfg, settings, ctx.env)
    project, current, said = d.project, d.current, d.said
    if d.new is None:
        return _unchanged(ctx, settings, project, d.note)
    new = d.new
    new_text, tag = str(new), d.tag
    allow_dirty = settings.allow_dirty if args.allow_dirty is None else args.allow_dirty
    check_policy(git, settings, d.branch, allow_dirty, d.patch)
    if args.commit and git is None:
        raise NotARepositoryError(f"--commit: {root} is not a git repository")

    edits, notes = plan_files(d, root, cfg, settings, args.changelog, ctx.now.date().isoformat())
    if project.source == "cargo" and query is not None:
        notes += _cargo_cross_check(WorkTree(root), query)
    changed = [edit.path for edit in edits]
    payload: dict[str, Any] = {
        "previous": str(current),
        "version": new_text,
        "tag": tag,
        "changed_files": changed,
        "tag_only": project.tag_only,
    }
    payload |= d.decided.report()
    moved = _linked(project, new)
    if moved:
        payload["linked"] = moved
    if notes:
        payload["notes"] = notes
    if ctx.dry_run:
        ctx.say(f"would bump {current} -> {new_text} (tag {tag})")
        for line in said:
            ctx.say(f"  {line}")
        for m in moved:
            ctx.say(f"  linked line {m['name']}: {m['previous']} -> {m['version']}")
        for note in notes:
            ctx.say(f"  note: {note}")
        ctx.say(unified_diff(edits).rstrip("\n") or "(no file changes)")
        ctx.emit({**payload, "dry_run": True})
        return 0
    write_edits(root, edits)
    if args.commit:
        assert git is not None
        message = settings.render_commit_message(
            version=new_text, previous=project.version, tag=tag, name=project.name or ""
        )
        payload["commit_sha"] = _commit(git, changed, message)
    text = f"bumped {current} -> {new_text} (tag {tag})"
    text += "".join(f"\n  {line}" for line in said)
    text += "".join(
        f"\n  linked line {m['name']}: {m['previous']} -> {m['version']}" for m in moved
    )
    if changed:
        text += "\n" + "\n".join(f"  changed {path}" for path in changed)
    text += "".join(f"\n  note: {note}" for note in notes)
    if project.tag_only:
        text += "\n  the version comes from tags: create the tag to release"
    ctx.emit(payload, text)
    ctx.summary(f"### Version bump\n\n`{current}` -> `{new_text}` (tag `{tag}`)\n")
    return 0


def _linked(project: ProjectVersion, new: Version) -> list[dict[str, str]]:
    """Each linked line's move (`[[linked]]`), for the report."""
    if not project.lines:
        return []
    from release_kit.sources.linked import targets

    files = parse_version(project.version, project.scheme)
    return [
        {"name": line.name, "previous": line.version, "version": str(to)}
        for line, to in targets(project.lines, files, new)
    ]


def _unchanged(ctx: Context, settings: CoreSettings, project: ProjectVersion, note: str) -> int:
    """An explicit version equal to the files' (a re-run after success), or an auto
    bump whose answer the files carry already: nothing to do."""
    tag = settings.tag_format.format(project.version)
    ctx.emit(
        {
            "previous": project.version,
            "version": project.version,
            "tag": tag,
            "changed_files": [],
            "tag_only": project.tag_only,
            "unchanged": True,
        },
        f"already at {project.version} (tag {tag}): nothing to do"
        + (f"\n  {note}" if note else ""),
    )
    return 0


def _cargo_cross_check(tree: WorkTree, query: MembersQuery) -> list[str]:
    """Refuse when cargo counts other members than the kit; a note when it cannot ask."""
    from release_kit.sources.cargo_metadata import cross_check

    result = cross_check(tree, query)
    if result.problems:
        raise RefusedError(
            "cargo and release-kit disagree on the workspace members, nothing written: "
            + "; ".join(result.problems)
        )
    return [f"members not cross-checked with cargo: {result.skipped}"] if result.skipped else []


def _commit(git: Git, paths: list[str], message: str) -> str:
    """One commit of exactly `paths`; an empty one (marker only) for a tag-only project."""
    if paths:
        git.add(paths)
        return git.commit(message, paths)
    git.run("commit", "--quiet", "--allow-empty", "--file", "-", input_text=message)
    return git.rev_parse("HEAD")
