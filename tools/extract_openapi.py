"""Extract the part of GitHub's OpenAPI description that release-kit uses.

The local GitHub server (scripts/ghlocal) validates every request and response
against this subset, so tests need no npm. Refresh it after adding an endpoint:

    tmp=$(mktemp -d) && (cd "$tmp" && npm pack @octokit/openapi && tar xzf octokit-openapi-*.tgz)
    python tools/extract_openapi.py "$tmp/package/generated/api.github.com.json"

The output keeps the chosen operations and every component they reach through
`$ref`, minus documentation-only keys (summaries, descriptions, examples).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parent.parent / "scripts/ghlocal/openapi/api.github.com.json"

R = "/repos/{owner}/{repo}"
OPERATIONS: list[tuple[str, str]] = [
    ("get", R),
    # git database: refs, tags, commits
    ("get", R + "/git/ref/{ref}"),
    ("get", R + "/git/matching-refs/{ref}"),
    ("post", R + "/git/refs"),
    ("patch", R + "/git/refs/{ref}"),
    ("delete", R + "/git/refs/{ref}"),
    ("get", R + "/git/tags/{tag_sha}"),
    ("post", R + "/git/tags"),
    ("get", R + "/git/commits/{commit_sha}"),
    ("get", R + "/commits/{ref}"),
    ("get", R + "/compare/{basehead}"),
    # statuses and checks
    ("get", R + "/commits/{ref}/status"),
    ("get", R + "/commits/{ref}/check-runs"),
    ("post", R + "/statuses/{sha}"),
    ("post", R + "/check-runs"),
    # releases and assets
    ("get", R + "/releases"),
    ("post", R + "/releases"),
    ("get", R + "/releases/{release_id}"),
    ("patch", R + "/releases/{release_id}"),
    ("delete", R + "/releases/{release_id}"),
    ("get", R + "/releases/tags/{tag}"),
    ("get", R + "/releases/latest"),
    ("post", R + "/releases/generate-notes"),
    ("get", R + "/releases/{release_id}/assets"),
    ("post", R + "/releases/{release_id}/assets"),
    ("get", R + "/releases/assets/{asset_id}"),
    ("patch", R + "/releases/assets/{asset_id}"),
    ("delete", R + "/releases/assets/{asset_id}"),
    # pull requests
    ("get", R + "/pulls"),
    ("post", R + "/pulls"),
    ("get", R + "/pulls/{pull_number}"),
    ("patch", R + "/pulls/{pull_number}"),
    # issues, labels, milestones
    ("get", R + "/issues"),
    ("get", R + "/issues/{issue_number}"),
    ("patch", R + "/issues/{issue_number}"),
    ("get", R + "/issues/{issue_number}/labels"),
    ("post", R + "/issues/{issue_number}/labels"),
    ("put", R + "/issues/{issue_number}/labels"),
    ("post", R + "/issues/{issue_number}/comments"),
    ("get", R + "/labels"),
    ("post", R + "/labels"),
    ("get", R + "/milestones"),
    ("get", R + "/milestones/{milestone_number}"),
    ("patch", R + "/milestones/{milestone_number}"),
    # actions
    ("post", R + "/actions/workflows/{workflow_id}/dispatches"),
    ("get", R + "/actions/workflows/{workflow_id}/runs"),
]

_DOC_KEYS = {"summary", "description", "examples", "example", "externalDocs", "x-octokit"}


def _strip(node: Any, *, names: bool = False) -> Any:
    """Drop documentation keys; a `properties` map's keys are names, never dropped."""
    if isinstance(node, list):
        return [_strip(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if not names and key in _DOC_KEYS:
            continue
        out[key] = _strip(value, names=key in ("properties", "patternProperties") and not names)
    return out


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        for value in node.values():
            found.extend(_refs(value))
        return found
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def extract(spec: dict[str, Any], operations: Sequence[tuple[str, str]]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for method, path in operations:
        try:
            operation = spec["paths"][path][method]
        except KeyError:
            raise SystemExit(f"not in the description: {method.upper()} {path}") from None
        paths.setdefault(path, {})[method] = _strip(operation)
    components: dict[str, dict[str, Any]] = {}
    pending = _refs(paths)
    while pending:
        ref = pending.pop()
        _, _, kind, name = ref.split("/", 3)
        if name in components.get(kind, {}):
            continue
        if kind == "examples":
            continue
        node = _strip(spec["components"][kind][name])
        components.setdefault(kind, {})[name] = node
        pending.extend(_refs(node))
    return {
        "openapi": spec["openapi"],
        "info": {"title": spec["info"]["title"], "version": spec["info"]["version"]},
        "paths": paths,
        "components": components,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "source", type=Path, help="generated/api.github.com.json of @octokit/openapi"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--package-version", default="", help="recorded in info.x-source")
    args = parser.parse_args(argv)
    spec = json.loads(args.source.read_text(encoding="utf-8"))
    subset = extract(spec, OPERATIONS)
    subset["info"]["x-source"] = f"@octokit/openapi {args.package_version}".strip()
    text = json.dumps(subset, indent=1, sort_keys=True) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output.name}: {len(OPERATIONS)} operations, {len(text) // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
