"""Summaries of MLM Items: a mergeable, streaming accumulator.

One rule per field:

* strings, enums and booleans (``mlm:name``, ``mlm:architecture``, ``mlm:framework``,
  ``mlm:framework_version``, ``mlm:accelerator``…) → the sorted distinct values; a ``null``
  (``mlm:accelerator: null``, ``mlm:pretrained_source: null``) is a value and is kept, last;
* ``mlm:tasks`` → the sorted union of the tasks;
* integers (``mlm:memory_size``, ``mlm:total_parameters``, ``mlm:batch_size_suggestion``,
  ``mlm:accelerator_count``) → a Range ``{minimum, maximum}``;
* ``mlm:hyperparameters`` and the fields that are never summarized (inputs, outputs and
  asset-only fields) → left out;
* asset-level fields → ``item_assets``: for each asset key, the fields whose value is the
  same on that asset in every Item that has it (roles, type, ``mlm:artifact_type``,
  ``mlm:accelerator``…); a field that differs between Items is left out, because an
  item-assets definition states what all those assets have in common;
* extent → the union of the Items' ``bbox`` (2D; no antimeridian handling) and the interval
  from the earliest to the latest ``datetime`` / ``start_datetime`` / ``end_datetime``.

Summaries are made from MLM v1.5.2 Items only: an Item of an older release (or declaring
a release that was never published) is refused with one error saying which release it is
and that it must be migrated first (``stac_mlm.migrate``; ``stac-mlm migrate``). Migrating
it in memory would summarize fields (renamed dimensions, moved fields, value_scaling) that
the Items in the catalog do not hold.

The accumulator keeps distinct values, never Items: its memory is bounded by the number
of distinct values. ``merge`` is associative and commutative, so partial results can be
computed anywhere (threads, processes, Dask) and combined in any order.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import MISSING

from stac_mlm._errors import RuleViolation, violations_error
from stac_mlm._json import json_equal, json_key
from stac_mlm._spec import MLM_VERSION, detect_version, published_version, unpublished
from stac_mlm.extent import MLMExtent
from stac_mlm.item import MLMItem
from stac_mlm.properties import MLMItemProperties

__all__ = [
    "DISTINCT_FIELDS",
    "RANGE_FIELDS",
    "UNION_FIELDS",
    "SummaryAccumulator",
    "release_violation",
    "summarize",
]

DISTINCT_FIELDS = (
    "mlm:name",
    "mlm:architecture",
    "mlm:framework",
    "mlm:framework_version",
    "mlm:pretrained",
    "mlm:pretrained_source",
    "mlm:accelerator",
    "mlm:accelerator_constrained",
    "mlm:accelerator_summary",
)
UNION_FIELDS = ("mlm:tasks",)
RANGE_FIELDS = (
    "mlm:memory_size",
    "mlm:total_parameters",
    "mlm:batch_size_suggestion",
    "mlm:accelerator_count",
)
#: Asset keys that are not common to a kind of asset: never in an item-assets definition.
_ITEM_SPECIFIC_ASSET_KEYS = frozenset({"href"})
# An item-assets definition gives at least two fields (item-assets extension).
_MIN_DEFINITION_FIELDS = 2

_ATTRIBUTE = {field.alias: name for name, field in MLMItemProperties.model_fields.items()}

ItemLike = MLMItem | Mapping[str, Any]
Number = int | float


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _sort_key(value: Any) -> tuple[bool, Any]:
    return (value is None, value)


def _tie_key(value: Any) -> tuple[Any, str]:
    """Order by value, then by how it is written (``1`` vs ``1.0``, ``Z`` vs ``+00:00``),
    so that equal values give the same result whatever order Items are merged in."""
    return (value, getattr(value, "written", None) or repr(value))


@dataclass
class _SharedValue:
    """One field of one asset key: the value the first Item gave, and whether others agree."""

    value: Any
    count: int = 1
    differs: bool = False


@dataclass
class _AssetStats:
    """What one asset key looks like across the Items that have it."""

    seen: int = 0
    fields: dict[str, _SharedValue] = field(default_factory=dict)

    def add(self, asset: Mapping[str, Any]) -> None:
        self.seen += 1
        for key, value in asset.items():
            if key in _ITEM_SPECIFIC_ASSET_KEYS:
                continue
            shared = self.fields.get(key)
            if shared is None:
                self.fields[key] = _SharedValue(value)
                continue
            shared.count += 1
            if not shared.differs and not json_equal(shared.value, value):
                shared.differs = True

    def merged(self, other: _AssetStats) -> _AssetStats:
        result = _AssetStats(self.seen + other.seen, {})
        for key in sorted(self.fields.keys() | other.fields.keys()):
            mine, theirs = self.fields.get(key), other.fields.get(key)
            if mine is None or theirs is None:
                only = mine or theirs
                assert only is not None  # the key comes from one of them
                result.fields[key] = _SharedValue(only.value, only.count, only.differs)
                continue
            differs = mine.differs or theirs.differs or not json_equal(mine.value, theirs.value)
            # Equal values may be written differently (1 / 1.0): keep one, the same whatever
            # the merge order.
            value = min(mine.value, theirs.value, key=repr) if not differs else mine.value
            result.fields[key] = _SharedValue(value, mine.count + theirs.count, differs)
        return result

    def common_fields(self) -> dict[str, Any]:
        return {
            key: shared.value
            for key, shared in sorted(self.fields.items())
            if not shared.differs and shared.count == self.seen
        }


@dataclass
class SummaryAccumulator:
    """Summaries of MLM Items, built one Item at a time and mergeable in any order.

    >>> accumulator = SummaryAccumulator()
    >>> for item in items:                    # doctest: +SKIP
    ...     accumulator.add(item)
    >>> accumulator.summaries()               # doctest: +SKIP
    {'mlm:tasks': ['classification'], 'mlm:total_parameters': {'minimum': 1, 'maximum': 9}}
    """

    count: int = 0
    distinct: dict[str, dict[Hashable, Any]] = field(default_factory=dict)
    ranges: dict[str, tuple[Number, Number]] = field(default_factory=dict)
    bbox: tuple[Number, Number, Number, Number] | None = None
    start: datetime | None = None
    end: datetime | None = None
    assets: dict[str, _AssetStats] = field(default_factory=dict)

    # -- building -------------------------------------------------------------------------

    def add(self, item: ItemLike) -> SummaryAccumulator:
        """Count one Item in (an ``MLMItem``, or a dict validated as one).

        Raises a ``pydantic.ValidationError`` when a dict is not a valid MLM v1.5.2 Item;
        one of an older release is refused as such (``release_violation``).
        """
        if not isinstance(item, MLMItem):
            refused = release_violation(item)
            if refused is not None:
                raise violations_error(MLMItem.error_title(), [refused])
            item = MLMItem.model_validate(item)
        self.count += 1
        self._add_properties(item.properties)
        self._add_extent(item)
        for key, asset in item.assets.items():
            self.assets.setdefault(key, _AssetStats()).add(asset.model_dump(mode="json"))
        return self

    def add_all(self, items: Iterable[ItemLike]) -> SummaryAccumulator:
        for item in items:
            self.add(item)
        return self

    def _add_value(self, alias: str, value: Any) -> None:
        self.distinct.setdefault(alias, {})[json_key(value)] = value

    def _add_properties(self, properties: MLMItemProperties) -> None:
        for alias in DISTINCT_FIELDS:
            value = getattr(properties, _ATTRIBUTE[alias])
            if value is not MISSING:
                self._add_value(alias, _plain(value))
        for alias in UNION_FIELDS:
            for task in getattr(properties, _ATTRIBUTE[alias]):
                self._add_value(alias, _plain(task))
        for alias in RANGE_FIELDS:
            value = getattr(properties, _ATTRIBUTE[alias])
            if value is not MISSING:
                self._extend_range(alias, value, value)

    def _add_extent(self, item: MLMItem) -> None:
        if isinstance(item.bbox, list):  # MISSING when the Item has none
            box = tuple(item.bbox)
            half = len(box) // 2
            self._extend_bbox((box[0], box[1], box[half], box[half + 1]))
        properties = item.properties
        for moment in (properties.datetime, properties.start_datetime, properties.end_datetime):
            if moment is not None:
                self._extend_interval(moment, moment)

    def _extend_range(self, alias: str, low: Number, high: Number) -> None:
        current_low, current_high = self.ranges.get(alias, (low, high))
        self.ranges[alias] = (
            min(current_low, low, key=_tie_key),
            max(current_high, high, key=_tie_key),
        )

    def _extend_bbox(self, box: tuple[Number, Number, Number, Number]) -> None:
        if self.bbox is None:
            self.bbox = box
            return
        west, south, east, north = self.bbox
        self.bbox = (min(west, box[0]), min(south, box[1]), max(east, box[2]), max(north, box[3]))

    def _extend_interval(self, start: datetime | None, end: datetime | None) -> None:
        if start is not None:
            self.start = start if self.start is None else min(self.start, start, key=_tie_key)
        if end is not None:
            self.end = end if self.end is None else max(self.end, end, key=_tie_key)

    # -- combining ------------------------------------------------------------------------

    def merge(self, other: SummaryAccumulator) -> SummaryAccumulator:
        """A new accumulator counting the Items of both (neither is changed)."""
        result = SummaryAccumulator(count=self.count + other.count)
        for source in (self, other):
            for alias, values in source.distinct.items():
                result.distinct.setdefault(alias, {}).update(values)
            for alias, (low, high) in source.ranges.items():
                result._extend_range(alias, low, high)
            if source.bbox is not None:
                result._extend_bbox(source.bbox)
            result._extend_interval(source.start, source.end)
            for key, stats in source.assets.items():
                result.assets[key] = result.assets.get(key, _AssetStats()).merged(stats)
        return result

    # -- results --------------------------------------------------------------------------

    def summaries(self) -> dict[str, Any]:
        """The MLM summaries, in a stable order (JSON values)."""
        result: dict[str, Any] = {}
        for alias in (*DISTINCT_FIELDS, *UNION_FIELDS, *RANGE_FIELDS):
            if alias in self.distinct:
                result[alias] = sorted(self.distinct[alias].values(), key=_sort_key)
            elif alias in self.ranges:
                low, high = self.ranges[alias]
                result[alias] = {"minimum": low, "maximum": high}
        return result

    def item_assets(self) -> dict[str, dict[str, Any]]:
        """Item-assets definitions: per asset key, the fields all those assets share."""
        definitions = {key: stats.common_fields() for key, stats in sorted(self.assets.items())}
        return {
            key: fields
            for key, fields in definitions.items()
            if len(fields) >= _MIN_DEFINITION_FIELDS
        }

    def extent(self, base: MLMExtent | None = None) -> dict[str, Any]:
        """A STAC Collection extent (the whole world when no Item has a ``bbox``).

        Longitudes and latitudes are clamped to WGS 84 bounds, which a Collection extent
        must respect (some Items use 0-360 longitudes). With a ``base`` extent, its overall
        box and interval are widened to the Items' (an open end stays open) and its other
        boxes and intervals are kept.
        """
        widened = SummaryAccumulator(bbox=self.bbox, start=self.start, end=self.end)
        open_start = open_end = False
        if base is not None:
            west, south, *rest = base.spatial.bbox[0]
            widened._extend_bbox((west, south, rest[len(rest) // 2 - 1], rest[-1]))
            start, end = base.temporal.interval[0]
            widened._extend_interval(start, end)
            open_start, open_end = start is None, end is None
        bbox: list[Number] = [-180, -90, 180, 90]
        if widened.bbox is not None:
            west, south, east, north = widened.bbox
            bbox = [max(west, -180), max(south, -90), min(east, 180), min(north, 90)]
        interval = [
            None if open_start else _written(widened.start),
            None if open_end else _written(widened.end),
        ]
        if base is None:
            return {"spatial": {"bbox": [bbox]}, "temporal": {"interval": [interval]}}
        others = base.model_dump(mode="json")
        return {
            "spatial": {"bbox": [bbox, *others["spatial"]["bbox"][1:]]},
            "temporal": {"interval": [interval, *others["temporal"]["interval"][1:]]},
        }


def release_violation(item: Mapping[str, Any]) -> RuleViolation | None:
    """Why summaries do not take ``item``: it declares an MLM release other than v1.5.2, or
    one that was never published (located at its URI in ``stac_extensions``); ``None``
    when it declares v1.5.2 or no release at all (validation says what is wrong then)."""
    if not isinstance(item, Mapping):
        return None  # validation says what it is
    version = detect_version(dict(item))
    extensions = item.get("stac_extensions")
    if version is not None and version != MLM_VERSION and isinstance(extensions, list):
        index = next(i for i, uri in enumerate(extensions) if published_version(uri) == version)
        return RuleViolation(
            ("stac_extensions", index),
            "mlm_release_not_summarized",
            f"an MLM v{version} Item: summaries are made from MLM v{MLM_VERSION} Items; "
            "migrate it first",
        )
    never_published = unpublished(dict(item)) if version is None else []
    if never_published:
        uri = never_published[0]
        return RuleViolation(
            ("stac_extensions", uri.index),
            "mlm_release_unknown",
            f"'{uri.uri}' is not a published MLM schema URI: {uri.why}; migrate it first, "
            "saying which release it follows",
        )
    return None


def _written(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return getattr(moment, "written", None) or moment.isoformat().replace("+00:00", "Z")


def summarize(items: Iterable[ItemLike]) -> dict[str, Any]:
    """The MLM summaries of ``items`` (``MLMItem``s or dicts), in one streaming pass."""
    return SummaryAccumulator().add_all(items).summaries()
