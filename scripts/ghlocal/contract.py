"""The contract check: requests and responses against GitHub's OpenAPI description.

The committed subset (openapi/api.github.com.json, made by tools/extract_openapi.py)
is OpenAPI 3.0: schemas are JSON Schema draft 4 plus `nullable`. On load,
`nullable: true` becomes a JSON-Schema null alternative and every `$ref` is
anchored to the document, so any fragment validates with `jsonschema`.
Formats are not asserted (GitHub's own description marks ids and URLs loosely).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jsonschema import Draft4Validator  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

BASE = "urn:ghlocal:openapi"
# Path parameters that may hold slashes (git refs, branch names, tags).
_SLASHY = {"ref", "basehead", "tag"}


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    spec: dict[str, Any]
    pattern: re.Pattern[str]

    @property
    def operation_id(self) -> str:
        return str(self.spec["operationId"])


def _nullable(node: Any) -> Any:
    """OpenAPI 3.0 -> JSON Schema: `nullable: true` admits null; refs anchored to BASE."""
    if isinstance(node, list):
        return [_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _nullable(value) for key, value in node.items()}
    if isinstance(out.get("$ref"), str) and out["$ref"].startswith("#"):
        out["$ref"] = BASE + out["$ref"]
    if out.pop("nullable", False) is True:
        if "type" in out:
            kinds = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = [*kinds, "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = ""
    for part in parts:
        if part.startswith("{"):
            name = part[1:-1]
            regex += f"(?P<{name}>.+)" if name in _SLASHY else f"(?P<{name}>[^/]+)"
        else:
            regex += re.escape(part)
    return re.compile(regex + "$")


class Contract:
    """Operation lookup and validation against the committed OpenAPI subset."""

    def __init__(self, spec: dict[str, Any] | None = None) -> None:
        if spec is None:
            text = resources.files("ghlocal").joinpath("openapi/api.github.com.json")
            spec = json.loads(text.read_text(encoding="utf-8"))
        self.spec: dict[str, Any] = _nullable(spec)
        resource = Resource.from_contents(self.spec, default_specification=DRAFT4)
        self.registry: Registry[Any] = Registry().with_resource(BASE, resource)
        ops = [
            Operation(method.upper(), template, op, _pattern(template))
            for template, item in self.spec["paths"].items()
            for method, op in item.items()
        ]
        # Literal paths first: /releases/latest before /releases/{release_id}.
        ops.sort(key=lambda o: (-len(re.sub(r"\{[^}]+\}", "", o.template)), o.template))
        self.operations = ops

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        for op in self.operations:
            if op.method != method:
                continue
            found = op.pattern.match(path)
            if found:
                return op, found.groupdict()
        return None

    def _deref(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.spec
            for part in node["$ref"].removeprefix(BASE + "#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def _errors(self, schema: Any, instance: Any, where: str) -> list[str]:
        validator = Draft4Validator(schema, registry=self.registry)
        found = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        out = []
        for error in found[:5]:
            at = "/".join(str(p) for p in error.absolute_path)
            out.append(
                f"{where} {at}: {error.message[:300]}" if at else f"{where}: {error.message[:300]}"
            )
        return out

    def check_request(
        self,
        op: Operation,
        query: dict[str, str],
        body: bytes,
        content_type: str,
    ) -> list[str]:
        """Reasons the request breaks the description (empty when it conforms)."""
        problems: list[str] = []
        for param in (self._deref(p) for p in op.spec.get("parameters", [])):
            if param.get("in") != "query":
                continue
            name = param["name"]
            if name not in query:
                if param.get("required"):
                    problems.append(f"query parameter {name} is required")
                continue
            value: Any = query[name]
            kind = param.get("schema", {}).get("type")
            if kind == "integer":
                if not re.fullmatch(r"-?\d+", value):
                    problems.append(f"query parameter {name}={value!r} is not an integer")
                    continue
                value = int(value)
            elif kind == "boolean":
                value = {"true": True, "false": False}.get(value, value)
            problems += self._errors(param.get("schema", {}), value, f"query {name}")
        request_body = self._deref(op.spec.get("requestBody"))
        if not request_body:
            return problems
        if not body:
            if request_body.get("required"):
                problems.append("request body is required")
            return problems
        media = request_body.get("content", {})
        if "application/json" in media and "octet-stream" not in content_type:
            try:
                instance = json.loads(body)
            except ValueError:
                return [*problems, "request body is not JSON"]
            schema = media["application/json"].get("schema", {})
            problems += self._errors(schema, instance, "request body")
        return problems

    def check_response(self, op: Operation, status: int, body: Any, raw: bool) -> list[str]:
        """Reasons the response breaks the description (empty when it conforms)."""
        responses = op.spec.get("responses", {})
        spec = responses.get(str(status), responses.get("default"))
        content = self._deref(spec or {}).get("content", {})
        if status >= 400 and "application/json" not in content:
            # The description lists errors loosely (a missing release is a 404 whether
            # or not it says so, a 422 upload is documented bodiless); any error must
            # still have GitHub's error shape.
            name = "validation-error" if status == 422 else "basic-error"
            return self._errors({"$ref": f"{BASE}#/components/schemas/{name}"}, body, "error")
        if spec is None:
            documented = ", ".join(sorted(responses))
            return [f"status {status} is not documented (documented: {documented})"]
        if raw or body is None:
            if content and "application/json" in content and not raw and status != 204:
                return [f"status {status} must have a JSON body"]
            return []
        if "application/json" not in content:
            return [f"status {status} must have no body"]
        return self._errors(content["application/json"].get("schema", {}), body, "response")
