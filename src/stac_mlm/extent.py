"""Collection extents whose datetimes are written back exactly as read."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field
from stac_pydantic.collection import (
    Extent,
    SpatialExtent,
    TimeInterval,
    validate_time_interval,
)

from stac_mlm._datetime import StacDatetime

__all__ = ["MLMExtent", "MLMTimeInterval", "SpatialExtent"]

Bound = StacDatetime | None
Interval = Annotated[list[Bound], Field(min_length=2, max_length=2)]


class MLMTimeInterval(TimeInterval):
    """Temporal extent: ``[[start, end], ...]``, ``null`` for an open end."""

    interval: Annotated[list[Interval], Field(min_length=1), AfterValidator(validate_time_interval)]


class MLMExtent(Extent):
    """Spatial and temporal extent of a Collection."""

    temporal: MLMTimeInterval
