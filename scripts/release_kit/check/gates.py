"""Every gate of the steps a run takes, read from git, the files and GitHub; nothing written.

Each step's gates are the step's own planning code run without its side effects
(the bump's decision and file plan, the tag and branch decisions of `refs`, the
release's milestone and blocker rules), so that the check and the step cannot
disagree. A gate that raises becomes one problem and the check goes on: every
problem is listed at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from release_kit.check.model import Report
from release_kit.config import Config
from release_kit.errors import ConflictError, InputError, RefusedError, ReleaseKitError
from release_kit.git import Git
from release_kit.settings import CoreSettings
from release_kit.versioning import Version

if TYPE_CHECKING:
    from release_kit.release.api import ReleaseApi
    from release_kit.release.milestone import MilestoneRef
    from release_kit.release.settings import ReleaseSettings


@dataclass(frozen=True)
class Request:
    """What the run is asked to do (the workflow's inputs, or the command line)."""

    steps: tuple[str, ...]
    bump: str | None = None  # the bump's KIND; None: the version the files hold
    pre_id: str | None = None
    tag: str | None = None  # the tag to release (on-tag runs); default from the version
    milestone: MilestoneRef | None = None
    merge_from: str | None = None
    draft: bool = False
    blocker_label: str | None = None
    branch: str | None = None  # the branch the run is for; default the checkout's
    allow_dirty: bool | None = None
    laptop: bool = False  # not on a runner: also clean, pushed, on the expected branch


@dataclass
class _State:
    """What earlier steps found, for the later ones."""

    version: Version | None = None
    tag: str | None = None
    tag_sha: str | None = None  # the commit the tag is or would be at; None: a new commit
    new_commit: bool = False  # the run makes a commit (merge, bump) before it tags
    merged: str | None = None  # the tip of the branch the run merges (its files are released)
    released: bool = False  # the version is released at an earlier commit: nothing to do
    api: ReleaseApi | None = None
    api_error: str | None = None


def _default_branch(git: Git) -> str | None:
    """The branch origin's HEAD names (the clone's record of it, else origin's answer)."""
    head = git.run("symbolic-ref", "--quiet", "refs/remotes/origin/HEAD", check=False)
    if head:
        return head.removeprefix("refs/remotes/origin/")
    out = git.run("ls-remote", "--symref", "origin", "HEAD", check=False)
    first = out.splitlines()[0] if out else ""
    if first.startswith("ref: refs/heads/") and "\t" in first:
        return first.removeprefix("ref: refs/heads/").split("\t", 1)[0]
    return None


@contextmanager
def _gate(report: Report, step: str, kind: str) -> Iterator[None]:
    """A gate's error as a problem of `kind` (bad input stays input), and go on."""
    try:
        yield
    except InputError as exc:
        report.add("input", step, exc.message)
    except ConflictError as exc:
        report.add("gate", step, exc.message)
    except ReleaseKitError as exc:
        report.add(kind, step, exc.message)


class Checker:
    def __init__(
        self,
        req: Request,
        root: Path,
        git: Git,
        cfg: Config,
        env: Mapping[str, str],
        now: datetime,
        api_factory: Callable[[], ReleaseApi],
    ) -> None:
        self.req, self.root, self.git, self.cfg, self.env, self.now = req, root, git, cfg, env, now
        self.api_factory = api_factory
        self.report = Report(req.steps)
        self.state = _State()
        self.branch = req.branch or self._branch()

    def _branch(self) -> str | None:
        from release_kit.tagging.current import branch_of

        return branch_of(self.git, self.env, self.root)

    def api(self, step: str) -> ReleaseApi | None:
        """The GitHub API, made once; None (and one input problem) without a repository."""
        st = self.state
        if st.api is None and st.api_error is None:
            try:
                st.api = self.api_factory()
            except InputError as exc:
                st.api_error = exc.message
                self.report.add("input", step, f"GitHub is needed for this gate: {exc.message}")
        return st.api

    def run(self) -> Report:
        from release_kit import config_check

        for problem in config_check.problems(self.cfg):
            self.report.add("input", "config", problem.message)
        if self.report.problems:
            return self.report  # the settings below would only repeat these
        core = CoreSettings.from_config(self.cfg)
        self.report.plan["branch"] = self.branch or ""
        if self.req.laptop:
            self._laptop()
        steps = self.req.steps
        if "merge" in steps:
            with _gate(self.report, "merge", "gate"):
                self._merge()
        with _gate(self.report, "bump" if self.req.bump else "tag", "policy"):
            self._version(core)
        if "tag" in steps and self.state.tag:
            with _gate(self.report, "tag", "gate"):
                self._tag(core)
            with _gate(self.report, "tag", "gate"):
                self._required_checks()
        if "branch" in steps and self.state.version is not None:
            with _gate(self.report, "branch", "gate"):
                self._branch_step()
        if "release" in steps:
            self._release()
        return self.report

    # -- the steps ---------------------------------------------------------------

    def _laptop(self) -> None:
        """vmpilot's prepare-release checks: the expected branch, clean, pushed."""
        git, report = self.git, self.report
        expected = _default_branch(git)
        if expected and self.branch != expected:
            report.add(
                "policy", "config", f"on {self.branch or 'a detached HEAD'}, not on {expected}"
            )
        dirty = git.dirty_paths()
        if dirty:
            shown = ", ".join(dirty[:5]) + (" ..." if len(dirty) > 5 else "")
            report.add("policy", "config", f"the work tree has uncommitted changes ({shown})")
        if self.branch:
            from release_kit.tagging import gitops

            pushed = gitops.remote_branch(git, "origin", self.branch)
            here = git.rev_parse("HEAD")
            if pushed is None:
                report.add("policy", "config", f"{self.branch} is not on origin: push it")
            elif pushed != here:
                report.add(
                    "policy",
                    "config",
                    f"HEAD {here[:12]} is not what origin has on {self.branch}"
                    f" ({pushed[:12]}): push or pull first",
                )

    def _merge(self) -> None:
        from release_kit.tagging import gitops

        source = self.req.merge_from or ""
        git = self.git
        sha = gitops.remote_branch(git, "origin", source)
        if sha is None:
            raise InputError(f"branch {source} to merge does not exist on origin")
        if not gitops.commit_known(git, sha):
            git.run("fetch", "--quiet", "--no-tags", "origin", f"refs/heads/{source}")
        head = git.rev_parse("HEAD")
        if gitops.is_ancestor(git, sha, head):
            self.report.doing.append(f"merge {source}: already merged, nothing to push")
            return
        files = git.merge_conflicts(head, sha)
        if files is not None:
            shown = ", ".join(files[:5]) + (" ..." if len(files) > 5 else "")
            self.report.add(
                "gate", "merge", f"merging {source} into {self.branch} conflicts: {shown}"
            )
            return
        self.state.new_commit = True
        self.state.merged = sha
        self.report.doing.append(f"merge {source} ({sha[:12]}) into {self.branch} and push it")

    def _version(self, core: CoreSettings) -> None:
        req, st = self.req, self.state
        if req.milestone is not None and req.bump:
            raise InputError("--milestone gives the version; a --bump beside it cannot")
        if req.milestone is not None:
            self._milestone_version(core)
            return
        if req.bump:
            self._bump(core)
            return
        if req.tag:
            from release_kit.release.inputs import parse_tag_version

            st.version = parse_tag_version(req.tag, core)
            st.tag = req.tag
            return
        from release_kit.tagging.versions import version_at

        st.version = version_at(self.git, "HEAD", self.cfg, core.scheme, None)
        st.tag = core.tag_format.format(str(st.version))

    def _milestone_version(self, core: CoreSettings) -> None:
        from release_kit.release.gather import read_milestone
        from release_kit.release.milestone import check_milestone_open_items, read_title
        from release_kit.versioning import parse_any

        api = self.api("release")
        if api is None:
            return
        assert self.req.milestone is not None
        milestone, open_items = read_milestone(api, self.req.milestone, closed_items=True)
        titled = read_title(milestone.title)
        self.state.version = parse_any(titled.text, core.scheme)
        self.state.tag = self.req.tag or core.tag_format.format(titled.text)
        self.report.plan["milestone"] = milestone.title
        if milestone.state == "closed":
            self.report.notes.append(f"milestone {milestone.title!r} is closed already")
        with _gate(self.report, "release", "gate"):
            check_milestone_open_items(milestone.title, open_items)
        from release_kit.release.gather import milestone_notes

        self.report.plan["notes_preview"] = milestone_notes(milestone)

    def _bump(self, core: CoreSettings) -> None:
        from release_kit.commands.bump import check_policy, decide, plan_files

        req, st, report = self.req, self.state, self.report
        assert req.bump is not None
        d = decide(req.bump, req.pre_id, self.branch, self.root, self.git, self.cfg, core, self.env)
        if d.new is None:
            st.version, st.tag = d.current, d.tag
            report.doing.append(f"bump: already at {d.current}, nothing to commit")
            return
        st.version, st.tag, st.new_commit = d.new, d.tag, True
        allow_dirty = core.allow_dirty if req.allow_dirty is None else req.allow_dirty
        with _gate(report, "bump", "policy"):
            check_policy(self.git, core, d.branch, allow_dirty, d.patch)
        with _gate(report, "bump", "content"):
            edits, notes = plan_files(
                d, self.root, self.cfg, core, True, self.now.date().isoformat()
            )
            files = ", ".join(e.path for e in edits) or "no file"
            report.doing.append(f"bump {d.current} -> {d.new} ({files}) and commit it")
            report.notes.extend(notes)

    def _tag(self, core: CoreSettings) -> None:
        from release_kit.tagging import gitops
        from release_kit.tagging.current import line_for

        st, git = self.state, self.git
        assert st.tag is not None and st.version is not None
        self.report.plan.update(version=str(st.version), tag=st.tag)
        local, remote = git.tag_target(st.tag), gitops.remote_tag(git, "origin", st.tag)
        if st.new_commit:
            where = remote or local
            if where is not None:
                raise ConflictError(
                    f"tag {st.tag} already exists at {where[:12]}; the run would tag a new commit"
                )
        elif self.req.tag and (remote or local):
            sha = remote or local or ""  # an on-tag run: the tag is there, at its commit
            st.tag_sha = sha
            self.report.doing.append(f"release the pushed tag {st.tag} ({sha[:12]})")
        elif self.req.milestone is not None:
            # The milestone's version, not the files' (vmpilot's lag its tags): the
            # release tags HEAD (dev merged already), or finds its own tag there.
            head = git.rev_parse("HEAD")
            where = remote or local
            if where is not None and where != head:
                raise ConflictError(
                    f"tag {st.tag} already exists at {where[:12]}, not at HEAD {head[:12]}"
                )
            st.tag_sha = head
        else:  # the version the files hold, tagged at HEAD: the tag step's own plan
            from release_kit.tagging.tagger import Project, plan_version

            project = Project(git, self.cfg, core.scheme, core.tag_format, "origin")
            plan = plan_version(project, "HEAD", line_for(self.cfg, self.branch))
            if not plan.targets:
                self.report.notes.append(plan.note)
                st.tag_sha = remote or local
                st.released = (remote or local) != git.rev_parse("HEAD")
                return
            st.tag_sha = plan.targets[0].sha
        if st.new_commit or (self.req.milestone is not None and not (local or remote)):
            self._above_last_release(core, line_for(self.cfg, self.branch))
        if self.req.draft and not (local or remote):
            self.report.doing.append(
                f"leave {st.tag} to GitHub: a draft release pushes no tag (made when published)"
            )
        elif not (local or remote):
            self.report.doing.append(f"tag {st.tag} and push it")

    def _above_last_release(self, core: CoreSettings, line: Any) -> None:
        """Refuse a release below the line's last one (a tag of it already there is a re-run)."""
        from release_kit.commits.history import read_tags
        from release_kit.versioning import lines

        st = self.state
        assert st.version is not None
        tags = read_tags(self.git, core.tag_format, st.version.scheme)
        last = lines.last_release(lines.line_tags(tags, line), line)
        if last is None:
            return
        if st.version < last.version:
            self.report.add(
                "gate",
                "tag",
                f"version {st.version} is below the last release {lines.shown(last)}"
                f" counting {line.label}: it would release backwards",
            )
        elif st.version == last.version:
            self.report.add(
                "gate", "tag", f"version {st.version} is already released as {lines.shown(last)}"
            )

    def _required_checks(self) -> None:
        from release_kit.tagging.github_ops import evaluate_checks
        from release_kit.tagging.settings import TagSettings

        tag_settings = TagSettings.from_config(self.cfg)
        if not tag_settings.required_checks or self.state.new_commit:
            return  # a commit the run makes has no checks yet: the tag step waits for them
        api = self.api("tag")
        if api is None:
            return
        client = api.client
        sha = self.state.tag_sha or self.git.rev_parse("HEAD")
        runs = list(client.paginate(client.repo_path(f"/commits/{sha}/check-runs")))
        combined = client.get(client.repo_path(f"/commits/{sha}/status")) or {}
        verdict = evaluate_checks(
            runs, combined.get("statuses", []), required=tag_settings.required_checks
        )
        if verdict.state == "failure":
            self.report.add("gate", "tag", f"checks of {sha[:12]} {verdict.detail}")
        elif verdict.state == "pending" and tag_settings.wait_for_checks:
            self.report.notes.append(f"checks of {sha[:12]} {verdict.detail}: the tag step waits")
        elif verdict.state == "pending":
            self.report.add("gate", "tag", f"checks of {sha[:12]} {verdict.detail}")

    def _branch_step(self) -> None:
        from release_kit.tagging import brancher, gitops, refs
        from release_kit.tagging.patterns import BranchPattern, reused_branch_glob
        from release_kit.tagging.settings import BranchSettings

        st, git = self.state, self.git
        assert st.version is not None
        settings = BranchSettings.from_config(self.cfg)
        pattern = BranchPattern.parse(settings.pattern)
        version = brancher.parts(st.version)
        name = pattern.render(version, self.now, settings.date_format)
        glob = reused_branch_glob(pattern, version, settings.patch_tags)
        if glob is not None and pattern.per_release:  # a patch tag on its line's branch
            self._patch_on_line_branch(settings.remote, glob)
            return
        self.report.plan["release_branch"] = name
        if glob is not None:
            self.report.doing.append(f"create or reuse the release line branch {name}")
            return
        remote = gitops.remote_branch(git, settings.remote, name)
        local = git.try_rev_parse(f"refs/heads/{name}^{{commit}}")
        if st.tag_sha is None:  # a new commit: the branch must not exist yet
            where = remote or local
            if where:
                raise ConflictError(f"branch {name} already exists at {where[:12]}")
        else:
            refs.decide("branch", name, st.tag_sha, local=None, remote=remote)
        self.report.doing.append(f"create the release branch {name}")

    def _patch_on_line_branch(self, remote: str, glob: str) -> None:
        """patch-tags = reuse: the branch of the tag's X.Y.0 exists and holds the tag."""
        from release_kit.tagging import brancher, gitops
        from release_kit.tagging.patterns import newest_match

        git, tag = self.git, self.state.tag or ""
        heads = gitops.remote_refs(git, remote, "refs/heads/*")
        line = newest_match(glob, [ref.removeprefix("refs/heads/") for ref in heads])
        if line is None:
            raise RefusedError(brancher.missing_line_branch(tag, glob))
        self.report.plan["release_branch"] = line
        head = heads[f"refs/heads/{line}"]
        sha = self.state.tag_sha or git.tag_target(tag) or gitops.remote_tag(git, remote, tag)
        if (
            sha is not None
            and sha != head
            and all(gitops.commit_known(git, c) for c in (sha, head))
            and not gitops.is_ancestor(git, sha, head)
        ):
            raise ConflictError(f"release branch {line} does not contain tag {tag}")
        self.report.doing.append(f"reuse the release branch {line} (patch-tags = reuse)")

    def _release(self) -> None:
        from release_kit.release.milestone import check_blockers
        from release_kit.release.settings import ReleaseSettings

        report, st = self.report, self.state
        try:
            rs = ReleaseSettings.from_config(self.cfg)
        except InputError as exc:
            report.add("input", "release", exc.message)
            return
        label = self.req.blocker_label or rs.blocker_label
        report.plan.update(
            notes_sources=list(rs.notes), assets=list(rs.assets), draft=self.req.draft
        )
        if st.tag is None:
            return
        if st.released:
            report.doing.append(f"release nothing: {st.tag} is released at an earlier commit")
            return
        if label:
            api = self.api("release")
            if api is not None:
                with _gate(report, "release", "gate"):
                    check_blockers(label, api.issues(labels=label, state="open"))
        if "changelog" in rs.notes and not (self.req.bump and st.new_commit):
            self._changelog_section(rs)
        what = "as a draft (the milestone stays open)" if self.req.draft else "and publish it"
        if self.req.milestone is not None and not self.req.draft:
            what += (
                f", then close milestone {report.plan.get('milestone', self.req.milestone.text)!r}"
            )
        report.doing.append(f"create the release {st.tag} {what}")

    def _changelog_section(self, rs: ReleaseSettings) -> None:
        """The version's changelog section, as the release will read it: from the work
        tree, or with a merge first, from the merged branch's tip (vmpilot writes the
        section on dev). It is the notes preview unless the milestone's notes come first."""
        from release_kit.release.gather import changelog_section
        from release_kit.tree import GitTree, Tree, WorkTree

        st = self.state
        assert st.version is not None
        tree: Tree = WorkTree(self.root) if st.merged is None else GitTree(self.git, st.merged)
        path, text = changelog_section(self.cfg, tree, str(st.version))
        if text and text.strip():
            notes = rs.notes
            if "milestone" in notes and notes.index("milestone") < notes.index("changelog"):
                self.report.plan.setdefault("notes_preview", text.strip())
            else:
                self.report.plan["notes_preview"] = text.strip()
            return
        why = f"no section for {st.version} in {path}"
        if st.merged is not None:
            why += f" on {self.req.merge_from}"
        if rs.notes_explicit:
            self.report.add("content", "release", f"notes source 'changelog' found nothing: {why}")
        else:
            self.report.notes.append(f"{why}: the notes leave it out")
