"""STAC hygiene: codes ``STAC0xx``, the checks stac-check makes, decided from its documentation
(its configuration's checks, and STAC's best practices it follows), written here.

Geometry is read as GeoJSON positions (longitude, latitude[, height]); nothing is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from stac_mlm._stac_core._values import is_number
from stac_mlm.linting._read import Document
from stac_mlm.linting._registry import Hit, rule

_HYGIENE = "STAC hygiene (stac-check: "
MAX_LINKS = 20  # stac-check's default max_links
_SEARCHABLE = re.compile(r"[a-z0-9_-]+")


def _id(document: Document) -> str | None:
    value = document.raw.get("id")
    return value if isinstance(value, str) else None


@rule(
    "STAC001",
    "warning",
    _HYGIENE + "searchable_identifiers)",
    "the id has characters other than lowercase letters, digits, _ and -",
)
def searchable_id(document: Document) -> Iterator[Hit]:
    identifier = _id(document)
    if identifier is not None and not _SEARCHABLE.fullmatch(identifier):
        yield Hit(
            ("id",),
            "identifiers should hold only lowercase letters, digits, _ and -, for search",
            identifier,
        )


@rule(
    "STAC002",
    "warning",
    _HYGIENE + "percent_encoded)",
    "the id holds : or / (percent-encoded in STAC API URLs, unusable as a file name)",
)
def id_reserved_characters(document: Document) -> Iterator[Hit]:
    identifier = _id(document)
    if identifier is not None and (":" in identifier or "/" in identifier):
        yield Hit(
            ("id",),
            "an id with : or / is percent-encoded in STAC API URLs and cannot be a file name",
            identifier,
        )


@rule(
    "STAC003",
    "warning",
    _HYGIENE + "item_id_file_name)",
    "an Item's id differs from its file name (without extension); needs the path",
)
def item_file_name(document: Document) -> Iterator[Hit]:
    identifier = _id(document)
    if document.is_item and identifier is not None and document.path is not None:
        stem = PurePath(document.path).stem
        if stem != identifier:
            yield Hit(
                ("id",),
                f"the Item's file should be named after its id: {identifier}.json, not "
                f"{PurePath(document.path).name}",
                identifier,
            )


#: The file name stac-check expects for each kind of document named after no id.
_FILE_NAMES = {"Collection": "collection.json", "Catalog": "catalog.json"}


@rule(
    "STAC004",
    "warning",
    _HYGIENE + "catalog_id_file_name)",
    "a Collection's file is not named collection.json (a Catalog's catalog.json); needs the path",
)
def collection_file_name(document: Document) -> Iterator[Hit]:
    expected = _FILE_NAMES.get(str(document.raw.get("type")))
    if expected is not None and document.path is not None:
        name = PurePath(document.path).name
        if name != expected:
            kind = document.raw["type"]
            yield Hit((), f"a {kind}'s file should be named {expected}, not {name}", name)


@rule("STAC005", "warning", _HYGIENE + "check_summaries)", "a Collection has no summaries")
def collection_summaries(document: Document) -> Iterator[Hit]:
    if document.is_collection and "summaries" not in document.raw:
        yield Hit(("summaries",), "a Collection should summarize its Items' fields (summaries)")


@rule("STAC006", "warning", _HYGIENE + "null_datetime)", "an Item's datetime is null")
def null_datetime(document: Document) -> Iterator[Hit]:
    if (
        document.is_item
        and "datetime" in document.properties
        and document.properties["datetime"] is None
    ):
        yield Hit(
            ("properties", "datetime"),
            "datetime should not be null: many clients search on it (give a nominal one, "
            "such as the model's publication date, besides the range)",
        )


@rule("STAC007", "warning", _HYGIENE + "check_geometry)", "an Item's geometry is null")
def null_geometry(document: Document) -> Iterator[Hit]:
    if document.is_item and "geometry" in document.raw and document.raw["geometry"] is None:
        yield Hit(("geometry",), "every Item should have a geometry, to be found by place")


@rule(
    "STAC008",
    "warning",
    _HYGIENE + "check_unlocated)",
    "an unlocated Item (geometry null) has a bbox",
)
def unlocated_bbox(document: Document) -> Iterator[Hit]:
    raw = document.raw
    if (
        document.is_item
        and "geometry" in raw
        and raw["geometry"] is None
        and raw.get("bbox") is not None
    ):
        yield Hit(("bbox",), "an Item without geometry should have no bbox", raw["bbox"])


def positions(geometry: Any) -> list[list[Any]]:
    """Every position of a GeoJSON geometry (GeometryCollections too), read without recursion."""
    found: list[list[Any]] = []
    pending: list[Any] = [geometry]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            pending.append(node.get("coordinates"))
            geometries = node.get("geometries")
            pending.extend(geometries if isinstance(geometries, list) else [])
        elif isinstance(node, list) and node and all(is_number(n) for n in node):
            found.append(node)
        elif isinstance(node, list):
            pending.extend(node)
    return [position for position in found if len(position) >= 2]


def item_positions(document: Document) -> list[list[Any]]:
    """The positions of an Item's geometry (none for a Collection), found once per lint run:
    STAC009, STAC011 and STAC012 read them."""
    if not document.is_item:
        return []
    if "positions" not in document.memo:
        document.memo["positions"] = positions(document.raw.get("geometry"))
    found: list[list[Any]] = document.memo["positions"]
    return found


def _boxes(document: Document) -> Iterator[tuple[tuple[str | int, ...], list[Any]]]:
    """An Item's bbox and a Collection's spatial extent boxes: numbers only, 4 or 6 of them."""
    candidates: list[tuple[tuple[str | int, ...], Any]] = []
    if document.is_item:
        candidates.append((("bbox",), document.raw.get("bbox")))
    extent = document.raw.get("extent") if document.is_collection else None
    spatial = extent.get("spatial") if isinstance(extent, dict) else None
    boxes = spatial.get("bbox") if isinstance(spatial, dict) else None
    for index, box in enumerate(boxes if isinstance(boxes, list) else []):
        candidates.append((("extent", "spatial", "bbox", index), box))
    for where, box in candidates:
        if isinstance(box, list) and len(box) in (4, 6) and all(is_number(n) for n in box):
            yield where, box


def corners(box: list[Any]) -> tuple[Any, Any, Any, Any]:
    """West, south, east, north of a 2D or 3D box."""
    half = len(box) // 2
    return box[0], box[1], box[half], box[half + 1]


@rule(
    "STAC009",
    "warning",
    _HYGIENE + "check_bbox_geometry_match)",
    "an Item's bbox is not the bounds of its geometry",
)
def bbox_matches_geometry(document: Document) -> Iterator[Hit]:
    found = item_positions(document)
    for where, box in _boxes(document):
        west, south, east, north = corners(box)
        if not found or west > east:
            continue  # no geometry, or a box across the antimeridian (STAC011)
        bounds = (
            min(p[0] for p in found),
            min(p[1] for p in found),
            max(p[0] for p in found),
            max(p[1] for p in found),
        )
        if any(abs(a - b) > 1e-7 for a, b in zip((west, south, east, north), bounds, strict=True)):
            yield Hit(
                where,
                f"the bbox should be the bounds of the geometry: {list(bounds)}",
                box,
            )


@rule(
    "STAC010",
    "warning",
    _HYGIENE + "bbox order)",
    "a bbox's south is greater than its north (or its bottom than its top)",
)
def bbox_south_north(document: Document) -> Iterator[Hit]:
    for where, box in _boxes(document):
        _, south, _, north = corners(box)
        low_high = len(box) == 6 and box[2] > box[5]
        if south > north or low_high:
            yield Hit(
                where,
                "a bbox is [west, south, east, north] (or with bottom and top heights): "
                "south must not exceed north" + (", nor bottom top" if low_high else ""),
                box,
            )


def split_at_antimeridian(found: list[list[Any]]) -> bool:
    """Whether a geometry is cut at the antimeridian (positions on 180 and on -180), as RFC
    7946 (3.1.9) asks of a geometry that crosses it."""
    return any(p[0] == 180 for p in found) and any(p[0] == -180 for p in found)


@rule(
    "STAC011",
    "warning",
    _HYGIENE + "check_bbox_antimeridian)",
    "a bbox's west is greater than its east, but the geometry is not cut at the antimeridian",
)
def bbox_antimeridian(document: Document) -> Iterator[Hit]:
    found = item_positions(document)
    for where, box in _boxes(document):
        west, _, east, _ = corners(box)
        if west > east and not split_at_antimeridian(found):
            yield Hit(
                where,
                "west > east means a box across the antimeridian (RFC 7946 5.2), but no "
                "geometry here is cut at ±180 as one crossing it is: west and east may be "
                "swapped",
                box,
            )


@rule(
    "STAC012",
    "warning",
    _HYGIENE + "geometry and bbox in WGS 84)",
    "a longitude beyond ±180 or a latitude beyond ±90 (bbox, extent or geometry)",
)
def wgs84_ranges(document: Document) -> Iterator[Hit]:
    for where, box in _boxes(document):
        west, south, east, north = corners(box)
        if any(abs(x) > 180 for x in (west, east)) or any(abs(y) > 90 for y in (south, north)):
            yield Hit(where, "longitudes lie within ±180 and latitudes within ±90 (WGS 84)", box)
    outside = [p for p in item_positions(document) if abs(p[0]) > 180 or abs(p[1]) > 90]
    if outside:
        yield Hit(
            ("geometry",),
            f"{len(outside)} position(s) lie outside longitudes ±180 or latitudes ±90 (WGS 84)",
            outside[0],
        )


@rule("STAC013", "warning", _HYGIENE + "bloated_links)", f"more than {MAX_LINKS} links")
def bloated_links(document: Document) -> Iterator[Hit]:
    links = document.raw.get("links")
    if isinstance(links, list) and len(links) > MAX_LINKS:
        yield Hit(
            ("links",),
            f"{len(links)} links (more than {MAX_LINKS}): link a Collection or an API instead",
            len(links),
        )


@rule("STAC014", "info", _HYGIENE + "links_title)", "a Collection's link has no title")
def collection_link_titles(document: Document) -> Iterator[Hit]:
    if not document.is_collection:
        return
    for where, link in document.links():
        if link.get("rel") not in ("self", "root", "parent") and "title" not in link:
            yield Hit(where, "links of a Collection should have a title, for people browsing it")


@rule("STAC015", "warning", _HYGIENE + "links_self)", 'a Collection has no "self" link')
def collection_self_link(document: Document) -> Iterator[Hit]:
    if document.is_collection and not any(
        link.get("rel") == "self" for _, link in document.links()
    ):
        yield Hit(("links",), 'a Collection should have a "self" link to where it is published')
