"""What a check found: the plan of the run and its problems, in a fixed order. Pure.

Problems are ordered by kind, the order a run meets them in: bad input first
(the configuration, the arguments), then policy (which branch may release what),
then gates (milestone, blockers, tags and branches in the way, CI), then content
(the files the bump writes, the changelog section). Bad input exits 2, any other
problem 1, none 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

KINDS = ("input", "policy", "gate", "content")
STEPS = ("config", "merge", "bump", "tag", "branch", "release")


@dataclass(frozen=True)
class Problem:
    kind: str  # one of KINDS
    step: str  # one of STEPS
    message: str

    def line(self) -> str:
        return f"{self.kind}: {self.step}: {self.message}"


@dataclass
class Report:
    """The run a check describes (what each step would do) and what stands in its way."""

    steps: tuple[str, ...]
    plan: dict[str, Any] = field(default_factory=dict)  # version, tag, branch, ...
    doing: list[str] = field(default_factory=list)  # one line per step: what it would do
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, step: str, message: str) -> None:
        assert kind in KINDS and step in STEPS, (kind, step)
        self.problems.append(Problem(kind, step, message))

    def ordered(self) -> list[Problem]:
        order = {kind: i for i, kind in enumerate(KINDS)}
        steps = {step: i for i, step in enumerate(STEPS)}
        return sorted(self.problems, key=lambda p: (order[p.kind], steps[p.step]))

    @property
    def exit_code(self) -> int:
        if any(p.kind == "input" for p in self.problems):
            return 2
        return 1 if self.problems else 0

    def payload(self) -> dict[str, Any]:
        return {
            **self.plan,
            "steps": list(self.steps),
            "ready": not self.problems,
            "would": list(self.doing),
            "problems": [
                {"kind": p.kind, "step": p.step, "message": p.message} for p in self.ordered()
            ],
            "notes": list(self.notes),
        }

    def text(self) -> str:
        head = f"check: {' '.join(self.steps)}"
        lines = [head, *(f"  would {line}" for line in self.doing)]
        lines += [f"  note: {note}" for note in self.notes]
        problems = self.ordered()
        if problems:
            lines.append(f"refused: {len(problems)} problem(s), nothing was changed")
            lines += [f"  {p.line()}" for p in problems]
        else:
            lines.append("ready: every gate passes")
        return "\n".join(lines)

    def summary(self) -> str:
        out = ["### release-kit check", ""]
        out.append("Ready: every gate passes." if not self.problems else "**Refused.**")
        out.append("")
        out += [f"- would {_code(line)}" for line in self.doing]
        if self.problems:
            out += ["", "| kind | step | problem |", "|---|---|---|"]
            out += [f"| {p.kind} | {p.step} | {_cell(p.message)} |" for p in self.ordered()]
        return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (a contributor may write the titles)."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def _code(text: str) -> str:
    return _cell(text)


def default_steps(bump: str | None, merge_from: str | None) -> tuple[str, ...]:
    """The steps of a run when none are named: tag and release, after a bump and a merge
    when those are asked for."""
    steps = ["config"]
    if merge_from:
        steps.append("merge")
    if bump:
        steps.append("bump")
    return (*steps, "tag", "release")


def in_order(named: Sequence[str]) -> tuple[str, ...]:
    """The named steps in the order a run takes them, config always first."""
    wanted = {"config", *named}
    return tuple(step for step in STEPS if step in wanted)
