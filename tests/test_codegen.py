"""The generation pipeline: offline bundling that keeps the schema's verdicts."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from conftest import EXAMPLES
from jsonschema import Draft7Validator
from spec_folder import PROJECT_ROOT, official_verdict

sys.path.insert(0, str(PROJECT_ROOT / "codegen"))

from bundle import bundle
from generate import LOCK_FILE, RELEASES
from prepare import RULE_ONLY_DEFINITIONS, prepare

URL = RELEASES[0].url


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_bundle_has_no_remote_reference_left() -> None:
    refs = _refs(bundle(URL).schema)
    assert refs
    assert all(ref.startswith("#/") for ref in refs)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_bundled_schema_gives_the_official_verdict(name: str) -> None:
    validator = Draft7Validator(bundle(URL).schema)
    document = EXAMPLES[name]
    assert validator.is_valid(document) == official_verdict(document)
    broken = json.loads(json.dumps(document))
    broken["properties"]["mlm:output"][0]["classification:classes"] = [{"value": 1}]
    assert not validator.is_valid(broken)
    assert not official_verdict(broken)


def test_prepared_input_drops_rule_only_definitions_and_defaults() -> None:
    prepared = prepare(bundle(URL).schema)
    assert not RULE_ONLY_DEFINITIONS & set(prepared["$defs"])
    assert "allOf" not in prepared
    assert '"default"' not in json.dumps(prepared)
    assert all(ref.removeprefix("#/$defs/") in prepared["$defs"] for ref in _refs(prepared))


def test_lock_records_every_upstream_file_with_its_checksum() -> None:
    lock = json.loads(LOCK_FILE.read_text())
    urls = {entry["url"] for entry in lock["files"]}
    assert urls == set(bundle(URL).sources)
    assert all(len(entry["sha256"]) == 64 for entry in lock["files"])
