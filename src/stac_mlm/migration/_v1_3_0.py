"""MLM v1.3.0: band definitions."""

from __future__ import annotations

import copy
import re
from typing import Final

from stac_mlm.migration._report import Location, Log
from stac_mlm.migration._source_code import code_evidence, settle_code_assets
from stac_mlm.migration._where import (
    JsonObject,
    is_collection,
    item_properties,
    json_text,
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
    ones are reported, never moved, and written only on the caller's decision
    ``bands_from_names`` (the names alone). As in the schema, their presence is checked, not
    that they define each name. A source-code asset with the ``mlm:model`` role loses it
    first on the decision ``code_is_not_model``.
    """
    if is_collection(document):
        return
    settle_code_assets(document, log)
    inputs = _inputs_naming_undefined_bands(document)
    if not inputs:
        return
    models = model_assets_of(document)
    if any(_band_definitions(asset) for _, asset in models):
        _model_assets_without_bands(models, log)
    else:
        _define_or_report_bands(document, inputs, log)


def bands_from_names_past_v1_3_0(document: JsonObject, log: Log) -> None:
    """The decision ``bands_from_names`` on an Item that no step brings over v1.3.0 (it
    declares v1.3.0 or later, and still names bands it does not define): applied, or
    refused with the note, as when a migration crosses v1.3.0. Without the decision, or when
    some model asset defines bands, nothing is done here: the validation says what is
    missing."""
    if not log.decisions.bands_from_names or is_collection(document):
        return
    inputs = _inputs_naming_undefined_bands(document)
    if inputs and not any(_band_definitions(asset) for _, asset in model_assets_of(document)):
        _define_or_report_bands(document, inputs, log)


Inputs = list[tuple[Location, list[str]]]


def _inputs_naming_undefined_bands(document: JsonObject) -> Inputs:
    """The inputs that name bands, with the names, when Item properties define none
    (``eo:bands``, STAC 1.1 ``bands``); empty when they do."""
    properties = item_properties(document) or {}
    if listed(properties.get("eo:bands")) or listed(properties.get("bands")):
        return []
    return [
        (location, names)
        for location, model_input in model_io_of(document, "mlm:input")
        if (names := _named_bands(model_input))
    ]


def _define_or_report_bands(document: JsonObject, inputs: Inputs, log: Log) -> None:
    """No model asset defines bands: name-only ``raster:bands`` on the decision
    ``bands_from_names`` where they can be written, else each input's names reported."""
    properties = item_properties(document) or {}
    models = model_assets_of(document)
    stray = listed(properties.get("raster:bands"))
    raster_v2 = _raster_without_raster_bands(document) if log.decisions.bands_from_names else None
    if log.decisions.bands_from_names and not stray and not raster_v2 and _not_code(models):
        define_bands_from_names(document, [name for _, names in inputs for name in names], log)
        _model_assets_without_bands(models, log)  # the source-code ones, if any kept the role
    else:
        for location, names in inputs:
            message = _undefined_bands_message(len(names), stray, raster_v2)
            log.needs_human((*location, "bands"), message)


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


def _undefined_bands_message(count: int, in_properties: bool, raster_v2: str | None) -> str:
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
    if raster_v2:
        message += (
            f"; the document declares {raster_v2}, which forbids raster:bands, so "
            "bands_from_names writes none: a person describes the bands (STAC 1.1 bands in "
            "properties, with raster v2)"
        )
    return message


#: The raster extension release that band definitions written from names declare: the
#: newest v1, the major release that the MLM v1.3.0-v1.5.2 schemas look for.
RASTER_SCHEMA_URI: Final = "https://stac-extensions.github.io/raster/v1.1.0/schema.json"
_RASTER_V1: Final = re.compile(
    r"https://stac-extensions\.github\.io/raster/v1\.[0-9]+\.[0-9]+/schema\.json"
)
_RASTER_ANY: Final = re.compile(
    r"https://stac-extensions\.github\.io/raster/v[0-9]+\.[0-9]+\.[0-9]+/schema\.json"
)


def _raster_without_raster_bands(document: JsonObject) -> str | None:
    """A raster URI of a release after v1 that the document declares: raster v2 moved band
    definitions to STAC 1.1 ``bands`` and its schema rejects ``raster:bands``, so name-only
    ``raster:bands`` would break a schema the document declares."""
    for uri in document["stac_extensions"]:
        if isinstance(uri, str) and _RASTER_ANY.fullmatch(uri) and not _RASTER_V1.fullmatch(uri):
            return uri
    return None


def define_bands_from_names(document: JsonObject, names: list[str], log: Log) -> None:
    """On the decision ``bands_from_names``: ``raster:bands`` holding only the names the
    inputs list, on every ``mlm:model`` asset that is not evidently source code, and the
    raster extension declared. Nothing but the names is written: raster bands need no other
    field, and MLM reads only their names."""
    bands = [{"name": name} for name in dict.fromkeys(names)]
    for location, asset in _not_code(model_assets_of(document)):
        asset["raster:bands"] = copy.deepcopy(bands)
        log.decided(
            (*location, "raster:bands"),
            f"{json_text(bands)} written, the names of the bands the inputs list and nothing "
            "else: since v1.3.0 an input naming bands needs band definitions, here raster "
            "bands on the mlm:model asset",
            "bands_from_names",
        )
    extensions = document["stac_extensions"]  # a list: the MLM release is read from it
    if not any(isinstance(uri, str) and _RASTER_V1.fullmatch(uri) for uri in extensions):
        extensions.append(RASTER_SCHEMA_URI)
        log.decided(
            ("stac_extensions",),
            f"{RASTER_SCHEMA_URI} added: the raster bands written are the raster extension's",
            "bands_from_names",
        )


def _not_code(models: list[tuple[Location, JsonObject]]) -> list[tuple[Location, JsonObject]]:
    return [(location, asset) for location, asset in models if code_evidence(asset) is None]
