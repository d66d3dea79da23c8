"""The container image a preset pushes after the release: its name and Dockerfile, checked.

A name is a GHCR reference whose parts may be the placeholders `{owner}` and
`{repo}` (`ghcr.io/{owner}/{repo}`); the image job logs in with the workflow's
own GITHUB_TOKEN, which only GHCR accepts, so any other registry is refused.
Pure: text in, a problem (or None) and GitHub expressions out.
"""

from __future__ import annotations

import re

REGISTRY = "ghcr.io"
# Each placeholder, as the GitHub expression it becomes in the rendered workflow.
PLACEHOLDERS = {
    "{owner}": "${{ github.repository_owner }}",
    "{repo}": "${{ github.event.repository.name }}",
}
# One path component of an image name (the distribution spec's grammar).
_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_DOCKERFILE = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*")


def image_problem(name: str) -> str | None:
    """Why `name` cannot be the image name, or None when it can."""
    registry, _, path = name.partition("/")
    if registry != REGISTRY:
        return (
            f"must be on {REGISTRY} (the image job logs in with GITHUB_TOKEN), "
            f"like {REGISTRY}/{{owner}}/{{repo}}; got {name!r}"
        )
    parts = path.split("/")
    if len(parts) < 2:
        example = f"{REGISTRY}/{{owner}}/NAME"
        return f"needs an owner and a name after {REGISTRY}/ ({example}); got {name!r}"
    bad = [p for p in parts if p not in PLACEHOLDERS and not _COMPONENT.fullmatch(p)]
    if bad:
        return (
            f"has invalid part(s) {', '.join(repr(p) for p in bad)}: lowercase letters, "
            f"digits and . _ - separators, or {{owner}} / {{repo}}; got {name!r}"
        )
    return None


def dockerfile_problem(path: str) -> str | None:
    """Why `path` cannot be the Dockerfile (relative to the repository root), or None."""
    parts = path.split("/")
    if not _DOCKERFILE.fullmatch(path) or ".." in parts or "." in parts:
        return f"must be a plain path relative to the repository root; got {path!r}"
    return None


def image_expression(name: str) -> str:
    """The name as written in the workflow: placeholders become GitHub expressions."""
    for placeholder, expression in PLACEHOLDERS.items():
        name = name.replace(placeholder, expression)
    return name
