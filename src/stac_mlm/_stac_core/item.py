"""The Item: ``item-spec/json-schema/item.json`` (``#/definitions/core``, with
``https://geojson.org/schema/Feature.json``)."""

from __future__ import annotations

from typing import Any

from stac_mlm._errors import RuleViolation
from stac_mlm._stac_core._values import Violations, once, required, string
from stac_mlm._stac_core.common_metadata import common_metadata
from stac_mlm._stac_core.datetime import item_datetime_given
from stac_mlm._stac_core.documents import assets, document_id, document_type, links, stac_extensions
from stac_mlm._stac_core.geojson import geometry_and_bbox
from stac_mlm._stac_core.versions import SHARED_RULES_VERSION, V1_1, checked_version


def _item_properties(document: dict[str, Any], version: str) -> Violations:
    """``item.json#/definitions/core`` ``properties``: common metadata and a datetime."""
    if "properties" not in document:
        return
    properties = document["properties"]
    if not isinstance(properties, dict):
        message = "properties must be an object"
        yield RuleViolation(("properties",), "stac_type", message, properties)
        return
    yield from common_metadata(properties, ("properties",), version)
    yield from item_datetime_given(properties, ("properties",))


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
        yield from string(document, "collection", (), non_empty=True)
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
    yield from required(document, keys, (), "a STAC Item")
    yield from document_type(document, "Feature", "a STAC Item")
    yield from document_id(document)
    yield from stac_extensions(document)
    yield from geometry_and_bbox(document)
    yield from _item_properties(document, version)
    yield from links(document, version)
    yield from assets(document, version)
    yield from _collection_link(document)
    if version == V1_1:
        yield from _bands_only_with_asset_bands(document)


def item_properties_core_violations(properties: dict[str, Any]) -> list[RuleViolation]:
    """The STAC core rules of Item ``properties`` that hold whatever the Item's
    ``stac_version`` (common metadata and a datetime, as v1.0.0 states them: v1.1.0 only
    adds rules), located from the properties; what an Item of v1.1.0 adds is checked by the
    Item. A properties object does not know the version of the Item that holds it."""
    return once(
        [
            *common_metadata(properties, (), SHARED_RULES_VERSION),
            *item_datetime_given(properties, ()),
        ]
    )


def item_core_violations(document: Any) -> list[RuleViolation]:
    """Every way ``document`` breaks the official STAC core Item schema of its
    ``stac_version``; empty exactly when that schema accepts it."""
    if not isinstance(document, dict):
        return [RuleViolation((), "stac_type", "a STAC Item must be a JSON object", document)]
    version, violations = checked_version(document)
    violations.extend(_item(document, version))
    return once(violations)
