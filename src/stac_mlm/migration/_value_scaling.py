"""MLM v1.4.0: the normalization fields (``norm_type``, ``norm_clip``, ``statistics``,
``norm_by_channel``) become ``value_scaling``."""

from __future__ import annotations

from enum import Enum
from typing import Any, Final

from stac_mlm.migration._report import Location, Log
from stac_mlm.migration._where import (
    JsonObject,
    has_numbers,
    is_divisor,
    json_text,
)

NORMALIZATION: Final = ("norm_type", "norm_clip", "statistics", "norm_by_channel")
_STATISTICS: Final = {"z-score": ("mean", "stddev"), "min-max": ("minimum", "maximum")}


class _Scaling(Enum):
    """Outcomes of the normalization fields that are not a ``value_scaling`` value."""

    ABSENT = "nothing to scale"
    FAILED = "not carried over"


_ScalingResult = list[JsonObject] | None | _Scaling


def normalization_to_value_scaling(location: Location, model_input: JsonObject, log: Log) -> None:
    """Replace the v1.3 normalization fields of one input by ``value_scaling``."""
    old: JsonObject = {key: model_input.pop(key) for key in NORMALIZATION if key in model_input}
    if "value_scaling" in model_input:
        for key, value in old.items():
            log.removed((*location, key), value, "v1.4.0 removed it; the input gives value_scaling")
        return
    scaling = _scaling(location, old, log)
    if not isinstance(scaling, _Scaling):
        model_input["value_scaling"] = scaling
    if "norm_by_channel" in old:
        _norm_by_channel(location, old["norm_by_channel"], scaling, model_input.get("bands"), log)


def _scaling(location: Location, old: JsonObject, log: Log) -> _ScalingResult:
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
    location: Location, old: JsonObject, keys: tuple[str, ...], without: str, log: Log
) -> None:
    for key in (key for key in keys if key in old):
        log.removed(
            (*location, key),
            old[key],
            f"v1.4.0 removed it, and without {without} it does not say which value_scaling it "
            "means: give value_scaling objects",
        )


def _from_statistics(
    location: Location, kind: str, statistics: Any, log: Log
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
    if not all(has_numbers(entry, (first, second)) for entry in statistics):
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
    location: Location, kind: str | None, norm_clip: Any, log: Log
) -> list[JsonObject] | _Scaling:
    """``norm_clip``: per band, divide by the value, then clip to [0, 1] (v1.3.0 text).

    That is two operations per band, and ``value_scaling`` has one object per band: a
    ``clip`` object alone would change the input's range, so each value becomes the exact
    calculation as a processing expression, in the spec's own ``gdal-calc`` idiom.
    """
    if not isinstance(norm_clip, list) or not norm_clip or not all(map(is_divisor, norm_clip)):
        log.removed(
            (*location, "norm_clip"),
            norm_clip,
            "v1.4.0 removed it, and it does not list a non-zero divisor per band",
        )
        return _Scaling.FAILED
    scaling: list[JsonObject] = [
        {
            "type": "processing",
            "format": "gdal-calc",
            "expression": f"clip(A / {json_text(v)}, 0, 1)",
        }
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
    location: Location, by_channel: Any, scaling: _ScalingResult, bands: Any, log: Log
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
