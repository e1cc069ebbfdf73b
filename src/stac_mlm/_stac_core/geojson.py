"""GeoJSON: ``https://geojson.org/schema/Geometry.json``, and the Item's ``geometry`` and
``bbox`` (with ``Feature.json``); the same bounding box is each of a Collection's spatial
extents."""

from __future__ import annotations

from typing import Any, Final

from stac_mlm._errors import NO_INPUT, Loc, RuleViolation
from stac_mlm._stac_core._values import Violations, is_number, listed, required

#: For each geometry type of Geometry.json: the arrays around its positions, outermost first,
#: as (minItems, what the array must be).
COORDINATE_LEVELS: Final[dict[str, tuple[tuple[int, str], ...]]] = {
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
GEOMETRY_TYPES: Final = tuple(COORDINATE_LEVELS)


#: The Python types of JSON numbers: a position made of these alone is well formed.
_NUMBER_TYPES: Final = (int, float)


def _position(position: Any, loc: Loc) -> list[RuleViolation]:
    """A GeoJSON position: an array of at least 2 numbers (no range, no upper bound)."""
    if (
        type(position) is list
        and len(position) >= 2
        and all(type(coordinate) in _NUMBER_TYPES for coordinate in position)
    ):
        return []  # every position of a valid geometry: no location built
    message = "a position must be an array of at least 2 numbers"
    if not isinstance(position, list):
        return [RuleViolation(loc, "stac_coordinates", message, position)]
    violations = []
    if len(position) < 2:
        violations.append(RuleViolation(loc, "stac_coordinates", message, position))
    for index, coordinate in enumerate(position):
        if not is_number(coordinate):
            message = "a coordinate must be a number"
            violations.append(RuleViolation((*loc, index), "stac_coordinates", message, coordinate))
    return violations


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
        if inner:
            yield from _coordinates(item, (*loc, index), inner)
        else:  # a position: no generator for each
            yield from _position(item, (*loc, index))


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
        if not is_number(item):
            message = "each entry of a bbox must be a number"
            yield RuleViolation((*loc, "bbox", index), "stac_type", message, item)


_GEOMETRY_TYPES_LISTED: Final = listed(GEOMETRY_TYPES)


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
    elif not (isinstance(kind, str) and kind in COORDINATE_LEVELS):
        message = f"the type of a geometry must be one of {kinds}"
        yield RuleViolation((*loc, "type"), "stac_geometry", message, kind)
    elif "coordinates" not in geometry:
        yield from required(geometry, ("coordinates",), loc, f"a {kind}")
    else:
        levels = COORDINATE_LEVELS[kind]
        yield from _coordinates(geometry["coordinates"], (*loc, "coordinates"), levels)
    yield from _geometry_bbox(geometry, loc)


def bbox(bbox: Any, loc: Loc) -> Violations:
    """A STAC bounding box (the Item's ``bbox``, each of a Collection's spatial extents):
    ``"type": "array"``, ``oneOf`` 4 or 6 items, each a number."""
    if not isinstance(bbox, list):
        yield RuleViolation(loc, "stac_type", "bbox must be an array of 4 or 6 numbers", bbox)
        return
    if len(bbox) not in (4, 6):
        yield RuleViolation(loc, "stac_bbox", "bbox must have 4 or 6 numbers", bbox)
    for index, item in enumerate(bbox):
        if not is_number(item):
            message = "each entry of a bbox must be a number"
            yield RuleViolation((*loc, index), "stac_type", message, item)


def geometry_and_bbox(document: dict[str, Any]) -> Violations:
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
        yield from bbox(document["bbox"], ("bbox",))
    elif isinstance(geometry, dict):
        message = "bbox is required when geometry is not null"
        yield RuleViolation(("bbox",), "stac_required", message)
