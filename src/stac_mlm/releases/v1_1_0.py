"""MLM v1.1.0 Items, typed and checked as the official v1.1.0 schema checks them.

Generated data models: ``stac_mlm._generated.v1_1_0``.
Every asset has the ``mlm:model`` role (the schema's band rule is a no-op).
"""

from __future__ import annotations

from typing import ClassVar

from stac_mlm._base import MLM_CONFIG
from stac_mlm._document import (
    ASSET_CONFIG,
    ItemRule,
    ReleaseAsset,
    ReleaseItem,
    StacItemProperties,
)
from stac_mlm._generated.v1_1_0 import (
    ClassificationClass,
    InputStructure,
    MLMFields,
    ModelInput,
    ModelOutput,
    ResultStructure,
)
from stac_mlm._item_rules import (
    every_asset_has_model_role,
    extension_declared,
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
    "MLMItemProperties",
    "ModelInput",
    "ModelOutput",
    "ResultStructure",
]

VERSION = "1.1.0"


class MLMItemProperties(RequiredItemFields, MLMFields, StacItemProperties):
    """Item ``properties``: the MLM ``fields`` of v1.1.0, five of them required."""

    model_config = MLM_CONFIG


class MLMAsset(MLMFields, ReleaseAsset):
    """An asset: any MLM field of v1.1.0 is allowed on it (``fields``)."""

    model_config = ASSET_CONFIG


class MLMItem(ReleaseItem):
    """A STAC Item of MLM v1.1.0."""

    mlm_version: ClassVar[str] = VERSION
    mlm_schema_uri: ClassVar[str] = mlm_schema_uri(VERSION)
    item_rules: ClassVar[tuple[ItemRule, ...]] = (extension_declared, every_asset_has_model_role)

    properties: MLMItemProperties
    assets: dict[str, MLMAsset]  # type: ignore[assignment]


class MLMCollection(ReleaseCollection):
    """A STAC Collection of MLM v1.1.0; ``summaries`` are kept as read."""

    mlm_version: ClassVar[str] = VERSION
    mlm_schema_uri: ClassVar[str] = mlm_schema_uri(VERSION)

    assets: dict[str, MLMAsset] | None = None  # type: ignore[assignment]
