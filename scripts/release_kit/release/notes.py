"""Release notes: the text of each source, put together by a Jinja2 template.

Sources (any combination, in the configured order): the version's changelog
section, GitHub's generated notes, a milestone's closed issues and merged pull
requests, and the commits since the previous tag. Gathering them is I/O
(`gather.py`); this module only renders, so a template error is found before
any request changes anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
import jinja2.sandbox

from release_kit.errors import InputError

DEFAULT_TEMPLATE = """\
{%- for name, text in sections %}
{{ text | trim }}
{% endfor -%}
"""


@dataclass(frozen=True)
class Item:
    """An issue or pull request of a milestone."""

    number: int
    title: str
    url: str = ""
    author: str = ""


@dataclass(frozen=True)
class NotesInput:
    """Everything a template may use; `sections` keeps the configured source order."""

    tag: str
    version: str
    previous_tag: str | None = None
    sections: Sequence[tuple[str, str]] = ()
    issues: Sequence[Item] = ()
    pulls: Sequence[Item] = ()
    milestone: str | None = None

    def variables(self) -> dict[str, Any]:
        texts = dict(self.sections)
        return {
            "tag": self.tag,
            "version": self.version,
            "previous_tag": self.previous_tag,
            "sections": [(name, text) for name, text in self.sections if text.strip()],
            "changelog": texts.get("changelog", ""),
            "generated": texts.get("generated", ""),
            "commits": texts.get("commits", ""),
            "milestone_notes": texts.get("milestone", ""),
            "milestone": self.milestone,
            "issues": list(self.issues),
            "pulls": list(self.pulls),
        }


@dataclass(frozen=True)
class Template:
    """A compiled notes template; `where` names it in error messages."""

    where: str
    compiled: jinja2.Template = field(repr=False)

    def render(self, notes: NotesInput) -> str:
        try:
            text = self.compiled.render(notes.variables())
        except jinja2.TemplateError as exc:
            raise InputError(f"notes template {self.where}: {_one_line(exc)}") from exc
        return text.strip() + "\n" if text.strip() else ""


def compile_template(text: str | None, where: str = "(built-in)") -> Template:
    """Compile a notes template (the built-in one when `text` is None); exit 2 on a syntax error."""
    env = jinja2.sandbox.SandboxedEnvironment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    try:
        return Template(where, env.from_string(DEFAULT_TEMPLATE if text is None else text))
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(
            f"notes template {where} line {exc.lineno}: {_one_line(exc)}",
            file=where,
            line=exc.lineno,
        ) from exc


def milestone_markdown(title: str, issues: Sequence[Item], pulls: Sequence[Item]) -> str:
    """The milestone source as Markdown: closed issues, then merged pull requests."""
    parts: list[str] = []
    for heading, items in (("Closed issues", issues), ("Merged pull requests", pulls)):
        if items:
            lines = [
                f"- {i.title} (#{i.number})" + (f" @{i.author}" if i.author else "") for i in items
            ]
            parts.append(f"### {heading}\n\n" + "\n".join(lines))
    if not parts:
        return ""
    return f"## Milestone {title}\n\n" + "\n\n".join(parts) + "\n"


def items_from_issues(payload: Sequence[Mapping[str, Any]]) -> tuple[list[Item], list[Item]]:
    """Split a milestone's closed issues (GitHub's /issues list) into issues and merged PRs."""
    issues: list[Item] = []
    pulls: list[Item] = []
    for raw in sorted(payload, key=lambda r: int(r["number"])):
        item = Item(
            number=int(raw["number"]),
            title=str(raw.get("title", "")),
            url=str(raw.get("html_url", "")),
            author=str((raw.get("user") or {}).get("login", "")),
        )
        pull = raw.get("pull_request")
        if pull is None:
            if raw.get("state_reason") != "not_planned":
                issues.append(item)
        elif pull.get("merged_at"):
            pulls.append(item)
    return issues, pulls


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
