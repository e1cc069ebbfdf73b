"""MLM v1.5.2: no change to the specification."""

from __future__ import annotations

from stac_mlm.migration._report import Log
from stac_mlm.migration._v1_5_0 import cpu_is_amd64
from stac_mlm.migration._where import (
    JsonObject,
)


def to_1_5_2(document: JsonObject, log: Log) -> None:
    """v1.5.2: "This version does not include any specifc change to the MLM specification".

    Documents of v1.5.x written by stac-model may say ``"cpu"``: see ``cpu_is_amd64``.
    """
    cpu_is_amd64(document, log)
