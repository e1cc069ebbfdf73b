"""MLM v1.5.1: a processing expression may have a ``description``."""

from __future__ import annotations

from stac_mlm.migration._report import Log
from stac_mlm.migration._v1_5_0 import cpu_is_amd64
from stac_mlm.migration._where import (
    JsonObject,
)


def to_1_5_1(document: JsonObject, log: Log) -> None:
    """v1.5.1: a processing expression may have a ``description`` (accepts more).

    Documents written for v1.5.0 by stac-model may say ``"cpu"``: see ``cpu_is_amd64``.
    """
    cpu_is_amd64(document, log)
