"""The documents every operation is measured on: the official MLM v1.5.2 example Items.

They are read from the spec folder (``bundle.spec_dir()``: ``$STAC_MLM_SPEC_DIR``,
``../shared/spec``, or the cache ``scripts/fetch_spec.py`` fills) at run time and never
copied into the project. Most examples carry their classes under a stray key,
``classification_classes`` (RGB lists as colours, ``null`` descriptions): every validator
treats that key as unknown and skips it. Here it is renamed to ``classification:classes``
and each class made valid for classification v1.1.0, so that the classes are validated too.
"""

from __future__ import annotations

import copy
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT / "codegen"))

# One place resolves the spec folder and maps schema URLs to files (codegen, tests, here).
from bundle import SpecFolderMissingError, spec_dir, url_to_path  # noqa: E402

__all__ = [
    "HEADLINE",
    "Document",
    "SpecFolderMissingError",
    "load_documents",
    "spec_dir",
    "url_to_path",
]

MLM_VERSION = "1.5.2"
HEADLINE = "item_multi_io.json"
STRAY_CLASSES_KEY = "classification_classes"
CLASSES_KEY = "classification:classes"

Json = dict[str, Any]


@dataclass(frozen=True)
class Document:
    """One Item, as the bytes a server would receive and as the dict ``json`` gives."""

    name: str
    raw: bytes
    data: Json


def _hex_colour(colour: Any) -> str | None:
    """An RGB triple as ``RRGGBB``; a string is kept; anything else is dropped."""
    if isinstance(colour, str):
        return colour
    if isinstance(colour, list) and len(colour) == 3:
        return "".join(f"{int(channel):02X}" for channel in colour)
    return None


def _valid_class(stray: Json) -> Json:
    """A class object valid for classification v1.1.0: integer ``value``, string
    ``description`` (the class name where the example gives ``null``), 6-hex colour."""
    if not isinstance(stray.get("value"), int):
        raise ValueError(f"cannot make a valid class object from {stray!r}")
    fixed = {key: value for key, value in stray.items() if key != "color_hint"}
    if not isinstance(fixed.get("description"), str):
        fixed["description"] = str(fixed.get("name") or f"class {fixed['value']}")
    colour = _hex_colour(stray.get("color_hint"))
    if colour is not None:
        fixed["color_hint"] = colour
    return fixed


def with_valid_classes(item: Json) -> Json:
    """``item`` with every output's stray ``classification_classes`` made real classes."""
    fixed = copy.deepcopy(item)
    for output in fixed.get("properties", {}).get("mlm:output", []):
        if isinstance(output, dict) and STRAY_CLASSES_KEY in output:
            output[CLASSES_KEY] = [_valid_class(entry) for entry in output.pop(STRAY_CLASSES_KEY)]
    return fixed


def _example_paths() -> list[Path]:
    folder = spec_dir() / "examples" / f"mlm-v{MLM_VERSION}"
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise FileNotFoundError(f"no official MLM v{MLM_VERSION} examples in {folder}")
    return paths


def _document(name: str, data: Json) -> Document:
    # Compact bytes, as an API would receive them; the same bytes for every validator.
    return Document(
        name=name,
        raw=json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode(),
        data=data,
    )


def load_documents() -> list[Document]:
    """Every official example Item (``type: Feature``), classes made valid; headline first."""
    documents = []
    for path in _example_paths():
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("type") == "Feature":
            documents.append(_document(path.name, with_valid_classes(data)))
    if not any(document.name == HEADLINE for document in documents):
        raise FileNotFoundError(f"the headline example {HEADLINE} is missing from the spec folder")
    return sorted(documents, key=lambda document: document.name != HEADLINE)
