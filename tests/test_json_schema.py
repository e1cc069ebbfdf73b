"""Exported JSON Schemas: valid, sound on every valid document, and as strict as the models."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from conftest import EXAMPLES
from corpus import derived_documents
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from spec_folder import EcmaDraft202012Validator, example_collection, official_verdict
from strategies import mlm_items

from stac_mlm import MLM_SCHEMA_URI, MLMCollection
from stac_mlm.cli import main
from stac_mlm.json_schema import EXPORT_DIR, KINDS, export, json_schema

DOCUMENTS = [*EXAMPLES.items(), *derived_documents()]
ITEM_SCHEMA = EcmaDraft202012Validator(json_schema("item"))
MIN_REJECTION_RATIO = 0.95


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_exported_schema_is_valid_json_schema(kind: str) -> None:
    Draft202012Validator.check_schema(json_schema(kind))


def test_committed_exports_are_up_to_date() -> None:
    assert export(check=True) == 0
    assert sorted(path.name for path in EXPORT_DIR.glob("*.json")) == sorted(
        f"{kind}.schema.json" for kind in KINDS
    )


def test_no_false_rejection_and_the_rejection_ratio(
    record_property: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    valid = [(name, doc) for name, doc in DOCUMENTS if official_verdict(doc)]
    invalid = [(name, doc) for name, doc in DOCUMENTS if not official_verdict(doc)]
    false_rejections = [name for name, doc in valid if not ITEM_SCHEMA.is_valid(doc)]
    rejected = sum(not ITEM_SCHEMA.is_valid(doc) for _, doc in invalid)
    ratio = rejected / len(invalid)
    record_property("rejection_ratio", f"{rejected}/{len(invalid)}")
    with capsys.disabled():
        print(f"\nexported item schema rejects {rejected}/{len(invalid)} ({ratio:.1%})")
    assert false_rejections == []
    assert len(invalid) > 300
    assert ratio >= MIN_REJECTION_RATIO


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mlm_items())
def test_generated_items_are_accepted(document: dict[str, Any]) -> None:
    assert ITEM_SCHEMA.is_valid(document)


def test_collection_schema_accepts_what_the_model_accepts() -> None:
    validator = EcmaDraft202012Validator(json_schema("collection"))
    built = MLMCollection.from_items(EXAMPLES.values(), id="c", description="d", license="MIT")
    assert validator.is_valid(built.model_dump(mode="json"))
    official = example_collection()
    assert not validator.is_valid(official)  # does not declare MLM
    official["stac_extensions"].append(MLM_SCHEMA_URI)
    assert validator.is_valid(official)
    for summary in ({"mlm:input": []}, {"mlm:task": ["classification"]}, {"platform": "x"}):
        broken = copy.deepcopy(official)
        broken["summaries"] = summary
        assert not validator.is_valid(broken), summary


def _titles(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["title"]] if isinstance(node.get("title"), str) else []
        return own + [title for value in node.values() for title in _titles(value)]
    if isinstance(node, list):
        return [title for value in node for title in _titles(value)]
    return []


def test_reads_well_for_people() -> None:
    schema = json_schema("item")
    assert not [title for title in _titles(schema) if "Mlm" in title or ":" in title]
    fields = schema["$defs"]["MLMItemProperties"]["properties"]
    assert fields["mlm:framework_version"]["title"] == "Framework version"
    assert fields["mlm:total_parameters"]["description"]
    assert fields["mlm:architecture"]["examples"] == ["ResNet", "VGG", "GAN", "Vision Transformer"]
    # the official schema's own pattern, not the equivalent the Rust engine runs
    assert fields["mlm:name"]["pattern"] == r"^[a-zA-Z][a-zA-Z0-9_.\-\s]+[a-zA-Z0-9]$"


def test_schema_command(tmp_path: Any) -> None:
    out = tmp_path / "item.json"
    assert main(["schema", "item", "-o", str(out)]) == 0
    assert json.loads(out.read_text()) == json_schema("item")
