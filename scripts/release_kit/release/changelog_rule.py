"""wasmtime's RELEASES.md style: the release's notes are everything above the first rule.

The file starts with the notes of the version being released; a thematic break
(a line of three or more `-`, `*` or `_`) separates them from a pointer to older
notes. A line of dashes straight under a text line is a setext heading
underline, not a rule, so the rule must follow a blank line (or open the file).
"""

from __future__ import annotations

import re

from release_kit.changelog import version_pattern

_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")


def above_rule(text: str, version: str) -> str | None:
    """The text above the first rule line, when it names `version`; else None."""
    lines = text.splitlines()
    previous_blank = True
    for index, line in enumerate(lines):
        if _RULE.match(line) and previous_blank:
            body = "\n".join(lines[:index]).strip()
            if body and _names_version(body, version):
                return body + "\n"
            return None
        previous_blank = not line.strip()
    return None


def _names_version(body: str, version: str) -> bool:
    return re.search(version_pattern(version), body) is not None
