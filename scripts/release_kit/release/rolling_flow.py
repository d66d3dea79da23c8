"""`release --rolling TAG`: check inputs, plan the in-place update, apply (see rolling.py).

The notes are a line naming the build (the commit the tag moves to), then the
sources of `[release] rolling-notes` (or `--notes`) in their order: `changelog`
is the pending section (`[changelog] pending-headings`: hyperlight's
`## [Prerelease] - Unreleased`), `generated` and `commits` run from the newest
version tag the commit reaches. A source that finds nothing is left out: right
after a release the pending section is empty, and the rolling release is still
rebuilt. GitHub's generated notes are asked for the commit itself (its SHA as
the tag name): the rolling tag still points at the previous build when they are
made, and GitHub reads an existing tag's range from the tag.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from release_kit.config import Config
from release_kit.errors import InputError
from release_kit.git import Git
from release_kit.release import gather, inputs
from release_kit.release.api import ReleaseApi
from release_kit.release.flow import Result
from release_kit.release.notes import NotesInput
from release_kit.release.plan import ReleaseSpec, RemoteAsset
from release_kit.release.rolling import apply_rolling, plan_rolling
from release_kit.release.settings import ReleaseSettings
from release_kit.settings import CoreSettings
from release_kit.tree import GitTree


def run_rolling(
    api: ReleaseApi,
    git: Git,
    root: Path,
    tag: str,
    target: str,
    rs: ReleaseSettings,
    *,
    cfg: Config,
    core: CoreSettings,
    sources: Sequence[str],
    dry_run: bool,
    say: Callable[[str], None],
    env: Mapping[str, str] | None = None,
) -> Result:
    template = inputs.load_template(root, rs.notes_template)
    local = inputs.load_assets(root, rs)
    sha = git.try_rev_parse(target)
    if sha is None:
        raise InputError(f"target {target!r} names no commit")
    subject = git.run("log", "-1", "--format=%s", sha)
    text = f"Rolling pre-release, rebuilt on every push; now at `{sha[:12]}` ({subject})."
    previous = previous_release(git, core, sha)
    sections = [("rolling", text)]
    for source in sources:
        if source == "changelog":
            sections.append((source, gather.pending_changelog(cfg, GitTree(git, sha)) or ""))
        elif source == "generated":
            sections.append((source, api.generate_notes(sha, sha, previous)))
        elif source == "commits":
            sections.append(
                (source, gather.commits_since(git, previous, sha, cfg, root, env or {}))
            )
    notes = NotesInput(tag=tag, version=sha[:12], previous_tag=previous, sections=sections)
    body = template.render(notes)
    spec = ReleaseSpec(
        tag=tag,
        target=sha,
        name=(rs.rolling_name or rs.name).format(tag=tag, version=tag),
        body=body,
        draft=False,
        prerelease=True,
        make_latest="false",
    )
    existing = api.find(api.list_releases(), tag)
    remote: list[RemoteAsset] = []
    if existing is not None:
        found = [RemoteAsset.from_api(a) for a in existing.get("assets") or []]
        remote = api.with_digests(found, local)
    plan = plan_rolling(spec, existing, remote, local)
    tag_sha = api.tag_sha(tag)
    if tag_sha != sha and not plan.fields.get("target_commitish"):
        plan.fields["target_commitish"] = sha  # the tag moves even if nothing else does
    old_body = None if existing is None else str(existing.get("body") or "")
    result = Result(spec, "", plan, local, None, old_body)
    if not dry_run:
        result.outcome = apply_rolling(api, spec, plan, existing, tag_sha, say)
    return result


def previous_release(git: Git, core: CoreSettings, sha: str) -> str | None:
    """The newest version tag (by version) that `sha` reaches: where the notes start."""
    from release_kit.commits.history import highest_reachable

    schemes = ("semver", "pep440") if core.scheme == "auto" else (core.scheme,)
    for scheme in schemes:
        best = highest_reachable(git, core.tag_format, scheme, sha)
        if best is not None:
            return best.name
    return None
