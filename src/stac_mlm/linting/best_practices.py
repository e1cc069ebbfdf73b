"""Lint rules from the MLM v1.5.2 best practices (``best-practices.md``): codes ``BP0xx``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from stac_mlm._spec import declared_versions
from stac_mlm.linting._read import Document
from stac_mlm.linting._registry import Hit, rule
from stac_mlm.linting.spec_text import code_assets, media_type

_PRACTICES = "MLM best practices: "


def _is_model(document: Document) -> bool:
    """An MLM Item (it names a model): the rules about describing a model apply."""
    return document.is_item and "mlm:name" in document.properties


@rule(
    "BP001",
    "info",
    _PRACTICES + "Using STAC Common Metadata Fields for the MLM Extension",
    "an MLM Item gives no start_datetime and end_datetime (the time range of its training data)",
)
def training_time_range(document: Document) -> Iterator[Hit]:
    properties = document.properties
    if (
        _is_model(document)
        and "start_datetime" not in properties
        and "end_datetime" not in properties
    ):
        yield Hit(
            ("properties",),
            "start_datetime and end_datetime are recommended, for the time range of the data "
            "the model was trained with (or datetime alone for its publication date)",
        )


def model_links(document: Document) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """``derived_from`` links that name a model (``mlm:name``): a product's link to its model.

    Reading lineage whole (resolving the links) is ``stac_mlm.lineage``'s work.
    """
    for where, link in document.links():
        if link.get("rel") == "derived_from" and "mlm:name" in link:
            yield where, link


@rule(
    "BP002",
    "info",
    _PRACTICES + "Processing Extension",
    "an MLM Item says nowhere how its input data is processed (processing:lineage, level)",
)
def input_processing(document: Document) -> Iterator[Hit]:
    if not _is_model(document):
        return
    places = [document.properties] + [
        link for _, link in document.links() if link.get("rel") == "derived_from"
    ]
    if not any("processing:level" in p or "processing:lineage" in p for p in places):
        yield Hit(
            ("properties",),
            "give processing:lineage and processing:level (in properties, or on the "
            "derived_from links to the input data) to say how the data the model takes is "
            "processed before inference",
        )


def _stac_mlm_expression(asset: dict[str, Any]) -> bool:
    expression = asset.get("processing:expression")
    return isinstance(expression, dict) and expression.get("format") == "stac-mlm"


@rule(
    "BP003",
    "warning",
    _PRACTICES + "Processing Extension",
    "an asset made by a model (processing:expression format stac-mlm) is not processing:level L4",
)
def product_asset_level(document: Document) -> Iterator[Hit]:
    for key, asset in document.assets():
        if _stac_mlm_expression(asset) and asset.get("processing:level") != "L4":
            yield Hit(
                ("assets", key, "processing:level"),
                'the output of a model should have processing:level "L4"',
                asset.get("processing:level"),
            )


@rule(
    "BP004",
    "warning",
    _PRACTICES + "Processing Extension",
    'a product\'s derived_from link to its model (mlm:name) has no processing:level "L4"',
)
def product_link_level(document: Document) -> Iterator[Hit]:
    # L4 is "model output": the best practices ask it of a product's link to the model that
    # made it. An MLM document linking to a model is a model derived from another (tuned
    # from it), not its output (as for LIN002).
    if declared_versions(document.raw):
        return
    for where, link in model_links(document):
        if link.get("processing:level") != "L4":
            yield Hit(
                (*where, "processing:level"),
                'a link from a product to the model that made it should have processing:level "L4"',
                link.get("processing:level"),
            )


#: Field prefixes of the extensions the best practices recommend, and their schema paths.
EXTENSIONS = {
    "processing:": "/processing/",
    "file:": "/file/",
    "sci:": "/scientific/",
    "ml-aoi:": "/ml-aoi/",
    "version:": "/version/",
    "eo:": "/eo/",
    "raster:": "/raster/",
    "cube:": "/datacube/",
}


def _field_places(document: Document) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    yield from document.scopes()
    yield from document.links()
    if document.is_collection:
        yield (), document.raw
        # a Collection of products: its Items' fields summarized, its assets' described
        summaries = document.raw.get("summaries")
        if isinstance(summaries, dict):
            yield ("summaries",), summaries
        item_assets = document.raw.get("item_assets")
        for key, asset in item_assets.items() if isinstance(item_assets, dict) else ():
            if isinstance(asset, dict):
                yield ("item_assets", key), asset


@rule(
    "BP005",
    "warning",
    _PRACTICES + "Recommended Extensions to Compose with the MLM Extension",
    "a field of an extension (processing:, file:, sci:, eo:, …) is used, the extension undeclared",
)
def extension_declared(document: Document) -> Iterator[Hit]:
    reported: set[str] = set()
    for where, place in _field_places(document):
        for key in place:
            prefix = key.partition(":")[0] + ":"
            path = EXTENSIONS.get(prefix)
            if path is not None and prefix not in reported and not document.declares(path):
                reported.add(prefix)
                yield Hit(
                    (*where, key),
                    f"{prefix} fields belong to an extension whose schema URI (…{path}…) "
                    "stac_extensions does not list: declare it so that it is validated",
                    key,
                )


@rule(
    "BP006",
    "warning",
    _PRACTICES + "ML-AOI and Label Extensions",
    "the ml-aoi extension is declared but no link gives ml-aoi:split (the training data)",
)
def training_splits(document: Document) -> Iterator[Hit]:
    if document.declares("/ml-aoi/") and not any(
        "ml-aoi:split" in link for _, link in document.links()
    ):
        yield Hit(
            ("links",),
            "link the training, validation and test Collections (derived_from links with "
            "ml-aoi:split) that the ml-aoi extension is declared for",
        )


@rule(
    "BP007",
    "info",
    _PRACTICES + "Scientific Extension",
    "an MLM Item gives neither sci:doi nor sci:citation",
)
def scientific_reference(document: Document) -> Iterator[Hit]:
    if _is_model(document) and not {"sci:doi", "sci:citation"} & set(document.properties):
        yield Hit(
            ("properties",),
            "sci:doi or sci:citation (Scientific extension) is strongly recommended, to "
            "reference the work the model comes from",
        )


@rule(
    "BP008",
    "info",
    _PRACTICES + "File Extension",
    "an mlm:model asset gives no file:checksum or no file:size",
)
def model_file_checks(document: Document) -> Iterator[Hit]:
    for key, asset in document.model_assets():
        missing = [field for field in ("file:checksum", "file:size") if field not in asset]
        if missing:
            yield Hit(
                ("assets", key),
                f"{' and '.join(missing)} (File extension) let users check that they got "
                "the expected weights",
            )  # no value: nothing is found, and the message names what is missing


@rule(
    "BP009",
    "info",
    _PRACTICES + "Example Extension",
    'an Item with a source code asset has no "example" link',
)
def example_link(document: Document) -> Iterator[Hit]:
    if any(code_assets(document)) and not any(
        link.get("rel") == "example" for _, link in document.links()
    ):
        yield Hit(
            ("links",),
            'the source code should also be referenced as an "example" link (Example '
            "extension), to show users how to run the model",
        )


#: The artifact types the best practices propose, with the file name endings and the
#: framework each one implies (``None``: a folder, no single file name).
ARTIFACT_TYPES: dict[str, tuple[tuple[str, ...] | None, str]] = {
    "torch.save": ((".pt", ".pth"), "pytorch"),
    "torch.jit.save": ((".pt", ".pth"), "pytorch"),
    "torch.export.save": ((".pt2",), "pytorch"),
    "tf.keras.Model.save": ((".keras",), "tensorflow"),
    "tf.keras.Model.save_weights": ((".weights.h5",), "tensorflow"),
    "tf.keras.Model.export": (None, "tensorflow"),
}
_SAFETENSORS = re.compile(r"safetensors\.([A-Za-z0-9_]+)\.[A-Za-z0-9_]+")
#: SafeTensors' modules and the mlm:framework each one serves.
SAFETENSORS_FRAMEWORKS = {
    "torch": "pytorch",
    "tensorflow": "tensorflow",
    "flax": "flax",
    "paddle": "paddle",
    "mlx": "mlx",
}


def _artifact(asset: dict[str, Any]) -> tuple[tuple[str, ...] | None, str | None] | None:
    """The file name endings and framework of the asset's known artifact type, or ``None``."""
    artifact = asset.get("mlm:artifact_type")
    if not isinstance(artifact, str):
        return None
    if artifact in ARTIFACT_TYPES:
        return ARTIFACT_TYPES[artifact]
    safetensors = _SAFETENSORS.fullmatch(artifact)
    if safetensors:
        return (".safetensors",), SAFETENSORS_FRAMEWORKS.get(safetensors.group(1))
    return None


@rule(
    "BP010",
    "info",
    _PRACTICES + "Framework-specific Artifact Types",
    "mlm:artifact_type is none of the proposed values",
)
def artifact_type_known(document: Document) -> Iterator[Hit]:
    for key, asset in document.model_assets():
        artifact = asset.get("mlm:artifact_type")
        if isinstance(artifact, str) and _artifact(asset) is None:
            yield Hit(
                ("assets", key, "mlm:artifact_type"),
                "not one of the proposed artifact types (torch.save, torch.jit.save, "
                "torch.export.save, tf.keras.Model.save, tf.keras.Model.save_weights, "
                "tf.keras.Model.export, safetensors.{framework}.{method}); other names are "
                "allowed",
                artifact,
            )


def _squashed(name: str) -> str:
    return re.sub(r"[\s_-]", "", name).lower()


@rule(
    "BP011",
    "warning",
    _PRACTICES + "Framework-specific Artifact Types",
    "the framework of a safetensors.{framework}.{method} artifact type is not mlm:framework",
)
def safetensors_framework(document: Document) -> Iterator[Hit]:
    framework = document.properties.get("mlm:framework")
    for key, asset in document.model_assets():
        framework_here = asset.get("mlm:framework", framework)
        artifact = asset.get("mlm:artifact_type")
        found = _SAFETENSORS.fullmatch(artifact) if isinstance(artifact, str) else None
        expected = SAFETENSORS_FRAMEWORKS.get(found.group(1)) if found else None
        if expected and isinstance(framework_here, str) and _squashed(framework_here) != expected:
            yield Hit(
                ("assets", key, "mlm:artifact_type"),
                f"{{framework}} should match mlm:framework ({framework_here!r})",
                artifact,
            )


def _file_name(href: Any) -> str | None:
    if not isinstance(href, str):
        return None
    try:
        return PurePosixPath(urlsplit(href).path).name or None
    except ValueError:
        return None


@rule(
    "BP012",
    "warning",
    _PRACTICES + "Framework-specific Artifact Types",
    "the model file's name does not end as its artifact type's do (.pt, .pt2, .keras, …)",
)
def artifact_file_name(document: Document) -> Iterator[Hit]:
    for key, asset in document.model_assets():
        found, name = _artifact(asset), _file_name(asset.get("href"))
        if found is None or found[0] is None or name is None or "." not in name:
            continue  # an unknown type, a folder, or a name without extension (a web API)
        if not name.lower().endswith(found[0]):
            yield Hit(
                ("assets", key, "href"),
                f"a {asset['mlm:artifact_type']} file is named *{' or *'.join(found[0])}",
                asset["href"],
            )


@rule(
    "BP013",
    "warning",
    _PRACTICES + "Framework-specific Artifact Types",
    "the media type does not fit the artifact type (text/html, another framework named)",
)
def artifact_media_type(document: Document) -> Iterator[Hit]:
    for key, asset in document.model_assets():
        found, kind = _artifact(asset), media_type(asset)
        if found is None or found[0] is None or kind is None:
            continue
        base, parameters = kind
        said = parameters.get("framework") or parameters.get("application")
        if base.startswith("text/") or base in ("application/json", "application/geo+json"):
            why = f"a {asset['mlm:artifact_type']} file is binary: application/octet-stream"
        elif found[1] and said and _squashed(said) != found[1]:
            why = f"the media type names {said!r}, but {asset['mlm:artifact_type']} is {found[1]}"
        else:
            continue
        yield Hit(("assets", key, "type"), why, asset["type"])
