"""MLM v1.5.2 (the release this package writes): the models of the ``stac_mlm`` package."""

from __future__ import annotations

from stac_mlm.assets import MLMAsset
from stac_mlm.collection import MLMCollection
from stac_mlm.inputs import InputStructure, ModelBand, ModelInput
from stac_mlm.item import MLMItem
from stac_mlm.outputs import ClassificationClass, ModelOutput, ResultStructure
from stac_mlm.properties import MLMItemProperties

__all__ = [
    "ClassificationClass",
    "InputStructure",
    "MLMAsset",
    "MLMCollection",
    "MLMItem",
    "MLMItemProperties",
    "ModelBand",
    "ModelInput",
    "ModelOutput",
    "ResultStructure",
]
