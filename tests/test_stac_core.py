"""STAC core rules (``stac_mlm._stac_core``) against the official STAC core schemas.

Differential, never hard-coded verdicts: every document of a large corpus (the official MLM
example Items and Collections of every release, as STAC 1.0.0 and 1.1.0, and single-change
mutations of them, one family per rule) gets its verdict from the official core schema of its
``stac_version`` (offline, ECMA-262 patterns, ``date-time`` asserted as jsonschema with
rfc3339-validator asserts it); the Python rules and the JSON Schema twin
(``core_rules_schema``) must give the same verdict on every one. Then, per rule, the exact
location and message of the violation on one minimal case, and documents that never make the
rules raise.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import pytest
from corpus import JSON_TYPE_SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from spec_folder import (
    MLM_SCHEMA_URLS,
    EcmaDraft202012Validator,
    _date_time_checker,
    core_validator,
    core_verdict,
    example_collection,
    example_items,
    exported_schema_validator,
)
from strategies import json_values
from test_properties import _paths, _replace

from stac_mlm._errors import NO_INPUT, RuleViolation
from stac_mlm._stac_core import (
    STAC_VERSIONS,
    collection_core_violations,
    core_rules_schema,
    item_core_violations,
)

Document = Any
Kind = Literal["item", "collection"]
Edit = Callable[[Document], None]

RULES = {"item": item_core_violations, "collection": collection_core_violations}
RELEASES = tuple(MLM_SCHEMA_URLS)


# -- the oracle and the twin -------------------------------------------------------------------


def official_core_verdict(kind: Kind, document: Document) -> bool:
    """The official STAC core schema of the document's ``stac_version`` (offline, ECMA-262
    patterns, ``date-time`` asserted with rfc3339-validator); any other version: invalid."""
    return core_verdict(document, kind=kind)


@cache
def twin_validator(kind: Kind) -> Draft202012Validator:
    schema = core_rules_schema(kind)
    EcmaDraft202012Validator.check_schema(schema)
    return exported_schema_validator(schema, format_checker=_date_time_checker())


def python_verdict(kind: Kind, document: Document) -> bool:
    return not RULES[kind](document)


def twin_verdict(kind: Kind, document: Document) -> bool:
    return bool(twin_validator(kind).is_valid(document))


# -- documents and edits -----------------------------------------------------------------------


class NotApplicableError(Exception):
    """The edit has nothing to change in this document."""


FIRST = "<first>"  # in a path: the first key of an object, the first item of an array


def resolve(document: Document, path: tuple[Any, ...]) -> tuple[Any, Any]:
    """The parent node of ``path`` and the key or index of its last step."""
    node = document
    steps = list(path)
    for position, step in enumerate(steps):
        if step == FIRST:
            if isinstance(node, dict) and node:
                step = next(iter(node))
            elif isinstance(node, list) and node:
                step = 0
            else:
                raise NotApplicableError
            steps[position] = step
        if position == len(steps) - 1:
            return node, step
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError) as error:
            raise NotApplicableError from error
    raise NotApplicableError


def set_at(*path: Any, value: Any) -> Edit:
    def edit(document: Document) -> None:
        parent, key = resolve(document, path)
        if not isinstance(parent, dict | list):
            raise NotApplicableError
        parent[key] = copy.deepcopy(value)

    return edit


def delete_at(*path: Any) -> Edit:
    def edit(document: Document) -> None:
        parent, key = resolve(document, path)
        if not isinstance(parent, dict) or key not in parent:
            raise NotApplicableError
        del parent[key]

    return edit


def both(*edits: Edit) -> Edit:
    def edit(document: Document) -> None:
        for one in edits:
            one(document)

    return edit


def with_rel(rel: Any) -> Edit:
    """Remove every link with rel ``rel``."""

    def edit(document: Document) -> None:
        links = document.get("links")
        if not isinstance(links, list):
            raise NotApplicableError
        document["links"] = [
            link for link in links if not (isinstance(link, dict) and link.get("rel") == rel)
        ]

    return edit


def append_link(link: Any) -> Edit:
    def edit(document: Document) -> None:
        document["links"].append(copy.deepcopy(link))

    return edit


@dataclass(frozen=True)
class Mutation:
    label: str
    edit: Edit


def every_type(*path: Any, delete: bool = False) -> list[Mutation]:
    mutations = [
        Mutation(f"{'.'.join(map(str, path))}=<{name}>", set_at(*path, value=sample))
        for name, sample in JSON_TYPE_SAMPLES.items()
    ]
    if delete:
        mutations.append(Mutation(f"{'.'.join(map(str, path))}:delete", delete_at(*path)))
    return mutations


def values(*path: Any, choices: list[Any]) -> list[Mutation]:
    return [
        Mutation(f"{'.'.join(map(str, path))}={json.dumps(value)}", set_at(*path, value=value))
        for value in choices
    ]


# -- the mutation families ---------------------------------------------------------------------

DATETIMES = [
    "2024-01-01T00:00:00Z",
    "2024-01-01T00:00:00+00:00",
    "2024-01-01T05:45:00+05:45",
    "2024-01-01T00:00:00-00:00",
    "2024-01-01t00:00:00Z",
    "2024-01-01T00:00:00z",
    "2024-01-01t00:00:00+00:00",
    "2024-01-01T00:00:00Z\n",
    "2024-01-01T00:00:00+00:00\n",
    "\n2024-01-01T00:00:00Z",
    "2024-02-30T00:00:00Z",
    "2024-02-29T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2024-01-01T00:00:60Z",
    "2024-01-01T23:59:59Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T00:00Z",
    "2024-01-01T00:00:00.123456789Z",
    "2024-01-01T00:00:00.Z",
    "2024-01-01T00:00:00,5Z",
    "2024-01-01 00:00:00Z",
    "2024-01-01",
    "2024-13-01T00:00:00Z",
    "2024-00-01T00:00:00Z",
    "2024-01-00T00:00:00Z",
    "24-01-01T00:00:00Z",
    "2024-1-01T00:00:00Z",
    "2024-01-01T00:00:00+0000",
    "2024-01-01T00:00:00+24:00",
    "2024-01-01T00:00:00+23:59",
    "2024-01-01T00:00:00ZZ",
    "x2024-01-01T00:00:00Z",
    "２０２４-01-01T00:00:00Z",
    "2024-01-01T00:00:00Z ",
    "",
    "Z",
]


def datetime_mutations() -> list[Mutation]:
    """``format: date-time`` plus the UTC pattern, wherever common metadata has datetimes."""
    mutations = values("properties", "datetime", choices=DATETIMES)
    mutations += values("properties", "created", choices=DATETIMES[::3])
    mutations += values("properties", "updated", choices=DATETIMES[1::3])
    mutations += values("assets", FIRST, "created", choices=DATETIMES[2::4])
    mutations += values("links", FIRST, "updated", choices=DATETIMES[3::4])
    start, end = "2024-01-01T00:00:00Z", "2024-12-31T00:00:00Z"
    for text in DATETIMES[::2]:
        mutations.append(
            Mutation(
                f"range start={json.dumps(text)}",
                both(
                    set_at("properties", "start_datetime", value=text),
                    set_at("properties", "end_datetime", value=end),
                ),
            )
        )
    ranges: list[tuple[str, Edit]] = [
        ("datetime null, no range", set_at("properties", "datetime", value=None)),
        (
            "datetime null with range",
            both(
                set_at("properties", "datetime", value=None),
                set_at("properties", "start_datetime", value=start),
                set_at("properties", "end_datetime", value=end),
            ),
        ),
        (
            "datetime null with start only",
            both(
                set_at("properties", "datetime", value=None),
                set_at("properties", "start_datetime", value=start),
            ),
        ),
        (
            "datetime null with end only",
            both(
                set_at("properties", "datetime", value=None),
                set_at("properties", "end_datetime", value=end),
            ),
        ),
        ("start only", set_at("properties", "start_datetime", value=start)),
        ("end only", set_at("properties", "end_datetime", value=end)),
        (
            "datetime removed, range given",
            both(
                delete_at("properties", "datetime"),
                set_at("properties", "start_datetime", value=start),
                set_at("properties", "end_datetime", value=end),
            ),
        ),
        ("asset start only", set_at("assets", FIRST, "start_datetime", value=start)),
        ("asset datetime null", set_at("assets", FIRST, "datetime", value=None)),
        ("link end only", set_at("links", FIRST, "end_datetime", value=end)),
        (
            "range reversed",
            both(
                set_at("properties", "start_datetime", value=end),
                set_at("properties", "end_datetime", value=start),
            ),
        ),
    ]
    return mutations + [Mutation(label, edit) for label, edit in ranges]


POINT = {"type": "Point", "coordinates": [0, 0]}
SQUARE = [[0, 0], [1, 0], [1, 1], [0, 0]]
GEOMETRIES = [
    POINT,
    {"type": "Point", "coordinates": [0]},
    {"type": "Point", "coordinates": [0, 0, 0, 0]},
    {"type": "Point", "coordinates": [0, "a"]},
    {"type": "Point", "coordinates": [True, 0]},
    {"type": "Point", "coordinates": [0.5, 1e300]},
    {"type": "Point", "coordinates": []},
    {"type": "Point", "coordinates": "0,0"},
    {"type": "Point", "coordinates": [[0, 0]]},
    {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
    {"type": "LineString", "coordinates": [[0, 0]]},
    {"type": "LineString", "coordinates": [[0, 0], [1]]},
    {"type": "LineString", "coordinates": []},
    {"type": "LineString", "coordinates": [0, 0]},
    {"type": "Polygon", "coordinates": [SQUARE]},
    {"type": "Polygon", "coordinates": [SQUARE[:3]]},
    {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [2, 2]]]},
    {"type": "Polygon", "coordinates": []},
    {"type": "Polygon", "coordinates": [[]]},
    {"type": "Polygon", "coordinates": [SQUARE, [[0, 0], [1, "x"], [1, 1], [0, 0]]]},
    {"type": "Polygon", "coordinates": SQUARE},
    {"type": "MultiPoint", "coordinates": []},
    {"type": "MultiPoint", "coordinates": [[0, 0], [1, 1]]},
    {"type": "MultiPoint", "coordinates": [[0]]},
    {"type": "MultiPoint", "coordinates": [0, 0]},
    {"type": "MultiLineString", "coordinates": []},
    {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]]]},
    {"type": "MultiLineString", "coordinates": [[[0, 0]]]},
    {"type": "MultiLineString", "coordinates": [[]]},
    {"type": "MultiPolygon", "coordinates": []},
    {"type": "MultiPolygon", "coordinates": [[SQUARE]]},
    {"type": "MultiPolygon", "coordinates": [[]]},
    {"type": "MultiPolygon", "coordinates": [[SQUARE[:2]]]},
    {"type": "MultiPolygon", "coordinates": [SQUARE]},
    {"type": "GeometryCollection", "geometries": [POINT]},
    {"type": "GeometryCollection", "geometries": []},
    {"type": "GeometryCollection", "geometries": [POINT], "coordinates": [0, 0]},
    {"type": "Feature", "coordinates": [0, 0]},
    {"type": "point", "coordinates": [0, 0]},
    {"type": 5, "coordinates": [0, 0]},
    {"type": ["Point"], "coordinates": [0, 0]},
    {"coordinates": [0, 0]},
    {"type": "Point"},
    {"type": "Polygon"},
    {},
    {**POINT, "bbox": [0, 0, 0, 0]},
    {**POINT, "bbox": [0, 0, 0]},
    {**POINT, "bbox": [0, 0, 0, 0, 0]},
    {**POINT, "bbox": ["0", 0, 0, 0]},
    {**POINT, "bbox": [True, 0, 0, 0]},
    {**POINT, "bbox": "0,0,0,0"},
    {**POINT, "extra": {"anything": [1]}},
    "Point",
    [0, 0],
]
BBOXES = [
    [],
    [0],
    [0, 0],
    [0, 0, 1],
    [0, 0, 1, 1],
    [0, 0, 1, 1, 2],
    [0, 0, 0, 1, 1, 1],
    [0, 0, 0, 1, 1, 1, 1],
    [0.0, 0.0, 1.0, 1.0],
    [1, 1, 0, 0],
    [-200, -100, 200, 100],
    ["0", 0, 1, 1],
    [None, 0, 1, 1],
    [True, 0, 1, 1],
    [0, 0, 1, False, 2, 2],
    [[0], 0, 1, 1],
    [0, 0, 1, "1", 2],
    {"west": 0},
]


def geometry_mutations() -> list[Mutation]:
    """Geometry.json (no GeometryCollection) and the Item's ``oneOf`` with ``bbox``."""
    mutations = values("geometry", choices=GEOMETRIES)
    mutations += values("bbox", choices=BBOXES)
    pairs: list[tuple[str, Edit]] = [
        ("null geometry, bbox kept", set_at("geometry", value=None)),
        ("null geometry, no bbox", both(set_at("geometry", value=None), delete_at("bbox"))),
        ("no bbox", delete_at("bbox")),
        ("no geometry", delete_at("geometry")),
        ("no geometry, no bbox", both(delete_at("geometry"), delete_at("bbox"))),
        ("no geometry, bad bbox", both(delete_at("geometry"), set_at("bbox", value=[0]))),
        (
            "GeometryCollection, no bbox",
            both(set_at("geometry", value=GEOMETRIES[34]), delete_at("bbox")),
        ),
        ("bad geometry, no bbox", both(set_at("geometry", value="x"), delete_at("bbox"))),
    ]
    mutations += [Mutation(label, edit) for label, edit in pairs]
    return mutations + every_type("geometry", "type") + every_type("geometry", "coordinates")


def collection_link_mutations() -> list[Mutation]:
    """``collection`` is given exactly when a link has rel "collection"."""
    collection_link = {"rel": "collection", "href": "./collection.json"}
    pairs: list[tuple[str, Edit]] = [
        ("no collection field", delete_at("collection")),
        ("no collection link", with_rel("collection")),
        ("neither", both(delete_at("collection"), with_rel("collection"))),
        ("collection empty", set_at("collection", value="")),
        ("second collection link", append_link(collection_link)),
        ("links empty", set_at("links", value=[])),
        ("links empty, no field", both(set_at("links", value=[]), delete_at("collection"))),
        ("links object", set_at("links", value={})),
        ("links object, no field", both(set_at("links", value={}), delete_at("collection"))),
        ("no links", delete_at("links")),
        ("no links, no field", both(delete_at("links"), delete_at("collection"))),
        (
            "link rel Collection",
            both(with_rel("collection"), append_link({**collection_link, "rel": "Collection"})),
        ),
        ("collection link without href", append_link({"rel": "collection"})),
        ("rel-less links only", both(with_rel("collection"), append_link({"href": "x"}))),
        ("non-object link", append_link("collection")),
        (
            "non-object link only",
            both(set_at("links", value=[{"rel": "collection"}]), delete_at("collection")),
        ),
    ]
    return [Mutation(label, edit) for label, edit in pairs] + every_type("collection")


EXTENSION_LISTS = [
    [],
    ["https://example.com/a.json"],
    ["https://example.com/a.json", "https://example.com/a.json"],
    ["a", "b", "a"],
    [1, 1.0],
    [True, 1],
    [True, True],
    [False, 0],
    [{"a": 1}, {"a": 1.0}],
    [{"a": 1, "b": 2}, {"b": 2, "a": 1}],
    [[1], [1.0]],
    [[1, 2], [2, 1]],
    [None, None],
    ["1", 1],
    ["not a uri at all"],
]


def stac_field_mutations() -> list[Mutation]:
    """``stac_version``, ``type``, ``id``, ``stac_extensions``."""
    mutations = values(
        "stac_version",
        choices=["1.0.0-rc.1", "1.1.0-beta.1", "1.2.0", "v1.0.0", " 1.0.0", "1.0", "1.1.0"],
    )
    mutations += values("id", choices=["", " ", "a", "é"])
    mutations += values("stac_extensions", choices=EXTENSION_LISTS)
    mutations.append(
        Mutation(
            "first extension twice",
            lambda document: document["stac_extensions"].append(document["stac_extensions"][0]),
        )
    )
    return mutations


COMMON_FIELDS = (
    *("title", "description", "keywords", "roles", "platform", "instruments"),
    *("constellation", "mission", "gsd", "license", "providers", "bands"),
    *("data_type", "nodata", "statistics", "unit", "datetime", "start_datetime", "created"),
)
PROVIDERS = [
    [],
    [{}],
    [{"name": ""}],
    [{"name": "x"}],
    [{"name": 5}],
    [{"name": "x", "roles": ["host", "producer", "licensor", "processor"]}],
    [{"name": "x", "roles": ["owner"]}],
    [{"name": "x", "roles": ["Host"]}],
    [{"name": "x", "roles": "host"}],
    [{"name": "x", "roles": [1]}],
    [{"name": "x", "roles": []}],
    [{"name": "x", "url": 5}],
    [{"name": "x", "url": "not a url"}],
    [{"name": "x", "description": 5}],
    [{"name": "x"}, 5],
    "x",
]
BANDS = [
    [],
    [{}],
    [{"name": "b1"}],
    [{"name": 5}],
    [1],
    "b1",
    [{"name": "b1", "description": ""}],
    [{"name": "b1", "nodata": "nan", "data_type": "uint8", "unit": "m"}],
    [{"name": "b1", "nodata": "NaN"}],
    [{"name": "b1", "statistics": {}}],
    [{"bands": [{"gsd": 0}]}],
    [{"bands": [{"bands": [{"start_datetime": "2024-01-01T00:00:00Z"}]}]}],
    [{"name": "b1", "datetime": "2024-01-01"}],
]
STATISTICS = [
    {},
    {"mean": 1},
    {"minimum": 0, "maximum": 1.5, "stddev": 0.1},
    {"count": 1.0},
    {"count": 1.5},
    {"count": -1},
    {"count": 0},
    {"count": True},
    {"valid_percent": 100},
    {"valid_percent": 100.5},
    {"valid_percent": -0.1},
    {"minimum": "a"},
    {"other": 1},
    [],
]


def common_metadata_mutations(site: tuple[Any, ...], *, every_json_type: bool) -> list[Mutation]:
    """Common metadata (v1.0.0 common_metadata, v1.1.0 common.json) at ``site``."""
    mutations: list[Mutation] = []
    if every_json_type:
        for field in COMMON_FIELDS:
            mutations += every_type(*site, field)
    mutations += values(
        *site,
        "license",
        choices=["CC-BY-4.0", "MIT License", "", "é", "MIT\n", "proprietary", "a+b.c_d-e", "٣"],
    )
    mutations += values(*site, "gsd", choices=[0, -1, 0.0, 5e-324, True, False, 10, 0.5, "10"])
    mutations += values(*site, "providers", choices=PROVIDERS)
    mutations += values(*site, "keywords", choices=[[], ["a"], [1], "a"])
    mutations += values(*site, "roles", choices=[[], ["data"], [1]])
    mutations += values(*site, "description", choices=["", "x"])
    mutations += values(*site, "instruments", choices=[[], ["a"], [1]])
    mutations += values(*site, "bands", choices=BANDS)
    mutations += values(*site, "data_type", choices=["uint8", "UINT8", "bool", "other"])
    mutations += values(
        *site, "nodata", choices=[0, -9999, 1.5, "nan", "NaN", "inf", "-inf", "+inf", "0"]
    )
    mutations += values(*site, "statistics", choices=STATISTICS)
    return mutations


def bands_quirk_mutations() -> list[Mutation]:
    """v1.1.0: bands in properties only when some asset has bands."""
    band = [{"name": "b1"}]
    pairs: list[tuple[str, Edit]] = [
        ("properties bands, no asset bands", set_at("properties", "bands", value=band)),
        (
            "properties and asset bands",
            both(
                set_at("properties", "bands", value=band),
                set_at("assets", FIRST, "bands", value=band),
            ),
        ),
        ("asset bands only", set_at("assets", FIRST, "bands", value=band)),
        (
            "properties bands, asset bands null",
            both(
                set_at("properties", "bands", value=band),
                set_at("assets", FIRST, "bands", value=None),
            ),
        ),
        (
            "properties bands, assets empty",
            both(set_at("properties", "bands", value=band), set_at("assets", value={})),
        ),
        (
            "properties bands, non-object asset",
            both(set_at("properties", "bands", value=band), set_at("assets", FIRST, value=5)),
        ),
        (
            "bad properties bands, asset bands",
            both(
                set_at("properties", "bands", value="x"),
                set_at("assets", FIRST, "bands", value=band),
            ),
        ),
    ]
    return [Mutation(label, edit) for label, edit in pairs]


def link_mutations() -> list[Mutation]:
    """item.json ``link`` (v1.1.0: method, headers, common metadata)."""
    mutations: list[Mutation] = []
    for field in ("rel", "href", "type", "title", "method", "headers", "body", "description"):
        mutations += every_type("links", FIRST, field)
    mutations += [
        Mutation("link: no rel", delete_at("links", FIRST, "rel")),
        Mutation("link: no href", delete_at("links", FIRST, "href")),
    ]
    mutations += values("links", FIRST, "href", choices=["", "not a uri", "../relative.json"])
    mutations += values(
        "links", FIRST, "method", choices=["GET", "get", "G1", "", "POST", "GET\n", "Ä"]
    )
    mutations += values(
        "links",
        FIRST,
        "headers",
        choices=[{}, {"a": "x"}, {"a": ["x", "y"]}, {"a": []}, {"a": 1}, {"a": ["x", 1]}],
    )
    mutations += values("links", FIRST, choices=[5, {}, {"rel": "x", "href": "y"}])
    mutations += values("links", FIRST, "roles", choices=[[1], ["a"]])
    mutations += values("links", FIRST, "gsd", choices=[0, 1])
    mutations += values("links", FIRST, "bands", choices=["x", [{"name": 1}]])
    mutations += [
        Mutation(
            "self link relative",
            append_link({"rel": "self", "href": "relative/path.json"}),
        )
    ]
    return mutations


def asset_mutations() -> list[Mutation]:
    """item.json ``asset`` (href and asset fields, plus common metadata)."""
    mutations: list[Mutation] = []
    for field in ("href", "title", "description", "type", "roles"):
        mutations += every_type("assets", FIRST, field)
    mutations.append(Mutation("asset: no href", delete_at("assets", FIRST, "href")))
    mutations += values("assets", FIRST, "href", choices=["", "not a uri"])
    mutations += values("assets", FIRST, "roles", choices=[[], ["data"], [1], "data"])
    mutations += values("assets", FIRST, choices=[5, {}, [], {"href": "x"}])
    mutations += values("assets", choices=[{}, [], {"a": {"href": "x", "description": ""}}])
    return mutations + common_metadata_mutations(("assets", FIRST), every_json_type=False)


def item_mutations() -> list[Mutation]:
    root = (
        *("type", "stac_version", "stac_extensions", "id", "geometry"),
        *("bbox", "properties", "links", "assets"),
    )
    mutations: list[Mutation] = []
    for field in root:
        mutations += every_type(field, delete=True)
    mutations += values("type", choices=["feature", "Collection", "FeatureCollection"])
    mutations += stac_field_mutations()
    mutations += datetime_mutations()
    mutations += geometry_mutations()
    mutations += collection_link_mutations()
    mutations += common_metadata_mutations(("properties",), every_json_type=True)
    mutations += bands_quirk_mutations()
    mutations += link_mutations()
    return mutations + asset_mutations()


SPATIAL_BOXES = [
    [],
    [[0, 0, 1, 1]],
    [[0, 0, 1, 1], [0, 0, 1, 1]],
    [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1]],
    [[0, 0, 0, 1, 1, 1]],
    [[0, 0, 1]],
    [[0, 0, 1, 1, 2]],
    [["0", 0, 1, 1]],
    [[True, 0, 1, 1]],
    [5],
    [[0, 0, 1, 1], [0, 0, 1]],
    "x",
]
INTERVALS = [
    [],
    [[None, None]],
    [["2020-01-01T00:00:00Z", None]],
    [[None, "2020-01-01T00:00:00+00:00"]],
    [["2020-01-01T00:00:00+01:00", None]],
    [["2020-01-01T00:00:00z", None]],
    [["2020-01-01t00:00:00Z", None]],
    [["2020-02-30T00:00:00Z", None]],
    [[None]],
    [[None, None, None]],
    [["bad", None]],
    [[5, None]],
    [5],
    [[None, None], [None, "2020-01-01T00:00:00Z\n"]],
    [["2021-01-01T00:00:00Z", "2020-01-01T00:00:00Z"]],
    "x",
]
SUMMARIES = [
    {},
    [],
    [1],
    [None],
    [[1, 2]],
    5,
    "x",
    None,
    True,
    {"minimum": 1, "maximum": 2},
    {"minimum": "a", "maximum": "b"},
    {"minimum": 1},
    {"maximum": "z"},
    {"minimum": "a"},
    {"minimum": None, "maximum": 1},
    {"minimum": [1], "maximum": 1},
    {"minimum": 1, "maximum": True},
    {"type": "string"},
    {"type": "foo"},
    {"type": ["string", "null"]},
    {"type": ["string", "string"]},
    {"type": []},
    {"type": 5},
    {"items": []},
    {"items": [{}]},
    {"items": 5},
    {"items": True},
    {"required": ["x", "x"]},
    {"required": [1]},
    {"required": "x"},
    {"minLength": -1},
    {"minLength": 2.0},
    {"minLength": 1.5},
    {"minLength": True},
    {"multipleOf": 0},
    {"multipleOf": 0.5},
    {"properties": {"b": 5}},
    {"properties": {"b": True}},
    {"properties": {"b": {"type": "nope"}}},
    {"properties": []},
    {"dependencies": {"b": ["c", "c"]}},
    {"dependencies": {"b": ["c"]}},
    {"dependencies": {"b": 5}},
    {"dependencies": {"b": {"type": "x"}}},
    {"enum": 5},
    {"enum": []},
    {"readOnly": 1},
    {"not": 5},
    {"not": {"not": {"not": {"minimum": "x"}}}},
    {"anyOf": []},
    {"allOf": [True, {"type": "foo"}]},
    {"$ref": 5},
    {"$ref": "#/not/resolved"},
    {"const": None},
    {"foo": 1},
    {"pattern": "("},
    {"format": "whatever"},
    {"default": {"anything": [1]}},
    {"examples": "x"},
    {"patternProperties": {"(": True}},
    {"if": 1},
    {"title": 5},
]


def extent_mutations() -> list[Mutation]:
    mutations = every_type("extent", "spatial", delete=True)
    mutations += every_type("extent", "temporal", delete=True)
    mutations += every_type("extent", "spatial", "bbox", delete=True)
    mutations += every_type("extent", "temporal", "interval", delete=True)
    mutations += values("extent", "spatial", "bbox", choices=SPATIAL_BOXES)
    mutations += values("extent", "temporal", "interval", choices=INTERVALS)
    mutations += values("extent", choices=[{}, {"spatial": {}, "temporal": {}}])
    return mutations


def item_assets_mutations() -> list[Mutation]:
    """v1.1.0 ``item_assets`` (not an object: not checked)."""
    definitions = [
        5,
        {},
        {"title": "x"},
        {"title": "x", "type": "y"},
        {"title": "x", "href": "y"},
        {"title": 5, "type": "y"},
        {"title": "x", "roles": [1]},
        {"title": "x", "roles": ["data"]},
        {"title": "x", "description": ""},
        {"title": "x", "gsd": 0},
        {"title": "x", "bands": [{"name": 1}]},
        {"title": "x", "start_datetime": "2024-01-01T00:00:00Z"},
        {"a": 1, "b": 2},
    ]
    mutations = values("item_assets", FIRST, choices=definitions)
    mutations += values("item_assets", choices=[5, [], {}, "x", None, {"a": 5}])
    mutations.append(Mutation("no item_assets", delete_at("item_assets")))
    return mutations


def collection_mutations() -> list[Mutation]:
    root = (
        *("type", "stac_version", "stac_extensions", "id", "title", "description"),
        *("keywords", "license", "providers", "extent", "assets", "links", "summaries"),
    )
    mutations: list[Mutation] = []
    for field in root:
        mutations += every_type(field, delete=True)
    mutations += values("type", choices=["collection", "Feature", "Catalog"])
    mutations += stac_field_mutations()
    mutations += common_metadata_mutations((), every_json_type=True)
    mutations += values("datetime", choices=DATETIMES[::2])
    mutations += [
        Mutation("start only", set_at("start_datetime", value="2024-01-01T00:00:00Z")),
        Mutation("datetime null", set_at("datetime", value=None)),
    ]
    mutations += extent_mutations()
    mutations += item_assets_mutations()
    mutations += values("summaries", "field", choices=SUMMARIES)
    mutations += values(
        "assets",
        choices=[
            {},
            {"a": {"href": "x"}},
            {"a": {}},
            {"a": {"href": ""}},
            {"a": {"href": "x", "description": ""}},
            {"a": 5},
            {"a": {"href": "x", "gsd": 0}},
            {"a": {"href": "x", "bands": [{"name": 1}]}},
            {"a": {"href": "x", "start_datetime": "2024-01-01T00:00:00Z"}},
        ],
    )
    return mutations + link_mutations()


# -- the corpus --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    label: str
    kind: Kind
    document: Any


def _as_version(document: Document, version: str) -> Document:
    document = copy.deepcopy(document)
    document["stac_version"] = version
    return document


@cache
def item_bases() -> tuple[tuple[str, Document], ...]:
    """Every official example Item of every MLM release, as STAC 1.0.0 and as 1.1.0."""
    return tuple(
        (f"{release}/{name}@{version}", _as_version(item, version))
        for release in RELEASES
        for name, item in example_items(release).items()
        for version in STAC_VERSIONS
    )


@cache
def collection_bases() -> tuple[tuple[str, Document], ...]:
    """The official example Collection of every MLM release, as published (old releases say
    STAC ``1.0.0-rc.1``), as STAC 1.0.0 and as 1.1.0."""
    bases = []
    for release in RELEASES:
        collection = example_collection(release)
        bases.append((f"{release}/collection.json", copy.deepcopy(collection)))
        for version in STAC_VERSIONS:
            bases.append((f"{release}/collection.json@{version}", _as_version(collection, version)))
    return tuple(bases)


def _mutated(
    kind: Kind, bases: tuple[tuple[str, Document], ...], mutations: list[Mutation]
) -> Iterator[Case]:
    """Each mutation applied to one base of each STAC version, the bases taking turns."""
    by_version = {
        version: [base for base in bases if base[1]["stac_version"] == version]
        for version in STAC_VERSIONS
    }
    for number, mutation in enumerate(mutations):
        for version, candidates in by_version.items():
            for offset in range(len(candidates)):
                name, base = candidates[(number + offset) % len(candidates)]
                document = copy.deepcopy(base)
                try:
                    mutation.edit(document)
                except NotApplicableError:
                    continue
                yield Case(f"{name} {mutation.label} [{version}]", kind, document)
                break


@cache
def corpus() -> tuple[Case, ...]:
    cases = [Case(name, "item", document) for name, document in item_bases()]
    cases += [Case(name, "collection", document) for name, document in collection_bases()]
    cases += _mutated("item", item_bases(), item_mutations())
    cases += _mutated("collection", collection_bases(), collection_mutations())
    return tuple(cases)


@cache
def oracle_verdicts() -> tuple[bool, ...]:
    return tuple(official_core_verdict(case.kind, case.document) for case in corpus())


# -- the differential tests --------------------------------------------------------------------


def test_the_oracle_asserts_date_time_with_rfc3339_validator() -> None:
    import rfc3339_validator  # noqa: F401  (fails loudly when missing)

    checker = _date_time_checker()
    assert checker.conforms("2024-01-01T00:00:00Z", "date-time")
    assert not checker.conforms("2024-02-30T00:00:00Z", "date-time")
    item = _as_version(item_bases()[0][1], "1.0.0")
    item["properties"]["datetime"] = "2024-02-30T00:00:00Z"
    assert not core_validator("item", "1.0.0").is_valid(item)


def test_corpus_is_large_and_both_verdicts_are_well_represented() -> None:
    verdicts = oracle_verdicts()
    valid = sum(verdicts)
    invalid = len(verdicts) - valid
    assert len(verdicts) >= 600
    assert valid >= len(verdicts) // 5, (valid, invalid)
    assert invalid >= len(verdicts) // 5, (valid, invalid)
    by_kind = {(case.kind, verdict) for case, verdict in zip(corpus(), verdicts, strict=True)}
    assert by_kind == {(kind, verdict) for kind in RULES for verdict in (True, False)}


def test_every_example_is_valid_stac_core_as_1_0_0_and_1_1_0() -> None:
    for name, document in item_bases():
        assert official_core_verdict("item", document), name
        assert item_core_violations(document) == [], name
    for name, document in collection_bases():
        if document["stac_version"] in STAC_VERSIONS:
            assert official_core_verdict("collection", document), name
            assert collection_core_violations(document) == [], name


def _disagreements(verdict: Callable[[Kind, Document], bool]) -> list[str]:
    return [
        f"{case.label}: official {expected}"
        for case, expected in zip(corpus(), oracle_verdicts(), strict=True)
        if verdict(case.kind, case.document) != expected
    ]


def test_python_rules_agree_with_the_official_core_schemas() -> None:
    disagreements = _disagreements(python_verdict)
    assert not disagreements, "\n".join(disagreements[:40])


def test_json_schema_twin_agrees_with_the_official_core_schemas() -> None:
    disagreements = _disagreements(twin_verdict)
    assert not disagreements, "\n".join(disagreements[:40])


def _all_paths(document: Any) -> list[tuple[Any, ...]]:
    """Every node's path, the document's own ``()`` first."""
    return [(), *_paths(document)]


def _replaced(document: Document, path: tuple[Any, ...], value: Any) -> Any:
    return value if not path else _replace(document, path, value)


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[Kind, Document]:
    """An example (Item or Collection, STAC 1.0.0 or 1.1.0) with one node replaced by any
    JSON value, or one key added to one object."""
    kind: Kind = draw(st.sampled_from(["item", "collection"]))
    bases = item_bases() if kind == "item" else collection_bases()
    _, base = draw(st.sampled_from(bases))
    paths = list(_all_paths(base))
    path = draw(st.sampled_from(paths))
    value = draw(json_values)
    target = _resolve_path(base, path)
    if isinstance(target, dict) and draw(st.booleans()):
        key = draw(
            st.sampled_from(
                ["bands", "datetime", "start_datetime", "gsd", "collection", "href", "method"]
            )
            | st.text(max_size=4)
        )
        return kind, _replaced(base, path, {**target, key: value})
    return kind, _replaced(base, path, value)


def _resolve_path(document: Document, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_random_mutations_agree_with_the_official_core_schemas(
    mutated: tuple[Kind, Document],
) -> None:
    kind, document = mutated
    expected = official_core_verdict(kind, document)
    assert python_verdict(kind, document) == expected, RULES[kind](document)
    assert twin_verdict(kind, document) == expected


datetime_like = st.from_regex(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(\.[0-9]{0,3})?"
    r"([Zz]|[+-][0-9]{2}:?[0-9]{2})?\n?",
    fullmatch=True,
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(STAC_VERSIONS), datetime_like | st.text(max_size=30))
def test_random_datetimes_agree_with_the_official_core_schemas(version: str, text: str) -> None:
    document = _as_version(item_bases()[0][1], version)
    document["properties"]["datetime"] = text
    expected = official_core_verdict("item", document)
    assert python_verdict("item", document) == expected, text
    assert twin_verdict("item", document) == expected, text


# -- the JSON Schema twin is self-contained ----------------------------------------------------


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references(value)


_SCHEMA_MAPS = ("properties", "patternProperties", "$defs")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_VALUES = (
    *("items", "not", "if", "then", "else", "additionalProperties", "contains"),
    *("propertyNames", "unevaluatedProperties", "unevaluatedItems"),
)


def _keywords(schema: Any) -> Iterator[str]:
    """The keywords used anywhere in ``schema`` (not the property names it lists)."""
    if not isinstance(schema, dict):
        return
    yield from schema
    for key, value in schema.items():
        if key in _SCHEMA_MAPS:
            for subschema in value.values():
                yield from _keywords(subschema)
        elif key in _SCHEMA_LISTS:
            for subschema in value:
                yield from _keywords(subschema)
        elif key in _SCHEMA_VALUES:
            yield from _keywords(value)


def _anchors(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$anchor"), str):
            yield node["$anchor"]
        for value in node.values():
            yield from _anchors(value)
    elif isinstance(node, list):
        for value in node:
            yield from _anchors(value)


@pytest.mark.parametrize("kind", ["item", "collection"])
def test_core_rules_schema_is_self_contained_2020_12(kind: Kind) -> None:
    schema = core_rules_schema(kind)
    Draft202012Validator.check_schema(schema)
    keywords = set(_keywords(schema))
    assert "dependentRequired" in keywords
    assert not keywords & {"dependencies", "definitions", "$schema", "$id"}
    anchors = set(_anchors(schema))
    for reference in _references(schema):
        assert reference.startswith("#"), reference
        assert reference[1:] in anchors, reference
    assert core_rules_schema(kind) == schema  # a fresh copy each time


@pytest.mark.parametrize("kind", ["item", "collection"])
def test_core_rules_schema_works_when_embedded(kind: Kind) -> None:
    """The exporter ``allOf``s it into a schema with its own ``$defs``: anchors still work."""
    embedded = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {"Other": {"type": "object"}},
        "allOf": [{"$ref": "#/$defs/Other"}, core_rules_schema(kind)],
    }
    validator = EcmaDraft202012Validator(embedded, format_checker=_date_time_checker())
    sample = corpus()[:: max(1, len(corpus()) // 150)]
    for case, expected in zip(
        sample, oracle_verdicts()[:: max(1, len(corpus()) // 150)], strict=True
    ):
        if case.kind == kind:
            assert validator.is_valid(case.document) == expected, case.label


@pytest.mark.parametrize("version", STAC_VERSIONS)
def test_twin_rejects_other_versions(version: str) -> None:
    for kind in ("item", "collection"):
        for stac_version in ("1.0.0-rc.1", None, 1, "1.2.0"):
            document = _as_version(
                item_bases()[0][1] if kind == "item" else collection_bases()[1][1], version
            )
            document["stac_version"] = stac_version
            assert not twin_verdict(kind, document)
            del document["stac_version"]
            assert not twin_verdict(kind, document)


# -- never raising -----------------------------------------------------------------------------


def _check_returns_violations(document: Any) -> None:
    for rules in RULES.values():
        violations = rules(document)
        assert isinstance(violations, list)
        assert all(isinstance(violation, RuleViolation) for violation in violations)


@pytest.mark.parametrize(
    ("kind", "index"), [("item", 0), ("item", 1), ("collection", 0), ("collection", 2)]
)
def test_any_json_value_anywhere_never_raises(kind: Kind, index: int) -> None:
    bases = item_bases() if kind == "item" else collection_bases()
    document = bases[index][1]
    for path in _all_paths(document):
        for sample in [*JSON_TYPE_SAMPLES.values(), [None, {}], {"": []}]:
            _check_returns_violations(_replaced(document, path, sample))


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_json_value_at_the_top_never_raises(value: Any) -> None:
    _check_returns_violations(value)


def _nested(depth: int, make: Callable[[Any], Any], leaf: Any) -> Any:
    node = leaf
    for _ in range(depth):
        node = make(node)
    return node


def test_deep_documents_never_raise() -> None:
    """Bands nest (common metadata in every band) and summaries hold JSON Schemas: 100 levels."""
    item = _as_version(item_bases()[0][1], "1.1.0")
    item["assets"][next(iter(item["assets"]))]["bands"] = _nested(
        49, lambda inner: [{"bands": inner}], [{"gsd": 0}]
    )
    violations = item_core_violations(item)
    assert len(violations) == 1
    assert violations[0].code == "stac_range"
    assert len(violations[0].loc) == 3 + 2 * 49 + 2
    collection = _as_version(collection_bases()[1][1], "1.1.0")
    collection["summaries"] = {"x": _nested(97, lambda inner: {"not": inner}, {"type": "nope"})}
    (violation,) = collection_core_violations(collection)
    assert violation.loc[-1] == "type"
    assert official_core_verdict("collection", collection) is False
    _check_returns_violations(_nested(100, lambda inner: [inner], None))
    _check_returns_violations(_nested(50, lambda inner: {"properties": inner}, {}))


# -- each rule: where and what -----------------------------------------------------------------

MINIMAL_ITEM: dict[str, Any] = {
    "type": "Feature",
    "stac_version": "1.1.0",
    "id": "x",
    "geometry": None,
    "properties": {"datetime": "2024-01-01T00:00:00Z"},
    "links": [],
    "assets": {},
}
MINIMAL_COLLECTION: dict[str, Any] = {
    "type": "Collection",
    "stac_version": "1.1.0",
    "id": "x",
    "description": "d",
    "license": "proprietary",
    "extent": {
        "spatial": {"bbox": [[0, 0, 1, 1]]},
        "temporal": {"interval": [[None, None]]},
    },
    "links": [],
}
DATETIME_RULE = (
    'an RFC 3339 date and time in UTC, ending in "Z" or "+00:00" (e.g. "2024-01-01T00:00:00Z")'
)
GEOMETRY_TYPES = (
    '"Point", "LineString", "Polygon", "MultiPoint", "MultiLineString" or "MultiPolygon"'
)
PROVIDER_ROLES = '"producer", "licensor", "processor" or "host"'
VERSIONS = '"1.0.0" or "1.1.0", the STAC versions whose core schemas are checked'


@dataclass(frozen=True)
class Rule:
    kind: Kind
    changes: dict[str, Any]  # top-level keys set (None-valued "DELETE" removes)
    loc: tuple[str | int, ...]
    code: str
    message: str
    input: Any = NO_INPUT
    version: str = "1.1.0"


DELETE = object()


def _rule_document(rule: Rule) -> Document:
    document = copy.deepcopy(MINIMAL_ITEM if rule.kind == "item" else MINIMAL_COLLECTION)
    document["stac_version"] = rule.version
    for key, value in rule.changes.items():
        if value is DELETE:
            del document[key]
        else:
            document[key] = copy.deepcopy(value)
    return document


PROPERTIES: dict[str, Any] = MINIMAL_ITEM["properties"]
RULE_CASES = {
    "stac_version missing": Rule(
        "item",
        {"stac_version": DELETE},
        ("stac_version",),
        "stac_required",
        f"stac_version is required: {VERSIONS}",
    ),
    "stac_version unknown": Rule(
        "item",
        {"stac_version": "1.0.0-rc.1"},
        ("stac_version",),
        "stac_version",
        f"stac_version must be {VERSIONS}",
        "1.0.0-rc.1",
    ),
    "type of an Item": Rule(
        "item",
        {"type": "Collection"},
        ("type",),
        "stac_document_type",
        'type must be "Feature" for a STAC Item',
        "Collection",
    ),
    "type of a Collection": Rule(
        "collection",
        {"type": "Feature"},
        ("type",),
        "stac_document_type",
        'type must be "Collection" for a STAC Collection',
        "Feature",
    ),
    "required": Rule(
        "item",
        {"assets": DELETE},
        ("assets",),
        "stac_required",
        "assets is required in a STAC Item",
    ),
    "id": Rule("item", {"id": ""}, ("id",), "stac_empty", "id must be a non-empty string", ""),
    "stac_extensions unique": Rule(
        "item",
        {
            "stac_extensions": [
                "https://e.org/a.json",
                "https://e.org/b.json",
                "https://e.org/a.json",
            ]
        },
        ("stac_extensions", 2),
        "stac_unique",
        "stac_extensions must not list the same schema twice",
        "https://e.org/a.json",
        "1.0.0",
    ),
    "GeometryCollection": Rule(
        "item",
        {"geometry": {"type": "GeometryCollection", "geometries": []}, "bbox": [0, 0, 1, 1]},
        ("geometry", "type"),
        "stac_geometry",
        "a GeometryCollection is not allowed as the geometry of a STAC Item: "
        f"use one of {GEOMETRY_TYPES}",
        "GeometryCollection",
    ),
    "geometry type": Rule(
        "item",
        {"geometry": {"type": "Circle", "coordinates": [0, 0]}, "bbox": [0, 0, 1, 1]},
        ("geometry", "type"),
        "stac_geometry",
        f"the type of a geometry must be one of {GEOMETRY_TYPES}",
        "Circle",
    ),
    "linear ring": Rule(
        "item",
        {
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]},
            "bbox": [0, 0, 1, 1],
        },
        ("geometry", "coordinates", 0),
        "stac_coordinates",
        "a linear ring must be an array of at least 4 positions",
        [[0, 0], [1, 1], [0, 0]],
    ),
    "coordinate": Rule(
        "item",
        {"geometry": {"type": "Point", "coordinates": [0, True]}, "bbox": [0, 0, 1, 1]},
        ("geometry", "coordinates", 1),
        "stac_coordinates",
        "a coordinate must be a number",
        True,
    ),
    "geometry bbox": Rule(
        "item",
        {"geometry": {**POINT, "bbox": [0, 0]}, "bbox": [0, 0, 1, 1]},
        ("geometry", "bbox"),
        "stac_bbox",
        "the bbox of a geometry must be an array of at least 4 numbers",
        [0, 0],
    ),
    "bbox required": Rule(
        "item",
        {"geometry": POINT},
        ("bbox",),
        "stac_required",
        "bbox is required when geometry is not null",
    ),
    "bbox absent": Rule(
        "item",
        {"bbox": [0, 0, 1, 1]},
        ("bbox",),
        "stac_bbox",
        "bbox must be absent when geometry is null",
        [0, 0, 1, 1],
    ),
    "bbox size": Rule(
        "item",
        {"geometry": POINT, "bbox": [0, 0, 1, 1, 2]},
        ("bbox",),
        "stac_bbox",
        "bbox must have 4 or 6 numbers",
        [0, 0, 1, 1, 2],
    ),
    "bbox entry": Rule(
        "item",
        {"geometry": POINT, "bbox": [0, 0, "1", 1]},
        ("bbox", 2),
        "stac_type",
        "each entry of a bbox must be a number",
        "1",
    ),
    "properties object": Rule(
        "item",
        {"properties": None},
        ("properties",),
        "stac_type",
        "properties must be an object",
        None,
    ),
    "datetime required": Rule(
        "item",
        {"properties": {}},
        ("properties", "datetime"),
        "stac_required",
        "datetime is required in the properties of an Item "
        "(null when start_datetime and end_datetime give a range instead)",
    ),
    "datetime null": Rule(
        "item",
        {"properties": {"datetime": None}},
        ("properties", "datetime"),
        "stac_datetime_range",
        "datetime may only be null when start_datetime and end_datetime are given",
        None,
    ),
    "datetime format": Rule(
        "item",
        {"properties": {"datetime": "2024-02-30T00:00:00Z"}},
        ("properties", "datetime"),
        "stac_datetime",
        f"datetime must be {DATETIME_RULE}",
        "2024-02-30T00:00:00Z",
    ),
    "datetime in UTC": Rule(
        "item",
        {"properties": {"datetime": "2024-01-01T05:45:00+05:45"}},
        ("properties", "datetime"),
        "stac_datetime",
        f"datetime must be {DATETIME_RULE}",
        "2024-01-01T05:45:00+05:45",
    ),
    "datetime type": Rule(
        "item",
        {"properties": {"datetime": 0}},
        ("properties", "datetime"),
        "stac_type",
        f"datetime must be {DATETIME_RULE} or null",
        0,
    ),
    "datetime range": Rule(
        "item",
        {"properties": {**PROPERTIES, "start_datetime": "2024-01-01T00:00:00Z"}},
        ("properties", "end_datetime"),
        "stac_datetime_range",
        "end_datetime is required when start_datetime is given: a range has both ends",
    ),
    "gsd": Rule(
        "item",
        {"properties": {**PROPERTIES, "gsd": 0}},
        ("properties", "gsd"),
        "stac_range",
        "gsd must be a number greater than 0",
        0,
        "1.0.0",
    ),
    "license": Rule(
        "item",
        {"properties": {**PROPERTIES, "license": "MIT License"}},
        ("properties", "license"),
        "stac_license",
        'license must be a license identifier such as "Apache-2.0" or "proprietary": '
        'ASCII letters, digits, "_", "-", "." and "+" only',
        "MIT License",
    ),
    "provider role": Rule(
        "item",
        {"properties": {**PROPERTIES, "providers": [{"name": "p", "roles": ["host", "owner"]}]}},
        ("properties", "providers", 0, "roles", 1),
        "stac_enum",
        f"each provider role must be one of {PROVIDER_ROLES}",
        "owner",
    ),
    "provider name": Rule(
        "collection",
        {"providers": [{"name": ""}]},
        ("providers", 0, "name"),
        "stac_empty",
        "name must be a non-empty string",
        "",
    ),
    "description": Rule(
        "collection",
        {"description": ""},
        ("description",),
        "stac_empty",
        "description must be a non-empty string",
        "",
        "1.0.0",
    ),
    "collection without link": Rule(
        "item",
        {"collection": "c"},
        ("collection",),
        "stac_collection_link",
        'collection is only allowed when links has a link with rel "collection"',
        "c",
    ),
    "collection link without field": Rule(
        "item",
        {"links": [{"rel": "collection", "href": "c.json"}]},
        ("collection",),
        "stac_collection_link",
        'collection is required when links has a link with rel "collection": '
        "the id of that Collection",
    ),
    "link href": Rule(
        "item",
        {"links": [{"rel": "self"}]},
        ("links", 0, "href"),
        "stac_required",
        "href is required in a link",
    ),
    "link method": Rule(
        "item",
        {"links": [{"rel": "x", "href": "y", "method": "get"}]},
        ("links", 0, "method"),
        "stac_link_method",
        'method must be an HTTP method in upper-case letters, e.g. "GET" or "POST"',
        "get",
    ),
    "link headers": Rule(
        "item",
        {"links": [{"rel": "x", "href": "y", "headers": {"Accept": 1}}]},
        ("links", 0, "headers", "Accept"),
        "stac_type",
        "a header value must be a string or an array of strings",
        1,
    ),
    "asset href": Rule(
        "item",
        {"assets": {"model": {"href": ""}}},
        ("assets", "model", "href"),
        "stac_empty",
        "href must be a non-empty string",
        "",
    ),
    "asset roles": Rule(
        "item",
        {"assets": {"model": {"href": "m", "roles": "data"}}},
        ("assets", "model", "roles"),
        "stac_type",
        "roles must be an array of strings",
        "data",
    ),
    "bands in properties": Rule(
        "item",
        {"properties": {**PROPERTIES, "bands": []}, "assets": {"a": {"href": "a"}}},
        ("properties", "bands"),
        "stac_bands_in_properties",
        "bands is only allowed in the properties of a STAC 1.1.0 Item "
        "when some asset has bands too",
        [],
    ),
    "band name": Rule(
        "item",
        {"assets": {"a": {"href": "a", "bands": [{"name": 1}]}}},
        ("assets", "a", "bands", 0, "name"),
        "stac_type",
        "name must be a string",
        1,
    ),
    "data_type": Rule(
        "item",
        {"assets": {"a": {"href": "a", "data_type": "bool"}}},
        ("assets", "a", "data_type"),
        "stac_enum",
        'data_type must be one of "int8", "int16", "int32", "int64", "uint8", "uint16", '
        '"uint32", "uint64", "float16", "float32", "float64", "cint16", "cint32", '
        '"cfloat32", "cfloat64" or "other"',
        "bool",
    ),
    "nodata": Rule(
        "item",
        {"assets": {"a": {"href": "a", "nodata": "NaN"}}},
        ("assets", "a", "nodata"),
        "stac_enum",
        'nodata must be a number or one of "nan", "inf" or "-inf"',
        "NaN",
    ),
    "statistics": Rule(
        "item",
        {"assets": {"a": {"href": "a", "statistics": {}}}},
        ("assets", "a", "statistics"),
        "stac_empty",
        "statistics must be an object with at least one statistic",
        {},
    ),
    "statistics count": Rule(
        "item",
        {"assets": {"a": {"href": "a", "statistics": {"count": 1.5}}}},
        ("assets", "a", "statistics", "count"),
        "stac_type",
        "count must be an integer of at least 0",
        1.5,
    ),
    "extent boxes": Rule(
        "collection",
        {
            "extent": {
                "spatial": {"bbox": [[0, 0, 1, 1]] * 2},
                "temporal": {"interval": [[None, None]]},
            }
        },
        ("extent", "spatial", "bbox"),
        "stac_extent_bbox",
        "the bbox of the spatial extent must hold one bounding box, or the overall box "
        "followed by at least two sub-boxes",
        [[0, 0, 1, 1]] * 2,
    ),
    "extent no boxes": Rule(
        "collection",
        {"extent": {"spatial": {"bbox": []}, "temporal": {"interval": [[None, None]]}}},
        ("extent", "spatial", "bbox"),
        "stac_extent_bbox",
        "the bbox of the spatial extent must hold at least one bounding box",
        [],
        "1.0.0",
    ),
    "interval": Rule(
        "collection",
        {"extent": {"spatial": {"bbox": [[0, 0, 1, 1]]}, "temporal": {"interval": [[None]]}}},
        ("extent", "temporal", "interval", 0),
        "stac_interval",
        "an interval must be an array of 2 datetimes [start, end], null for an open end",
        [None],
    ),
    "interval end": Rule(
        "collection",
        {
            "extent": {
                "spatial": {"bbox": [[0, 0, 1, 1]]},
                "temporal": {"interval": [[None, "2024"]]},
            }
        },
        ("extent", "temporal", "interval", 0, 1),
        "stac_datetime",
        f"each end of an interval must be {DATETIME_RULE}, or null",
        "2024",
    ),
    "item asset href": Rule(
        "collection",
        {"item_assets": {"a": {"title": "A", "href": "a"}}},
        ("item_assets", "a", "href"),
        "stac_item_asset",
        "href is not allowed in an item asset definition",
        "a",
    ),
    "item asset fields": Rule(
        "collection",
        {"item_assets": {"a": {"title": "A"}}},
        ("item_assets", "a"),
        "stac_item_asset",
        "an item asset definition must be an object with at least 2 fields",
        {"title": "A"},
    ),
    "summary empty": Rule(
        "collection",
        {"summaries": {"platform": []}},
        ("summaries", "platform"),
        "stac_summary",
        "a summary must be a non-empty array of values, a range object with minimum and "
        "maximum, or a non-empty JSON Schema object",
        [],
    ),
    "summary range": Rule(
        "collection",
        {"summaries": {"gsd": {"minimum": "10"}}},
        ("summaries", "gsd", "maximum"),
        "stac_required",
        "maximum is required in a range summary (minimum and maximum)",
    ),
    "summary schema": Rule(
        "collection",
        {"summaries": {"gsd": {"type": "float"}}},
        ("summaries", "gsd", "type"),
        "stac_summary_schema",
        'type must be one of "array", "boolean", "integer", "null", "number", "object" or '
        '"string", or a non-empty array of them (in a JSON Schema)',
        "float",
    ),
    "summary schema unique": Rule(
        "collection",
        {"summaries": {"gsd": {"required": ["a", "a"]}}},
        ("summaries", "gsd", "required", 1),
        "stac_summary_schema",
        "required must be an array of unique strings (in a JSON Schema)",
        "a",
    ),
}


def test_minimal_documents_are_valid() -> None:
    minimal: list[tuple[Kind, Document]] = [
        ("item", MINIMAL_ITEM),
        ("collection", MINIMAL_COLLECTION),
    ]
    for kind, document in minimal:
        for version in STAC_VERSIONS:
            versioned = _as_version(document, version)
            assert official_core_verdict(kind, versioned)
            assert RULES[kind](versioned) == []


@pytest.mark.parametrize("name", list(RULE_CASES))
def test_each_rule_reports_where_and_what(name: str) -> None:
    rule = RULE_CASES[name]
    document = _rule_document(rule)
    assert not official_core_verdict(rule.kind, document)  # the schema agrees it is broken
    expected = RuleViolation(rule.loc, rule.code, rule.message, rule.input)
    assert RULES[rule.kind](document) == [expected]


def test_not_an_object() -> None:
    assert item_core_violations([]) == [
        RuleViolation((), "stac_type", "a STAC Item must be a JSON object", [])
    ]
    assert collection_core_violations("x") == [
        RuleViolation((), "stac_type", "a STAC Collection must be a JSON object", "x")
    ]


def test_unknown_version_still_reports_the_shared_rules() -> None:
    document = _as_version(MINIMAL_ITEM, "2.0.0")
    document["id"] = ""
    document["properties"] = {"datetime": None, "data_type": "bool"}  # data_type: 1.1.0 only
    assert [(violation.loc, violation.code) for violation in item_core_violations(document)] == [
        (("stac_version",), "stac_version"),
        (("id",), "stac_empty"),
        (("properties", "datetime"), "stac_datetime_range"),
    ]


def test_every_violation_is_reported_with_every_index() -> None:
    document = _as_version(MINIMAL_ITEM, "1.1.0")
    document["links"] = [{"rel": "a", "href": "b"}, {"rel": ""}, 5]
    document["stac_extensions"] = ["a", "b", "a", "b"]
    assert [(violation.loc, violation.code) for violation in item_core_violations(document)] == [
        (("stac_extensions", 2), "stac_unique"),
        (("stac_extensions", 3), "stac_unique"),
        (("links", 1, "href"), "stac_required"),
        (("links", 1, "rel"), "stac_empty"),
        (("links", 2), "stac_type"),
    ]


def test_a_wrong_type_is_reported_once() -> None:
    document = _as_version(MINIMAL_ITEM, "1.1.0")
    document["assets"] = {"a": {"href": "a", "description": 5, "roles": "x"}}
    assert [(violation.loc, violation.code) for violation in item_core_violations(document)] == [
        (("assets", "a", "description"), "stac_type"),
        (("assets", "a", "roles"), "stac_type"),
    ]


def test_a_properties_field_is_reported_once_by_the_rules_of_the_items_stac_version() -> None:
    """Inside an Item, the Item checks its properties by the core schema of its
    stac_version; the properties' own check (the rules both versions share) is not added."""
    from pydantic import ValidationError

    from stac_mlm import MLMItem

    item = copy.deepcopy(example_items()["item_basic.json"])
    item["stac_version"] = "1.1.0"
    item["properties"]["description"] = 5
    with pytest.raises(ValidationError) as caught:
        MLMItem.model_validate(item)
    lines = [line for line in caught.value.errors() if line["loc"] == ("properties", "description")]
    assert [line["msg"] for line in lines] == ["description must be a non-empty string (got 5)"]
