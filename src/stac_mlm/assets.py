"""Assets with MLM fields (``mlmAssetFields`` of the schema) and the MLM asset roles."""

from __future__ import annotations

from typing import Any

from stac_mlm._base import (
    MLM_CONFIG,
    Checked,
    JsonSchema,
    add_rule,
    forbidden_fields_schema,
)
from stac_mlm._document import ASSET_CONFIG, BASE_ONLY, ReleaseAsset
from stac_mlm._errors import RuleViolation
from stac_mlm._generated.v1_5_2 import AssetFields
from stac_mlm.enums import AssetRole

__all__ = ["ITEM_ONLY_FIELDS", "AssetRole", "MLMAsset"]

#: Fields the schema allows only in Item ``properties``, never on an asset.
ITEM_ONLY_FIELDS = ("mlm:name", "mlm:input", "mlm:output", "mlm:hyperparameters")


class ItemOnlyFieldsForbidden(Checked):
    """``mlmAssetFields``: ``not anyOf required`` of the Item-only fields."""

    model_config = MLM_CONFIG | BASE_ONLY

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        add_rule(schema, forbidden_fields_schema(ITEM_ONLY_FIELDS))

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        return [
            *super().object_rules(raw),
            *(
                RuleViolation(
                    (alias,),
                    "mlm_item_only_field",
                    f"'{alias}' describes the whole model and is only allowed in Item "
                    "properties, not on an asset",
                    raw[alias],
                )
                for alias in ITEM_ONLY_FIELDS
                if alias in raw
            ),
        ]


class MLMAsset(ItemOnlyFieldsForbidden, AssetFields, ReleaseAsset):
    """A STAC Asset that may carry MLM fields.

    ``mlm:artifact_type``, ``mlm:compile_method`` and ``mlm:entrypoint`` belong here, and
    an asset may override Item-level fields such as ``mlm:accelerator``. Whether an asset
    needs ``mlm:artifact_type`` depends on its roles: that rule is checked by the Item.
    """

    model_config = ASSET_CONFIG
