"""`release-kit tag` end to end: find what to tag, check, tag, push, and what comes after."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from release_kit.config import Config
from release_kit.errors import ConflictError, GitError, InputError, RefusedError
from release_kit.git import Git
from release_kit.tagging import gitops, markers, ranges, refs
from release_kit.tagging.floating import Floating, newest_of_major
from release_kit.tagging.versions import tag_message, version_at
from release_kit.versioning import TagFormat, Version, lines
from release_kit.versioning.lines import Line


@dataclass(frozen=True)
class Target:
    sha: str
    version: Version
    tag: str
    message: str


@dataclass(frozen=True)
class Project:
    """What tagging needs to know about the repository."""

    git: Git
    cfg: Config
    scheme: str
    tag_format: TagFormat
    remote: str
    explicit_version: str | None = None


@dataclass
class Plan:
    note: str
    targets: list[Target] = field(default_factory=list)


def _target(project: Project, sha: str) -> Target:
    version = version_at(project.git, sha, project.cfg, project.scheme, project.explicit_version)
    tag = project.tag_format.format(str(version))
    return Target(sha, version, tag, tag_message(project.git, sha, version, project.cfg))


def push_range(
    git: Git, before: str | None, after: str, branch: str | None, remote: str
) -> ranges.PushRange:
    """The range of a push event, from its before/after SHAs and the clone."""
    if before is None:  # no event: only the `after` commit itself
        parents = git.run("rev-list", "--parents", "-n", "1", after).split()[1:]
        return ranges.PushRange(
            ranges.PushKind.FAST_FORWARD, after, tuple(parents), f"{after[:12]} only"
        )
    if not ranges.is_zero(after):
        gitops.require_full_history(git)
    known = gitops.commit_known(git, before)
    return ranges.classify(
        before,
        after,
        before_known=known,
        before_is_ancestor=known and gitops.is_ancestor(git, before, after),
        other_branches=gitops.other_remote_branches(git, remote, branch),
    )


def plan_marker(
    project: Project,
    marker: str,
    before: str | None,
    after: str,
    branch: str | None,
    *,
    line: Line | None = None,
    allow_prereleases: bool = False,
) -> Plan:
    """The marker commits of the push that landed on the branch itself (its
    first-parent line), each with the version of its own tree, above the last
    release of `line` (see tagging.markers for the rules)."""
    from release_kit.commits.history import read_tags

    git = project.git
    line = line or Line()
    after_sha = after if ranges.is_zero(after) else gitops.commit_of(git, after)
    rng = push_range(git, before, after_sha, branch, project.remote)
    commits = gitops.range_commits(git, rng)
    found = markers.marker_commits(commits, marker)
    ignored = markers.ignored_commits(commits, marker)
    notes = []
    if ignored:
        shas = ", ".join(c.sha[:12] for c in ignored)
        notes.append(
            f"ignored {len(ignored)} marker commit(s) inside merged branches, off the"
            f" first-parent line of {after_sha[:12]}: {shas} (only a commit that landed on"
            " the branch itself counts, a merge through its own message)"
        )
    if not found:
        none = f"no commit in the pushed range ({rng.note}) carries the marker {marker}"
        return Plan("; ".join([none, *notes]))
    by_sha = {commit.sha: _target(project, commit.sha) for commit in found}
    hits = []
    for commit in found:
        target = by_sha[commit.sha]
        hit = markers.MarkerHit(
            commit.sha,
            str(target.version),
            target.version,
            target.tag,
            prerelease=target.version.is_prerelease,
            dev=lines.is_dev(target.version),
        )
        reason = markers.releasable(hit, allow_prereleases=allow_prereleases)
        if reason is None:
            hits.append(hit)
        else:
            notes.append(reason)
    chosen = markers.choose_targets(hits)
    if chosen:
        tags = read_tags(git, project.tag_format, by_sha[chosen[0].sha].version.scheme)
        last = lines.last_release(lines.line_tags(tags, line), line)
        released = None if last is None else markers.Released(last.name, last.commit, last.version)
        chosen, skipped = markers.above_last_release(chosen, released, line.label)
        notes += skipped
    targets = [by_sha[hit.sha] for hit in chosen]
    shown = ", ".join(f"{t.sha[:12]} ({t.version})" for t in targets) or "nothing to tag"
    return Plan("; ".join([f"marker commit(s) in {rng.note}: {shown}", *notes]), targets)


def plan_version(project: Project, rev: str, line: Line | None = None) -> Plan:
    """Tag `rev` with its version unless that version has a tag already (under its
    own name, or a two-part one: `v0.6` carries 0.6.0). Refused when the version
    has no tag and is below the last release of `line` (files behind the tags)."""
    from release_kit.commits.history import read_tags

    git = project.git
    line = line or Line()
    sha = gitops.commit_of(git, rev)
    target = _target(project, sha)
    existing = gitops.remote_tag(git, project.remote, target.tag) or git.tag_target(target.tag)
    tags = read_tags(git, project.tag_format, target.version.scheme)
    last = lines.last_release(lines.line_tags(tags, line), line)
    behind = ""
    if last is not None and target.version < last.version:
        behind = (
            f"; the files are behind the last release {lines.shown(last)}, counting {line.label},"
            f" which wins: nothing to tag until they carry a version above {last.version}"
        )
    same = next((t for t in tags if t.version == target.version), None)
    if existing is None and same is not None:  # released under another name (v0.1: 0.1.0)
        where = "" if same.commit == sha else f" at {same.commit[:12]}"
        return Plan(
            f"version {target.version} is already released as {lines.shown(same)}{where}:"
            f" nothing to do until the version changes{behind}"
        )
    if existing is not None and existing != sha:
        if gitops.is_ancestor(git, existing, sha):
            _check_tagged_ancestor(project, target, existing, sha)
            return Plan(
                f"version {target.version} is already tagged {target.tag} at {existing[:12]}, "
                f"an ancestor of {sha[:12]}: nothing to do until the version changes{behind}"
            )
        raise ConflictError(
            f"tag {target.tag} already exists at {existing}, which is not an ancestor of "
            f"{sha}; it is left where it is"
        )
    if existing is None and behind:
        raise RefusedError(
            f"version {target.version} at {sha[:12]} has no tag, and tagging it would release"
            f" backwards{behind} (release-kit bump minor writes one) or pass --version;"
            " nothing was tagged"
        )
    if existing is None and project.explicit_version is None and lines.is_dev(target.version):
        return Plan(
            f"version {target.version} at {sha[:12]} is a development version (a dev"
            " pre-release): nothing to tag until it is bumped to a release or pre-release"
        )
    return Plan(f"version {target.version} at {sha[:12]} has no tag yet", [target])


def _check_tagged_ancestor(project: Project, target: Target, existing: str, sha: str) -> None:
    """The tag of the version on an ancestor is the release only when that ancestor's own
    files carry the version; a tag someone put on an older commit (files at another
    version, or none) is refused, never taken for "already released"."""
    try:
        there: Version | str = version_at(project.git, existing, project.cfg, project.scheme, None)
    except InputError as exc:
        there = f"no version ({exc.message})"
    if there != target.version:
        shown = there if isinstance(there, str) else f"version {there}"
        raise ConflictError(
            f"tag {target.tag} is at {existing[:12]}, an ancestor of {sha[:12]}, whose files"
            f" carry {shown}, not {target.version}: that tag is not this release; nothing was"
            " tagged"
        )


def preflight(project: Project, plan: Plan) -> None:
    """Every conflict is found before the first tag is pushed: no half-done push."""
    for target in plan.targets:
        refs.decide(
            "tag",
            target.tag,
            target.sha,
            local=project.git.tag_target(target.tag),
            remote=gitops.remote_tag(project.git, project.remote, target.tag),
        )


def confirm_on_branch(project: Project, plan: Plan, branch: str | None) -> None:
    """Each target is still on the remote branch, right before it is tagged: an
    ancestor of (or equal to) the branch's tip on the remote now. A force push
    since the push being tagged withdrew it: refused, nothing tagged."""
    if not plan.targets:
        return
    git = project.git
    if not branch:
        raise InputError(
            "marker mode cannot tell which branch was pushed (no GITHUB_REF, no branch"
            " checked out): pass --branch; nothing was tagged"
        )
    tip = gitops.remote_branch(git, project.remote, branch)
    if tip is not None and not gitops.commit_known(git, tip):
        gitops.fetch_branch(git, project.remote, branch)
    for target in plan.targets:
        markers.still_on_branch(
            target.sha,
            str(target.version),
            f"{project.remote}/{branch}",
            tip,
            contained=tip is not None and gitops.is_ancestor(git, target.sha, tip),
        )


def move_floating(
    project: Project, newest: Target, *, dry_run: bool, say: Callable[[str], None]
) -> Floating | None:
    """Point `v<major>` at the newest final release of that major (force-pushed)."""
    git, fmt = project.git, project.tag_format
    if newest.version.is_prerelease:
        return None
    tags = {
        ref.removeprefix("refs/tags/"): sha
        for ref, sha in gitops.remote_refs(git, project.remote, f"refs/tags/{fmt.ref_glob}").items()
    }
    name = fmt.format(str(newest.version.major))
    current = tags.get(name)  # the listing covers the floating tag: no second ls-remote
    tags.setdefault(newest.tag, newest.sha)
    floating = newest_of_major(
        tags,
        newest.version.major,
        version_of=lambda tag: fmt.version(tag, newest.version.scheme),
        floating_name=name,
    )
    if floating is None:
        return None
    if current == floating.sha:
        say(f"floating tag {name} already at {floating.source} ({floating.sha[:12]})")
    elif dry_run:
        say(f"would move floating tag {name} to {floating.source} ({floating.sha[:12]})")
    else:
        git.run("tag", "--force", "--no-sign", name, floating.sha)
        reason = gitops.push(git, project.remote, f"+refs/tags/{name}:refs/tags/{name}")
        if reason is not None:
            raise GitError(f"moving floating tag {name} failed: {reason}")
        say(f"moved floating tag {name} to {floating.source} ({floating.sha[:12]})")
    return floating
