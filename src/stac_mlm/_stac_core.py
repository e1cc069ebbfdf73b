r"""STAC core, exactly as the official core schemas decide: Items and Collections of STAC
v1.0.0 and v1.1.0.

The rules of ``item-spec/json-schema/item.json`` and ``collection-spec/json-schema/collection.json``
of both versions, with everything they ``$ref`` (the common metadata files, the GeoJSON
``Feature.json`` and ``Geometry.json``, and for summaries the draft-07 meta-schema), written

* as Python functions on RAW JSON documents (:func:`item_core_violations`,
  :func:`collection_core_violations`): one function per schema definition, each naming the
  file and definition it restores. They never raise, run in time linear in the size of the
  document, and report every violation at the deepest useful JSON path;
* as one JSON Schema (draft 2020-12) per kind of document (:func:`core_rules_schema`), for the
  exported schemas to ``allOf`` in.

What the schemas assert, and only that: GeoJSON rings need not be closed, positions need no
more than two numbers, bounding boxes and intervals are not ordered. Formats: ``date-time`` is
asserted as the project's oracle asserts it (``jsonschema`` runs ``rfc3339-validator`` on the
upper-cased text) together with the schemas' ECMA-262 pattern ``(\+00:00|Z)$``. The formats
``iri`` and ``iri-reference`` (hrefs, URLs, extension URIs) and the ``uri``,
``uri-reference`` and ``regex`` formats of the draft-07 meta-schema are NOT asserted: the
oracle does not assert them either.

A ``stac_version`` other than ``"1.0.0"`` or ``"1.1.0"`` has no core schema, so it is one
violation; the document is then still checked against the rules of v1.0.0, which are exactly
the rules the two versions share (v1.1.0 only adds rules).
"""

from __future__ import annotations

import calendar
import copy
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, Final, Literal

from stac_mlm._errors import NO_INPUT, Loc, RuleViolation, render
from stac_mlm._json import json_key

__all__ = [
    "STAC_VERSIONS",
    "collection_core_violations",
    "core_rules_schema",
    "item_core_violations",
]

#: The STAC versions whose core schemas are checked.
STAC_VERSIONS: Final = ("1.0.0", "1.1.0")
_V1_1: Final = "1.1.0"
_SHARED_RULES_VERSION: Final = "1.0.0"  # the rules both versions apply

Violations = Iterator[RuleViolation]


# -- JSON types as draft-07 sees them ----------------------------------------------------------


def _is_number(value: Any) -> bool:
    """``"type": "number"``: an int or a float, never a boolean."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    """``"type": "integer"``: ``3`` or ``3.0`` (draft-07 counts integral floats)."""
    return _is_number(value) and (isinstance(value, int) or float(value).is_integer())


def _listed(values: Iterable[str]) -> str:
    """``"a", "b" or "c"``: allowed values quoted as JSON, listed once."""
    quoted = [render(value) for value in values]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _once(violations: Iterable[RuleViolation]) -> list[RuleViolation]:
    """Each problem once: two definitions checking the same key (an asset's ``description``
    in the asset definition and in the common metadata) report it at the same place with
    the same code; the first report is kept, so callers run the stricter definition first."""
    seen: set[tuple[Loc, str]] = set()
    kept = []
    for violation in violations:
        if (violation.loc, violation.code) not in seen:
            seen.add((violation.loc, violation.code))
            kept.append(violation)
    return kept


# -- generic checks of one key -----------------------------------------------------------------


def _required(node: dict[str, Any], keys: Iterable[str], loc: Loc, what: str) -> Violations:
    """``required``: each key is present."""
    for key in keys:
        if key not in node:
            yield RuleViolation((*loc, key), "stac_required", f"{key} is required in {what}")


def _string(node: dict[str, Any], key: str, loc: Loc, *, non_empty: bool = False) -> Violations:
    """``{"type": "string"}``, with ``"minLength": 1`` when ``non_empty``."""
    if key not in node:
        return
    value = node[key]
    wanted = f"{key} must be a non-empty string" if non_empty else f"{key} must be a string"
    if not isinstance(value, str):
        yield RuleViolation((*loc, key), "stac_type", wanted, value)
    elif non_empty and not value:
        yield RuleViolation((*loc, key), "stac_empty", wanted, value)


def _strings(node: dict[str, Any], key: str, loc: Loc) -> Violations:
    """``{"type": "array", "items": {"type": "string"}}``."""
    if key not in node:
        return
    value = node[key]
    if not isinstance(value, list):
        yield RuleViolation((*loc, key), "stac_type", f"{key} must be an array of strings", value)
        return
    for index, item in enumerate(value):
        if not isinstance(item, str):
            message = f"each entry of {key} must be a string"
            yield RuleViolation((*loc, key, index), "stac_type", message, item)


def _number(node: dict[str, Any], key: str, loc: Loc) -> Violations:
    """``{"type": "number"}``."""
    if key in node and not _is_number(node[key]):
        yield RuleViolation((*loc, key), "stac_type", f"{key} must be a number", node[key])


def _bounded(
    node: dict[str, Any],
    key: str,
    loc: Loc,
    rule: str,
    holds: Callable[[float], bool],
    *,
    integer: bool = False,
) -> Violations:
    """A number (an integer when ``integer``) for which ``holds(value)`` is true."""
    if key not in node:
        return
    value = node[key]
    if not (_is_integer(value) if integer else _is_number(value)):
        yield RuleViolation((*loc, key), "stac_type", f"{key} must be {rule}", value)
    elif not holds(value):
        yield RuleViolation((*loc, key), "stac_range", f"{key} must be {rule}", value)


# -- datetime.json -----------------------------------------------------------------------------

# rfc3339-validator's expression, as jsonschema's `date-time` checker runs it on value.upper().
_RFC3339: Final = re.compile(
    r"(\d{4})-(0[1-9]|1[0-2])-(\d{2})T(?:[01]\d|2[0123]):[0-5]\d:[0-5]\d(?:\.\d+)?"
    r"(?:Z|[+-](?:[01]\d|2[0123]):[0-5]\d)",
    re.ASCII,
)
_UTC_SUFFIXES: Final = ("+00:00", "Z")
_DATETIME_RULE: Final = (
    'an RFC 3339 date and time in UTC, ending in "Z" or "+00:00" (e.g. "2024-01-01T00:00:00Z")'
)


def _is_stac_datetime(text: str) -> bool:
    r"""``format: date-time`` and ``pattern: (\+00:00|Z)$`` together, as the oracle asserts them.

    The pattern is ECMA-262: its ``$`` matches only at the very end, so the text ends in ``Z``
    or ``+00:00`` (case-sensitive, no trailing newline). The format is rfc3339-validator on
    ``text.upper()`` (so a lower-case ``t`` passes): year 0 and days beyond the month fail,
    a second of 60 fails. Its ``re`` ``$`` would also match before a final newline, but the
    upper-cased text of a string ending in ``Z`` or ``+00:00`` never ends in one, so a full
    match decides the same.
    """
    if not text.endswith(_UTC_SUFFIXES):
        return False
    match = _RFC3339.fullmatch(text.upper())
    if match is None:
        return False
    year, month, day = (int(group) for group in match.groups())
    return year != 0 and 1 <= day <= calendar.monthrange(year, month)[1]


def _datetime(node: dict[str, Any], key: str, loc: Loc, *, nullable: bool = False) -> Violations:
    """A ``date-time`` string with the UTC pattern (or ``null`` when ``nullable``)."""
    if key not in node or (nullable and node[key] is None):
        return
    value = node[key]
    if not isinstance(value, str):
        rule = f"{_DATETIME_RULE} or null" if nullable else _DATETIME_RULE
        yield RuleViolation((*loc, key), "stac_type", f"{key} must be {rule}", value)
    elif not _is_stac_datetime(value):
        yield RuleViolation((*loc, key), "stac_datetime", f"{key} must be {_DATETIME_RULE}", value)


def _datetime_fields(node: dict[str, Any], loc: Loc) -> Violations:
    """``item-spec/json-schema/datetime.json``: ``datetime`` (or null), ``start_datetime``,
    ``end_datetime``, ``created``, ``updated``; ``dependencies``: a range has both ends."""
    yield from _datetime(node, "datetime", loc, nullable=True)
    for key in ("start_datetime", "end_datetime", "created", "updated"):
        yield from _datetime(node, key, loc)
    for given, needed in (("start_datetime", "end_datetime"), ("end_datetime", "start_datetime")):
        if given in node and needed not in node:
            message = f"{needed} is required when {given} is given: a range has both ends"
            yield RuleViolation((*loc, needed), "stac_datetime_range", message)


def _item_datetime_given(properties: dict[str, Any], loc: Loc) -> Violations:
    """``item.json#/definitions/core`` properties ``anyOf``: ``datetime`` is given, and it is
    null only when ``start_datetime`` and ``end_datetime`` are given (a missing one of those
    two is reported by the ``dependencies`` of datetime.json)."""
    if "datetime" not in properties:
        message = (
            "datetime is required in the properties of an Item "
            "(null when start_datetime and end_datetime give a range instead)"
        )
        yield RuleViolation((*loc, "datetime"), "stac_required", message)
    elif properties["datetime"] is None and not (
        "start_datetime" in properties or "end_datetime" in properties
    ):
        message = "datetime may only be null when start_datetime and end_datetime are given"
        yield RuleViolation((*loc, "datetime"), "stac_datetime_range", message, None)


# -- the common metadata files -----------------------------------------------------------------


def _basics(node: dict[str, Any], loc: Loc, version: str) -> Violations:
    """``basics.json``: ``title``, ``description`` (v1.1.0: non-empty, ``keywords``, ``roles``)."""
    yield from _string(node, "title", loc)
    yield from _string(node, "description", loc, non_empty=version == _V1_1)
    if version == _V1_1:
        yield from _strings(node, "keywords", loc)
        yield from _strings(node, "roles", loc)


def _instrument(node: dict[str, Any], loc: Loc) -> Violations:
    """``instrument.json``: ``platform``, ``instruments``, ``constellation``, ``mission``,
    ``gsd`` (``exclusiveMinimum: 0``)."""
    for key in ("platform", "constellation", "mission"):
        yield from _string(node, key, loc)
    yield from _strings(node, "instruments", loc)
    yield from _bounded(node, "gsd", loc, "a number greater than 0", lambda gsd: gsd > 0)


# ECMA-262 `^[\w\-\.\+]+$`: `\w` is ASCII-only and `$` matches only at the very end.
_LICENSE: Final = re.compile(r"[A-Za-z0-9_.+\-]+")
_LICENSE_PATTERN: Final = r"^[\w\-\.\+]+$"


def _licensing(node: dict[str, Any], loc: Loc) -> Violations:
    """``licensing.json``: ``license`` matches ``^[\\w\\-\\.\\+]+$``."""
    if "license" not in node:
        return
    value = node["license"]
    message = (
        'license must be a license identifier such as "Apache-2.0" or "proprietary": '
        'ASCII letters, digits, "_", "-", "." and "+" only'
    )
    if not isinstance(value, str):
        yield RuleViolation((*loc, "license"), "stac_type", message, value)
    elif _LICENSE.fullmatch(value) is None:
        yield RuleViolation((*loc, "license"), "stac_license", message, value)


_PROVIDER_ROLES: Final = ("producer", "licensor", "processor", "host")


def _providers(node: dict[str, Any], loc: Loc, *, named: bool = True) -> Violations:
    """``provider.json`` (and the ``providers`` of the v1.0.0 Collection, whose provider names
    may be empty: ``named=False``): an array of provider objects."""
    if "providers" not in node:
        return
    providers = node["providers"]
    if not isinstance(providers, list):
        message = "providers must be an array of provider objects"
        yield RuleViolation((*loc, "providers"), "stac_type", message, providers)
        return
    for index, provider in enumerate(providers):
        yield from _provider(provider, (*loc, "providers", index), named=named)


def _provider(provider: Any, loc: Loc, *, named: bool) -> Violations:
    """``provider.json`` ``providers.items``: ``name``, ``description``, ``roles``, ``url``."""
    if not isinstance(provider, dict):
        message = "each provider must be an object with at least a name"
        yield RuleViolation(loc, "stac_type", message, provider)
        return
    yield from _required(provider, ("name",), loc, "a provider")
    yield from _string(provider, "name", loc, non_empty=named)
    yield from _string(provider, "description", loc)
    yield from _string(provider, "url", loc)
    yield from _provider_roles(provider, loc)


def _provider_roles(provider: dict[str, Any], loc: Loc) -> Violations:
    """``provider.json`` ``roles``: an array of ``producer``, ``licensor``, ``processor``,
    ``host``."""
    if "roles" not in provider:
        return
    roles = provider["roles"]
    if not isinstance(roles, list):
        message = f"roles must be an array of provider roles: {_listed(_PROVIDER_ROLES)}"
        yield RuleViolation((*loc, "roles"), "stac_type", message, roles)
        return
    for index, role in enumerate(roles):
        if not (isinstance(role, str) and role in _PROVIDER_ROLES):
            message = f"each provider role must be one of {_listed(_PROVIDER_ROLES)}"
            yield RuleViolation((*loc, "roles", index), "stac_enum", message, role)


_DATA_TYPES: Final = (
    *("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"),
    *("float16", "float32", "float64", "cint16", "cint32", "cfloat32", "cfloat64", "other"),
)
_NODATA_WORDS: Final = ("nan", "inf", "-inf")


def _data_values(node: dict[str, Any], loc: Loc) -> Violations:
    """``data-values.json`` (v1.1.0): ``data_type``, ``nodata``, ``statistics``, ``unit``."""
    data_type = node.get("data_type")
    if "data_type" in node and not (isinstance(data_type, str) and data_type in _DATA_TYPES):
        message = f"data_type must be one of {_listed(_DATA_TYPES)}"
        yield RuleViolation((*loc, "data_type"), "stac_enum", message, data_type)
    nodata = node.get("nodata")
    if "nodata" in node and not (
        _is_number(nodata) or (isinstance(nodata, str) and nodata in _NODATA_WORDS)
    ):
        message = f"nodata must be a number or one of {_listed(_NODATA_WORDS)}"
        yield RuleViolation((*loc, "nodata"), "stac_enum", message, nodata)
    yield from _statistics(node, loc)
    yield from _string(node, "unit", loc)


def _statistics(node: dict[str, Any], loc: Loc) -> Violations:
    """``data-values.json`` ``statistics``: a non-empty object of numbers."""
    if "statistics" not in node:
        return
    statistics, here = node["statistics"], (*loc, "statistics")
    message = "statistics must be an object with at least one statistic"
    if not isinstance(statistics, dict):
        yield RuleViolation(here, "stac_type", message, statistics)
        return
    if not statistics:
        yield RuleViolation(here, "stac_empty", message, statistics)
    for key in ("minimum", "maximum", "mean", "stddev"):
        yield from _number(statistics, key, here)
    rule = "an integer of at least 0"
    yield from _bounded(statistics, "count", here, rule, lambda count: count >= 0, integer=True)
    rule = "a number from 0 to 100"
    yield from _bounded(statistics, "valid_percent", here, rule, lambda share: 0 <= share <= 100)


def _bands(node: dict[str, Any], loc: Loc) -> Violations:
    """``bands.json`` (v1.1.0): ``bands`` is an array of band objects, each with a string
    ``name`` and the common metadata (``common.json``, so bands nest)."""
    if "bands" not in node:
        return
    bands, here = node["bands"], (*loc, "bands")
    if not isinstance(bands, list):
        yield RuleViolation(here, "stac_type", "bands must be an array of band objects", bands)
        return
    for index, band in enumerate(bands):
        if not isinstance(band, dict):
            yield RuleViolation((*here, index), "stac_type", "each band must be an object", band)
            continue
        yield from _string(band, "name", (*here, index))
        yield from _common_metadata(band, (*here, index), _V1_1)


def _common_metadata(node: dict[str, Any], loc: Loc, version: str) -> Violations:
    """v1.0.0 ``item.json#/definitions/common_metadata``; v1.1.0 ``common.json``.

    ``node`` is an object (each caller reports a value of another type once).
    """
    yield from _basics(node, loc, version)
    if version == _V1_1:
        yield from _bands(node, loc)
    yield from _datetime_fields(node, loc)
    if version == _V1_1:
        yield from _data_values(node, loc)
    yield from _instrument(node, loc)
    yield from _licensing(node, loc)
    yield from _providers(node, loc)


# -- stac_version, id, stac_extensions ---------------------------------------------------------


def _checked_version(document: dict[str, Any]) -> tuple[str, list[RuleViolation]]:
    """``stac_version`` (``"const"`` in each version's schema): the version whose rules apply."""
    version = document.get("stac_version", NO_INPUT)
    if isinstance(version, str) and version in STAC_VERSIONS:
        return version, []
    checked = f"{_listed(STAC_VERSIONS)}, the STAC versions whose core schemas are checked"
    if version is NO_INPUT:
        message = f"stac_version is required: {checked}"
        return _SHARED_RULES_VERSION, [RuleViolation(("stac_version",), "stac_required", message)]
    message = f"stac_version must be {checked}"
    return _SHARED_RULES_VERSION, [
        RuleViolation(("stac_version",), "stac_version", message, version)
    ]


def _stac_extensions(document: dict[str, Any]) -> Violations:
    """``stac_extensions``: an array of unique strings (``uniqueItems``: JSON equality)."""
    if "stac_extensions" not in document:
        return
    extensions = document["stac_extensions"]
    if not isinstance(extensions, list):
        message = "stac_extensions must be an array of schema URIs"
        yield RuleViolation(("stac_extensions",), "stac_type", message, extensions)
        return
    seen: set[Hashable] = set()
    for index, uri in enumerate(extensions):
        if not isinstance(uri, str):
            message = "each entry of stac_extensions must be a string (a schema URI)"
            yield RuleViolation(("stac_extensions", index), "stac_type", message, uri)
        key = json_key(uri)
        if key in seen:
            message = "stac_extensions must not list the same schema twice"
            yield RuleViolation(("stac_extensions", index), "stac_unique", message, uri)
        seen.add(key)


def _type(document: dict[str, Any], expected: str, what: str) -> Violations:
    """Feature.json ``type`` ``enum: ["Feature"]`` / collection.json ``type`` ``const``."""
    value = document.get("type", expected)
    if not (isinstance(value, str) and value == expected):
        message = f"type must be {render(expected)} for {what}"
        yield RuleViolation(("type",), "stac_document_type", message, value)


# -- links and assets --------------------------------------------------------------------------


def _links(document: dict[str, Any], version: str) -> Violations:
    """``item.json#/definitions/links`` (v1.1.0) / the ``links`` property (v1.0.0)."""
    if "links" not in document:
        return
    links = document["links"]
    if not isinstance(links, list):
        yield RuleViolation(("links",), "stac_type", "links must be an array of links", links)
        return
    for index, link in enumerate(links):
        yield from _link(link, ("links", index), version)


_METHOD: Final = re.compile(r"[A-Z]+")  # ECMA-262 `^[A-Z]+$`


def _link(link: Any, loc: Loc, version: str) -> Violations:
    """``item.json#/definitions/link`` (v1.0.0 collection.json's ``link`` is the same);
    v1.1.0 adds ``method``, ``headers`` and the common metadata."""
    if not isinstance(link, dict):
        message = "each link must be an object with rel and href"
        yield RuleViolation(loc, "stac_type", message, link)
        return
    yield from _required(link, ("rel", "href"), loc, "a link")
    yield from _string(link, "href", loc, non_empty=True)
    yield from _string(link, "rel", loc, non_empty=True)
    yield from _string(link, "type", loc)
    yield from _string(link, "title", loc)
    if version != _V1_1:
        return
    method = link.get("method")
    if "method" in link and not (isinstance(method, str) and _METHOD.fullmatch(method)):
        message = 'method must be an HTTP method in upper-case letters, e.g. "GET" or "POST"'
        yield RuleViolation((*loc, "method"), "stac_link_method", message, method)
    yield from _headers(link, loc)
    yield from _common_metadata(link, loc, version)


def _headers(link: dict[str, Any], loc: Loc) -> Violations:
    """v1.1.0 link ``headers``: an object whose values are strings or arrays of strings."""
    if "headers" not in link:
        return
    headers, here = link["headers"], (*loc, "headers")
    if not isinstance(headers, dict):
        message = "headers must be an object of header names and values"
        yield RuleViolation(here, "stac_type", message, headers)
        return
    for name, value in headers.items():
        if isinstance(value, list):
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    message = "each value of a header must be a string"
                    yield RuleViolation((*here, name, index), "stac_type", message, item)
        elif not isinstance(value, str):
            message = "a header value must be a string or an array of strings"
            yield RuleViolation((*here, name), "stac_type", message, value)


def _assets(document: dict[str, Any], version: str) -> Violations:
    """``item.json#/definitions/assets``: an object of assets (Items and Collections)."""
    if "assets" not in document:
        return
    assets = document["assets"]
    if not isinstance(assets, dict):
        message = "assets must be an object mapping asset keys to assets"
        yield RuleViolation(("assets",), "stac_type", message, assets)
        return
    for key, asset in assets.items():
        yield from _asset(asset, ("assets", key), version)


def _asset(asset: Any, loc: Loc, version: str) -> Violations:
    """``item.json#/definitions/asset``: ``href`` and the asset fields, plus common metadata."""
    if not isinstance(asset, dict):
        yield RuleViolation(loc, "stac_type", "each asset must be an object with an href", asset)
        return
    yield from _required(asset, ("href",), loc, "an asset")
    yield from _string(asset, "href", loc, non_empty=True)
    yield from _common_metadata(asset, loc, version)
    yield from _string(asset, "type", loc)
    yield from _strings(asset, "roles", loc)
    yield from _string(asset, "title", loc)
    yield from _string(asset, "description", loc)


# -- GeoJSON: Geometry.json and the Item's geometry/bbox ---------------------------------------

#: For each geometry type of Geometry.json: the arrays around its positions, outermost first,
#: as (minItems, what the array must be).
_COORDINATE_LEVELS: Final[dict[str, tuple[tuple[int, str], ...]]] = {
    "Point": (),
    "LineString": (
        (2, "the coordinates of a LineString must be an array of at least 2 positions"),
    ),
    "Polygon": (
        (0, "the coordinates of a Polygon must be an array of linear rings"),
        (4, "a linear ring must be an array of at least 4 positions"),
    ),
    "MultiPoint": ((0, "the coordinates of a MultiPoint must be an array of positions"),),
    "MultiLineString": (
        (0, "the coordinates of a MultiLineString must be an array of line strings"),
        (2, "a line string must be an array of at least 2 positions"),
    ),
    "MultiPolygon": (
        (0, "the coordinates of a MultiPolygon must be an array of polygons"),
        (0, "a polygon must be an array of linear rings"),
        (4, "a linear ring must be an array of at least 4 positions"),
    ),
}
_GEOMETRY_TYPES: Final = tuple(_COORDINATE_LEVELS)


def _position(position: Any, loc: Loc) -> Violations:
    """A GeoJSON position: an array of at least 2 numbers (no range, no upper bound)."""
    message = "a position must be an array of at least 2 numbers"
    if not isinstance(position, list):
        yield RuleViolation(loc, "stac_coordinates", message, position)
        return
    if len(position) < 2:
        yield RuleViolation(loc, "stac_coordinates", message, position)
    for index, coordinate in enumerate(position):
        if not _is_number(coordinate):
            message = "a coordinate must be a number"
            yield RuleViolation((*loc, index), "stac_coordinates", message, coordinate)


def _coordinates(value: Any, loc: Loc, levels: tuple[tuple[int, str], ...]) -> Violations:
    """Geometry.json ``coordinates``: nested arrays (``levels``) of positions."""
    if not levels:
        yield from _position(value, loc)
        return
    (min_items, message), inner = levels[0], levels[1:]
    if not isinstance(value, list):
        yield RuleViolation(loc, "stac_coordinates", message, value)
        return
    if len(value) < min_items:
        yield RuleViolation(loc, "stac_coordinates", message, value)
    for index, item in enumerate(value):
        yield from _coordinates(item, (*loc, index), inner)


def _geometry_bbox(geometry: dict[str, Any], loc: Loc) -> Violations:
    """Geometry.json ``bbox`` of a geometry: an array of at least 4 numbers."""
    if "bbox" not in geometry:
        return
    bbox = geometry["bbox"]
    message = "the bbox of a geometry must be an array of at least 4 numbers"
    if not isinstance(bbox, list):
        yield RuleViolation((*loc, "bbox"), "stac_type", message, bbox)
        return
    if len(bbox) < 4:
        yield RuleViolation((*loc, "bbox"), "stac_bbox", message, bbox)
    for index, item in enumerate(bbox):
        if not _is_number(item):
            message = "each entry of a bbox must be a number"
            yield RuleViolation((*loc, "bbox", index), "stac_type", message, item)


_GEOMETRY_TYPES_LISTED: Final = _listed(_GEOMETRY_TYPES)


def _geometry(geometry: Any, loc: Loc) -> Violations:
    """``https://geojson.org/schema/Geometry.json``: one of six geometry objects. Unlike
    Feature.json, it has no GeometryCollection, so an Item cannot have one."""
    kinds = _GEOMETRY_TYPES_LISTED
    if not isinstance(geometry, dict):
        message = f"geometry must be a GeoJSON geometry object ({kinds}) or null"
        yield RuleViolation(loc, "stac_type", message, geometry)
        return
    kind = geometry.get("type")
    if "type" not in geometry:
        yield RuleViolation((*loc, "type"), "stac_required", f"type is required: one of {kinds}")
    elif kind == "GeometryCollection":
        message = (
            "a GeometryCollection is not allowed as the geometry of a STAC Item: "
            f"use one of {kinds}"
        )
        yield RuleViolation((*loc, "type"), "stac_geometry", message, kind)
    elif not (isinstance(kind, str) and kind in _COORDINATE_LEVELS):
        message = f"the type of a geometry must be one of {kinds}"
        yield RuleViolation((*loc, "type"), "stac_geometry", message, kind)
    elif "coordinates" not in geometry:
        yield from _required(geometry, ("coordinates",), loc, f"a {kind}")
    else:
        levels = _COORDINATE_LEVELS[kind]
        yield from _coordinates(geometry["coordinates"], (*loc, "coordinates"), levels)
    yield from _geometry_bbox(geometry, loc)


def _bbox(bbox: Any, loc: Loc) -> Violations:
    """A STAC bounding box (the Item's ``bbox``, each of a Collection's spatial extents):
    ``"type": "array"``, ``oneOf`` 4 or 6 items, each a number."""
    if not isinstance(bbox, list):
        yield RuleViolation(loc, "stac_type", "bbox must be an array of 4 or 6 numbers", bbox)
        return
    if len(bbox) not in (4, 6):
        yield RuleViolation(loc, "stac_bbox", "bbox must have 4 or 6 numbers", bbox)
    for index, item in enumerate(bbox):
        if not _is_number(item):
            message = "each entry of a bbox must be a number"
            yield RuleViolation((*loc, index), "stac_type", message, item)


def _geometry_and_bbox(document: dict[str, Any]) -> Violations:
    """``item.json#/definitions/core`` ``oneOf`` (with Feature.json): a geometry with a bbox
    of 4 or 6 numbers, or a null geometry without any bbox."""
    geometry = document.get("geometry", NO_INPUT)
    if geometry is None:
        if "bbox" in document:
            message = "bbox must be absent when geometry is null"
            yield RuleViolation(("bbox",), "stac_bbox", message, document["bbox"])
        return
    if geometry is not NO_INPUT:
        yield from _geometry(geometry, ("geometry",))
    if "bbox" in document:
        yield from _bbox(document["bbox"], ("bbox",))
    elif isinstance(geometry, dict):
        message = "bbox is required when geometry is not null"
        yield RuleViolation(("bbox",), "stac_required", message)


# -- the Item ----------------------------------------------------------------------------------


def _id(document: dict[str, Any]) -> Violations:
    """``id``: a non-empty string (Feature.json's number ids are excluded by STAC)."""
    yield from _string(document, "id", (), non_empty=True)


def _item_properties(document: dict[str, Any], version: str) -> Violations:
    """``item.json#/definitions/core`` ``properties``: common metadata and a datetime."""
    if "properties" not in document:
        return
    properties = document["properties"]
    if not isinstance(properties, dict):
        message = "properties must be an object"
        yield RuleViolation(("properties",), "stac_type", message, properties)
        return
    yield from _common_metadata(properties, ("properties",), version)
    yield from _item_datetime_given(properties, ("properties",))


def _collection_link(document: dict[str, Any]) -> Violations:
    """``item.json#/definitions/core`` ``if``/``then``/``else``: ``collection`` (a non-empty
    string) is given exactly when ``links`` has a link with rel ``"collection"``.

    When ``links`` is not an array (reported by itself), only the type of ``collection`` is
    checked.
    """
    links = document.get("links")
    if not isinstance(links, list) or any(
        isinstance(link, dict) and link.get("rel") == "collection" for link in links
    ):
        if isinstance(links, list) and "collection" not in document:
            message = (
                'collection is required when links has a link with rel "collection": '
                "the id of that Collection"
            )
            yield RuleViolation(("collection",), "stac_collection_link", message)
        yield from _string(document, "collection", (), non_empty=True)
    elif "collection" in document:
        message = 'collection is only allowed when links has a link with rel "collection"'
        yield RuleViolation(
            ("collection",), "stac_collection_link", message, document["collection"]
        )


def _bands_only_with_asset_bands(document: dict[str, Any]) -> Violations:
    """v1.1.0 ``item.json#/definitions/core`` ``if``/``then``: when ``assets`` is an object
    and none of its assets has ``bands``, the properties must not have ``bands`` (the
    schema's ``$comment`` says the opposite; the schema decides)."""
    assets, properties = document.get("assets"), document.get("properties")
    if (
        isinstance(assets, dict)
        and isinstance(properties, dict)
        and "bands" in properties
        and not any(isinstance(asset, dict) and "bands" in asset for asset in assets.values())
    ):
        message = (
            "bands is only allowed in the properties of a STAC 1.1.0 Item when some asset "
            "has bands too"
        )
        yield RuleViolation(
            ("properties", "bands"), "stac_bands_in_properties", message, properties["bands"]
        )


def _item(document: dict[str, Any], version: str) -> Violations:
    """``item.json`` (``#/definitions/core``, with ``https://geojson.org/schema/Feature.json``)."""
    keys = ("type", "id", "geometry", "properties", "links", "assets")
    yield from _required(document, keys, (), "a STAC Item")
    yield from _type(document, "Feature", "a STAC Item")
    yield from _id(document)
    yield from _stac_extensions(document)
    yield from _geometry_and_bbox(document)
    yield from _item_properties(document, version)
    yield from _links(document, version)
    yield from _assets(document, version)
    yield from _collection_link(document)
    if version == _V1_1:
        yield from _bands_only_with_asset_bands(document)


def item_core_violations(document: Any) -> list[RuleViolation]:
    """Every way ``document`` breaks the official STAC core Item schema of its
    ``stac_version``; empty exactly when that schema accepts it."""
    if not isinstance(document, dict):
        return [RuleViolation((), "stac_type", "a STAC Item must be a JSON object", document)]
    version, violations = _checked_version(document)
    violations.extend(_item(document, version))
    return _once(violations)


# -- the Collection ----------------------------------------------------------------------------


def _collection_fields_v1_0(document: dict[str, Any]) -> Violations:
    """v1.0.0 ``collection.json#/definitions/collection``: ``title``, ``description``,
    ``keywords``, ``license``, ``providers`` (v1.1.0 takes them from its common metadata)."""
    yield from _string(document, "title", ())
    yield from _string(document, "description", (), non_empty=True)
    yield from _strings(document, "keywords", ())
    yield from _licensing(document, ())
    yield from _providers(document, (), named=False)


def _spatial_extent(extent: dict[str, Any], version: str) -> Violations:
    """collection.json ``extent.spatial``: ``bbox``, an array of bounding boxes (v1.0.0: at
    least one; v1.1.0: one, or the overall box and at least two sub-boxes)."""
    spatial, loc = extent["spatial"], ("extent", "spatial")
    if not isinstance(spatial, dict):
        message = "the spatial extent must be an object with a bbox"
        yield RuleViolation(loc, "stac_type", message, spatial)
        return
    yield from _required(spatial, ("bbox",), loc, "the spatial extent")
    if "bbox" not in spatial:
        return
    boxes = spatial["bbox"]
    if not isinstance(boxes, list):
        message = "the bbox of the spatial extent must be an array of bounding boxes"
        yield RuleViolation((*loc, "bbox"), "stac_type", message, boxes)
        return
    if version == _V1_1 and (len(boxes) == 0 or len(boxes) == 2):
        message = (
            "the bbox of the spatial extent must hold one bounding box, or the overall box "
            "followed by at least two sub-boxes"
        )
        yield RuleViolation((*loc, "bbox"), "stac_extent_bbox", message, boxes)
    elif not boxes:
        message = "the bbox of the spatial extent must hold at least one bounding box"
        yield RuleViolation((*loc, "bbox"), "stac_extent_bbox", message, boxes)
    for index, box in enumerate(boxes):
        yield from _bbox(box, (*loc, "bbox", index))


def _temporal_extent(extent: dict[str, Any]) -> Violations:
    """collection.json ``extent.temporal``: ``interval``, a non-empty array of
    ``[start, end]`` pairs of datetimes or nulls."""
    temporal, loc = extent["temporal"], ("extent", "temporal")
    if not isinstance(temporal, dict):
        message = "the temporal extent must be an object with an interval"
        yield RuleViolation(loc, "stac_type", message, temporal)
        return
    yield from _required(temporal, ("interval",), loc, "the temporal extent")
    if "interval" not in temporal:
        return
    intervals, here = temporal["interval"], (*loc, "interval")
    message = "interval must be a non-empty array of [start, end] intervals"
    if not isinstance(intervals, list):
        yield RuleViolation(here, "stac_type", message, intervals)
        return
    if not intervals:
        yield RuleViolation(here, "stac_empty", message, intervals)
    for index, interval in enumerate(intervals):
        yield from _interval(interval, (*here, index))


def _interval(interval: Any, loc: Loc) -> Violations:
    """collection.json ``extent.temporal.interval.items``: two datetimes, each may be null."""
    message = "an interval must be an array of 2 datetimes [start, end], null for an open end"
    if not isinstance(interval, list):
        yield RuleViolation(loc, "stac_type", message, interval)
        return
    if len(interval) != 2:
        yield RuleViolation(loc, "stac_interval", message, interval)
    for index, moment in enumerate(interval):
        if moment is not None and not (isinstance(moment, str) and _is_stac_datetime(moment)):
            message = f"each end of an interval must be {_DATETIME_RULE}, or null"
            yield RuleViolation((*loc, index), "stac_datetime", message, moment)


def _extent(document: dict[str, Any], version: str) -> Violations:
    """collection.json ``extent``: an object with ``spatial`` and ``temporal`` extents."""
    if "extent" not in document:
        return
    extent = document["extent"]
    if not isinstance(extent, dict):
        message = "extent must be an object with spatial and temporal extents"
        yield RuleViolation(("extent",), "stac_type", message, extent)
        return
    yield from _required(extent, ("spatial", "temporal"), ("extent",), "extent")
    if "spatial" in extent:
        yield from _spatial_extent(extent, version)
    if "temporal" in extent:
        yield from _temporal_extent(extent)


def _item_assets(document: dict[str, Any]) -> Violations:
    """v1.1.0 collection.json ``item_assets``: each entry is an object with at least two
    fields, no ``href``, and the asset fields and common metadata of an asset. Like the
    schema, an ``item_assets`` that is not an object is not checked."""
    item_assets = document.get("item_assets")
    if not isinstance(item_assets, dict):
        return
    for key, definition in item_assets.items():
        yield from _item_asset(definition, ("item_assets", key))


def _item_asset(definition: Any, loc: Loc) -> Violations:
    """v1.1.0 collection.json ``item_assets.additionalProperties``."""
    message = "an item asset definition must be an object with at least 2 fields"
    if not isinstance(definition, dict):
        yield RuleViolation(loc, "stac_type", message, definition)
        return
    if len(definition) < 2:
        yield RuleViolation(loc, "stac_item_asset", message, definition)
    if "href" in definition:
        message = "href is not allowed in an item asset definition"
        yield RuleViolation((*loc, "href"), "stac_item_asset", message, definition["href"])
    yield from _common_metadata(definition, loc, _V1_1)
    for key in ("title", "description", "type"):
        yield from _string(definition, key, loc)
    yield from _strings(definition, "roles", loc)


def _collection(document: dict[str, Any], version: str) -> Violations:
    """``collection.json`` (``#/definitions/collection``; v1.1.0 with ``common.json``)."""
    keys = ("type", "id", "description", "license", "extent", "links")
    yield from _required(document, keys, (), "a STAC Collection")
    yield from _type(document, "Collection", "a STAC Collection")
    yield from _id(document)
    yield from _stac_extensions(document)
    if version == _V1_1:
        yield from _common_metadata(document, (), version)
    else:
        yield from _collection_fields_v1_0(document)
    yield from _extent(document, version)
    yield from _assets(document, version)
    if version == _V1_1:
        yield from _item_assets(document)
    yield from _links(document, version)
    yield from _summaries(document)


def collection_core_violations(document: Any) -> list[RuleViolation]:
    """Every way ``document`` breaks the official STAC core Collection schema of its
    ``stac_version``; empty exactly when that schema accepts it."""
    if not isinstance(document, dict):
        message = "a STAC Collection must be a JSON object"
        return [RuleViolation((), "stac_type", message, document)]
    version, violations = _checked_version(document)
    violations.extend(_collection(document, version))
    return _once(violations)


# -- summaries: collection.json#/definitions/summaries and the draft-07 meta-schema ------------


def _summaries(document: dict[str, Any]) -> Violations:
    """collection.json ``#/definitions/summaries``: an object of summaries."""
    if "summaries" not in document:
        return
    summaries = document["summaries"]
    if not isinstance(summaries, dict):
        message = "summaries must be an object of summaries by field name"
        yield RuleViolation(("summaries",), "stac_type", message, summaries)
        return
    for key, summary in summaries.items():
        yield from _summary(summary, ("summaries", key))


def _summary(summary: Any, loc: Loc) -> Violations:
    """``summaries.additionalProperties`` ``anyOf``: a non-empty array of values, a range
    (``minimum`` and ``maximum``, numbers or strings) or a non-empty JSON Schema object.

    An object with ``minimum`` or ``maximum`` that is neither is reported as a range; any
    other object that is not a JSON Schema is reported where the meta-schema fails.
    """
    message = (
        "a summary must be a non-empty array of values, a range object with minimum and "
        "maximum, or a non-empty JSON Schema object"
    )
    if isinstance(summary, list):
        if not summary:
            yield RuleViolation(loc, "stac_summary", message, summary)
        return
    if not isinstance(summary, dict) or not summary:
        yield RuleViolation(loc, "stac_summary", message, summary)
        return
    range_problems = list(_range_problems(summary, loc))
    if not range_problems:
        return
    schema_problems = list(_schema_keywords(summary, loc))
    if schema_problems:
        ranged = "minimum" in summary or "maximum" in summary
        yield from range_problems if ranged else schema_problems


def _range_problems(summary: dict[str, Any], loc: Loc) -> Violations:
    """The "Range" member of the summaries ``anyOf``."""
    for key in ("minimum", "maximum"):
        if key not in summary:
            message = f"{key} is required in a range summary (minimum and maximum)"
            yield RuleViolation((*loc, key), "stac_required", message)
        elif not (_is_number(summary[key]) or isinstance(summary[key], str)):
            message = f"the {key} of a range summary must be a number or a string"
            yield RuleViolation((*loc, key), "stac_type", message, summary[key])


_SIMPLE_TYPES: Final = ("array", "boolean", "integer", "null", "number", "object", "string")
_SCHEMA_STRINGS: Final = (
    *("$id", "$schema", "$ref", "$comment", "title", "description", "pattern", "format"),
    *("contentMediaType", "contentEncoding"),
)
_SCHEMA_NUMBERS: Final = ("maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum")
_SCHEMA_COUNTS: Final = (
    *("maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"),
)
_SCHEMA_BOOLEANS: Final = ("readOnly", "uniqueItems")
_SCHEMA_ARRAYS: Final = ("examples", "enum")
_SUBSCHEMAS: Final = (
    *("additionalItems", "contains", "additionalProperties", "propertyNames"),
    *("if", "then", "else", "not"),
)
_SUBSCHEMA_MAPS: Final = ("definitions", "properties", "patternProperties")
_SUBSCHEMA_ARRAYS: Final = ("allOf", "anyOf", "oneOf")


def _schema_problem(loc: Loc, message: str, value: Any) -> RuleViolation:
    return RuleViolation(loc, "stac_summary_schema", f"{message} (in a JSON Schema)", value)


def _subschema(value: Any, loc: Loc) -> Violations:
    """Draft-07 meta-schema ``#``: a JSON Schema is an object or a boolean."""
    if isinstance(value, dict):
        yield from _schema_keywords(value, loc)
    elif not isinstance(value, bool):
        yield _schema_problem(loc, "a JSON Schema must be an object or a boolean", value)


def _schema_keywords(schema: dict[str, Any], loc: Loc) -> Violations:
    """Draft-07 meta-schema ``properties``: the keywords of a schema object."""
    for key, value in schema.items():
        here = (*loc, key)
        if key in _SCHEMA_STRINGS and not isinstance(value, str):
            yield _schema_problem(here, f"{key} must be a string", value)
        elif key in _SCHEMA_NUMBERS and not _is_number(value):
            yield _schema_problem(here, f"{key} must be a number", value)
        elif key in _SCHEMA_COUNTS and not (_is_integer(value) and value >= 0):
            yield _schema_problem(here, f"{key} must be a non-negative integer", value)
        elif key in _SCHEMA_BOOLEANS and not isinstance(value, bool):
            yield _schema_problem(here, f"{key} must be a boolean", value)
        elif key in _SCHEMA_ARRAYS and not isinstance(value, list):
            yield _schema_problem(here, f"{key} must be an array", value)
        elif key == "multipleOf" and not (_is_number(value) and value > 0):
            yield _schema_problem(here, "multipleOf must be a number greater than 0", value)
        else:
            yield from _structured_keyword(key, value, here)


def _structured_keyword(key: str, value: Any, loc: Loc) -> Violations:
    """Draft-07 meta-schema keywords holding schemas, arrays of names, or types."""
    if key in _SUBSCHEMAS:
        yield from _subschema(value, loc)
    elif key in _SUBSCHEMA_MAPS:
        yield from _subschema_map(value, loc, key)
    elif key in _SUBSCHEMA_ARRAYS:
        yield from _schema_array(value, loc, key)
    elif key == "items":
        yield from _schema_items(value, loc)
    elif key == "required":
        yield from _string_array(value, loc, key)
    elif key == "dependencies":
        yield from _schema_dependencies(value, loc)
    elif key == "type":
        yield from _schema_type(value, loc)


def _subschema_map(value: Any, loc: Loc, key: str) -> Violations:
    """``definitions``/``properties``/``patternProperties``: an object of schemas."""
    if not isinstance(value, dict):
        yield _schema_problem(loc, f"{key} must be an object of JSON Schemas", value)
        return
    for name, subschema in value.items():
        yield from _subschema(subschema, (*loc, name))


def _schema_array(value: Any, loc: Loc, key: str) -> Violations:
    """Draft-07 meta-schema ``#/definitions/schemaArray``: a non-empty array of schemas."""
    message = f"{key} must be a non-empty array of JSON Schemas"
    if not isinstance(value, list):
        yield _schema_problem(loc, message, value)
        return
    if not value:
        yield _schema_problem(loc, message, value)
    for index, subschema in enumerate(value):
        yield from _subschema(subschema, (*loc, index))


def _schema_items(value: Any, loc: Loc) -> Violations:
    """``items``: a schema, or a non-empty array of schemas."""
    if isinstance(value, list):
        yield from _schema_array(value, loc, "items")
    elif not isinstance(value, dict | bool):
        message = "items must be a JSON Schema or a non-empty array of JSON Schemas"
        yield _schema_problem(loc, message, value)
    else:
        yield from _subschema(value, loc)


def _unique(values: list[Any], loc: Loc, message: str) -> Violations:
    """``uniqueItems``: each item equal to an earlier one (JSON equality) is reported."""
    seen: set[Hashable] = set()
    for index, item in enumerate(values):
        key = json_key(item)
        if key in seen:
            yield _schema_problem((*loc, index), message, item)
        seen.add(key)


def _string_array(value: Any, loc: Loc, key: str) -> Violations:
    """Draft-07 meta-schema ``#/definitions/stringArray``: unique strings."""
    message = f"{key} must be an array of unique strings"
    if not isinstance(value, list):
        yield _schema_problem(loc, message, value)
        return
    for index, item in enumerate(value):
        if not isinstance(item, str):
            yield _schema_problem((*loc, index), message, item)
    yield from _unique(value, loc, message)


def _schema_dependencies(value: Any, loc: Loc) -> Violations:
    """``dependencies``: an object of schemas or arrays of unique property names."""
    if not isinstance(value, dict):
        message = "dependencies must be an object of JSON Schemas or arrays of names"
        yield _schema_problem(loc, message, value)
        return
    for name, dependency in value.items():
        if isinstance(dependency, list):
            yield from _string_array(dependency, (*loc, name), "a dependency")
        elif isinstance(dependency, dict | bool):
            yield from _subschema(dependency, (*loc, name))
        else:
            message = "a dependency must be a JSON Schema or an array of unique property names"
            yield _schema_problem((*loc, name), message, dependency)


def _schema_type(value: Any, loc: Loc) -> Violations:
    """``type``: a simple type name, or a non-empty array of unique ones."""
    message = f"type must be one of {_listed(_SIMPLE_TYPES)}, or a non-empty array of them"
    if not isinstance(value, list):
        if not (isinstance(value, str) and value in _SIMPLE_TYPES):
            yield _schema_problem(loc, message, value)
        return
    if not value:
        yield _schema_problem(loc, message, value)
    for index, item in enumerate(value):
        if not (isinstance(item, str) and item in _SIMPLE_TYPES):
            yield _schema_problem((*loc, index), message, item)
    yield from _unique(value, loc, "the types of type must be unique")


# -- the same rules as JSON Schema, for the exported schemas -----------------------------------

_STRING: Final = {"type": "string"}
_NON_EMPTY_STRING: Final = {"type": "string", "minLength": 1}
_STRINGS: Final = {"type": "array", "items": {"type": "string"}}
_NUMBER: Final = {"type": "number"}
# `format: date-time` and the core schemas' pattern `(\+00:00|Z)$` together, as ONE ECMA-262
# pattern deciding exactly as :func:`_is_stac_datetime`: draft 2020-12 only annotates formats
# (a validator asserts them only when asked to, and then with its own notion of RFC 3339), so
# the exported schemas must not depend on it. Years 0001-9999, the days of each month, 29
# February in leap years only, no second 60, a lower-case "t" allowed, "Z" or "+00:00" last.
# Only ASCII classes ([0-9], no \d) and no look-around: any regular-expression engine agrees.
_YEAR: Final = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP_YEAR: Final = (
    r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
)
_DATE: Final = (
    rf"(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    rf"|{_LEAP_YEAR}-02-29)"
)
_DATETIME_PATTERN: Final = (
    rf"^{_DATE}[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:Z|\+00:00)$"
)


def _datetime_schema(*, nullable: bool = False) -> dict[str, Any]:
    kind: Any = ["string", "null"] if nullable else "string"
    return {"type": kind, "format": "date-time", "pattern": _DATETIME_PATTERN}


def _bbox_schema() -> dict[str, Any]:
    return {
        "type": "array",
        "oneOf": [{"minItems": 4, "maxItems": 4}, {"minItems": 6, "maxItems": 6}],
        "items": _NUMBER,
    }


def _providers_schema(*, named: bool = True) -> dict[str, Any]:
    provider = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": _NON_EMPTY_STRING if named else _STRING,
            "description": _STRING,
            "roles": {"type": "array", "items": {"enum": list(_PROVIDER_ROLES)}},
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
        "data_type": {"enum": list(_DATA_TYPES)},
        "nodata": {"anyOf": [_NUMBER, {"enum": list(_NODATA_WORDS)}]},
        "statistics": statistics,
        "unit": _STRING,
    }


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
        properties: dict[str, Any] = {
            "title": _STRING,
            "description": _NON_EMPTY_STRING if version == _V1_1 else _STRING,
            "datetime": _datetime_schema(nullable=True),
            **{
                key: _datetime_schema()
                for key in ("start_datetime", "end_datetime", "created", "updated")
            },
            **dict.fromkeys(("platform", "constellation", "mission"), _STRING),
            "instruments": _STRINGS,
            "gsd": {"type": "number", "exclusiveMinimum": 0},
            "license": {"type": "string", "pattern": _LICENSE_PATTERN},
            "providers": _providers_schema(),
        }
        if version == _V1_1:
            band = {"type": "object", "properties": {"name": _STRING}, **self.ref(name)}
            properties |= {"keywords": _STRINGS, "roles": _STRINGS}
            properties |= {"bands": {"type": "array", "items": band}}
            properties |= _data_values_schema()
        schema = {
            "type": "object",
            "properties": properties,
            "dependentRequired": {
                "start_datetime": ["end_datetime"],
                "end_datetime": ["start_datetime"],
            },
        }
        return self.define(name, schema)

    def links(self, version: str) -> dict[str, Any]:
        """item.json ``#/definitions/links`` (v1.0.0 collection.json's ``link`` is the same)."""
        properties: dict[str, Any] = {
            "href": _NON_EMPTY_STRING,
            "rel": _NON_EMPTY_STRING,
            "type": _STRING,
            "title": _STRING,
        }
        link: dict[str, Any] = {"type": "object", "required": ["rel", "href"]}
        if version == _V1_1:
            header = {"anyOf": [_STRING, _STRINGS]}
            properties["method"] = {"type": "string", "pattern": "^[A-Z]+$"}
            properties["headers"] = {"type": "object", "additionalProperties": header}
            link |= self.common_metadata(version)
        return {"type": "array", "items": {**link, "properties": properties}}

    def assets(self, version: str) -> dict[str, Any]:
        """item.json ``#/definitions/assets`` and ``#/definitions/asset``."""
        asset = {
            "type": "object",
            "required": ["href"],
            "properties": {
                "href": _NON_EMPTY_STRING,
                **dict.fromkeys(("title", "description", "type"), _STRING),
                "roles": _STRINGS,
            },
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
        for kind, levels in _COORDINATE_LEVELS.items()
    ]
    return {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {
            "type": {"enum": list(_GEOMETRY_TYPES)},
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
    """item.json ``#/definitions/core`` ``oneOf``: geometry with bbox, or null without."""
    return {
        "oneOf": [
            {
                "required": ["geometry", "bbox"],
                "properties": {"geometry": _geometry_schema(), "bbox": _bbox_schema()},
            },
            {"required": ["geometry"], "properties": {"geometry": {"type": "null"}, "bbox": False}},
        ]
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


def _item_schema(builder: _SchemaBuilder, version: str) -> dict[str, Any]:
    """item.json of ``version`` (with Feature.json and Geometry.json)."""
    rules = [_geometry_and_bbox_schema(), _collection_link_schema()]
    if version == _V1_1:
        rules.append(_bands_only_with_asset_bands_schema())
    return {
        "type": "object",
        "required": ["type", "stac_version", "id", "geometry", "properties", "links", "assets"],
        "properties": {
            "type": {"const": "Feature"},
            **builder.stac_fields(version),
            "properties": {**builder.common_metadata(version), **_DATETIME_GIVEN_SCHEMA},
            "links": builder.links(version),
            "assets": builder.assets(version),
        },
        "allOf": rules,
    }


def _extent_schema(version: str) -> dict[str, Any]:
    """collection.json ``extent``."""
    boxes: dict[str, Any] = {"type": "array", "items": _bbox_schema()}
    if version == _V1_1:
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
        **builder.common_metadata(_V1_1),
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
    simple_types = {"enum": list(_SIMPLE_TYPES)}
    properties: dict[str, Any] = {
        **dict.fromkeys(_SCHEMA_STRINGS, _STRING),
        **dict.fromkeys(_SCHEMA_NUMBERS, _NUMBER),
        **dict.fromkeys(_SCHEMA_COUNTS, count),
        **{key: {"type": "boolean"} for key in _SCHEMA_BOOLEANS},
        **{key: {"type": "array"} for key in _SCHEMA_ARRAYS},
        **dict.fromkeys(_SUBSCHEMAS, schema),
        **dict.fromkeys(_SUBSCHEMA_MAPS, schema_map),
        **dict.fromkeys(_SUBSCHEMA_ARRAYS, schema_array),
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
    if version == _V1_1:
        properties["item_assets"] = _item_assets_schema(builder)
        schema |= builder.common_metadata(version)
    else:
        properties |= {
            "title": _STRING,
            "description": _NON_EMPTY_STRING,
            "keywords": _STRINGS,
            "license": {"type": "string", "pattern": _LICENSE_PATTERN},
            "providers": _providers_schema(named=False),
        }
    return {**schema, "properties": properties}


def core_rules_schema(kind: Literal["item", "collection"]) -> dict[str, Any]:
    """The STAC core rules of :func:`item_core_violations` (``kind="item"``) or
    :func:`collection_core_violations` as one JSON Schema (draft 2020-12), self-contained:
    its recursive parts are ``$defs`` reached by ``$anchor`` (``#stac-item-…``)."""
    builder = _SchemaBuilder(kind)
    build = _item_schema if kind == "item" else _collection_schema
    by_version = [
        {
            "if": {"properties": {"stac_version": {"const": version}}},
            "then": build(builder, version),
        }
        for version in STAC_VERSIONS
    ]
    schema = {
        "$comment": (
            f"STAC core {kind} rules of STAC {' and '.join(STAC_VERSIONS)}, as the official "
            "core schemas decide; formats iri and iri-reference are not asserted."
        ),
        "required": ["stac_version"],
        "properties": {"stac_version": {"enum": list(STAC_VERSIONS)}},
        "allOf": by_version,
        "$defs": builder.defs,
    }
    return copy.deepcopy(schema)
