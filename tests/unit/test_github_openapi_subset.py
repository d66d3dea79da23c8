"""The committed OpenAPI subset, the script that extracts it, and the server's handlers agree."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ghlocal.contract import Contract
from ghlocal.handlers import HANDLERS

ROOT = Path(__file__).resolve().parents[2]


def _extractor() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "extract_openapi", ROOT / "tools/extract_openapi.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["extract_openapi"] = module
    spec.loader.exec_module(module)
    return module


def test_committed_subset_holds_exactly_the_listed_operations() -> None:
    tool = _extractor()
    subset = json.loads((ROOT / "scripts/ghlocal/openapi/api.github.com.json").read_text())
    committed = {(m, p) for p, item in subset["paths"].items() for m in item}
    assert committed == set(tool.OPERATIONS)
    assert subset["info"]["x-source"].startswith("@octokit/openapi ")


def test_every_operation_has_a_handler_and_every_handler_an_operation() -> None:
    operations = {op.operation_id for op in Contract().operations}
    assert operations == set(HANDLERS)


def _spec() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "summary": "dropped",
                    "operationId": "a/get",
                    "responses": {
                        "200": {
                            "description": "dropped",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/outer"},
                                    "examples": {"x": {"$ref": "#/components/examples/ex"}},
                                }
                            },
                        }
                    },
                },
                "post": {"operationId": "a/post", "responses": {}},
            }
        },
        "components": {
            "schemas": {
                "outer": {
                    "type": "object",
                    "description": "dropped",
                    "properties": {
                        "description": {"type": "string", "description": "kept key"},
                        "inner": {"$ref": "#/components/schemas/inner"},
                    },
                },
                "inner": {"type": "string", "example": "dropped"},
                "unused": {"type": "integer"},
            },
            "examples": {"ex": {"value": 1}},
        },
    }


def test_extract_follows_refs_and_drops_documentation() -> None:
    tool = _extractor()
    subset = tool.extract(_spec(), [("get", "/a")])
    assert list(subset["paths"]["/a"]) == ["get"]
    assert set(subset["components"]) == {"schemas"}
    schemas = subset["components"]["schemas"]
    assert set(schemas) == {"outer", "inner"}
    assert schemas["outer"]["properties"]["description"] == {"type": "string"}
    assert "description" not in schemas["outer"]
    assert schemas["inner"] == {"type": "string"}


def test_extract_refuses_an_unknown_operation() -> None:
    tool = _extractor()
    with pytest.raises(SystemExit, match="not in the description: GET /nope"):
        tool.extract(_spec(), [("get", "/nope")])


def test_extract_main_writes_the_output(tmp_path: Path) -> None:
    tool = _extractor()
    source, output = tmp_path / "api.json", tmp_path / "out.json"
    source.write_text(json.dumps(_spec()))
    tool.OPERATIONS = [("get", "/a")]
    assert tool.main([str(source), "--output", str(output), "--package-version", "1.2.3"]) == 0
    written = json.loads(output.read_text())
    assert written["info"]["x-source"] == "@octokit/openapi 1.2.3"
