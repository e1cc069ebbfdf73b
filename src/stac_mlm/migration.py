"""Migrate MLM documents (Items and Collections, as JSON dicts) to a later MLM release.

``migrate(document, to)`` upgrades a document one release at a time
(1.0.0 → 1.1.0 → … → 1.5.2), following the changelog's migration notes and the differences
between consecutive official schemas. Each step is one function of ``_STEPS``.

Nothing is guessed and nothing is dropped silently: a value that a later release cannot
represent, or that needs a person's decision, is reported in ``unmigrated`` with its
location, its value and why. It is removed from the document only where keeping it would
leave a key the target release rejects; what cannot be removed (a dimension name, a band
reference) stays, and the validation ``errors`` of the result say what is still invalid.
Keys outside MLM (other extensions, unknown keys, ``$comment``, ``null``s) are never touched.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Final

from pydantic import ValidationError

from stac_mlm._errors import format_location, with_value
from stac_mlm._guard import json_value_violations
from stac_mlm._item_rules import has_role
from stac_mlm._spec import (
    MLM_RELEASES,
    MLM_VERSION,
    declared_versions,
    detect_version,
    mlm_schema_uri,
    uri_version,
)
from stac_mlm.releases import mlm_fields, validate_release

__all__ = [
    "MLM_RELEASES",
    "MigrationNote",
    "MigrationReport",
    "detect_version",
    "migrate",
    "mlm_schema_uri",
]

#: A place in a JSON document, by keys and indexes: ``("properties", "mlm:input", 0)``.
Location = tuple[str | int, ...]
JsonObject = dict[str, Any]


@dataclass(frozen=True)
class MigrationNote:
    """One thing the migration did, could not do, or found invalid, and where."""

    location: Location
    message: str

    def path(self) -> str:
        """The location for people, as every report of the package writes it:
        ``properties → mlm:input → 0 → norm_type``."""
        return format_location(self.location)


@dataclass(frozen=True)
class MigrationReport:
    """The migrated document and what the migration did to it.

    ``changes`` and ``unmigrated`` are located in the source document; ``errors`` are the
    validation errors of the migrated document in the target release.
    """

    document: dict[str, Any]
    source_version: str
    target_version: str
    changes: tuple[MigrationNote, ...]
    unmigrated: tuple[MigrationNote, ...]
    errors: tuple[MigrationNote, ...] = ()

    @property
    def ok(self) -> bool:
        """Everything was carried over and the result is valid in the target release."""
        return not self.unmigrated and not self.errors

    def to_text(self) -> str:
        """A report for people, in the shape of every report of the package (``VERDICT
        location: message``): a summary line, then one line per note, its kind in capitals::

            MIGRATED MLM v1.3.0 → v1.5.2: 5 changed, 1 unmigrated, 1 invalid
            CHANGED properties → mlm:input → 0 → norm_type: 'z-score' → value_scaling of …
            UNMIGRATED assets → weights → mlm:artifact_type: required on …
            INVALID assets → weights → mlm:artifact_type: …
        """
        lines = [
            f"MIGRATED MLM v{self.source_version} → v{self.target_version}: "
            f"{len(self.changes)} changed, {len(self.unmigrated)} unmigrated, "
            f"{len(self.errors)} invalid"
        ]
        for label, notes in (
            ("CHANGED", self.changes),
            ("UNMIGRATED", self.unmigrated),
            ("INVALID", self.errors),
        ):
            lines += [f"{label} {note.path()}: {note.message}" for note in notes]
        return "\n".join(lines)


def migrate(
    document: dict[str, Any], to: str = MLM_VERSION, *, artifact_type: str | None = None
) -> MigrationReport:
    """Migrate an MLM Item or Collection from the release it declares to release ``to``.

    The input is never modified. Raises ``ValueError`` when the document declares no MLM
    release or an unknown one, or when ``to`` is not a release or older than the source.

    ``artifact_type`` is a decision only a person can make: how the model file was saved
    (``"torch.save"``…). Given, it fills in ``mlm:artifact_type`` on each ``mlm:model``
    asset that lacks it when the migration crosses v1.4.0 (which requires it), reported as
    a change; otherwise each such asset is reported in ``unmigrated``.
    """
    if to not in MLM_RELEASES:
        raise ValueError(
            f"cannot migrate to {to!r}: not an MLM release ({', '.join(MLM_RELEASES)})"
        )
    source = _source_version(document)
    if _index(to) < _index(source):
        raise ValueError(
            f"cannot migrate from MLM v{source} to the older v{to}: migrations only go forward"
        )
    not_json = json_value_violations(document)
    if not_json:  # nothing is migrated from what is not JSON (nor copied, when too deep)
        return MigrationReport(
            document={},
            source_version=source,
            target_version=to,
            changes=(),
            unmigrated=(),
            errors=tuple(MigrationNote(v.loc, with_value(v.message, v.input)) for v in not_json),
        )
    migrated = copy.deepcopy(document)
    log = _Log(artifact_type=artifact_type)
    if source != to:
        for version in MLM_RELEASES[_index(source) + 1 : _index(to) + 1]:
            _STEPS[version](migrated, log)
        _drop_undefined_fields(migrated, to, log)
        _declare_release(migrated, to, log)
    return MigrationReport(
        document=migrated,
        source_version=source,
        target_version=to,
        changes=tuple(log.changes),
        unmigrated=tuple(log.unmigrated),
        errors=_validation_errors(migrated, to),
    )


# --- the steps ----------------------------------------------------------------------------


def _to_1_1_0(document: JsonObject, log: _Log) -> None:
    """v1.1.0: framework spellings and pattern; no ``bands: null``.

    Changelog: "Adjust `scikit-learn` and `Hugging Face` framework names to match the format
    employed by the official documentation"; "Add pattern for `mlm:framework` [...] without
    leading or trailing non-alphanumeric characters"; "Removed combination of `mlm:input`
    with `bands: null`".
    """
    _rename_values(
        document,
        "mlm:framework",
        {"Scikit-learn": "scikit-learn", "Huggingface": "Hugging Face"},
        "v1.1.0 spells the framework as its own documentation does",
        log,
    )
    _drop_invalid_frameworks(document, log)
    for location, model_input in _model_io(document, "mlm:input"):
        if "bands" in model_input and model_input["bands"] is None:
            model_input["bands"] = []
            log.changed(
                (*location, "bands"),
                "null → []: v1.1.0 removed 'bands: null'; an input using no band lists none",
            )


def _to_1_2_0(document: JsonObject, log: _Log) -> None:
    """v1.2.0: nothing to rewrite; every change only accepts more.

    Changelog: Collection ``item_assets`` checked as MLM fields (the field rules of every
    step already cover them), Model Band Objects allowed in ``bands``, ``mlm:name`` no
    longer unique, other assets allowed beside the ``mlm:model`` one.
    """


def _to_1_3_0(document: JsonObject, log: _Log) -> None:
    """v1.3.0: an input that names bands needs band definitions where the schema reads them.

    Changelog: "Band checks against `eo`, `raster` or STAC Core 1.1 `bands` when a
    `mlm:input` references names in `bands` are now properly validated"; "Add `raster:bands`
    required property `name`"; "the correct use is for [`raster:bands`] to be defined under
    the STAC Asset using the `mlm:model` role"; "Fix various STAC Asset definitions
    erroneously employing `mlm:model` role". Band definitions are not MLM fields: missing
    ones are reported, never invented or moved. As in the schema, their presence is checked,
    not that they define each name.
    """
    if _is_collection(document):
        return
    inputs = [
        (location, len(names))
        for location, model_input in _model_io(document, "mlm:input")
        if (names := _named_bands(model_input))
    ]
    properties = _properties(document) or {}
    if not inputs or _listed(properties.get("eo:bands")) or _listed(properties.get("bands")):
        return
    models = _model_assets(document)
    if any(_band_definitions(asset) for _, asset in models):
        _model_assets_without_bands(models, log)
    else:
        stray = _listed(properties.get("raster:bands"))
        for location, count in inputs:
            log.needs_human((*location, "bands"), _undefined_bands_message(count, stray))


def _to_1_4_0(document: JsonObject, log: _Log) -> None:
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
    _item_fields_off_assets(document, log)
    _asset_fields_off_properties(document, log)
    for location, model_input in _model_io(document, "mlm:input"):
        if any(key in model_input for key in _NORMALIZATION):
            _normalization_to_value_scaling(location, model_input, log)
    _artifact_type_iff_model_role(document, log)
    _drop_summaries(document, ("mlm:input", "mlm:output", *_MODEL_ASSET_FIELDS), "v1.4.0", log)


def _to_1_5_0(document: JsonObject, log: _Log) -> None:
    """v1.5.0: reserved ``"bands"``/``"variables"`` dimensions, entrypoints, ``"cpu"``.

    Changelog: "the `"bands"` and `"variables"` dimension names are now considered reserved
    [...] and cannot be employed as general dimension names without accompanying `bands` or
    `variables` definitions" (and required in `dim_order` when they are listed); "Enforce
    `roles: ["code"]` (minimally) to be included if an Asset specified `mlm:entrypoint`";
    "Add `cpu` device type to `mlm:accelerator`", which no schema accepts.
    """
    for key, structure in (("mlm:input", "input"), ("mlm:output", "result")):
        for location, model_io in _model_io(document, key):
            for name in ("bands", "variables"):
                _reserved_dimension(location, model_io, structure, name, log)
    _entrypoints_on_code_assets(document, log)
    _drop_summaries(document, ("mlm:entrypoint",), "v1.5.0", log)
    _cpu_is_amd64(document, log)


def _to_1_5_1(document: JsonObject, log: _Log) -> None:
    """v1.5.1: a processing expression may have a ``description`` (accepts more).

    Documents written for v1.5.0 by stac-model may say ``"cpu"``: see ``_cpu_is_amd64``.
    """
    _cpu_is_amd64(document, log)


def _to_1_5_2(document: JsonObject, log: _Log) -> None:
    """v1.5.2: "This version does not include any specifc change to the MLM specification".

    Documents of v1.5.x written by stac-model may say ``"cpu"``: see ``_cpu_is_amd64``.
    """
    _cpu_is_amd64(document, log)


#: The step that brings a document of the previous release to each release.
_STEPS: Final[dict[str, Callable[[JsonObject, _Log], None]]] = {
    "1.1.0": _to_1_1_0,
    "1.2.0": _to_1_2_0,
    "1.3.0": _to_1_3_0,
    "1.4.0": _to_1_4_0,
    "1.5.0": _to_1_5_0,
    "1.5.1": _to_1_5_1,
    "1.5.2": _to_1_5_2,
}


# --- v1.1.0: framework names --------------------------------------------------------------

# The v1.1.0 pattern `^(?=[^\s._\-]).*[^\s._\-]$` as ECMA-262 reads it (`\s` and `.` differ
# from Python's), for `fullmatch`.
_ECMA_SPACE: Final = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_FRAMEWORK_PATTERN: Final = re.compile(
    rf"[^{_ECMA_SPACE}._\-](?:[^\n\r\u2028\u2029]*[^{_ECMA_SPACE}._\-])?"
)


def _drop_invalid_frameworks(document: JsonObject, log: _Log) -> None:
    why = (
        "v1.1.0 requires a framework name without leading or trailing spaces, '.', '_' or "
        "'-': give the framework's name (e.g. 'PyTorch')"
    )
    for location, holder in _field_holders(document):
        value = holder.get("mlm:framework")
        if isinstance(value, str) and not _FRAMEWORK_PATTERN.fullmatch(value):
            log.removed((*location, "mlm:framework"), holder.pop("mlm:framework"), why)
    values, location = _summary(document, "mlm:framework")
    for index, value in reversed(list(enumerate(values))):
        if isinstance(value, str) and not _FRAMEWORK_PATTERN.fullmatch(value):
            log.removed((*location, index), values.pop(index), why)


# --- v1.3.0: band definitions ---------------------------------------------------------------


def _band_definitions(asset: JsonObject) -> bool:
    return _listed(asset.get("raster:bands")) or _listed(asset.get("eo:bands"))


def _model_assets_without_bands(models: list[tuple[Location, JsonObject]], log: _Log) -> None:
    """The schema wants band definitions on every ``mlm:model`` asset, named if raster."""
    for location, asset in models:
        if not _band_definitions(asset):
            log.needs_human(
                location,
                "this mlm:model asset has no eo:bands or raster:bands, which v1.3.0 requires "
                "of every mlm:model asset when the inputs name bands: give them, or remove "
                "the 'mlm:model' role if this asset is not the model (e.g. source code)",
            )
    if any(_listed(asset.get("eo:bands")) for _, asset in models):
        return
    for location, asset in models:
        bands = asset.get("raster:bands")
        for index, band in enumerate(bands if isinstance(bands, list) else []):
            if not (isinstance(band, dict) and isinstance(band.get("name"), str)):
                log.needs_human(
                    (*location, "raster:bands", index),
                    "since v1.3.0 a raster band gives the name by which inputs reference it",
                )


def _named_bands(model_input: JsonObject) -> list[str]:
    """The band names an input references; derived bands (with an expression) excepted."""
    bands = model_input.get("bands")
    if not isinstance(bands, list):
        return []
    names = [band for band in bands if isinstance(band, str)]
    names += [
        band["name"]
        for band in bands
        if isinstance(band, dict) and isinstance(band.get("name"), str) and "expression" not in band
    ]
    return names


def _undefined_bands_message(count: int, in_properties: bool) -> str:
    message = (
        f"the input names {count} band(s), and the Item has no band definitions: since v1.3.0 "
        "they are described by raster:bands (each with a name) or eo:bands on the mlm:model "
        "asset, or by eo:bands or STAC 1.1 bands in properties"
    )
    if in_properties:
        message += (
            "; properties give raster:bands, but v1.3.0 reads raster:bands only on the "
            "mlm:model asset: move them there"
        )
    return message


# --- v1.4.0: fields by level ----------------------------------------------------------------

_ITEM_FIELDS: Final = ("mlm:name", "mlm:input", "mlm:output", "mlm:hyperparameters")
_MODEL_ASSET_FIELDS: Final = ("mlm:artifact_type", "mlm:compile_method")


def _item_fields_off_assets(document: JsonObject, log: _Log) -> None:
    """Model-wide fields on an asset go to Item properties, or are reported."""
    properties = _properties(document)
    for location, asset in _assets(document):
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


def _asset_fields_off_properties(document: JsonObject, log: _Log) -> None:
    """``mlm:artifact_type``/``mlm:compile_method`` in properties go to the model assets.

    The v1.3.0 text applies an Item-level field to every asset that does not give its own;
    since v1.4.0 these two are asset fields only.
    """
    properties = _properties(document)
    if properties is None:
        return
    models = _model_assets(document)
    for key in (key for key in _MODEL_ASSET_FIELDS if key in properties):
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


def _artifact_type_iff_model_role(document: JsonObject, log: _Log) -> None:
    if _is_collection(document):
        return  # The Collection branch of the schemas has no role rule.
    for location, asset in _assets(document):
        where = (*location, "mlm:artifact_type")
        if has_role(asset, "mlm:model") and "mlm:artifact_type" not in asset:
            if log.artifact_type is not None:
                asset["mlm:artifact_type"] = log.artifact_type
                log.changed(
                    where,
                    f"set to {_json(log.artifact_type)}, as given by the caller: required on an "
                    "asset with the 'mlm:model' role since v1.4.0",
                )
                continue
            log.needs_human(
                where,
                "required on an asset with the 'mlm:model' role since v1.4.0, and the document "
                "does not say it: give how the model file was saved (e.g. 'torch.save', "
                "'torch.jit.save', 'tf.keras.Model.save'; see the best practices), or remove "
                "the 'mlm:model' role if this asset is not the model (e.g. source code)",
            )
        elif not has_role(asset, "mlm:model") and "mlm:artifact_type" in asset:
            log.removed(
                where,
                asset.pop("mlm:artifact_type"),
                "since v1.4.0 only an asset with the 'mlm:model' role gives it: if this asset "
                "is the model, add the role and give the value back",
            )


# --- v1.4.0: norm_type, norm_clip, statistics, norm_by_channel -> value_scaling ---------------

_NORMALIZATION: Final = ("norm_type", "norm_clip", "statistics", "norm_by_channel")
_STATISTICS: Final = {"z-score": ("mean", "stddev"), "min-max": ("minimum", "maximum")}


class _Scaling(Enum):
    """Outcomes of the normalization fields that are not a ``value_scaling`` value."""

    ABSENT = "nothing to scale"
    FAILED = "not carried over"


_ScalingResult = list[JsonObject] | None | _Scaling


def _normalization_to_value_scaling(location: Location, model_input: JsonObject, log: _Log) -> None:
    """Replace the v1.3 normalization fields of one input by ``value_scaling``."""
    old: JsonObject = {key: model_input.pop(key) for key in _NORMALIZATION if key in model_input}
    if "value_scaling" in model_input:
        for key, value in old.items():
            log.removed((*location, key), value, "v1.4.0 removed it; the input gives value_scaling")
        return
    scaling = _scaling(location, old, log)
    if not isinstance(scaling, _Scaling):
        model_input["value_scaling"] = scaling
    if "norm_by_channel" in old:
        _norm_by_channel(location, old["norm_by_channel"], scaling, model_input.get("bands"), log)


def _scaling(location: Location, old: JsonObject, log: _Log) -> _ScalingResult:
    kind = old.get("norm_type")
    if isinstance(kind, str) and kind in _STATISTICS:
        if "norm_clip" in old:
            log.removed(
                (*location, "norm_clip"),
                old["norm_clip"],
                f"with a {kind} scaling it would need a second value_scaling operation per "
                "band: write both as a processing expression",
            )
        return _from_statistics(location, kind, old.get("statistics"), log)
    if kind is not None and kind != "clip":
        log.removed(
            (*location, "norm_type"),
            kind,
            "v1.4.0 removed this norm_type as ambiguous about how and where it applies: write "
            "the calculation as a processing expression (value_scaling or "
            "pre_processing_function)",
        )
        _drop_unused(location, old, ("statistics", "norm_clip"), "its norm_type", log)
        return _Scaling.FAILED
    _drop_unused(location, old, ("statistics",), "a norm_type saying how they scale", log)
    if "norm_clip" in old:
        return _from_norm_clip(location, kind, old["norm_clip"], log)
    if kind == "clip":
        log.removed((*location, "norm_type"), kind, "'clip' without norm_clip values")
        return _Scaling.FAILED
    if "norm_type" in old:
        log.changed((*location, "norm_type"), "null → value_scaling: null (v1.4.0)")
        return None
    return _Scaling.ABSENT


def _drop_unused(
    location: Location, old: JsonObject, keys: tuple[str, ...], without: str, log: _Log
) -> None:
    for key in (key for key in keys if key in old):
        log.removed(
            (*location, key),
            old[key],
            f"v1.4.0 removed it, and without {without} it does not say which value_scaling it "
            "means: give value_scaling objects",
        )


def _from_statistics(
    location: Location, kind: str, statistics: Any, log: _Log
) -> list[JsonObject] | _Scaling:
    """``norm_type`` z-score/min-max and its ``statistics``: one scaling object per entry."""
    first, second = _STATISTICS[kind]
    if not isinstance(statistics, list) or not statistics:
        log.removed(
            (*location, "norm_type"),
            kind,
            f"a {kind} value_scaling needs {first} and {second}, and the input gives no statistics",
        )
        return _Scaling.FAILED
    if not all(_has_numbers(entry, (first, second)) for entry in statistics):
        for key, value in (("norm_type", kind), ("statistics", statistics)):
            log.removed(
                (*location, key),
                value,
                f"a {kind} value_scaling needs {first} and {second}, and not every statistics "
                "entry gives both",
            )
        return _Scaling.FAILED
    scaling = [{"type": kind, first: entry[first], second: entry[second]} for entry in statistics]
    for index, entry in enumerate(statistics):
        extra = {key: value for key, value in entry.items() if key not in (first, second)}
        if extra:
            log.removed(
                (*location, "statistics", index),
                extra,
                f"a {kind} value_scaling object holds only {first} and {second}",
            )
    log.changed(
        (*location, "norm_type"),
        f"{kind!r} → value_scaling of {len(scaling)} {kind} object(s) (v1.4.0 moved norm_type "
        "to value_scaling objects)",
    )
    log.changed(
        (*location, "statistics"),
        f"→ the {first} and {second} of those value_scaling objects (v1.4.0 moved statistics "
        "to value_scaling objects)",
    )
    return scaling


def _from_norm_clip(
    location: Location, kind: str | None, norm_clip: Any, log: _Log
) -> list[JsonObject] | _Scaling:
    """``norm_clip``: per band, divide by the value, then clip to [0, 1] (v1.3.0 text).

    That is two operations per band, and ``value_scaling`` has one object per band: a
    ``clip`` object alone would change the input's range, so each value becomes the exact
    calculation as a processing expression, in the spec's own ``gdal-calc`` idiom.
    """
    if not isinstance(norm_clip, list) or not norm_clip or not all(map(_is_divisor, norm_clip)):
        log.removed(
            (*location, "norm_clip"),
            norm_clip,
            "v1.4.0 removed it, and it does not list a non-zero divisor per band",
        )
        return _Scaling.FAILED
    scaling: list[JsonObject] = [
        {"type": "processing", "format": "gdal-calc", "expression": f"clip(A / {_json(v)}, 0, 1)"}
        for v in norm_clip
    ]
    log.changed(
        (*location, "norm_clip"),
        f"→ value_scaling of {len(scaling)} processing expression(s) 'clip(A / value, 0, 1)' "
        "(gdal-calc): v1.3.0 divides each band by its norm_clip value, then clips to [0, 1]; "
        "v1.4.0 removed norm_clip, and one 'clip' object per band cannot also divide",
    )
    if kind == "clip":
        log.changed((*location, "norm_type"), "'clip' → those processing expressions (v1.4.0)")
    return scaling


def _norm_by_channel(
    location: Location, by_channel: Any, scaling: _ScalingResult, bands: Any, log: _Log
) -> None:
    """v1.4.0: "If rescaling is a single value, broadcasting to the relevant bands should be
    performed implicitly. Otherwise, the amount of `value_scaling` objects should match the
    number of bands": the count of objects replaces the flag when both agree."""
    where = (*location, "norm_by_channel")
    if scaling is _Scaling.FAILED:
        log.removed(where, by_channel, "v1.4.0 removed it; the scaling it qualifies is lost")
        return
    count = len(scaling) if isinstance(scaling, list) else 0
    band_count = len(bands) if isinstance(bands, list) else 0
    if count == 0:
        log.changed(where, "removed (v1.4.0): the input scales nothing it could qualify")
    elif (by_channel is False and count == 1) or (
        by_channel is True and (count == band_count if band_count else count > 1)
    ):
        log.changed(
            where,
            f"removed (v1.4.0): the {count} value_scaling object(s) say the same (one object "
            "applies to every band, otherwise one object per band)",
        )
    else:
        log.removed(
            where,
            by_channel,
            f"v1.4.0 removed it, and {count} value_scaling object(s) for {band_count} band(s) "
            "say otherwise: check how the input is scaled",
        )


# --- v1.5.0: reserved dimension names, entrypoints, cpu -------------------------------------


def _reserved_dimension(
    location: Location, model_io: JsonObject, structure: str, name: str, log: _Log
) -> None:
    """A listed ``bands`` (``variables``) needs the ``"bands"`` (``"variables"``) dimension,
    and that dimension name needs them listed."""
    shape = model_io.get(structure)
    dims = shape.get("dim_order") if isinstance(shape, dict) else None
    if not isinstance(shape, dict) or not isinstance(dims, list):
        return
    references = model_io.get(name)
    count = len(references) if isinstance(references, list) else 0
    where = (*location, structure, "dim_order")
    if count and name not in dims:
        index = _stacking_dimension(shape, name, count)
        if index is None:
            log.needs_human(
                where,
                f"since v1.5.0 the dimension stacking the {count} listed {name} is named "
                f"{name!r}, and none of {_json(dims)} can be told to be it: rename it {name!r}",
            )
            return
        log.changed(
            (*where, index),
            f"{dims[index]!r} → {name!r}: since v1.5.0 the dimension stacking the {count} listed "
            f"{name} is named {name!r} (the official examples renamed 'channel' so)",
        )
        dims[index] = name
    elif not count and name in dims:
        log.needs_human(
            (*where, dims.index(name)),
            f"since v1.5.0 {name!r} is reserved for the dimension stacking the listed {name}, "
            f"and none are listed: rename the dimension, or list the {name}",
        )


def _stacking_dimension(shape: JsonObject, name: str, count: int) -> int | None:
    """The ``channel`` dimension, when its size fits the listed bands (B x C x H x W)."""
    dims, sizes = shape["dim_order"], shape.get("shape")
    if name != "bands" or "channel" not in dims:
        return None
    index: int = dims.index("channel")
    if isinstance(sizes, list) and len(sizes) == len(dims) and sizes[index] not in (-1, count):
        return None
    return index


def _entrypoints_on_code_assets(document: JsonObject, log: _Log) -> None:
    properties = _properties(document)
    if properties is not None and "mlm:entrypoint" in properties:
        log.removed(
            ("properties", "mlm:entrypoint"),
            properties.pop("mlm:entrypoint"),
            "since v1.5.0 mlm:entrypoint is given on the asset holding the code (role 'code'), "
            "never in Item properties: give it there",
        )
    if _is_collection(document):
        return  # The Collection branch of the schema has no role rule.
    for location, asset in _assets(document):
        if "mlm:entrypoint" not in asset or has_role(asset, "code"):
            continue
        roles = asset.get("roles", [])
        why = "since v1.5.0 an asset giving mlm:entrypoint has the 'code' role"
        if isinstance(roles, list):
            asset["roles"] = [*roles, "code"]
            log.changed((*location, "roles"), f"'code' added: {why}")
        else:
            log.needs_human((*location, "roles"), f"{why}, and roles is not a list")


def _cpu_is_amd64(document: JsonObject, log: _Log) -> None:
    """``"cpu"`` → ``"amd64"``: the v1.5.0 text lists ``cpu`` as "an alias for the `amd64`
    accelerator type", but no schema (v1.0.0-v1.5.2) accepts it."""
    _rename_values(
        document,
        "mlm:accelerator",
        {"cpu": "amd64"},
        "the spec text calls 'cpu' an alias of 'amd64', and no schema up to v1.5.2 accepts 'cpu'",
        log,
    )


# --- every target from v1.4.0: undefined mlm: fields ----------------------------------------


def _drop_undefined_fields(document: JsonObject, version: str, log: _Log) -> None:
    """Since v1.4.0 an ``mlm:`` key must be a field of the release ("Fix check of disallowed
    unknown/undefined `mlm:`-prefixed fields"); v1.0-v1.3 accepted any. Run once, for the
    target: ``mlm:entrypoint`` (v1.5.0) survives a v1.3.0 → v1.5.2 migration."""
    if _index(version) < _index("1.4.0"):
        return
    defined = mlm_fields(version)
    holders = list(_field_holders(document))
    summaries = document.get("summaries")
    if _is_collection(document) and isinstance(summaries, dict):
        holders.append((("summaries",), summaries))
    for location, holder in holders:
        for key in [key for key in holder if key.startswith("mlm:") and key not in defined]:
            log.removed(
                (*location, key),
                holder.pop(key),
                f"MLM v{version} defines no such field, and since v1.4.0 undefined mlm: fields "
                "are rejected",
            )


def _declare_release(document: JsonObject, version: str, log: _Log) -> None:
    """The MLM schema URI of ``version`` replaces the MLM URI(s) in ``stac_extensions``."""
    target = mlm_schema_uri(version)
    declared: list[Any] = []
    for index, uri in enumerate(document["stac_extensions"]):
        if not _is_mlm_uri(uri):
            declared.append(uri)
        elif target not in declared:
            declared.append(target)
            log.changed(("stac_extensions", index), f"{uri} → {target}")
        else:
            log.changed(("stac_extensions", index), f"{uri} removed: {target} is declared")
    document["stac_extensions"] = declared


# --- shared rules ----------------------------------------------------------------------------


def _rename_values(
    document: JsonObject, key: str, renames: dict[str, str], why: str, log: _Log
) -> None:
    """Rename the values of field ``key`` wherever it is given, summaries included."""
    for location, holder in _field_holders(document):
        value = holder.get(key)
        if isinstance(value, str) and value in renames:
            holder[key] = renames[value]
            log.changed((*location, key), f"{value!r} → {renames[value]!r}: {why}")
    values, location = _summary(document, key)
    for index, value in reversed(list(enumerate(values))):
        if isinstance(value, str) and value in renames:
            new = renames[value]
            if new in values:
                del values[index]
                log.changed((*location, index), f"{value!r} removed, {new!r} is listed: {why}")
            else:
                values[index] = new
                log.changed((*location, index), f"{value!r} → {new!r}: {why}")


def _drop_summaries(document: JsonObject, keys: tuple[str, ...], since: str, log: _Log) -> None:
    """Fields that describe one input, output or asset are never Collection summaries."""
    summaries = document.get("summaries") if _is_collection(document) else None
    if not isinstance(summaries, dict):
        return
    for key in (key for key in keys if key in summaries):
        log.removed(
            ("summaries", key),
            summaries.pop(key),
            f"since {since} {key} describes one input, output or asset and is never summarized",
        )


# --- where MLM fields are -----------------------------------------------------------------


def _is_collection(document: JsonObject) -> bool:
    return document.get("type") == "Collection"


def _properties(document: JsonObject) -> JsonObject | None:
    """Item ``properties`` (``None`` for a Collection or when not an object)."""
    properties = None if _is_collection(document) else document.get("properties")
    return properties if isinstance(properties, dict) else None


def _assets(document: JsonObject) -> Iterator[tuple[Location, JsonObject]]:
    """Assets, and a Collection's ``item_assets`` definitions."""
    sections = ("assets", "item_assets") if _is_collection(document) else ("assets",)
    for section in sections:
        members = document.get(section)
        if isinstance(members, dict):
            for key, asset in members.items():
                if isinstance(asset, dict):
                    yield (section, key), asset


def _field_holders(document: JsonObject) -> Iterator[tuple[Location, JsonObject]]:
    """The objects whose ``mlm:`` keys are MLM fields: properties, assets, item assets."""
    properties = _properties(document)
    if properties is not None:
        yield ("properties",), properties
    yield from _assets(document)


def _summary(document: JsonObject, key: str) -> tuple[list[Any], Location]:
    """A Collection's summary of ``key`` when it lists values (else an empty list)."""
    summaries = document.get("summaries") if _is_collection(document) else None
    values = summaries.get(key) if isinstance(summaries, dict) else None
    return (values if isinstance(values, list) else []), ("summaries", key)


def _model_io(document: JsonObject, key: str) -> Iterator[tuple[Location, JsonObject]]:
    """The input (``mlm:input``) or output (``mlm:output``) objects of an Item."""
    properties = _properties(document) or {}
    objects = properties.get(key)
    if isinstance(objects, list):
        for index, model_io in enumerate(objects):
            if isinstance(model_io, dict):
                yield ("properties", key, index), model_io


def _model_assets(document: JsonObject) -> list[tuple[Location, JsonObject]]:
    if _is_collection(document):
        return []
    return [(location, a) for location, a in _assets(document) if has_role(a, "mlm:model")]


# --- small helpers -------------------------------------------------------------------------


@dataclass
class _Log:
    """The notes of one migration, in the order they happen."""

    changes: list[MigrationNote] = field(default_factory=list)
    unmigrated: list[MigrationNote] = field(default_factory=list)
    #: The caller's answer to "how was the model saved?", if given.
    artifact_type: str | None = None

    def changed(self, location: Location, message: str) -> None:
        self.changes.append(MigrationNote(location, message))

    def removed(self, location: Location, value: Any, why: str) -> None:
        """A value taken out because the target release cannot hold it."""
        self.unmigrated.append(MigrationNote(location, f"removed {_json(value)}: {why}"))

    def needs_human(self, location: Location, message: str) -> None:
        """Kept as it is, but a person must decide what it becomes."""
        self.unmigrated.append(MigrationNote(location, message))


def _index(version: str) -> int:
    return MLM_RELEASES.index(version)


def _is_mlm_uri(uri: Any) -> bool:
    """An MLM schema URI, of any version, on either host."""
    return uri_version(uri) is not None


def _source_version(document: object) -> str:
    if not isinstance(document, dict):
        raise ValueError(f"an MLM document is a JSON object, not {type(document).__name__}")
    source = detect_version(document)
    if source is not None:
        return source
    declared = declared_versions(document)
    if declared:
        raise ValueError(
            f"the document declares an unknown MLM release ({', '.join(declared)}); "
            f"releases: {', '.join(MLM_RELEASES)}"
        )
    raise ValueError(
        "the document declares no MLM release: stac_extensions lists no MLM schema URI "
        f"(e.g. {mlm_schema_uri(MLM_VERSION)}, or {mlm_schema_uri('1.3.0')} up to v1.3.0)"
    )


def _has_numbers(entry: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(entry, dict) and all(_is_number(entry.get(key)) for key in keys)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _listed(value: Any) -> bool:
    """A non-empty JSON array."""
    return isinstance(value, list) and bool(value)


def _is_divisor(value: Any) -> bool:
    return _is_number(value) and value != 0


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- validation of the result ---------------------------------------------------------------


def _validation_errors(document: dict[str, Any], version: str) -> tuple[MigrationNote, ...]:
    """The errors of ``document`` in release ``version``, as notes (none when valid)."""
    try:
        validate_release(document, version)
    except ValidationError as error:
        return tuple(MigrationNote(tuple(e["loc"]), e["msg"]) for e in error.errors())
    return ()
