"""MLM v1.2.0: nothing to rewrite."""

from __future__ import annotations

from stac_mlm.migration._report import Log
from stac_mlm.migration._where import (
    JsonObject,
)


def to_1_2_0(document: JsonObject, log: Log) -> None:
    """v1.2.0: nothing to rewrite; every change only accepts more.

    Changelog: Collection ``item_assets`` checked as MLM fields (the field rules of every
    step already cover them), Model Band Objects allowed in ``bands``, ``mlm:name`` no
    longer unique, other assets allowed beside the ``mlm:model`` one.
    """
