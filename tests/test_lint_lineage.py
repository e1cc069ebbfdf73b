"""The lineage lint rules (LIN0xx): each fires where it should, located, and stays quiet on
a near miss; those that need the document's file resolve hrefs on disk, offline.

The product linted is ``predictions/p1.json`` of the catalog ``tests/lineage_catalog.py``
builds: links ``[collection, input imagery (local, never created), input imagery (remote),
model]``, and the asset ``classes`` made by ``models/m1.json`` ("Model One").
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lineage_catalog import build, collection, write
from lineage_catalog import product as made_product

from stac_mlm.cli import main
from stac_mlm.lineage import as_model_product, model_link
from stac_mlm.linting import RULES, lint

Edit = Callable[[dict[str, Any]], None]
LINK = ("links", 3)
EXPRESSION = ("assets", "classes", "processing:expression", "expression")
CLASSES = ("assets", "classes")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lineage")
    build(root)
    return root


def product(root: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((root / "predictions" / "p1.json").read_text())
    return document


def put(*path: str | int, value: Any) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        parent: Any = document
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value

    return edit


def drop(*path: str | int) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        parent: Any = document
        for key in path[:-1]:
            parent = parent[key]
        del parent[path[-1]]

    return edit


def link(**fields: Any) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        document["links"].append({"rel": "derived_from", **fields})

    return edit


def both(*edits: Edit) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        for one in edits:
            one(document)

    return edit


@dataclass(frozen=True)
class Case:
    """``fire`` makes the rule fire first at ``location`` with ``says`` in its message;
    ``quiet`` is a near miss on which it does not fire."""

    code: str
    fire: Edit
    location: tuple[str | int, ...]
    says: str
    value: Any
    quiet: Edit


CASES = [
    Case(
        "LIN001",
        drop("links", 3),
        EXPRESSION,
        "no derived_from link leads to the model this asset comes from",
        "../models/m1.json",
        put(*LINK, "href", value="./../models/m1.json"),  # the same href, written otherwise
    ),
    Case(
        "LIN002",
        drop(*CLASSES, "processing:expression"),
        LINK,
        'no asset says it is the output of the model this link leads to ("../models/m1.json")',
        None,  # about an absence: no "got" of the link's href
        put(*EXPRESSION, value="../models/./m1.json"),
    ),
    Case(
        "LIN003",
        put(*EXPRESSION, value={"href": "../models/m1.json"}),
        EXPRESSION,
        "the expression of format stac-mlm is the href of the model's MLM Item",
        {"href": "../models/m1.json"},
        both(  # not a stac-mlm expression: any expression goes
            put(*CLASSES, "processing:expression", value={"format": "gdal-calc", "expression": 3}),
        ),
    ),
    Case(
        "LIN004",
        put(*CLASSES, "mlm:name", value="Model Two"),
        (*CLASSES, "mlm:name"),
        'the derived_from link to the same model (links → 3) names "Model One"',
        "Model Two",
        drop(*CLASSES, "mlm:name"),  # nothing to compare
    ),
    Case(
        "LIN005",
        both(
            put(*LINK, "href", value="../models/gone.json"),
            put(*EXPRESSION, value="../models/gone.json"),
        ),
        (*LINK, "href"),
        "no such file: ",
        "../models/gone.json",
        both(  # remote: never fetched, no finding
            put(*LINK, "href", value="https://example.com/models/gone.json"),
            put(*EXPRESSION, value="https://example.com/models/gone.json"),
        ),
    ),
    Case(
        "LIN006",
        put(*LINK, "mlm:name", value="Model Two"),
        (*LINK, "mlm:name"),
        'names "Model Two", but ',
        "Model Two",
        both(  # the Collection of models names both in its summaries
            put(*LINK, "href", value="../models/collection.json"),
            put(*LINK, "mlm:name", value="Model Two"),
            put(*EXPRESSION, value="../models/collection.json"),
            drop(*CLASSES, "mlm:name"),
        ),
    ),
    Case(
        "LIN007",
        link(href="../models/m2.json"),
        ("links", 4),
        'give it the mlm:name of the model ("Model Two")',
        None,
        link(href="../catalog.json"),  # a link to data that is not a model
    ),
]


def _lint(root: Path, edit: Edit, *, with_path: bool = True) -> list[Any]:
    document = product(root)
    edit(document)
    path = str(root / "predictions" / "p1.json") if with_path else None
    return lint(document, path=path)


def test_every_lineage_rule_has_its_two_tests() -> None:
    assert sorted(case.code for case in CASES) == sorted(c for c in RULES if c.startswith("LIN"))


def test_a_product_built_by_stac_mlm_gives_no_lineage_finding(catalog: Path) -> None:
    for name in ("p1", "p2"):
        document = json.loads((catalog / "predictions" / f"{name}.json").read_text())
        path = str(catalog / "predictions" / f"{name}.json")
        assert [f for f in lint(document, path=path) if f.code.startswith("LIN")] == []
    # a Collection of products, its item assets made by the model: as quiet
    products = collection("predictions", ["p1"], item_assets={"classes": {"roles": ["data"]}})
    made = as_model_product(products, "../models/collection.json", "Model Two")
    path = str(catalog / "predictions" / "collection.json")
    assert [f for f in lint(made, path=path) if f.code.startswith("LIN")] == []
    del made["item_assets"]["classes"]["processing:expression"]
    assert [(f.code, f.location) for f in lint(made, path=path) if f.code[:3] == "LIN"] == [
        ("LIN002", ("links", 1))
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_the_lineage_rule_fires(case: Case, catalog: Path) -> None:
    found = [finding for finding in _lint(catalog, case.fire) if finding.code == case.code]
    assert found, f"{case.code} did not fire"
    assert found[0].location == case.location
    assert case.says in found[0].message
    assert found[0].value == case.value
    assert (found[0].severity, found[0].source) == (
        RULES[case.code].severity,
        RULES[case.code].source,
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_the_lineage_rule_stays_quiet_on_a_near_miss(case: Case, catalog: Path) -> None:
    assert [f for f in _lint(catalog, case.quiet) if f.code == case.code] == []


@pytest.mark.parametrize("code", ["LIN005", "LIN006", "LIN007"])
def test_the_rules_that_resolve_need_the_path(code: str, catalog: Path) -> None:
    (case,) = [case for case in CASES if case.code == code]
    assert [f for f in _lint(catalog, case.fire, with_path=False) if f.code == code] == []


def test_resolution_findings_are_the_lineage_modules_words(catalog: Path) -> None:
    """LIN005 and LIN006 say what ``check_lineage`` (and validate --recursive) say."""
    document = product(catalog)
    document["links"] += [
        model_link("../catalog.json", "Model One"),
        model_link("../models/collection.json", "Model Three"),
    ]
    path = str(catalog / "predictions" / "p1.json")
    found = [(f.code, f.location, f.message) for f in lint(document, path=path)]
    assert [f for f in found if f[0] in ("LIN005", "LIN006")] == [
        (
            "LIN005",
            ("links", 4, "href"),
            f'not an MLM document: {catalog}/catalog.json (type "Catalog") declares no MLM release',
        ),
        (
            "LIN006",
            ("links", 5, "mlm:name"),
            f'names "Model Three", but {catalog}/models/collection.json has mlm:name one of '
            '["Model One", "Model Two"]',
        ),
    ]


def test_an_expression_that_is_not_an_href_is_said_once(catalog: Path) -> None:
    """With the path, a non-string expression is LIN003's, not also LIN005's."""
    found = _lint(catalog, put(*EXPRESSION, value=None))
    assert [(f.code, f.location) for f in found if f.code.startswith("LIN")] == [
        ("LIN002", LINK),
        ("LIN003", EXPRESSION),
    ]


def test_a_model_tuned_from_another_is_no_product(catalog: Path) -> None:
    """An MLM Item linking to the model it was tuned from has weights, not outputs: LIN002
    does not ask for stac-mlm expressions on them."""
    model = json.loads((catalog / "models" / "m2.json").read_text())
    model["links"].append(model_link("m1.json", "Model One"))
    path = str(catalog / "models" / "m2.json")
    assert [f.code for f in lint(model, path=path) if f.code.startswith("LIN")] == []


def test_each_target_file_is_read_once_per_document(
    catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stac_mlm.lineage

    reads: list[Path] = []
    real = stac_mlm.lineage._read_json
    monkeypatch.setattr(stac_mlm.lineage, "_read_json", lambda p: reads.append(p) or real(p))
    document = product(catalog)
    document["links"] += [model_link("../models/m1.json", "Model Two")] * 3
    lint(document, path=str(catalog / "predictions" / "p1.json"))
    # the model, and the input imagery LIN007 looks at (it does not exist): each once
    assert sorted(reads) == [catalog / "imagery" / "s2-tile.json", catalog / "models" / "m1.json"]


def test_lint_command_resolves_the_products_of_a_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(tmp_path)
    assert main(["lint", "--strict", "--select", "LIN", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""
    document = product(tmp_path)
    document["links"][3]["mlm:name"] = "Model Two"
    write(tmp_path / "predictions" / "p1.json", document)
    assert main(["lint", "--strict", "--select", "LIN", str(tmp_path)]) == 1
    name, models = tmp_path / "predictions" / "p1.json", tmp_path / "models"
    assert capsys.readouterr().out.splitlines() == [
        f"{name}: WARNING LIN004 assets → classes → mlm:name: the derived_from link to the "
        'same model (links → 3) names "Model Two": one model has one mlm:name (got "Model One")',
        f'{name}: WARNING LIN006 links → 3 → mlm:name: names "Model Two", but {models}/m1.json '
        'has mlm:name "Model One" (got "Model Two")',
    ]


def test_a_copy_of_the_document_is_never_changed(catalog: Path) -> None:
    document = product(catalog)
    before = copy.deepcopy(document)
    lint(document, path=str(catalog / "predictions" / "p1.json"))
    assert document == before


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


HREFS = st.sampled_from(
    [
        "",
        " ",
        "a\x00b.json",
        "x" * 5000,
        "http://[bad",
        "//host/m.json",
        "file:m.json",
        "file:///dev/zero",
        "/",
        ".",
        "..",
        "../models/",
        "javascript:alert(1)",
        "C:\\models\\m.json",
        "../models/m1.json#frag",
        "\ud800.json",
    ]
) | st.text(max_size=20)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | HREFS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(
    path=st.sampled_from(_paths(made_product("p1", "../models/m1.json", "Model One"))), value=VALUES
)
def test_any_value_anywhere_in_a_product_never_crashes_the_lineage_rules(
    catalog: Path, path: tuple[Any, ...], value: Any
) -> None:
    """Hrefs with a NUL, a lone surrogate, 5,000 characters, odd schemes, folders, devices;
    any JSON where a link, an asset or an expression was: findings, never an exception."""
    document = product(catalog)
    parent: Any = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    for finding in lint(document, path=str(catalog / "predictions" / "p1.json")):
        assert isinstance(finding.message, str)
        json.dumps(finding.value)
