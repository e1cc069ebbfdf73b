"""The same rules as JSON Schema (draft 2020-12), for the exported schemas:
:func:`core_rules_schema` and its builders."""

from __future__ import annotations

import copy
from typing import Any, Final, Literal

from stac_mlm._stac_core.common_metadata import (
    DATA_TYPES,
    LICENSE_PATTERN,
    NODATA_WORDS,
    PROVIDER_ROLES,
)
from stac_mlm._stac_core.datetime import DATETIME_PATTERN
from stac_mlm._stac_core.geojson import COORDINATE_LEVELS, GEOMETRY_TYPES
from stac_mlm._stac_core.summaries import (
    SCHEMA_ARRAYS,
    SCHEMA_BOOLEANS,
    SCHEMA_COUNTS,
    SCHEMA_NUMBERS,
    SCHEMA_STRINGS,
    SIMPLE_TYPES,
    SUBSCHEMA_ARRAYS,
    SUBSCHEMA_MAPS,
    SUBSCHEMAS,
)
from stac_mlm._stac_core.versions import SHARED_RULES_VERSION, STAC_VERSIONS, V1_1

_STRING: Final = {"type": "string"}
_NON_EMPTY_STRING: Final = {"type": "string", "minLength": 1}
_STRINGS: Final = {"type": "array", "items": {"type": "string"}}
_NUMBER: Final = {"type": "number"}


def _datetime_schema(*, nullable: bool = False) -> dict[str, Any]:
    kind: Any = ["string", "null"] if nullable else "string"
    return {"type": kind, "format": "date-time", "pattern": DATETIME_PATTERN}


def _bbox_schema() -> dict[str, Any]:
    return {
        "type": "array",
        # 4 or 6 numbers: "anyOf", as they cannot be both, stops at the first that holds
        "anyOf": [{"minItems": 4, "maxItems": 4}, {"minItems": 6, "maxItems": 6}],
        "items": _NUMBER,
    }


def _providers_schema(*, named: bool = True) -> dict[str, Any]:
    provider = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": _NON_EMPTY_STRING if named else _STRING,
            "description": _STRING,
            "roles": {"type": "array", "items": {"enum": list(PROVIDER_ROLES)}},
            "url": _STRING,
        },
    }
    return {"type": "array", "items": provider}


def _data_values_schema() -> dict[str, Any]:
    """data-values.json (v1.1.0)."""
    statistics = {
        "type": "object",
        "minProperties": 1,
        "properties": {
            **dict.fromkeys(("minimum", "maximum", "mean", "stddev"), _NUMBER),
            "count": {"type": "integer", "minimum": 0},
            "valid_percent": {"type": "number", "minimum": 0, "maximum": 100},
        },
    }
    return {
        "data_type": {"enum": list(DATA_TYPES)},
        "nodata": {"anyOf": [_NUMBER, {"enum": list(NODATA_WORDS)}]},
        "statistics": statistics,
        "unit": _STRING,
    }


def _common_metadata_schema(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "dependentRequired": {
            "start_datetime": ["end_datetime"],
            "end_datetime": ["start_datetime"],
        },
    }


def _shared_links_schema() -> dict[str, Any]:
    """item.json ``#/definitions/links`` of v1.0.0: what both versions ask of links."""
    properties: dict[str, Any] = {
        "href": _NON_EMPTY_STRING,
        "rel": _NON_EMPTY_STRING,
        "type": _STRING,
        "title": _STRING,
    }
    link = {"type": "object", "required": ["rel", "href"], "properties": properties}
    return {"type": "array", "items": link}


def _link_properties_added() -> dict[str, Any]:
    header = {"anyOf": [_STRING, _STRINGS]}
    return {
        "method": {"type": "string", "pattern": "^[A-Z]+$"},
        "headers": {"type": "object", "additionalProperties": header},
    }


def _asset_properties() -> dict[str, Any]:
    return {
        "href": _NON_EMPTY_STRING,
        **dict.fromkeys(("title", "description", "type"), _STRING),
        "roles": _STRINGS,
    }


def _shared_asset_schema(common_properties: dict[str, Any]) -> dict[str, Any]:
    """item.json ``#/definitions/asset`` of v1.0.0 with its common metadata, as one object:
    the title and description an asset asks for are the strings common metadata asks for."""
    properties = {**common_properties, **_asset_properties()}
    return {"required": ["href"], **_common_metadata_schema(properties)}


class _SchemaBuilder:
    """The JSON Schema of one kind of document; recursive parts are ``$defs`` found by
    ``$anchor`` (``#stac-<kind>-…``), so the schema still works wherever it is embedded."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.defs: dict[str, Any] = {}

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#{self.anchor(name)}"}

    def anchor(self, name: str) -> str:
        return f"stac-{self.kind}-{name}"

    def def_name(self, name: str) -> str:
        """The ``$defs`` key: prefixed, so that it never meets the exporter's own names."""
        return f"stac_core_{self.kind}_{name}".replace(".", "_").replace("-", "_")

    def defined(self, name: str) -> bool:
        return self.def_name(name) in self.defs

    def define(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        self.defs[self.def_name(name)] = {"$anchor": self.anchor(name), **schema}
        return self.ref(name)

    def common_metadata(self, version: str) -> dict[str, Any]:
        """v1.0.0 item.json ``common_metadata`` / v1.1.0 common.json (bands nest)."""
        name = f"v{version}-common-metadata"
        if self.defined(name):
            return self.ref(name)
        schema = _common_metadata_schema(self.common_properties(version))
        return self.define(name, schema)

    def common_properties(self, version: str) -> dict[str, Any]:
        """The ``properties`` of ``version``'s common metadata; v1.1.0's bands hold common
        metadata again, by reference."""
        properties: dict[str, Any] = {
            "title": _STRING,
            "description": _NON_EMPTY_STRING if version == V1_1 else _STRING,
            "datetime": _datetime_schema(nullable=True),
            **{
                key: _datetime_schema()
                for key in ("start_datetime", "end_datetime", "created", "updated")
            },
            **dict.fromkeys(("platform", "constellation", "mission"), _STRING),
            "instruments": _STRINGS,
            "gsd": {"type": "number", "exclusiveMinimum": 0},
            "license": {"type": "string", "pattern": LICENSE_PATTERN},
            "providers": _providers_schema(),
        }
        if version == V1_1:
            band = {"type": "object", "properties": {"name": _STRING}}
            band |= self.ref(f"v{V1_1}-common-metadata")
            properties |= {"keywords": _STRINGS, "roles": _STRINGS}
            properties |= {"bands": {"type": "array", "items": band}}
            properties |= _data_values_schema()
        return properties

    def common_metadata_added(self) -> dict[str, Any]:
        """What v1.1.0's common metadata adds to v1.0.0's: each field it states otherwise
        (``description`` non-empty: stricter than a string) or anew."""
        self.common_metadata(V1_1)  # defined once, for the bands
        shared = self.common_properties(SHARED_RULES_VERSION)
        added = {
            key: value
            for key, value in self.common_properties(V1_1).items()
            if shared.get(key) != value
        }
        return {"properties": added}

    def links(self, version: str) -> dict[str, Any]:
        """item.json ``#/definitions/links`` (v1.0.0 collection.json's ``link`` is the same)."""
        links = _shared_links_schema()
        if version == V1_1:
            links["items"]["properties"] |= _link_properties_added()
            links["items"] |= self.common_metadata(V1_1)
        return links

    def links_added(self) -> dict[str, Any]:
        """What v1.1.0's links add to v1.0.0's: ``method``, ``headers``, common metadata."""
        return {"items": {"properties": _link_properties_added(), **self.common_metadata(V1_1)}}

    def assets(self, version: str) -> dict[str, Any]:
        """item.json ``#/definitions/assets`` and ``#/definitions/asset``."""
        asset = {
            "type": "object",
            "required": ["href"],
            "properties": _asset_properties(),
            **self.common_metadata(version),
        }
        return {"type": "object", "additionalProperties": asset}

    def stac_fields(self, version: str) -> dict[str, Any]:
        """``stac_version``, ``stac_extensions`` and ``id``, the same in Items and Collections."""
        return {
            "stac_version": {"const": version},
            "stac_extensions": {"type": "array", "uniqueItems": True, "items": _STRING},
            "id": _NON_EMPTY_STRING,
        }


def _geometry_schema() -> dict[str, Any]:
    """Geometry.json, with coordinates built from the same levels as :func:`_coordinates`."""

    def coordinates(levels: tuple[tuple[int, str], ...]) -> dict[str, Any]:
        if not levels:
            return {"type": "array", "minItems": 2, "items": _NUMBER}
        inner = coordinates(levels[1:])
        min_items = {"minItems": levels[0][0]} if levels[0][0] else {}
        return {"type": "array", **min_items, "items": inner}

    by_type = [
        {
            "if": {"properties": {"type": {"const": kind}}},
            "then": {"properties": {"coordinates": coordinates(levels)}},
        }
        for kind, levels in COORDINATE_LEVELS.items()
    ]
    return {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {
            "type": {"enum": list(GEOMETRY_TYPES)},
            "bbox": {"type": "array", "minItems": 4, "items": _NUMBER},
        },
        "allOf": by_type,
    }


_DATETIME_GIVEN_SCHEMA: Final = {
    "anyOf": [
        {"required": ["datetime"], "properties": {"datetime": {"not": {"type": "null"}}}},
        {"required": ["datetime", "start_datetime", "end_datetime"]},
    ]
}


def _geometry_and_bbox_schema() -> dict[str, Any]:
    """item.json ``#/definitions/core`` ``oneOf``: geometry with bbox, or null without. The
    two are told apart by the geometry being null: ``if``/``then``/``else`` says the same,
    and checks one of them, not both."""
    return {
        "required": ["geometry"],
        "if": {"properties": {"geometry": {"type": "null"}}},
        "then": {"properties": {"bbox": False}},
        "else": {
            "required": ["bbox"],
            "properties": {"geometry": _geometry_schema(), "bbox": _bbox_schema()},
        },
    }


def _collection_link_schema() -> dict[str, Any]:
    """item.json ``#/definitions/core``: ``collection`` given exactly with a collection link."""
    collection_link = {"required": ["rel"], "properties": {"rel": {"const": "collection"}}}
    return {
        "if": {"properties": {"links": {"contains": collection_link}}},
        "then": {"required": ["collection"], "properties": {"collection": _NON_EMPTY_STRING}},
        "else": {"properties": {"collection": False}},
    }


def _bands_only_with_asset_bands_schema() -> dict[str, Any]:
    """v1.1.0 item.json ``#/definitions/core``: no bands in properties without asset bands
    (the official ``else``, bands.json on the properties, is already in common.json)."""
    no_asset_bands = {"additionalProperties": {"properties": {"bands": False}}}
    return {
        "if": {
            "required": ["assets"],
            "properties": {"assets": {"type": "object", **no_asset_bands}},
        },
        "then": {"properties": {"properties": {"properties": {"bands": False}}}},
    }


def _item_schema(builder: _SchemaBuilder) -> dict[str, Any]:
    """item.json of v1.0.0 and v1.1.0 (with Feature.json and Geometry.json): the rules both
    share, said once, and under ``if`` ``stac_version`` is 1.1.0 what v1.1.0 adds (it only
    adds: stricter or new fields, a rule more). An Item is so walked once, whatever its
    version, and the exporter can merge the shared rules into its own subschemas."""
    common = builder.common_properties(SHARED_RULES_VERSION)
    added = {
        "properties": {
            "properties": builder.common_metadata_added(),
            "links": builder.links_added(),
            "assets": {"additionalProperties": builder.common_metadata_added()},
        },
        "allOf": [_bands_only_with_asset_bands_schema()],
    }
    return {
        "type": "object",
        "required": ["type", "stac_version", "id", "geometry", "properties", "links", "assets"],
        "properties": {
            "type": {"const": "Feature"},
            **builder.stac_fields(SHARED_RULES_VERSION),
            "stac_version": {"enum": list(STAC_VERSIONS)},
            "properties": {**_common_metadata_schema(common), **_DATETIME_GIVEN_SCHEMA},
            "links": _shared_links_schema(),
            "assets": {"type": "object", "additionalProperties": _shared_asset_schema(common)},
        },
        "allOf": [
            _geometry_and_bbox_schema(),
            _collection_link_schema(),
            {"if": {"properties": {"stac_version": {"const": V1_1}}}, "then": added},
        ],
    }


def _extent_schema(version: str) -> dict[str, Any]:
    """collection.json ``extent``."""
    boxes: dict[str, Any] = {"type": "array", "items": _bbox_schema()}
    if version == V1_1:
        boxes["oneOf"] = [{"minItems": 1, "maxItems": 1}, {"minItems": 3}]
    else:
        boxes["minItems"] = 1
    interval = {
        "type": "array",
        "minItems": 2,
        "maxItems": 2,
        "items": _datetime_schema(nullable=True),
    }
    return {
        "type": "object",
        "required": ["spatial", "temporal"],
        "properties": {
            "spatial": {"type": "object", "required": ["bbox"], "properties": {"bbox": boxes}},
            "temporal": {
                "type": "object",
                "required": ["interval"],
                "properties": {"interval": {"type": "array", "minItems": 1, "items": interval}},
            },
        },
    }


def _item_assets_schema(builder: _SchemaBuilder) -> dict[str, Any]:
    """v1.1.0 collection.json ``item_assets``."""
    definition = {
        "type": "object",
        "minProperties": 2,
        "properties": {
            "href": False,
            **dict.fromkeys(("title", "description", "type"), _STRING),
            "roles": _STRINGS,
        },
        **builder.common_metadata(V1_1),
    }
    return {"additionalProperties": definition}


def _meta_schema(builder: _SchemaBuilder) -> dict[str, Any]:
    """The draft-07 meta-schema (``http://json-schema.org/draft-07/schema#``), without its
    annotations and formats (not asserted), recursing by anchor."""
    name = "draft-07-schema"
    if builder.defined(name):
        return builder.ref(name)
    schema = builder.ref(name)
    schema_array = {"type": "array", "minItems": 1, "items": schema}
    count = {"type": "integer", "minimum": 0}
    string_array = {"type": "array", "items": _STRING, "uniqueItems": True}
    schema_map = {"type": "object", "additionalProperties": schema}
    simple_types = {"enum": list(SIMPLE_TYPES)}
    properties: dict[str, Any] = {
        **dict.fromkeys(SCHEMA_STRINGS, _STRING),
        **dict.fromkeys(SCHEMA_NUMBERS, _NUMBER),
        **dict.fromkeys(SCHEMA_COUNTS, count),
        **{key: {"type": "boolean"} for key in SCHEMA_BOOLEANS},
        **{key: {"type": "array"} for key in SCHEMA_ARRAYS},
        **dict.fromkeys(SUBSCHEMAS, schema),
        **dict.fromkeys(SUBSCHEMA_MAPS, schema_map),
        **dict.fromkeys(SUBSCHEMA_ARRAYS, schema_array),
        "multipleOf": {"type": "number", "exclusiveMinimum": 0},
        "items": {"anyOf": [schema, schema_array]},
        "required": string_array,
        "dependencies": {
            "type": "object",
            "additionalProperties": {"anyOf": [schema, string_array]},
        },
        "type": {
            "anyOf": [
                simple_types,
                {"type": "array", "items": simple_types, "minItems": 1, "uniqueItems": True},
            ]
        },
    }
    return builder.define(name, {"type": ["object", "boolean"], "properties": properties})


def _summaries_schema(builder: _SchemaBuilder) -> dict[str, Any]:
    """collection.json ``#/definitions/summaries``."""
    number_or_string = {"type": ["number", "string"]}
    summary = {
        "anyOf": [
            {"type": "object", "minProperties": 1, **_meta_schema(builder)},
            {
                "type": "object",
                "required": ["minimum", "maximum"],
                "properties": {"minimum": number_or_string, "maximum": number_or_string},
            },
            {"type": "array", "minItems": 1},
        ]
    }
    return {"type": "object", "additionalProperties": summary}


def _collection_schema(builder: _SchemaBuilder, version: str) -> dict[str, Any]:
    """collection.json of ``version``."""
    properties: dict[str, Any] = {
        **builder.stac_fields(version),
        "type": {"const": "Collection"},
        "extent": _extent_schema(version),
        "assets": builder.assets(version),
        "links": builder.links(version),
        "summaries": _summaries_schema(builder),
    }
    schema: dict[str, Any] = {
        "type": "object",
        "required": ["stac_version", "type", "id", "description", "license", "extent", "links"],
    }
    if version == V1_1:
        properties["item_assets"] = _item_assets_schema(builder)
        schema |= builder.common_metadata(version)
    else:
        properties |= {
            "title": _STRING,
            "description": _NON_EMPTY_STRING,
            "keywords": _STRINGS,
            "license": {"type": "string", "pattern": LICENSE_PATTERN},
            "providers": _providers_schema(named=False),
        }
    return {**schema, "properties": properties}


def core_rules_schema(kind: Literal["item", "collection", "properties"]) -> dict[str, Any]:
    """The STAC core rules of :func:`item_core_violations` (``kind="item"``),
    :func:`collection_core_violations` or :func:`item_properties_core_violations` as one
    JSON Schema (draft 2020-12), self-contained: its recursive parts are ``$defs`` reached
    by ``$anchor`` (``#stac-item-…``)."""
    builder = _SchemaBuilder(kind)
    if kind == "properties":
        common = builder.common_metadata(SHARED_RULES_VERSION)
        return {
            "$comment": (
                "STAC core rules of Item properties that STAC 1.0.0 and 1.1.0 share; "
                "the Item checks what its stac_version adds."
            ),
            "allOf": [common, copy.deepcopy(_DATETIME_GIVEN_SCHEMA)],
            "$defs": builder.defs,
        }
    if kind == "item":
        schema = {
            "$comment": (
                f"STAC core item rules of STAC {' and '.join(STAC_VERSIONS)}, as the official "
                "core schemas decide; formats iri and iri-reference are not asserted."
            ),
            **_item_schema(builder),
            "$defs": builder.defs,
        }
        return copy.deepcopy(schema)
    by_version = [
        {
            "if": {"properties": {"stac_version": {"const": version}}},
            "then": _collection_schema(builder, version),
        }
        for version in STAC_VERSIONS
    ]
    schema = {
        "$comment": (
            f"STAC core collection rules of STAC {' and '.join(STAC_VERSIONS)}, as the "
            "official core schemas decide; formats iri and iri-reference are not asserted."
        ),
        "required": ["stac_version"],
        "properties": {"stac_version": {"enum": list(STAC_VERSIONS)}},
        "allOf": by_version,
        "$defs": builder.defs,
    }
    return copy.deepcopy(schema)
