"""Collection extents written back exactly as read.

The numbers of the spatial extent keep their JSON type and the datetimes of the temporal
extent keep their text. STAC core's rules on both (boxes of 4 or 6 numbers, intervals of
two UTC datetimes or ``null``) are checked by the Collection, as the core schema of its
``stac_version`` states them; stac-pydantic's own checks (boxes inside WGS 84, an interval
that starts before it ends) are not part of the official verdict and are not applied.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from stac_pydantic.collection import Extent, SpatialExtent, TimeInterval

from stac_mlm._base import MLM_CONFIG
from stac_mlm._datetime import StacDatetime
from stac_mlm._document import JsonNumber

__all__ = ["MLMExtent", "MLMSpatialExtent", "MLMTimeInterval"]


class MLMSpatialExtent(SpatialExtent):
    """Spatial extent: ``[[west, south, east, north], ...]`` (or 6 numbers, with heights)."""

    model_config = MLM_CONFIG  # other keys are kept, as everywhere

    bbox: Annotated[  # type: ignore[assignment]  # numbers as written, not tuples of floats
        list[list[JsonNumber]],
        Field(description="The overall bounding box first, then more precise ones."),
    ]


class MLMTimeInterval(TimeInterval):
    """Temporal extent: ``[[start, end], ...]``, ``null`` for an open end."""

    model_config = MLM_CONFIG

    interval: Annotated[
        list[list[StacDatetime | None]],
        Field(description="The overall interval first, then more precise ones."),
    ]


class MLMExtent(Extent):
    """Spatial and temporal extent of a Collection."""

    model_config = MLM_CONFIG

    spatial: MLMSpatialExtent
    temporal: MLMTimeInterval
