"""What handlers work on: the bare repository, the in-memory state, the renderer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ghlocal.gitrepo import BareRepo
from ghlocal.http import Call, HttpError, Reply
from ghlocal.render import Renderer
from ghlocal.state import State


@dataclass
class Backend:
    repo: BareRepo
    state: State
    render: Renderer

    @property
    def default_branch(self) -> str:
        try:
            head = self.repo.git("symbolic-ref", "--short", "HEAD").strip()
        except Exception:
            return "main"
        return head or "main"

    def commit_sha(self, rev: str) -> str:
        """The commit a branch, tag or sha names; 422 when it names none."""
        for candidate in (f"refs/heads/{rev}", f"refs/tags/{rev}", rev):
            sha = self.repo.resolve(candidate)
            if sha:
                return sha
        raise HttpError(422, f"No commit found for the ref {rev}")

    def not_found(self) -> HttpError:
        return HttpError(404, "Not Found")


Handler = Callable[[Backend, Call], Reply]
