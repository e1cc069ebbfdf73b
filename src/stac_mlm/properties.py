"""Item ``properties`` with the MLM fields (``mlmItemFields`` of the schema)."""

from __future__ import annotations

from typing import Any

from stac_mlm._base import MLM_CONFIG, Checked, JsonSchema, add_rule, forbidden_fields_schema
from stac_mlm._document import BASE_ONLY, StacItemProperties
from stac_mlm._errors import RuleViolation
from stac_mlm._generated.v1_5_2 import Hyperparameters, ItemFields

__all__ = ["ASSET_ONLY_FIELDS", "Hyperparameters", "MLMItemProperties"]

#: Fields the schema forbids in Item ``properties``: they describe one asset.
ASSET_ONLY_FIELDS = ("mlm:artifact_type", "mlm:compile_method", "mlm:entrypoint")


class AssetOnlyFieldsForbidden(Checked):
    """``mlmItemFields`` (v1.4+): ``not anyOf required`` of the asset-only fields."""

    model_config = MLM_CONFIG | BASE_ONLY

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        add_rule(schema, forbidden_fields_schema(ASSET_ONLY_FIELDS))

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        return [
            *super().object_rules(raw),
            *(
                RuleViolation(
                    (alias,),
                    "mlm_asset_only_field",
                    f"'{alias}' describes one asset and is not allowed in Item properties: "
                    "move it to the asset it describes",
                    raw[alias],
                )
                for alias in ASSET_ONLY_FIELDS
                if alias in raw
            ),
        ]


class MLMItemProperties(AssetOnlyFieldsForbidden, ItemFields, StacItemProperties):
    """STAC Item ``properties`` holding the MLM fields of the model as a whole.

    ``mlm:name``, ``mlm:architecture``, ``mlm:tasks``, ``mlm:input`` and ``mlm:output``
    are required; the asset-only fields are forbidden; any key without the ``mlm:``
    prefix (STAC common metadata, other extensions) is kept as it is.
    """

    model_config = MLM_CONFIG
