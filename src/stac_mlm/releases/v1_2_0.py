"""MLM v1.2.0 Items, typed and checked as the official v1.2.0 schema checks them.

Generated data models: ``stac_mlm._generated.v1_2_0``.
One model asset is enough; bands may be objects (the band rule is a no-op).
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import MISSING, Field

from stac_mlm._base import MLM_CONFIG
from stac_mlm._document import (
    ASSET_CONFIG,
    ItemRule,
    ReleaseAsset,
    ReleaseItem,
    StacItemProperties,
)
from stac_mlm._generated.v1_2_0 import (
    ClassificationClass,
    InputStructure,
    MLMFields,
    ModelInput,
    ModelOutput,
    ResultStructure,
)
from stac_mlm._item_rules import (
    extension_declared,
    model_asset_present_v1_2,
)
from stac_mlm._spec import mlm_schema_uri
from stac_mlm.releases._models import ReleaseCollection, RequiredItemFields

__all__ = [
    "ClassificationClass",
    "InputStructure",
    "MLMAsset",
    "MLMCollection",
    "MLMFields",
    "MLMItem",
    "MLMItemAsset",
    "MLMItemProperties",
    "ModelInput",
    "ModelOutput",
    "ResultStructure",
]

VERSION = "1.2.0"


class MLMItemProperties(RequiredItemFields, MLMFields, StacItemProperties):
    """Item ``properties``: the MLM ``fields`` of v1.2.0, five of them required."""

    model_config = MLM_CONFIG


class MLMAsset(MLMFields, ReleaseAsset):
    """An asset: any MLM field of v1.2.0 is allowed on it (``fields``)."""

    model_config = ASSET_CONFIG


class MLMItem(ReleaseItem):
    """A STAC Item of MLM v1.2.0."""

    mlm_version: ClassVar[str] = VERSION
    mlm_schema_uri: ClassVar[str] = mlm_schema_uri(VERSION)
    item_rules: ClassVar[tuple[ItemRule, ...]] = (extension_declared, model_asset_present_v1_2)

    properties: MLMItemProperties
    assets: dict[str, MLMAsset]  # type: ignore[assignment]


class MLMItemAsset(MLMFields):
    """An ``item_assets`` definition of a Collection: the MLM ``fields`` of v1.2.0."""

    model_config = ASSET_CONFIG


class MLMCollection(ReleaseCollection):
    """A STAC Collection of MLM v1.2.0; ``summaries`` are kept as read."""

    mlm_version: ClassVar[str] = VERSION
    mlm_schema_uri: ClassVar[str] = mlm_schema_uri(VERSION)

    assets: dict[str, MLMAsset] | None = None  # type: ignore[assignment]
    item_assets: Annotated[
        dict[str, MLMItemAsset] | MISSING,
        Field(description="What the assets under each key in the Items have in common."),
    ] = MISSING
