"""Where MLM fields are in a document, and the small rules every step shares."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from stac_mlm._item_rules import has_role
from stac_mlm._stac_core._values import is_number
from stac_mlm.migration._report import Location, Log

JsonObject = dict[str, Any]


def is_collection(document: JsonObject) -> bool:
    return document.get("type") == "Collection"


def item_properties(document: JsonObject) -> JsonObject | None:
    """Item ``properties`` (``None`` for a Collection or when not an object)."""
    properties = None if is_collection(document) else document.get("properties")
    return properties if isinstance(properties, dict) else None


def assets_of(document: JsonObject) -> Iterator[tuple[Location, JsonObject]]:
    """Assets, and a Collection's ``item_assets`` definitions."""
    sections = ("assets", "item_assets") if is_collection(document) else ("assets",)
    for section in sections:
        members = document.get(section)
        if isinstance(members, dict):
            for key, asset in members.items():
                if isinstance(asset, dict):
                    yield (section, key), asset


def field_holders(document: JsonObject) -> Iterator[tuple[Location, JsonObject]]:
    """The objects whose ``mlm:`` keys are MLM fields: properties, assets, item assets."""
    properties = item_properties(document)
    if properties is not None:
        yield ("properties",), properties
    yield from assets_of(document)


def summary_of(document: JsonObject, key: str) -> tuple[list[Any], Location]:
    """A Collection's summary of ``key`` when it lists values (else an empty list)."""
    summaries = document.get("summaries") if is_collection(document) else None
    values = summaries.get(key) if isinstance(summaries, dict) else None
    return (values if isinstance(values, list) else []), ("summaries", key)


def model_io_of(document: JsonObject, key: str) -> Iterator[tuple[Location, JsonObject]]:
    """The input (``mlm:input``) or output (``mlm:output``) objects of an Item."""
    properties = item_properties(document) or {}
    objects = properties.get(key)
    if isinstance(objects, list):
        for index, model_io in enumerate(objects):
            if isinstance(model_io, dict):
                yield ("properties", key, index), model_io


def model_assets_of(document: JsonObject) -> list[tuple[Location, JsonObject]]:
    if is_collection(document):
        return []
    return [(location, a) for location, a in assets_of(document) if has_role(a, "mlm:model")]


def rename_values(
    document: JsonObject, key: str, renames: dict[str, str], why: str, log: Log
) -> None:
    """Rename the values of field ``key`` wherever it is given, summaries included."""
    for location, holder in field_holders(document):
        value = holder.get(key)
        if isinstance(value, str) and value in renames:
            holder[key] = renames[value]
            log.changed((*location, key), f"{value!r} → {renames[value]!r}: {why}")
    values, location = summary_of(document, key)
    for index, value in reversed(list(enumerate(values))):
        if isinstance(value, str) and value in renames:
            new = renames[value]
            if new in values:
                del values[index]
                log.changed((*location, index), f"{value!r} removed, {new!r} is listed: {why}")
            else:
                values[index] = new
                log.changed((*location, index), f"{value!r} → {new!r}: {why}")


def drop_summaries(document: JsonObject, keys: tuple[str, ...], since: str, log: Log) -> None:
    """Fields that describe one input, output or asset are never Collection summaries."""
    summaries = document.get("summaries") if is_collection(document) else None
    if not isinstance(summaries, dict):
        return
    for key in (key for key in keys if key in summaries):
        log.removed(
            ("summaries", key),
            summaries.pop(key),
            f"since {since} {key} describes one input, output or asset and is never summarized",
        )


def has_numbers(entry: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(entry, dict) and all(is_number(entry.get(key)) for key in keys)


def listed(value: Any) -> bool:
    """A non-empty JSON array."""
    return isinstance(value, list) and bool(value)


def is_divisor(value: Any) -> bool:
    return is_number(value) and value != 0


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
