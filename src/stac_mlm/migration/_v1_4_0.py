"""MLM v1.4.0: fields placed by level, and the artifact type on model assets."""

from __future__ import annotations

import copy
from typing import Final

from stac_mlm._errors import format_location
from stac_mlm._item_rules import has_role
from stac_mlm.migration._artifact_types import infer_artifact_type
from stac_mlm.migration._report import Location, Log
from stac_mlm.migration._source_code import code_evidence, settle_code_assets
from stac_mlm.migration._value_scaling import NORMALIZATION, normalization_to_value_scaling
from stac_mlm.migration._where import (
    JsonObject,
    assets_of,
    drop_summaries,
    is_collection,
    item_properties,
    json_text,
    model_assets_of,
    model_io_of,
)


def to_1_4_0(document: JsonObject, log: Log) -> None:
    """v1.4.0: ``value_scaling``, and fields placed by level.

    Changelog: "Moved `norm_type` [and] `statistics` to `value_scaling` object"; "Removed
    `norm_clip` property"; "Removed `norm_by_channel`"; "Removed `norm_type` enum values
    that were ambiguous"; "Explicitly disallow `mlm:name`, `mlm:input`, `mlm:output` and
    `mlm:hyperparameters` at the Asset level"; "The `mlm:artifact_type` is now mutually and
    exclusively required by the corresponding Asset with `mlm:model` role". The schema diff
    adds: `mlm:artifact_type` and `mlm:compile_method` forbidden in Item properties;
    `mlm:input`, `mlm:output`, `mlm:artifact_type`, `mlm:compile_method` never summaries;
    undefined `mlm:` fields rejected (done once for the target, in ``migrate``).
    """
    settle_code_assets(document, log)
    _item_fields_off_assets(document, log)
    _asset_fields_off_properties(document, log)
    for location, model_input in model_io_of(document, "mlm:input"):
        if any(key in model_input for key in NORMALIZATION):
            normalization_to_value_scaling(location, model_input, log)
    _artifact_type_iff_model_role(document, log)
    drop_summaries(document, ("mlm:input", "mlm:output", *MODEL_ASSET_FIELDS), "v1.4.0", log)


_ITEM_FIELDS: Final = ("mlm:name", "mlm:input", "mlm:output", "mlm:hyperparameters")
MODEL_ASSET_FIELDS: Final = ("mlm:artifact_type", "mlm:compile_method")


def _item_fields_off_assets(document: JsonObject, log: Log) -> None:
    """Model-wide fields on an asset go to Item properties, or are reported."""
    properties = item_properties(document)
    for location, asset in assets_of(document):
        for key in (key for key in _ITEM_FIELDS if key in asset):
            value = asset.pop(key)
            where = (*location, key)
            why = f"since v1.4.0 {key} describes the whole model: it is only in Item properties"
            if properties is not None and key not in properties:
                properties[key] = value
                log.changed(where, f"moved to properties: {why}")
            elif properties is not None and properties[key] == value:
                log.changed(where, f"removed, properties give the same value: {why}")
            elif properties is not None:
                log.removed(where, value, f"{why}, which give another value")
            else:
                log.removed(where, value, f"{why}, and a Collection has none")


def _asset_fields_off_properties(document: JsonObject, log: Log) -> None:
    """``mlm:artifact_type``/``mlm:compile_method`` in properties go to the model assets.

    The v1.3.0 text applies an Item-level field to every asset that does not give its own;
    since v1.4.0 these two are asset fields only.
    """
    properties = item_properties(document)
    if properties is None:
        return
    models = model_assets_of(document)
    for key in (key for key in MODEL_ASSET_FIELDS if key in properties):
        value = properties.pop(key)
        targets = [(location, asset) for location, asset in models if key not in asset]
        for _, asset in targets:
            asset[key] = copy.deepcopy(value)
        why = f"since v1.4.0 {key} is given on the model asset, never in Item properties"
        if targets:
            to = ", ".join(format_location(location) for location, _ in targets)
            log.changed(
                ("properties", key),
                f"moved to {to}: {why}, and the v1.3.0 text applies an Item-level field to "
                "every asset that does not give its own",
            )
        else:
            log.removed(("properties", key), value, f"{why}; no mlm:model asset lacks its own")


def _artifact_type_iff_model_role(document: JsonObject, log: Log) -> None:
    if is_collection(document):
        return  # The Collection branch of the schemas has no role rule.
    for location, asset in assets_of(document):
        where = (*location, "mlm:artifact_type")
        if has_role(asset, "mlm:model") and "mlm:artifact_type" not in asset:
            _fill_in_artifact_type(document, where, asset, log)
        elif not has_role(asset, "mlm:model") and "mlm:artifact_type" in asset:
            log.removed(
                where,
                asset.pop("mlm:artifact_type"),
                "since v1.4.0 only an asset with the 'mlm:model' role gives it: if this asset "
                "is the model, add the role and give the value back",
            )


_REQUIRED: Final = "required on an asset with the 'mlm:model' role since v1.4.0"


def artifact_types_past_v1_4_0(document: JsonObject, log: Log) -> None:
    """The decisions ``artifact_type`` and ``infer_artifact_type`` on an Item that no step
    brings over v1.4.0 (it declares v1.4.0 or later, and an ``mlm:model`` asset still lacks
    ``mlm:artifact_type``): each such asset filled in, or reported, as when a migration
    crosses v1.4.0. Without either decision nothing is done here: the validation says what
    is missing."""
    decisions = log.decisions
    if is_collection(document) or (
        decisions.artifact_type is None and not decisions.infer_artifact_type
    ):
        return
    for location, asset in model_assets_of(document):
        if "mlm:artifact_type" not in asset:
            _fill_in_artifact_type(document, (*location, "mlm:artifact_type"), asset, log)


def _fill_in_artifact_type(
    document: JsonObject, where: Location, asset: JsonObject, log: Log
) -> None:
    """The caller's artifact type, else the one inferred on the caller's decision, else a
    note; never on an asset that is evidently source code (it is not the model)."""
    evidence = code_evidence(asset)
    if evidence is not None:
        log.needs_human(
            where,
            f"{_REQUIRED}, and this asset is evidently source code ({evidence}), not a model "
            "file: no artifact type is given to it; remove its 'mlm:model' role (the decision "
            "code_is_not_model does, when another asset keeps it)",
        )
        return
    given = log.decisions.artifact_type
    if given is not None:
        asset["mlm:artifact_type"] = given
        log.decided(where, f"set to {json_text(given)}: {_REQUIRED}", "artifact_type")
        return
    if log.decisions.infer_artifact_type:
        properties = item_properties(document) or {}
        inferred = infer_artifact_type(
            asset, asset.get("mlm:framework", properties.get("mlm:framework"))
        )
        if inferred.artifact_type is not None:
            asset["mlm:artifact_type"] = inferred.artifact_type
            log.decided(
                where,
                f"set to {json_text(inferred.artifact_type)} {inferred.because}: {_REQUIRED}",
                "infer_artifact_type",
            )
        else:
            log.needs_human(where, f"{_REQUIRED}, and not inferred: {inferred.because}")
        return
    log.needs_human(
        where,
        f"{_REQUIRED}, and the document does not say it: give how the model file was saved "
        "(e.g. 'torch.save', 'torch.jit.save', 'tf.keras.Model.save'; see the best practices), "
        "or remove the 'mlm:model' role if this asset is not the model (e.g. source code)",
    )
