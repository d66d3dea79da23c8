"""`rollback`: the emergency procedure (Hephaestus) — delete a release and its tag.

The release goes first: deleting a tag under a published release would leave
it behind as a draft. Nothing left to delete is success (a re-run after a
partial rollback finishes it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from release_kit.release.api import ReleaseApi


@dataclass
class RollbackPlan:
    tag: str
    release: dict[str, Any] | None
    tag_sha: str | None
    keep_tag: bool = False
    done: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.release is not None:
            kind = "draft" if self.release.get("draft") else "release"
            names = [str(a.get("name")) for a in self.release.get("assets") or []]
            listed = f" with {len(names)} asset(s): {', '.join(names)}" if names else ""
            out.append(f"delete {kind} {self.tag} (id {self.release.get('id')}){listed}")
        if self.tag_sha is not None and not self.keep_tag:
            out.append(f"delete tag {self.tag} (at {self.tag_sha[:12]})")
        return out


def plan_rollback(api: ReleaseApi, tag: str, *, keep_tag: bool) -> RollbackPlan:
    release = api.find(api.list_releases(), tag)
    return RollbackPlan(tag, release, api.tag_sha(tag), keep_tag)


def apply_rollback(api: ReleaseApi, plan: RollbackPlan, say: Callable[[str], None]) -> None:
    if plan.release is not None:
        api.delete_release(int(plan.release["id"]))
        plan.done.append(f"deleted release {plan.tag}")
        say(plan.done[-1])
    if plan.tag_sha is not None and not plan.keep_tag:
        api.delete_tag_ref(plan.tag)
        plan.done.append(f"deleted tag {plan.tag}")
        say(plan.done[-1])
