"""Offline access to the official MLM schemas and examples (``$STAC_MLM_SPEC_DIR``).

A missing spec folder is an error with a clear message, never a skip: without it the
tests would prove nothing.
"""

from __future__ import annotations

import copy
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import regress
from jsonschema import Draft7Validator, Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT / "codegen"))

from bundle import SpecFolderMissingError, spec_dir  # noqa: E402
from bundle import url_to_path as schema_path  # noqa: E402

__all__ = ["SpecFolderMissingError", "schema_path", "spec_dir"]


def _retrieve(uri: str) -> Resource[Any]:
    contents = json.loads(schema_path(uri.partition("#")[0]).read_text())
    # Resolve by path, never by $id: processing/v1.1.0 declares the v1.0.0 $id.
    contents.pop("$id", None)
    return Resource.from_contents(contents, default_specification=DRAFT7)


MLM_SCHEMA_URLS = {
    **{
        version: f"https://crim-ca.github.io/mlm-extension/v{version}/schema.json"
        for version in ("1.0.0", "1.1.0", "1.2.0", "1.3.0")
    },
    **{
        version: f"https://stac-extensions.github.io/mlm/v{version}/schema.json"
        for version in ("1.4.0", "1.5.0", "1.5.1", "1.5.2")
    },
}


# JSON Schema patterns are ECMA-262 regular expressions. The jsonschema package runs them
# with Python's `re`, which differs at the edges (`$` also matches before a final newline,
# `\s` also matches \x1c-\x1f and \x85, `\d` matches any Unicode digit): the three keywords
# that use patterns run on regress, an ECMA-262 engine, instead.


@cache
def _ecma(pattern: str) -> regress.Regex:
    return regress.Regex(pattern)


def _matches(pattern: str, text: str) -> bool:
    return _ecma(pattern).find(text) is not None


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    if validator.is_type(instance, "string") and not _matches(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if _matches(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator: Any, additional: Any, instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    declared = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    extras = [
        key
        for key in instance
        if key not in declared and not any(_matches(pattern, key) for pattern in patterns)
    ]
    if validator.is_type(additional, "object"):
        for key in extras:
            yield from validator.descend(instance[key], additional, path=key)
    elif additional is False and extras:
        yield ValidationError(f"Additional properties are not allowed ({extras!r} unexpected)")


_ECMA_KEYWORDS = {
    "pattern": _pattern,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties,
}
EcmaDraft7Validator = validators.extend(Draft7Validator, _ECMA_KEYWORDS)
#: For the JSON Schemas that stac-mlm exports (draft 2020-12).
EcmaDraft202012Validator = validators.extend(Draft202012Validator, _ECMA_KEYWORDS)


@cache
def official_validator(version: str = "1.5.2") -> Draft7Validator:
    """The official MLM schema of ``version``, resolving every ``$ref`` offline."""
    url = MLM_SCHEMA_URLS[version]
    schema = json.loads(schema_path(url).read_text())
    registry: Registry[Any] = Registry(retrieve=_retrieve)  # type: ignore[call-arg]
    return EcmaDraft7Validator(schema, registry=registry)  # type: ignore[no-any-return]


def official_verdict(document: Any, version: str = "1.5.2") -> bool:
    return official_validator(version).is_valid(document)


@cache
def _example_files(version: str) -> tuple[Path, ...]:
    folder = spec_dir() / "examples" / f"mlm-v{version}"
    files = tuple(sorted(folder.glob("*.json")))
    if not files:
        raise SpecFolderMissingError(f"no official examples found in {folder}")
    return files


def example_items(version: str = "1.5.2") -> dict[str, dict[str, Any]]:
    """The official example Items of ``version`` by file name (fresh copies)."""
    items = {}
    for path in _example_files(version):
        document = json.loads(path.read_text())
        if document.get("type") == "Feature":
            items[path.name] = document
    return copy.deepcopy(items)


def example_collection(version: str = "1.5.2") -> dict[str, Any]:
    return json.loads((spec_dir() / "examples" / f"mlm-v{version}" / "collection.json").read_text())
