"""The Collection: ``collection-spec/json-schema/collection.json``
(``#/definitions/collection``; v1.1.0 with ``common.json``); its summaries are
:mod:`.summaries`."""

from __future__ import annotations

from typing import Any

from stac_mlm._errors import Loc, RuleViolation
from stac_mlm._stac_core._values import Violations, once, required, string, strings
from stac_mlm._stac_core.common_metadata import common_metadata, licensing, providers
from stac_mlm._stac_core.datetime import DATETIME_RULE, is_stac_datetime
from stac_mlm._stac_core.documents import assets, document_id, document_type, links, stac_extensions
from stac_mlm._stac_core.geojson import bbox
from stac_mlm._stac_core.summaries import summaries
from stac_mlm._stac_core.versions import V1_1, checked_version


def _collection_fields_v1_0(document: dict[str, Any]) -> Violations:
    """v1.0.0 ``collection.json#/definitions/collection``: ``title``, ``description``,
    ``keywords``, ``license``, ``providers`` (v1.1.0 takes them from its common metadata)."""
    yield from string(document, "title", ())
    yield from string(document, "description", (), non_empty=True)
    yield from strings(document, "keywords", ())
    yield from licensing(document, ())
    yield from providers(document, (), named=False)


def _spatial_extent(extent: dict[str, Any], version: str) -> Violations:
    """collection.json ``extent.spatial``: ``bbox``, an array of bounding boxes (v1.0.0: at
    least one; v1.1.0: one, or the overall box and at least two sub-boxes)."""
    spatial, loc = extent["spatial"], ("extent", "spatial")
    if not isinstance(spatial, dict):
        message = "the spatial extent must be an object with a bbox"
        yield RuleViolation(loc, "stac_type", message, spatial)
        return
    yield from required(spatial, ("bbox",), loc, "the spatial extent")
    if "bbox" not in spatial:
        return
    boxes = spatial["bbox"]
    if not isinstance(boxes, list):
        message = "the bbox of the spatial extent must be an array of bounding boxes"
        yield RuleViolation((*loc, "bbox"), "stac_type", message, boxes)
        return
    if version == V1_1 and (len(boxes) == 0 or len(boxes) == 2):
        message = (
            "the bbox of the spatial extent must hold one bounding box, or the overall box "
            "followed by at least two sub-boxes"
        )
        yield RuleViolation((*loc, "bbox"), "stac_extent_bbox", message, boxes)
    elif not boxes:
        message = "the bbox of the spatial extent must hold at least one bounding box"
        yield RuleViolation((*loc, "bbox"), "stac_extent_bbox", message, boxes)
    for index, box in enumerate(boxes):
        yield from bbox(box, (*loc, "bbox", index))


def _temporal_extent(extent: dict[str, Any]) -> Violations:
    """collection.json ``extent.temporal``: ``interval``, a non-empty array of
    ``[start, end]`` pairs of datetimes or nulls."""
    temporal, loc = extent["temporal"], ("extent", "temporal")
    if not isinstance(temporal, dict):
        message = "the temporal extent must be an object with an interval"
        yield RuleViolation(loc, "stac_type", message, temporal)
        return
    yield from required(temporal, ("interval",), loc, "the temporal extent")
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
        if moment is not None and not (isinstance(moment, str) and is_stac_datetime(moment)):
            message = f"each end of an interval must be {DATETIME_RULE}, or null"
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
    yield from required(extent, ("spatial", "temporal"), ("extent",), "extent")
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
    yield from common_metadata(definition, loc, V1_1)
    for key in ("title", "description", "type"):
        yield from string(definition, key, loc)
    yield from strings(definition, "roles", loc)


def _collection(document: dict[str, Any], version: str) -> Violations:
    """``collection.json`` (``#/definitions/collection``; v1.1.0 with ``common.json``)."""
    keys = ("type", "id", "description", "license", "extent", "links")
    yield from required(document, keys, (), "a STAC Collection")
    yield from document_type(document, "Collection", "a STAC Collection")
    yield from document_id(document)
    yield from stac_extensions(document)
    if version == V1_1:
        yield from common_metadata(document, (), version)
    else:
        yield from _collection_fields_v1_0(document)
    yield from _extent(document, version)
    yield from assets(document, version)
    if version == V1_1:
        yield from _item_assets(document)
    yield from links(document, version)
    yield from summaries(document)


def collection_core_violations(document: Any) -> list[RuleViolation]:
    """Every way ``document`` breaks the official STAC core Collection schema of its
    ``stac_version``; empty exactly when that schema accepts it."""
    if not isinstance(document, dict):
        message = "a STAC Collection must be a JSON object"
        return [RuleViolation((), "stac_type", message, document)]
    version, violations = checked_version(document)
    violations.extend(_collection(document, version))
    return once(violations)
