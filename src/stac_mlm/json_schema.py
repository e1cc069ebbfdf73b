"""JSON Schema of the MLM documents, exported from the models.

    json_schema("item")          # also "collection", "properties", "asset"
    stac-mlm schema item -o mlm-item.schema.json

The export carries every rule the models check in Python (cross-field rules included),
written by the class that checks it (``json_schema_rules``), the official schema's own
patterns, and STAC core's rules for ``stac_version`` 1.0.0 and 1.1.0 (Items and
Collections; Item properties alone: the rules both versions share). Rules said by
``allOf`` are merged into the subschemas pydantic writes for the same keys where that is
exact, and pydantic's ``anyOf`` of types said by ``type``: the same verdict, each value
walked once by a validator (the fast lane's time, :mod:`stac_mlm.fast_lane`). The exported files
are committed under ``schema/export/`` and checked for
drift in CI (``python -m stac_mlm.json_schema --check``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from stac_mlm._generated.patterns_v1_5_2 import SCHEMA_PATTERNS
from stac_mlm._schema_merge import merged_all_of
from stac_mlm._spec import MLM_VERSION

__all__ = ["KINDS", "json_schema"]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
#: What each kind of exported schema describes.
KINDS: Final = {
    "item": ("stac_mlm.item", "MLMItem", "A STAC Item describing a model with MLM"),
    "collection": ("stac_mlm.collection", "MLMCollection", "A STAC Collection of MLM Items"),
    "properties": (
        "stac_mlm.properties",
        "MLMItemProperties",
        "The properties of an MLM Item",
    ),
    "asset": ("stac_mlm.assets", "MLMAsset", "An asset of an MLM Item"),
}
EXPORT_DIR = Path(__file__).resolve().parents[2] / "schema" / "export"


class MLMJsonSchema(GenerateJsonSchema):
    """Quote the schema's ECMA-262 patterns, not their translation for the Rust engine."""

    def tagged_union_schema(self, schema: core_schema.TaggedUnionSchema) -> JsonSchemaValue:
        # A union told apart by a function (a summary: values, range or JSON Schema) has
        # members that may overlap as JSON Schemas: "any of", not "exactly one of".
        generated = super().tagged_union_schema(schema)
        if "oneOf" in generated and "discriminator" not in generated:
            generated["anyOf"] = generated.pop("oneOf")
        return generated

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        generated: JsonSchemaValue = _restore_patterns(super().generate(schema, mode=mode))
        return generated


# pydantic writes bounds it applies after a Python validator with their Python names.
_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _restore_patterns(node: Any) -> Any:
    """Schema patterns as the official schema writes them; bounds as JSON Schema keywords."""
    if isinstance(node, list):
        return [_restore_patterns(value) for value in node]
    if not isinstance(node, dict):
        return node
    restored = {key: _restore_patterns(value) for key, value in node.items()}
    pattern = restored.get("pattern")
    if isinstance(pattern, str) and pattern in SCHEMA_PATTERNS:
        restored["pattern"] = SCHEMA_PATTERNS[pattern]
    if restored.get("type") in ("integer", "number"):
        for python, keyword in _BOUNDS.items():
            if python in restored:
                restored[keyword] = restored.pop(python)
    return restored


def _model(kind: str) -> type[BaseModel]:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    module, name, _ = KINDS[kind]
    model: type[BaseModel] = getattr(__import__(module, fromlist=[name]), name)
    return model


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``kind``: item, collection, properties or asset."""
    schema: dict[str, Any] = _model(kind).model_json_schema(
        by_alias=True, mode="validation", schema_generator=MLMJsonSchema
    )
    # STAC core's rules, added after pydantic's generation: they reach their recursive
    # parts by "$anchor", which pydantic would take for references of its own.
    from stac_mlm._stac_core import core_rules_schema

    if kind == "item":
        schema.setdefault("allOf", []).append(core_rules_schema("item"))
    elif kind == "collection":
        schema.setdefault("allOf", []).append(core_rules_schema("collection"))
    elif kind == "properties":
        schema.setdefault("allOf", []).append(core_rules_schema("properties"))
    # One schema object where "allOf" said the same: a validator walks each value once.
    schema = merged_all_of(schema)
    comment = f"Exported by stac-mlm from its models of MLM v{MLM_VERSION}."
    if "$comment" in schema:  # STAC core's, merged in
        comment += " " + schema.pop("$comment")
    _, _, title = KINDS[kind]
    return {"$schema": DIALECT, "$comment": comment, **schema, "title": title}


def _text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def export(check: bool = False) -> int:
    """Write ``schema/export/<kind>.schema.json``, or say which are out of date."""
    stale = []
    for kind in KINDS:
        path = EXPORT_DIR / f"{kind}.schema.json"
        text = _text(kind)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"out of date: {path}; run `python -m stac_mlm.json_schema`", file=sys.stderr)
    return 1 if stale else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Export the JSON Schemas to schema/export/.")
    parser.add_argument("--check", action="store_true", help="fail when they are out of date")
    return export(check=parser.parse_args(argv).check)


if __name__ == "__main__":
    raise SystemExit(main())
