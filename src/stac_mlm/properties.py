"""Item ``properties`` with the MLM fields (``mlmItemFields`` of the schema)."""

from __future__ import annotations

from pydantic import model_validator

from stac_mlm._base import MLM_CONFIG, JsonSchema, MLMBaseModel, add_rule, forbidden_fields_schema
from stac_mlm._document import StacItemProperties
from stac_mlm._errors import RuleViolation, raise_violations
from stac_mlm._generated.v1_5_2 import Hyperparameters, ItemFields

__all__ = ["ASSET_ONLY_FIELDS", "Hyperparameters", "MLMItemProperties"]

#: Fields the schema forbids in Item ``properties``: they describe one asset.
ASSET_ONLY_FIELDS = ("mlm:artifact_type", "mlm:compile_method", "mlm:entrypoint")


class AssetOnlyFieldsForbidden(MLMBaseModel):
    """``mlmItemFields`` (v1.4+): ``not anyOf required`` of the asset-only fields."""

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        add_rule(schema, forbidden_fields_schema(ASSET_ONLY_FIELDS))

    @model_validator(mode="after")
    def _forbid_asset_only_fields(self) -> AssetOnlyFieldsForbidden:
        raise_violations(
            type(self).__name__,
            [
                RuleViolation(
                    (alias,),
                    "mlm_asset_only_field",
                    f"'{alias}' describes one asset and is not allowed in Item properties: "
                    "move it to the asset it describes",
                )
                for alias in self.present_fields(ASSET_ONLY_FIELDS)
            ],
        )
        return self


class MLMItemProperties(AssetOnlyFieldsForbidden, ItemFields, StacItemProperties):
    """STAC Item ``properties`` holding the MLM fields of the model as a whole.

    ``mlm:name``, ``mlm:architecture``, ``mlm:tasks``, ``mlm:input`` and ``mlm:output``
    are required; the asset-only fields are forbidden; any key without the ``mlm:``
    prefix (STAC common metadata, other extensions) is kept as it is.
    """

    model_config = MLM_CONFIG
