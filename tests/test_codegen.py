"""The generation pipeline: offline bundling that keeps the schema's verdicts."""

from __future__ import annotations

import hashlib
import json
import re
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

import bundle as bundle_module
from bundle import SpecFolderMissingError, bundle, spec_dir
from ecma_regex import UntranslatablePatternError, to_rust
from generate import LOCK_FILE, RELEASES, Release, spec_files
from prepare import is_rule_only, prepare
from published import UnpublishedFileError, published_url

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
    pinned = {(entry["url"], entry["sha256"]) for entry in lock["files"]}
    read = {source for release in RELEASES for source in bundle(release.url).sources.items()}
    assert read <= pinned
    assert {release.url for release in RELEASES} <= {url for url, _ in pinned}


def _sha256sums(folder: Path) -> dict[str, str]:
    """The spec folder's SHA256SUMS (path -> sha256); a cache filled by fetch_spec has none."""
    sums = folder / "SHA256SUMS"
    lines = sums.read_text().splitlines() if sums.exists() else []
    return {path: sha for sha, path in (line.split("  ", 1) for line in lines if line)}


def test_lock_pins_every_file_of_the_spec_folder_with_its_published_checksum() -> None:
    folder = spec_dir()
    lock = {entry["path"]: entry for entry in json.loads(LOCK_FILE.read_text())["files"]}
    # Every checksum the spec folder publishes is the lock's (a downloaded cache has none).
    assert all(lock[path]["sha256"] == sha for path, sha in _sha256sums(folder).items())
    assert set(lock) == set(spec_files(folder))
    for path, entry in lock.items():
        assert hashlib.sha256((folder / path).read_bytes()).hexdigest() == entry["sha256"]
        assert entry["url"] == published_url(path)
        assert entry["url"].startswith("https://")


def test_published_urls_map_schemas_by_path_and_examples_to_their_release_tag() -> None:
    assert (
        published_url("schemas/stac-extensions.github.io/mlm/v1.5.2/schema.json")
        == "https://stac-extensions.github.io/mlm/v1.5.2/schema.json"
    )
    assert published_url("examples/mlm-v1.2.0/item_basic.json") == (
        "https://raw.githubusercontent.com/stac-extensions/mlm/v1.2.0/examples/item_basic.json"
    )
    assert published_url("docs/mlm-v1.5.2/legacy/dlm.md") == (
        "https://raw.githubusercontent.com/stac-extensions/mlm/v1.5.2/docs/legacy/dlm.md"
    )
    with pytest.raises(
        UnpublishedFileError, match=re.escape("no published URL known for notes/x.md")
    ):
        published_url("notes/x.md")


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


def test_a_wrong_spec_folder_setting_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STAC_MLM_SPEC_DIR", str(tmp_path))
    message = f"STAC_MLM_SPEC_DIR is {tmp_path}, which does not hold the official schemas/"
    with pytest.raises(SpecFolderMissingError, match=re.escape(message)):
        spec_dir()


def _no_spec_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Pretend a fresh clone: no setting, no ../shared/spec, an empty download cache."""
    monkeypatch.delenv("STAC_MLM_SPEC_DIR", raising=False)
    monkeypatch.setattr(bundle_module, "SHARED_SPEC_DIR", tmp_path / "shared" / "spec")
    monkeypatch.setattr(bundle_module, "CACHE_DIR", tmp_path / "clone" / ".spec-cache")
    return tmp_path / "clone" / ".spec-cache"


def test_no_spec_folder_at_all_names_the_command_that_downloads_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _no_spec_folder(monkeypatch, tmp_path)
    with pytest.raises(SpecFolderMissingError) as raised:
        spec_dir()
    assert "run `python3 scripts/fetch_spec.py` from the project root" in str(raised.value)


def test_spec_folder_order_setting_then_shared_folder_then_complete_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = spec_dir()
    cache = _no_spec_folder(monkeypatch, tmp_path)
    paths = [entry["path"] for entry in json.loads(LOCK_FILE.read_text())["files"]]
    for path in paths:
        (cache / path).parent.mkdir(parents=True, exist_ok=True)
        (cache / path).write_bytes((real / path).read_bytes())
    (cache / paths[-1]).unlink()
    with pytest.raises(SpecFolderMissingError):  # one file short: not a spec folder yet
        spec_dir()
    (cache / paths[-1]).write_bytes((real / paths[-1]).read_bytes())
    assert spec_dir() == cache
    shared = tmp_path / "shared" / "spec"
    (shared / "schemas").mkdir(parents=True)
    (shared / "examples").mkdir()
    assert spec_dir() == shared
    monkeypatch.setenv("STAC_MLM_SPEC_DIR", str(real))
    assert spec_dir() == real
