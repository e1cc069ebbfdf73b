"""A small static STAC catalog of models and their products, built with stac-mlm itself.

    catalog.json                      Catalog: child → models/, child → predictions/
    models/collection.json            MLMCollection of m1.json and m2.json (summaries name both)
    models/m1.json, models/m2.json    MLMItems "Model One", "Model Two"
    predictions/collection.json       a plain Collection of products (declares no MLM)
    predictions/p1.json               product of models/m1.json (link and asset)
    predictions/p2.json               product of "Model Two" through models/collection.json

Each product also has ``derived_from`` links to its input imagery (one local, never
created, one remote): links to input data, never resolved.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stac_mlm import MLMCollection, MLMItem
from stac_mlm.example import example_item
from stac_mlm.lineage import as_model_product

MODELS = {"m1": "Model One", "m2": "Model Two"}
#: Each product: the model's href from predictions/, and the mlm:name on the link.
PRODUCTS = {
    "p1": ("../models/m1.json", "Model One"),
    "p2": ("../models/collection.json", "Model Two"),
}
INPUTS = ["../imagery/s2-tile.json", "https://example.com/imagery/s2-tile-2.json"]


def model(key: str) -> MLMItem:
    item = example_item().model_dump(mode="json")
    item["id"] = key
    item["properties"]["mlm:name"] = MODELS[key]
    item["collection"] = "models"
    item["links"] = [{"rel": "collection", "href": "collection.json"}]
    return MLMItem.model_validate(item)


def product(key: str, href: str, name: str) -> dict[str, Any]:
    inputs = [{"rel": "derived_from", "href": link} for link in INPUTS]
    item = {
        "type": "Feature",
        "stac_version": "1.1.0",
        "id": key,
        "collection": "predictions",
        "geometry": {"type": "Point", "coordinates": [5.0, 45.0]},
        "bbox": [5.0, 45.0, 5.0, 45.0],
        "properties": {"datetime": "2024-06-01T00:00:00Z"},
        "assets": {"classes": {"href": f"{key}.tif", "roles": ["data"]}},
        "links": [{"rel": "collection", "href": "collection.json"}, *inputs],
    }
    return as_model_product(item, href, name)


def collection(key: str, items: list[str], **fields: Any) -> dict[str, Any]:
    return {
        "type": "Collection",
        "stac_version": "1.1.0",
        "id": key,
        "description": f"the {key}",
        "license": "CC-BY-4.0",
        "extent": {
            "spatial": {"bbox": [[-180.0, -90.0, 180.0, 90.0]]},
            "temporal": {"interval": [["2024-01-01T00:00:00Z", None]]},
        },
        "links": [{"rel": "item", "href": f"{item}.json"} for item in items],
        **fields,
    }


def write(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2))


def build(root: Path) -> Path:
    """Write the catalog under ``root``; its ``catalog.json``."""
    models = [model(key) for key in MODELS]
    for item in models:
        write(root / "models" / f"{item.id}.json", item.model_dump(mode="json"))
    summary = MLMCollection.from_items(models, id="models", description="two", license="MIT")
    document = summary.model_dump(mode="json")
    document["links"] = [{"rel": "item", "href": f"{key}.json"} for key in MODELS]
    write(root / "models" / "collection.json", document)
    for key, (href, name) in PRODUCTS.items():
        write(root / "predictions" / f"{key}.json", product(key, href, name))
    write(root / "predictions" / "collection.json", collection("predictions", list(PRODUCTS)))
    catalog = {
        "type": "Catalog",
        "stac_version": "1.1.0",
        "id": "lineage",
        "description": "models and what they produced",
        "links": [
            {"rel": "root", "href": "catalog.json"},
            {"rel": "child", "href": "models/collection.json"},
            {"rel": "child", "href": "predictions/collection.json"},
        ],
    }
    write(root / "catalog.json", catalog)
    return root / "catalog.json"
