"""MLM v1.3.0: band definitions."""

from __future__ import annotations

from stac_mlm.migration._report import Location, Log
from stac_mlm.migration._where import (
    JsonObject,
    is_collection,
    item_properties,
    listed,
    model_assets_of,
    model_io_of,
)


def to_1_3_0(document: JsonObject, log: Log) -> None:
    """v1.3.0: an input that names bands needs band definitions where the schema reads them.

    Changelog: "Band checks against `eo`, `raster` or STAC Core 1.1 `bands` when a
    `mlm:input` references names in `bands` are now properly validated"; "Add `raster:bands`
    required property `name`"; "the correct use is for [`raster:bands`] to be defined under
    the STAC Asset using the `mlm:model` role"; "Fix various STAC Asset definitions
    erroneously employing `mlm:model` role". Band definitions are not MLM fields: missing
    ones are reported, never invented or moved. As in the schema, their presence is checked,
    not that they define each name.
    """
    if is_collection(document):
        return
    inputs = [
        (location, len(names))
        for location, model_input in model_io_of(document, "mlm:input")
        if (names := _named_bands(model_input))
    ]
    properties = item_properties(document) or {}
    if not inputs or listed(properties.get("eo:bands")) or listed(properties.get("bands")):
        return
    models = model_assets_of(document)
    if any(_band_definitions(asset) for _, asset in models):
        _model_assets_without_bands(models, log)
    else:
        stray = listed(properties.get("raster:bands"))
        for location, count in inputs:
            log.needs_human((*location, "bands"), _undefined_bands_message(count, stray))


def _band_definitions(asset: JsonObject) -> bool:
    return listed(asset.get("raster:bands")) or listed(asset.get("eo:bands"))


def _model_assets_without_bands(models: list[tuple[Location, JsonObject]], log: Log) -> None:
    """The schema wants band definitions on every ``mlm:model`` asset, named if raster."""
    for location, asset in models:
        if not _band_definitions(asset):
            log.needs_human(
                location,
                "this mlm:model asset has no eo:bands or raster:bands, which v1.3.0 requires "
                "of every mlm:model asset when the inputs name bands: give them, or remove "
                "the 'mlm:model' role if this asset is not the model (e.g. source code)",
            )
    if any(listed(asset.get("eo:bands")) for _, asset in models):
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
