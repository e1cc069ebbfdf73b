"""Offline access to the official MLM schemas and examples (``$STAC_MLM_SPEC_DIR``).

A missing spec folder is an error with a clear message, never a skip: without it the
tests would prove nothing.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import regress
from jsonschema import (
    Draft7Validator,
    Draft202012Validator,
    FormatChecker,
    ValidationError,
    validators,
)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7, DRAFT202012

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT / "codegen"))

from bundle import SpecFolderMissingError, spec_dir  # noqa: E402
from bundle import url_to_path as schema_path  # noqa: E402

__all__ = ["SpecFolderMissingError", "schema_path", "spec_dir"]


@cache
def _retrieve(uri: str) -> Resource[Any]:
    contents = json.loads(schema_path(uri.partition("#")[0]).read_text())
    # Resolve by path, never by $id: processing/v1.1.0 declares the v1.0.0 $id.
    contents.pop("$id", None)
    # Every schema here is draft-07. A `$ref` to a whole file that names its `$schema`
    # (STAC core's "datetime.json"...) would make jsonschema switch to its own Draft7Validator
    # there, with Python's `re` for patterns: without it, the ECMA-262 validator stays.
    contents.pop("$schema", None)
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
#: For the JSON Schemas that stac-mlm exports (draft 2020-12): build it with
#: :func:`exported_schema_validator`.
EcmaDraft202012Validator = validators.extend(Draft202012Validator, _ECMA_KEYWORDS)


def exported_schema_validator(
    schema: dict[str, Any], *, format_checker: FormatChecker | None = None
) -> Draft202012Validator:
    """The ECMA-262 draft 2020-12 validator of ``schema``, its ``$anchor``s found once.

    Given no crawled registry, jsonschema crawls the whole schema again at every ``$ref`` to
    an anchor: on the exported schemas (about 100 kB, anchors for the STAC core parts) that
    was 95 % of the time of a validation. Same verdicts, same schema.
    """
    resource = DRAFT202012.create_resource(schema)
    registry: Registry[Any] = Registry().with_resource(resource.id() or "", resource).crawl()
    return EcmaDraft202012Validator(  # type: ignore[no-any-return]
        schema, registry=registry, format_checker=format_checker
    )


def _external_refs(node: Any, base: str) -> set[str]:
    """The documents (absolute URLs, no fragment) that the ``$ref``s under ``node`` name."""
    if isinstance(node, list):
        return {url for value in node for url in _external_refs(value, base)}
    if not isinstance(node, dict):
        return set()
    found = {url for value in node.values() for url in _external_refs(value, base)}
    ref = node.get("$ref")
    if isinstance(ref, str) and not ref.startswith("#"):
        found.add(urljoin(base, ref).partition("#")[0])
    return found


@cache
def _registry(*roots: str) -> Registry[Any]:
    """Every schema reachable from ``roots``, each retrieved (by path) and crawled once.

    jsonschema does not keep what a lookup retrieves: with an empty registry, every
    validation would read, parse and crawl each referenced schema again (most of the time
    of the schema oracle). The verdicts are the same: the same resources under the same URIs.
    """
    registry: Registry[Any] = Registry(retrieve=_retrieve)  # type: ignore[call-arg]
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        url = pending.pop()
        if url in seen or not schema_path(url).is_file():
            continue  # not in the spec folder (the JSON Schema meta-schemas): jsonschema's own
        seen.add(url)
        resource = _retrieve(url)
        registry = registry.with_resource(url, resource)
        pending.extend(_external_refs(resource.contents, url))
    return registry.crawl()


@cache
def official_validator(version: str = "1.5.2") -> Draft7Validator:
    """The official MLM schema of ``version``, resolving every ``$ref`` offline."""
    url = MLM_SCHEMA_URLS[version]
    schema = json.loads(schema_path(url).read_text())
    return EcmaDraft7Validator(schema, registry=_registry(url))  # type: ignore[no-any-return]


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


# --------------------------------------------------------------------------------------------
# The combined oracle: the MLM schema of every declared release AND the STAC core schema
# --------------------------------------------------------------------------------------------

STAC_VERSIONS = ("1.0.0", "1.1.0")
CORE_SCHEMA_URLS = {
    (kind, version): f"https://schemas.stacspec.org/v{version}/{kind}-spec/json-schema/{kind}.json"
    for kind in ("item", "collection")
    for version in STAC_VERSIONS
}


def _date_time_checker() -> FormatChecker:
    """A format checker asserting ``date-time`` (RFC 3339, as jsonschema checks it) only.

    ``iri`` and ``iri-reference`` (``href``, ``stac_extensions``...) are NOT asserted: the
    verdict of the design contract leaves them out, so this checker knows no other format.
    jsonschema only registers ``date-time`` when ``rfc3339-validator`` imports: without it the
    format would silently pass, so its absence is an error here, not a skip.
    """
    if importlib.util.find_spec("rfc3339_validator") is None:  # pragma: no cover
        raise ImportError(
            "the combined oracle asserts the date-time format with rfc3339-validator, "
            "which is not installed: pip install rfc3339-validator"
        )
    if "date-time" not in FormatChecker.checkers:  # pragma: no cover
        raise ImportError("jsonschema did not register its date-time format checker")
    return FormatChecker(formats=["date-time"])


@cache
def core_validator(kind: str, stac_version: str) -> Draft7Validator:
    """The STAC core schema of ``kind`` ("item" or "collection") and ``stac_version``.

    Offline (every ``$ref`` resolved by path in the spec folder), ECMA-262 patterns, and the
    ``date-time`` format asserted (:func:`_date_time_checker`; ``iri``/``iri-reference`` not).
    """
    url = CORE_SCHEMA_URLS[kind, stac_version]
    schema = json.loads(schema_path(url).read_text())
    schema["$id"] = url  # relative $refs resolve against where the file was read, by path
    schema.pop("$schema", None)  # draft-07, checked by the ECMA-262 validator (see _retrieve)
    return EcmaDraft7Validator(  # type: ignore[no-any-return]
        schema, registry=_registry(url), format_checker=_date_time_checker()
    )


def _without_summaries(schema: Any) -> Any:
    """Remove every ``summaries`` property check (stac-extensions/mlm#218) from a subtree."""
    if isinstance(schema, dict):
        return {
            key: (
                {
                    name: _without_summaries(sub)
                    for name, sub in value.items()
                    if name != "summaries"
                }
                if key == "properties" and isinstance(value, dict)
                else _without_summaries(value)
            )
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_without_summaries(value) for value in schema]
    return schema


@cache
def mlm_validator(version: str, kind: str = "item") -> Draft7Validator:
    """The MLM schema of ``version`` as the combined oracle applies it to ``kind``.

    For Items, the official schema as is (:func:`official_validator`). For Collections,
    without its broken ``summaries`` check (stac-extensions/mlm#218, see the README and
    ``tests/test_collection.py``): STAC core's summaries rules apply in full instead.
    """
    official = official_validator(version)
    if kind == "item":
        return official
    schema = copy.deepcopy(official.schema)
    branches = schema["allOf"] if "allOf" in schema else schema["oneOf"]
    branches[1] = _without_summaries(branches[1])  # the Collection branch of every release
    return type(official)(schema, registry=official._registry)  # type: ignore[no-any-return]


def declared_releases(document: Any) -> list[str]:
    """The MLM releases whose schema URI ``stac_extensions`` lists (exact URI match)."""
    extensions = document.get("stac_extensions") if isinstance(document, dict) else None
    if not isinstance(extensions, list):
        return []
    return [version for version, url in MLM_SCHEMA_URLS.items() if url in extensions]


def _releases(document: Any, release: str | None) -> list[str]:
    releases = declared_releases(document)
    if release is not None and release not in releases:
        releases.append(release)
    return releases


def _kind(document: Any, kind: str | None) -> str:
    if kind is not None:
        return kind
    is_collection = isinstance(document, dict) and document.get("type") == "Collection"
    return "collection" if is_collection else "item"


def _stac_version(document: Any) -> str | None:
    version = document.get("stac_version") if isinstance(document, dict) else None
    return version if isinstance(version, str) and version in STAC_VERSIONS else None


def _schema_errors(validator: Draft7Validator, document: Any, name: str) -> list[str]:
    return [
        f"{name}: {error.json_path}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda error: error.json_path)
    ]


def full_errors(document: Any, *, release: str | None = None, kind: str | None = None) -> list[str]:
    """Why the combined oracle rejects ``document`` (empty when it accepts it), for messages.

    A document is valid exactly when the MLM schema of EVERY MLM release it declares in
    ``stac_extensions`` (``MLM_SCHEMA_URLS``, exact URI match) accepts it AND the STAC core
    schema of its ``stac_version`` ("1.0.0" or "1.1.0"; any other value, or none, has no core
    schema to accept it) accepts it, the kind (Item or Collection) read from ``type``. A
    document that declares no MLM release is not an MLM document: invalid for the MLM models.

    ``release``: the release of the model that reads the document (``MLMItem``: "1.5.2"),
    whose schema applies even when the document does not declare it (and then rejects the
    missing declaration). ``kind``: the kind of that model ("item" for ``MLMItem``) instead of
    the one ``type`` names (the Item schemas reject any other ``type``).
    """
    kind = _kind(document, kind)
    releases = _releases(document, release)
    errors: list[str] = []
    if not releases:
        errors.append("MLM: stac_extensions declares no MLM release (not an MLM document)")
    for version in releases:
        errors += _schema_errors(mlm_validator(version, kind), document, f"MLM v{version}")
    stac_version = _stac_version(document)
    if stac_version is None:
        given = document.get("stac_version", "nothing") if isinstance(document, dict) else None
        errors.append(f"STAC core: no core schema for stac_version {given!r}")
    else:
        validator = core_validator(kind, stac_version)
        errors += _schema_errors(validator, document, f"STAC core v{stac_version} {kind}")
    return errors


def _text(document: Any) -> str:
    return json.dumps(document, sort_keys=True)


@cache
def _release_verdict(text: str, version: str, kind: str) -> bool:
    return mlm_validator(version, kind).is_valid(json.loads(text))


@cache
def _core_schema_verdict(text: str, kind: str, stac_version: str) -> bool:
    return core_validator(kind, stac_version).is_valid(json.loads(text))


# The caches are keyed by what decides a verdict (the text, and the schema that applies), not
# by how it was asked: ``release="1.5.1"`` on a document that declares v1.5.1, or
# ``kind="item"`` on a Feature, reuse the verdict the document's own declarations gave.


def _mlm_verdict(text: str, release: str | None, kind: str | None) -> bool:
    document = json.loads(text)
    releases = _releases(document, release)
    kind = _kind(document, kind)
    return bool(releases) and all(_release_verdict(text, version, kind) for version in releases)


def _core_verdict(text: str, kind: str | None) -> bool:
    document = json.loads(text)
    stac_version = _stac_version(document)
    return stac_version is not None and _core_schema_verdict(
        text, _kind(document, kind), stac_version
    )


def mlm_verdict(document: Any, *, release: str | None = None, kind: str | None = None) -> bool:
    """The MLM half of :func:`full_verdict`: every declared MLM release (and ``release``)."""
    return _mlm_verdict(_text(document), release, kind)


def core_verdict(document: Any, *, kind: str | None = None) -> bool:
    """The STAC core half of :func:`full_verdict`: the core schema of its ``stac_version``."""
    return _core_verdict(_text(document), kind)


def full_verdict(document: Any, *, release: str | None = None, kind: str | None = None) -> bool:
    """Whether the combined oracle accepts ``document`` (see :func:`full_errors`); cached."""
    text = _text(document)
    return _mlm_verdict(text, release, kind) and _core_verdict(text, kind)


@cache
def extension_validator(url: str) -> Draft7Validator:
    """The official schema of any extension in the spec folder (processing, raster…), by
    the URL a document lists in ``stac_extensions``, resolving every ``$ref`` offline."""
    schema = json.loads(schema_path(url).read_text())
    schema.pop("$id", None)  # by path: processing/v1.1.0 declares the v1.0.0 $id
    return EcmaDraft7Validator(schema, registry=_registry(url))  # type: ignore[no-any-return]


# --------------------------------------------------------------------------------------------
# The predecessors of MLM: DLM and ML-Model
# --------------------------------------------------------------------------------------------

#: The example folders of MLM's predecessors (``examples/<folder>``), oldest first.
PREDECESSOR_FOLDERS = ("dlm-v1.0.0-beta2", "dlm-v1.0.0-beta.3", "ml-model-v1.0.0")


def predecessor_example_files() -> tuple[Path, ...]:
    """Every official DLM and ML-Model example JSON file, as published (two DLM files are
    not valid JSON: ``dlm-v1.0.0-beta2/item.json`` and ``dlm-v1.0.0-beta.3/collection.json``).
    Named relative to ``examples/`` by :func:`example_name`."""
    files = tuple(
        path
        for folder in PREDECESSOR_FOLDERS
        for path in sorted((spec_dir() / "examples" / folder).rglob("*.json"))
    )
    if not files:
        raise SpecFolderMissingError(f"no DLM or ML-Model examples in {spec_dir() / 'examples'}")
    return files


def example_name(path: Path) -> str:
    """``"ml-model-v1.0.0/dummy/item.json"``: an example's path under ``examples/``."""
    return path.relative_to(spec_dir() / "examples").as_posix()
