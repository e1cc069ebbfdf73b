"""MLM v1.4.0 Items, typed and checked as the official v1.4.0 schema checks them.

Generated data models: ``stac_mlm._generated.v1_4_0``.
``value_scaling`` replaces ``norm_*``; unknown ``mlm:`` keys are forbidden.
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
from stac_mlm._generated.v1_4_0 import (
    AssetFields,
    ClassificationClass,
    InputStructure,
    ItemFields,
    ModelBand,
    ModelInput,
    ModelOutput,
    ResultStructure,
)
from stac_mlm._item_rules import (
    artifact_type_with_model_role,
    extension_declared,
    input_bands_described,
    model_asset_present,
)
from stac_mlm._spec import mlm_schema_uri
from stac_mlm.assets import ItemOnlyFieldsForbidden
from stac_mlm.properties import AssetOnlyFieldsForbidden
from stac_mlm.releases._models import ReleaseCollection

__all__ = [
    "ClassificationClass",
    "InputStructure",
    "MLMAsset",
    "MLMCollection",
    "MLMItem",
    "MLMItemAsset",
    "MLMItemProperties",
    "ModelBand",
    "ModelInput",
    "ModelOutput",
    "ResultStructure",
]

VERSION = "1.4.0"


class MLMItemProperties(AssetOnlyFieldsForbidden, ItemFields, StacItemProperties):
    """Item ``properties``: ``mlmItemFields`` of v1.4.0 (the asset-only fields forbidden)."""

    model_config = MLM_CONFIG


class MLMAsset(ItemOnlyFieldsForbidden, AssetFields, ReleaseAsset):
    """An asset: ``mlmAssetFields`` of v1.4.0 (the Item-only fields forbidden)."""

    model_config = ASSET_CONFIG


class MLMItem(ReleaseItem):
    """A STAC Item of MLM v1.4.0."""

    mlm_version: ClassVar[str] = VERSION
    mlm_schema_uri: ClassVar[str] = mlm_schema_uri(VERSION)
    item_rules: ClassVar[tuple[ItemRule, ...]] = (
        extension_declared,
        model_asset_present,
        artifact_type_with_model_role,
        input_bands_described,
    )

    properties: MLMItemProperties
    assets: dict[str, MLMAsset]  # type: ignore[assignment]


class MLMItemAsset(ItemOnlyFieldsForbidden, AssetFields):
    """An ``item_assets`` definition of a Collection: ``mlmAssetFields`` of v1.4.0."""

    model_config = ASSET_CONFIG


class MLMCollection(ReleaseCollection):
    """A STAC Collection of MLM v1.4.0; ``summaries`` are kept as read."""

    mlm_version: ClassVar[str] = VERSION
    mlm_schema_uri: ClassVar[str] = mlm_schema_uri(VERSION)

    assets: dict[str, MLMAsset] | None = None  # type: ignore[assignment]
    item_assets: Annotated[
        dict[str, MLMItemAsset] | MISSING,
        Field(description="What the assets under each key in the Items have in common."),
    ] = MISSING
