"""Tolerant reading of a raw document for the lint rules: what cannot be read is skipped.

Every accessor gives only values of the type a rule can use (objects as dicts, arrays as
lists, strings as str), each with its location, so that the rules never meet a surprise
type and never crash on an invalid document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from stac_mlm._item_rules import has_role

Location = tuple[str | int, ...]


def objects(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of an array, with their indexes (anything else is skipped)."""
    if isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                yield index, entry


def strings(value: Any) -> list[str]:
    """The strings of an array (anything else is skipped)."""
    return [entry for entry in value if isinstance(entry, str)] if isinstance(value, list) else []


@dataclass(frozen=True)
class Document:
    """A raw document to lint, and the path it was read from (``None`` when unknown).

    ``memo`` keeps what several rules of one lint run need and is costly to find (the
    lineage rules' targets on disk, each file read once): it lives as long as the run."""

    raw: dict[str, Any]
    path: str | None = None
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_item(self) -> bool:
        return self.raw.get("type") == "Feature"

    @property
    def is_collection(self) -> bool:
        return self.raw.get("type") == "Collection"

    @property
    def properties(self) -> dict[str, Any]:
        """An Item's properties (``{}`` when absent or not an object, or not an Item)."""
        properties = self.raw.get("properties")
        return properties if self.is_item and isinstance(properties, dict) else {}

    def extensions(self) -> list[str]:
        return strings(self.raw.get("stac_extensions"))

    def declares(self, fragment: str) -> bool:
        """Whether some ``stac_extensions`` URI contains ``fragment`` (``/processing/``)."""
        return any(fragment in uri for uri in self.extensions())

    def assets(self) -> Iterator[tuple[str, dict[str, Any]]]:
        assets = self.raw.get("assets")
        if isinstance(assets, dict):
            yield from ((key, asset) for key, asset in assets.items() if isinstance(asset, dict))

    def model_assets(self) -> Iterator[tuple[str, dict[str, Any]]]:
        return ((key, asset) for key, asset in self.assets() if has_role(asset, "mlm:model"))

    def scopes(self) -> Iterator[tuple[Location, dict[str, Any]]]:
        """Where MLM fields allowed on assets may be: an Item's properties, then each asset."""
        if self.properties:
            yield ("properties",), self.properties
        for key, asset in self.assets():
            yield ("assets", key), asset

    def ios(self, field: str) -> Iterator[tuple[Location, dict[str, Any]]]:
        """Each object of ``mlm:input`` or ``mlm:output`` in an Item's properties."""
        for index, entry in objects(self.properties.get(field)):
            yield ("properties", field, index), entry

    def links(self) -> Iterator[tuple[Location, dict[str, Any]]]:
        for index, link in objects(self.raw.get("links")):
            yield ("links", index), link


def structure(entry: dict[str, Any]) -> tuple[Location, dict[str, Any]] | None:
    """The input structure (``input``) or result structure (``result``) of an input or
    output object, with its key; ``None`` when absent or not an object."""
    for key in ("input", "result"):
        value = entry.get(key)
        if isinstance(value, dict):
            return (key,), value
    return None
