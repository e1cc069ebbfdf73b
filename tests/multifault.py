"""A multi-fault corpus: official MLM v1.5.2 example Items with 2-5 independent faults.

A *fault* is one change that, alone, makes the example invalid for the official schemas
(``spec_folder.full_verdict``: the MLM schema and the STAC core schema; checked when the
catalogue is built, never assumed). Each fault names:

- ``path``: where it changes the document (a tuple of JSON keys and indices);
- ``zones``: what its rule reads (its path, and for a cross-field rule the other places it
  looks at: the ``collection`` field reads the ``collection`` link, a datetime reads the
  other datetimes, a bbox reads the geometry).

A document combines faults whose zones are pairwise unrelated (neither is a prefix of the
other): their paths are disjoint, and no fault changes what another fault's rule reads (a
model input takes at most one fault, so a band rename never meets a ``dim_order`` change;
an asset takes at most one fault). Every document is built deterministically (a seeded
``random.Random``) from the examples; each fault stays a single change of one subtree.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from spec_folder import MLM_SCHEMA_URLS, example_items, full_verdict

Document = dict[str, Any]
Path = tuple[str | int, ...]

SEED = 20261130
DOCUMENTS = 320
MIN_FAULTS, MAX_FAULTS = 2, 5
#: ``MLMItem`` is a v1.5.2 Item: the v1.5.2 schema applies, and the Item schemas.
AS_MLM_ITEM: dict[str, Any] = {"release": "1.5.2", "kind": "item"}
MLM_URI = MLM_SCHEMA_URLS["1.5.2"]
MODEL_ROLE = "mlm:model"

_DELETE = object()


class NotApplicableError(Exception):
    """The fault has nothing to change in this example."""


@dataclass(frozen=True)
class Fault:
    name: str
    path: Path
    zones: tuple[Path, ...]
    edit: Callable[[Document], None]

    def applied(self, document: Document) -> Document:
        changed = copy.deepcopy(document)
        self.edit(changed)
        return changed


@dataclass(frozen=True)
class MultiFaultDocument:
    id: str
    example: str
    faults: tuple[Fault, ...]
    document: Document


# --------------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------------


def related(left: Path, right: Path) -> bool:
    """One path is a prefix of the other (or they are equal)."""
    common = min(len(left), len(right))
    return left[:common] == right[:common]


def compatible(left: Fault, right: Fault) -> bool:
    return not any(related(a, b) for a in left.zones for b in right.zones)


def located_at(loc: Path, path: Path) -> bool:
    """``loc`` is the fault's path, inside it, or a parent of it other than the root."""
    return bool(loc) and related(loc, path)


def parent(document: Any, path: Path) -> Any:
    node = document
    try:
        for key in path[:-1]:
            node = node[key]
    except (KeyError, IndexError, TypeError) as error:
        raise NotApplicableError from error
    return node


# --------------------------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------------------------


def set_at(path: Path, value: Any, label: str, *zones: Path) -> Fault:
    """Set (or, with ``_DELETE``, remove) the value at ``path``."""

    def edit(document: Document) -> None:
        node = parent(document, path)
        if value is _DELETE:
            if path[-1] not in node:
                raise NotApplicableError
            del node[path[-1]]
        else:
            node[path[-1]] = copy.deepcopy(value)

    name = f"{'/'.join(map(str, path))}:{label}"
    return Fault(name, path, (path, *zones), edit)


def delete_at(path: Path, *zones: Path) -> Fault:
    return set_at(path, _DELETE, "removed", *zones)


def top_level_faults(example: Document) -> Iterator[Fault]:
    yield set_at(("id",), "", "empty")
    yield set_at(("id",), 1, "number")
    extensions = example["stac_extensions"]
    yield Fault(
        "stac_extensions:number-appended",
        ("stac_extensions", len(extensions)),
        (("stac_extensions",),),
        lambda document: document["stac_extensions"].append(1),
    )
    yield Fault(
        "stac_extensions:mlm-uri-twice",
        ("stac_extensions",),
        (("stac_extensions",),),
        lambda document: document["stac_extensions"].append(MLM_URI),
    )
    links = example["links"]
    collection_links = [i for i, link in enumerate(links) if link.get("rel") == "collection"]
    reads = tuple(("links", index) for index in collection_links)
    yield set_at(("collection",), "", "empty", *reads)
    yield delete_at(("collection",), *reads)
    geometry = (("bbox",), ("geometry",))
    yield set_at(("bbox",), [-10, -10, 10], "three-numbers", *geometry)
    yield set_at(("bbox", 1), "-10", "string-number", *geometry)
    yield set_at(("geometry", "type"), "Pointy", "unknown", *geometry)
    yield set_at(("geometry", "coordinates"), "1,2", "string", *geometry)
    for index in range(len(links)):
        if index in collection_links:
            continue  # the collection field's rule reads it
        yield set_at(("links", index), "related", "not-an-object")
        yield delete_at(("links", index, "href"))
        yield set_at(("links", index, "rel"), 1, "number")
        yield set_at(("links", index, "href"), "", "empty")


DATETIMES: tuple[Path, ...] = (
    ("properties", "datetime"),
    ("properties", "start_datetime"),
    ("properties", "end_datetime"),
)
PROPERTY_VALUES: list[tuple[str, Any, str]] = [
    ("mlm:name", "1abc", "pattern"),
    ("mlm:name", 1, "number"),
    ("mlm:architecture", 1, "number"),
    ("mlm:tasks", ["unknown-task"], "unknown-task"),
    ("mlm:tasks", "classification", "string"),
    ("mlm:framework", " PyTorch", "leading-space"),
    ("mlm:framework_version", "v2", "not-semver"),
    ("mlm:memory_size", -1, "negative"),
    ("mlm:total_parameters", 1.5, "fraction"),
    ("mlm:batch_size_suggestion", "8", "string"),
    ("mlm:accelerator", "tpu", "unknown"),
    ("mlm:accelerator_count", 0, "zero"),
    ("mlm:accelerator_constrained", "no", "string"),
    ("mlm:pretrained", "yes", "string"),
    ("mlm:hyperparameters", "lr=0.1", "string"),
    ("mlm:foo", 1, "unknown-mlm-field"),
    ("mlm:artifact_type", "torch.save", "asset-field-in-properties"),
    ("mlm:entrypoint", "package.module:run", "asset-field-in-properties"),
    ("providers", [{"name": "ACME", "roles": ["owner"]}], "role-outside-the-enum"),
    ("gsd", 0, "zero"),
    ("title", 1, "number"),
    ("instruments", "msi", "string"),
]


def property_faults(example: Document) -> Iterator[Fault]:
    yield delete_at(("properties", "datetime"), *DATETIMES)
    yield set_at(("properties", "datetime"), "2024-01-01T12:00:00+05:45", "offset", *DATETIMES)
    yield set_at(("properties", "datetime"), "not a date", "not-a-date", *DATETIMES)
    yield delete_at(("properties", "end_datetime"), *DATETIMES)
    yield set_at(("properties", "start_datetime"), 1, "number", *DATETIMES)
    for key, value, label in PROPERTY_VALUES:
        yield set_at(("properties", key), value, label)


def model_io_faults(example: Document) -> Iterator[Fault]:
    properties = example["properties"]
    for index, entry in enumerate(properties["mlm:input"]):
        at: Path = ("properties", "mlm:input", index)
        last = len(entry["input"]["shape"]) - 1
        yield set_at((*at, "name"), 1, "number")
        yield delete_at((*at, "name"))
        yield delete_at((*at, "input"))
        yield set_at((*at, "input", "data_type"), "float", "unknown")
        yield set_at((*at, "input", "shape", last), -2, "below-minus-one")
        yield set_at((*at, "resize_type"), "bilinear", "unknown")
        yield set_at((*at, "value_scaling"), "z-score", "string")
        yield set_at((*at, "pre_processing_function"), "python", "string")
        yield set_at((*at, "description"), 1, "number")
    for index, _ in enumerate(properties["mlm:output"]):
        at = ("properties", "mlm:output", index)
        yield set_at((*at, "name"), None, "null")
        yield delete_at((*at, "tasks"))
        yield set_at((*at, "tasks"), ["unknown-task"], "unknown-task")
        yield set_at((*at, "result", "data_type"), "Float32", "capitalised")
        yield set_at((*at, "classification:classes"), [{"value": 0}], "without-description")
        yield set_at((*at, "post_processing_function"), "python", "string")


def asset_faults(example: Document) -> Iterator[Fault]:
    for key, asset in example["assets"].items():
        at: Path = ("assets", key)
        roles = asset.get("roles", [])
        yield set_at((*at, "href"), "", "empty")
        yield set_at((*at, "href"), 1, "number")
        yield delete_at((*at, "href"))
        yield set_at((*at, "title"), 1, "number")
        yield set_at((*at, "mlm:compile_method"), 1, "number")
        yield set_at((*at, "mlm:name"), "a-name", "item-field-on-asset")
        yield set_at((*at, "mlm:accelerator"), "tpu", "unknown")
        yield set_at((*at, "gsd"), 0, "zero")
        if MODEL_ROLE in roles:
            yield delete_at((*at, "mlm:artifact_type"))
            yield set_at((*at, "mlm:artifact_type"), 1, "number")
        else:
            yield set_at((*at, "mlm:artifact_type"), "torch.save", "without-model-role")
            yield set_at(at, "model.bin", "not-an-object")
        if "code" not in roles:
            yield set_at((*at, "mlm:entrypoint"), "package.module:run", "without-code-role")


FAULT_SOURCES = (top_level_faults, property_faults, model_io_faults, asset_faults)


@cache
def examples() -> dict[str, Document]:
    """The official v1.5.2 example Items (never changed: faults apply to copies)."""
    return example_items("1.5.2")


@cache
def single_faults(example_name: str) -> tuple[Fault, ...]:
    """The faults of one example that, alone, make it invalid (by the official schemas)."""
    example = examples()[example_name]
    faults = []
    for source in FAULT_SOURCES:
        for fault in source(example):
            try:
                changed = fault.applied(example)
            except NotApplicableError:
                continue
            if changed != example and not full_verdict(changed, **AS_MLM_ITEM):
                faults.append(fault)
    names = [fault.name for fault in faults]
    if len(names) != len(set(names)):
        raise ValueError(f"two faults of {example_name} share a name")
    return tuple(faults)


# --------------------------------------------------------------------------------------------
# Combining faults
# --------------------------------------------------------------------------------------------


def combine(example: Document, faults: tuple[Fault, ...]) -> Document:
    document = copy.deepcopy(example)
    for fault in faults:
        fault.edit(document)
    return document


@cache
def multi_fault_documents() -> tuple[MultiFaultDocument, ...]:
    """``DOCUMENTS`` documents of 2-5 compatible faults each, the examples taking turns."""
    rng = random.Random(SEED)
    names = sorted(examples())
    documents: list[MultiFaultDocument] = []
    seen: set[str] = set()
    attempts = 0
    while len(documents) < DOCUMENTS:
        attempts += 1
        if attempts > 20 * DOCUMENTS:
            raise RuntimeError(f"only {len(documents)} distinct multi-fault documents")
        name = names[attempts % len(names)]
        wanted = rng.randint(MIN_FAULTS, MAX_FAULTS)
        pool = list(single_faults(name))
        rng.shuffle(pool)
        chosen: list[Fault] = []
        for fault in pool:
            if all(compatible(fault, other) for other in chosen):
                chosen.append(fault)
                if len(chosen) == wanted:
                    break
        if len(chosen) < MIN_FAULTS:
            continue
        faults = tuple(chosen)
        document = combine(examples()[name], faults)
        text = json.dumps(document, sort_keys=True)
        if text in seen:
            continue
        seen.add(text)
        doc_id = f"{len(documents):03d}:{name}:" + "+".join(fault.name for fault in faults)
        documents.append(MultiFaultDocument(doc_id, name, faults, document))
    return tuple(documents)


def one_fault_document(example_name: str, fault: Fault) -> Document:
    return fault.applied(examples()[example_name])
