"""The repository's own release workflows, found beside the ones `init` writes. Pure.

A workflow that creates a release, pushes a tag or publishes a package would, next
to the kit's workflows, release the same push twice: `init` names each one (it
never edits or deletes them) so that the maintainer retires it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# (what the workflow does, a pattern of the step that does it)
RELEASERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "creates GitHub releases",
        re.compile(
            r"softprops/action-gh-release|ncipollo/release-action|actions/create-release@"
            r"|gh release (create|upload|edit)"
        ),
    ),
    ("publishes to PyPI", re.compile(r"pypa/gh-action-pypi-publish|twine upload|uv publish")),
    ("publishes crates", re.compile(r"cargo publish")),
    ("pushes tags", re.compile(r"git push\b[^\n]*(--tags|refs/tags/)|git tag -a|git tag [^-\n]")),
)


def other_releasers(workflows: Mapping[str, str], written: set[str]) -> list[tuple[str, str]]:
    """(path, what it does) of every workflow in `workflows` ({path: text}) that
    releases, other than the `written` ones, in path order."""
    found = []
    for path in sorted(workflows):
        if path in written:
            continue
        text = "\n".join(
            line for line in workflows[path].splitlines() if not line.lstrip().startswith("#")
        )
        does = [what for what, pattern in RELEASERS if pattern.search(text)]
        if does:
            found.append((path, ", ".join(does)))
    return found
