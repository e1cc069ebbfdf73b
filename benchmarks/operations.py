"""What is measured: stac-mlm and every alternative, each as a call prepared per document.

An operation's ``prepare`` does the one-off work (building validators, a validated Item to
dump) outside the timed call. Competitors are optional: a missing package makes its
operations "not installed", never an error.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from documents import Document, url_to_path

MLM_SCHEMA_URL = "https://stac-extensions.github.io/mlm/v1.5.2/schema.json"

Call = Callable[[], object]


@dataclass(frozen=True)
class Operation:
    key: str  # stable name in the JSON output
    label: str  # what the table shows
    requires: tuple[str, ...]  # the modules the operation imports
    prepare: Callable[[Document], Call]


def is_installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a dotted name whose parent package is missing
        return False


def missing_modules(operation: Operation) -> list[str]:
    return [module for module in operation.requires if not is_installed(module)]


# --- the floor --------------------------------------------------------------------------


def _orjson_loads(document: Document) -> Call:
    import orjson

    raw = document.raw
    return lambda: orjson.loads(raw)


# --- stac-mlm ---------------------------------------------------------------------------


def _mlm_validate_json(document: Document) -> Call:
    from stac_mlm import MLMItem

    raw = document.raw
    return lambda: MLMItem.model_validate_json(raw)


def _mlm_validate(document: Document) -> Call:
    from stac_mlm import MLMItem

    data = document.data
    return lambda: MLMItem.model_validate(data)


def _mlm_validate_parsed(document: Document) -> Call:
    import orjson

    from stac_mlm import MLMItem

    raw = document.raw
    return lambda: MLMItem.model_validate(orjson.loads(raw))


def _mlm_dump_json(document: Document) -> Call:
    from stac_mlm import MLMItem

    item = MLMItem.model_validate_json(document.raw)
    return lambda: item.model_dump_json(by_alias=True, exclude_unset=True)


def _mlm_dump(document: Document) -> Call:
    from stac_mlm import MLMItem

    item = MLMItem.model_validate_json(document.raw)
    return lambda: item.model_dump(mode="json")


# --- stac-pydantic's core Item (MLM fields untyped, kept as extras) -----------------------


def _core_validate_json(document: Document) -> Call:
    from stac_pydantic import Item

    raw = document.raw
    return lambda: Item.model_validate_json(raw)


def _core_validate(document: Document) -> Call:
    from stac_pydantic import Item

    data = document.data
    return lambda: Item.model_validate(data)


def _core_dump_json(document: Document) -> Call:
    from stac_pydantic import Item

    item = Item.model_validate_json(document.raw)
    return lambda: item.model_dump_json(by_alias=True, exclude_unset=True)


def _core_dump(document: Document) -> Call:
    from stac_pydantic import Item

    item = Item.model_validate_json(document.raw)
    return lambda: item.model_dump(mode="json")


# --- stac-model: validates the MLM fields of ``properties`` only ---------------------------


def _stac_model_properties() -> Any:
    """stac-model's model of the MLM fields (``mlm:`` keys of ``properties``)."""
    from stac_model.schema import MLModelProperties  # type: ignore[import-untyped]

    return MLModelProperties


def _stac_model_validate(document: Document) -> Call:
    model, properties = _stac_model_properties(), document.data["properties"]
    return lambda: model.model_validate(properties)


def _stac_model_validate_json(document: Document) -> Call:
    model = _stac_model_properties()
    raw = json.dumps(
        document.data["properties"], separators=(",", ":"), ensure_ascii=False
    ).encode()
    return lambda: model.model_validate_json(raw)


# --- the official schema: jsonschema (Python) and jsonschema-rs, both offline ---------------


def _schema_contents(url: str) -> Any:
    """A schema of the spec folder, by URL path; ``$id`` dropped as the tests do, because
    processing/v1.1.0 declares the v1.0.0 ``$id``."""
    contents = json.loads(url_to_path(url.partition("#")[0]).read_text(encoding="utf-8"))
    contents.pop("$id", None)
    return contents


@cache
def _jsonschema_validator() -> Any:
    from jsonschema import Draft7Validator  # type: ignore[import-untyped]
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    def retrieve(uri: str) -> Resource[Any]:
        return Resource.from_contents(_schema_contents(uri), default_specification=DRAFT7)

    registry: Registry[Any] = Registry(retrieve=retrieve)  # type: ignore[call-arg]
    return Draft7Validator(_schema_contents(MLM_SCHEMA_URL), registry=registry)


@cache
def _jsonschema_rs_validator() -> Any:
    import jsonschema_rs

    schema = _schema_contents(MLM_SCHEMA_URL)
    # The registry resolves every external $ref through the spec folder when it is built;
    # offline=True then forbids the validator to fetch anything, ever.
    registry = jsonschema_rs.Registry(
        [(MLM_SCHEMA_URL, schema)], draft=jsonschema_rs.Draft7, retriever=_schema_contents
    )
    return jsonschema_rs.Draft7Validator(schema, registry=registry, offline=True)


def _jsonschema_parse_validate(document: Document) -> Call:
    import orjson  # the fastest parse there is: the schema validators need a dict first

    validate, loads, raw = _jsonschema_validator().validate, orjson.loads, document.raw
    return lambda: validate(loads(raw))


def _jsonschema_validate(document: Document) -> Call:
    validate, data = _jsonschema_validator().validate, document.data
    return lambda: validate(data)


def _jsonschema_rs_parse_validate(document: Document) -> Call:
    import orjson  # the fastest parse there is: the schema validators need a dict first

    validate, loads, raw = _jsonschema_rs_validator().validate, orjson.loads, document.raw
    return lambda: validate(loads(raw))


def _jsonschema_rs_validate(document: Document) -> Call:
    validate, data = _jsonschema_rs_validator().validate, document.data
    return lambda: validate(data)


FLOOR = "orjson.loads"
HEADLINE_OPERATION = "stac_mlm.validate_json"

OPERATIONS = (
    Operation(FLOOR, "orjson.loads(bytes)  [floor]", ("orjson",), _orjson_loads),
    Operation(
        HEADLINE_OPERATION,
        "stac-mlm MLMItem.model_validate_json",
        ("stac_mlm",),
        _mlm_validate_json,
    ),
    Operation(
        "stac_mlm.validate", "stac-mlm MLMItem.model_validate(dict)", ("stac_mlm",), _mlm_validate
    ),
    Operation(
        "stac_mlm.parse_validate",
        "stac-mlm MLMItem.model_validate(orjson.loads(bytes))",
        ("stac_mlm", "orjson"),
        _mlm_validate_parsed,
    ),
    Operation(
        "stac_mlm.dump_json",
        "stac-mlm item.model_dump_json(round-trip)",
        ("stac_mlm",),
        _mlm_dump_json,
    ),
    Operation("stac_mlm.dump", 'stac-mlm item.model_dump(mode="json")', ("stac_mlm",), _mlm_dump),
    Operation(
        "stac_pydantic.validate_json",
        "stac-pydantic Item.model_validate_json",
        ("stac_pydantic",),
        _core_validate_json,
    ),
    Operation(
        "stac_pydantic.validate",
        "stac-pydantic Item.model_validate(dict)",
        ("stac_pydantic",),
        _core_validate,
    ),
    Operation(
        "stac_pydantic.dump_json",
        "stac-pydantic item.model_dump_json(round-trip)",
        ("stac_pydantic",),
        _core_dump_json,
    ),
    Operation(
        "stac_pydantic.dump",
        'stac-pydantic item.model_dump(mode="json")',
        ("stac_pydantic",),
        _core_dump,
    ),
    Operation(
        "stac_model.validate_json",
        "stac-model MLModelProperties.model_validate_json(properties)",
        ("stac_model.schema",),
        _stac_model_validate_json,
    ),
    Operation(
        "stac_model.validate",
        "stac-model MLModelProperties.model_validate(properties dict)",
        ("stac_model.schema",),
        _stac_model_validate,
    ),
    Operation(
        "jsonschema.parse_validate",
        "jsonschema Draft7Validator: orjson.loads + validate",
        ("jsonschema", "orjson"),
        _jsonschema_parse_validate,
    ),
    Operation(
        "jsonschema.validate",
        "jsonschema Draft7Validator: validate(dict) only",
        ("jsonschema",),
        _jsonschema_validate,
    ),
    Operation(
        "jsonschema_rs.parse_validate",
        "jsonschema-rs Draft7Validator: orjson.loads + validate",
        ("jsonschema_rs", "orjson"),
        _jsonschema_rs_parse_validate,
    ),
    Operation(
        "jsonschema_rs.validate",
        "jsonschema-rs Draft7Validator: validate(dict) only",
        ("jsonschema_rs",),
        _jsonschema_rs_validate,
    ),
)
