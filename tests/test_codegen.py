"""The generation pipeline: offline bundling that keeps the schema's verdicts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest
import regress
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from pydantic import Field, TypeAdapter, ValidationError
from spec_folder import PROJECT_ROOT, example_items, official_verdict

sys.path.insert(0, str(PROJECT_ROOT / "codegen"))

from bundle import SpecFolderMissingError, bundle, spec_dir
from ecma_regex import UntranslatablePatternError, to_rust
from generate import LOCK_FILE, RELEASES, Release
from prepare import is_rule_only, prepare

URL = RELEASES[-1].url
RELEASE_CASES = [pytest.param(release, id=release.version) for release in RELEASES]


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


@pytest.mark.parametrize("release", RELEASE_CASES)
def test_bundled_schema_gives_the_official_verdict(release: Release) -> None:
    validator = Draft7Validator(bundle(release.url).schema)
    examples = example_items(release.version)
    assert examples
    for document in examples.values():
        assert validator.is_valid(document) == official_verdict(document, release.version)
        broken = json.loads(json.dumps(document))
        broken["properties"]["mlm:output"][0]["classification:classes"] = [{"value": 1}]
        assert not validator.is_valid(broken)
        assert not official_verdict(broken, release.version)


@pytest.mark.parametrize("release", RELEASE_CASES)
def test_prepared_input_drops_rule_only_definitions_and_defaults(release: Release) -> None:
    prepared = prepare(bundle(release.url).schema)
    assert not [name for name in prepared["$defs"] if is_rule_only(name)]
    assert "allOf" not in prepared
    assert "oneOf" not in prepared
    assert '"default"' not in json.dumps(prepared)
    assert all(ref.removeprefix("#/$defs/") in prepared["$defs"] for ref in _refs(prepared))


def test_lock_records_every_upstream_file_with_its_checksum() -> None:
    lock = json.loads(LOCK_FILE.read_text())
    urls = {entry["url"] for entry in lock["files"]}
    assert urls == {url for release in RELEASES for url in bundle(release.url).sources}
    assert {release.url for release in RELEASES} <= urls
    assert all(len(entry["sha256"]) == 64 for entry in lock["files"])


PATTERN_TEXT = st.text(
    alphabet=st.sampled_from(
        list("aZ09._- +\t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u2029\ufeff\u3000٣")
    ),
    max_size=8,
)


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        keys = list(node.get("patternProperties", {})) if isinstance(node, dict) else []
        return own + keys + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


SCHEMA_PATTERNS = sorted(set(_patterns(bundle(URL).schema)) - {"^(?!mlm:)"})


@pytest.mark.parametrize("pattern", SCHEMA_PATTERNS)
@settings(max_examples=300, deadline=None)
@given(text=PATTERN_TEXT)
def test_translated_pattern_accepts_what_the_ecma_pattern_accepts(pattern: str, text: str) -> None:
    translated = TypeAdapter(Annotated[str, Field(pattern=to_rust(pattern))])
    try:
        translated.validate_python(text)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == (regress.Regex(pattern).find(text) is not None)


def test_a_pattern_with_no_exact_rewrite_fails_generation() -> None:
    with pytest.raises(UntranslatablePatternError):
        to_rust(r"^(?!x)")
    with pytest.raises(UntranslatablePatternError):
        to_rust(r"\bword")


def test_a_missing_spec_folder_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STAC_MLM_SPEC_DIR", str(tmp_path))
    with pytest.raises(SpecFolderMissingError, match="set STAC_MLM_SPEC_DIR"):
        spec_dir()
