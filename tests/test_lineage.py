"""Lineage: products built the recommended way, read back, resolved on disk; and
``validate --recursive`` over a catalog of models and products, in text and JSON."""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from lineage_catalog import INPUTS, build, model, product, write
from pydantic import ValidationError
from spec_folder import extension_validator
from stac_pydantic import Item

import stac_mlm.cli.report
from stac_mlm import MLMItem
from stac_mlm.cli import main, validate
from stac_mlm.cli.report import report_schema
from stac_mlm.lineage import (
    MAX_TARGET_BYTES,
    PROCESSING_SCHEMA_URI,
    Reference,
    Status,
    as_model_product,
    check_lineage,
    model_link,
    model_output_fields,
    model_references,
    references,
    resolve,
)

PROCESSING = extension_validator(PROCESSING_SCHEMA_URI)
REPORT = Draft202012Validator(report_schema())


def plain_item() -> dict[str, Any]:
    return {
        "type": "Feature",
        "stac_version": "1.1.0",
        "id": "p",
        "geometry": None,
        "properties": {"datetime": "2024-06-01T00:00:00Z"},
        "assets": {
            "classes": {"href": "p.tif", "roles": ["data"]},
            "thumbnail": {"href": "p.png", "roles": ["thumbnail"]},
        },
        "links": [{"rel": "derived_from", "href": "s2.json"}],
    }


# ------------------------------------------------------------------------------------------
# Build
# ------------------------------------------------------------------------------------------


def test_model_link_and_asset_fields_are_the_best_practices_shapes() -> None:
    assert model_link("m.json", model("m1")) == {
        "href": "m.json",
        "rel": "derived_from",
        "type": "application/geo+json",
        "mlm:name": "Model One",
        "processing:level": "L4",
    }
    assert model_output_fields("m.json", "Model One") == {
        "mlm:name": "Model One",
        "processing:level": "L4",
        "processing:expression": {"format": "stac-mlm", "expression": "m.json"},
    }


def test_a_product_item_is_a_new_document_valid_for_the_processing_schema() -> None:
    item = plain_item()
    before = copy.deepcopy(item)
    made = as_model_product(item, "../models/m1.json", model("m1"), assets=["classes"])
    assert item == before  # never changed in place
    assert list(PROCESSING.iter_errors(item))  # the plain Item is not a processing product
    assert list(PROCESSING.iter_errors(made)) == []
    assert made["stac_extensions"] == [PROCESSING_SCHEMA_URI]
    assert made["properties"]["processing:level"] == "L4"
    assert made["assets"]["classes"]["processing:expression"]["expression"] == "../models/m1.json"
    assert made["assets"]["thumbnail"] == item["assets"]["thumbnail"]
    assert made["links"] == [*item["links"], model_link("../models/m1.json", "Model One")]
    assert as_model_product(made, "../models/m1.json", "Model One", assets=[]) == made  # once


def test_a_product_collection_is_valid_for_the_processing_schema() -> None:
    collection = {
        "type": "Collection",
        "stac_version": "1.1.0",
        "id": "c",
        "description": "d",
        "license": "MIT",
        "extent": {},
        "links": [],
        "item_assets": {"classes": {"roles": ["data"]}},
    }
    made = as_model_product(collection, "m.json", "Model One")
    assert list(PROCESSING.iter_errors(made)) == []
    assert made["summaries"] == {"processing:level": ["L4"]}
    assert [ref.location for ref in model_references(made)] == [
        ("links", 0),
        ("item_assets", "classes"),
    ]


def test_models_in_give_models_out() -> None:
    stac = as_model_product(Item.model_validate(plain_item()), "m.json", "Model One")
    assert isinstance(stac, Item)
    assert stac.model_dump(mode="json")["links"][-1]["mlm:name"] == "Model One"
    # a model fine-tuned from another: an MLM Item, whose assets may not carry mlm:name
    tuned = as_model_product(model("m2"), "m1.json", model("m1"), assets=["weights"])
    assert isinstance(tuned, MLMItem)
    weights = tuned.model_dump(mode="json")["assets"]["weights"]
    assert "mlm:name" not in weights
    assert weights["processing:level"] == "L4"


def test_build_errors_name_the_value() -> None:
    with pytest.raises(ValueError, match=r'no asset "map" in the document \(its assets: '):
        as_model_product(plain_item(), "m.json", "Model One", assets=["map"])
    with pytest.raises(
        ValueError, match=r'a product is a STAC Item or Collection \(got type "Catalog"\)'
    ):
        as_model_product({"type": "Catalog"}, "m.json", "Model One")
    with pytest.raises(ValueError, match=r'mlm:name must be a non-empty string \(got ""\)'):
        model_link("m.json", "")
    with pytest.raises(ValidationError, match="href"):
        model_link("", "Model One")


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("properties", None, "properties must be a JSON object (got null)"),
        ("properties", [], "properties must be a JSON object (got [])"),
        ("links", "abc", 'links must be a JSON array (got "abc")'),
        ("links", {"rel": "self"}, 'links must be a JSON array (got {"rel": "self"})'),
        ("stac_extensions", "x", 'stac_extensions must be a JSON array (got "x")'),
        ("assets", [], "assets must be a JSON object (got [])"),
    ],
)
def test_a_product_whose_fields_have_the_wrong_shape_is_refused_saying_where(
    key: str, value: Any, says: str
) -> None:
    """A string or an object where an array is would be read as its characters or keys
    (``"x"`` became ``["x", <processing>]``): refused, never a TypeError."""
    item = plain_item()
    item[key] = value
    with pytest.raises(ValueError, match=re.escape(says)):
        as_model_product(item, "m.json", "Model One")
    collection = {"type": "Collection", "summaries": "L4"}
    with pytest.raises(ValueError, match=re.escape('summaries must be a JSON object (got "L4")')):
        as_model_product(collection, "m.json", "Model One")


def test_assets_named_by_one_string_are_refused_not_read_as_letters() -> None:
    with pytest.raises(
        ValueError, match=r'assets names a list of assets: \["classes"\], not "classes"'
    ):
        as_model_product(plain_item(), "m.json", "Model One", assets="classes")


# ------------------------------------------------------------------------------------------
# Read back
# ------------------------------------------------------------------------------------------


def test_references_tell_models_from_input_data() -> None:
    made = product("p1", "../models/m1.json", "Model One")
    found = references(made)
    assert [(ref.location, ref.href, ref.mlm_name, ref.to_model) for ref in found] == [
        (("links", 1), INPUTS[0], None, False),
        (("links", 2), INPUTS[1], None, False),
        (("links", 3), "../models/m1.json", "Model One", True),
        (("assets", "classes"), "../models/m1.json", "Model One", True),
    ]
    assert model_references(made) == [ref for ref in found if ref.to_model]
    assert str(found[3]) == (
        'assets → classes → processing:expression → expression: "../models/m1.json" '
        '(mlm:name "Model One")'
    )


def test_references_of_anything_never_raise() -> None:
    assert references({"links": "no", "assets": [1]}) == []
    assert references({"links": [3, {"rel": "derived_from"}]}) == [
        Reference(("links", 1), None, None, False)
    ]


@given(href=st.text(min_size=1), name=st.text(min_size=1))
def test_a_built_product_reads_back_as_built(href: str, name: str) -> None:
    made = as_model_product(plain_item(), href, name, assets=["classes"])
    assert [(ref.href, ref.mlm_name) for ref in model_references(made)] == [(href, name)] * 2


# ------------------------------------------------------------------------------------------
# Resolve
# ------------------------------------------------------------------------------------------


def test_every_model_reference_of_the_catalog_resolves(tmp_path: Path) -> None:
    build(tmp_path)
    for key, name in (("p1", "Model One"), ("p2", "Model Two")):
        path = tmp_path / "predictions" / f"{key}.json"
        resolutions = check_lineage(json.loads(path.read_text()), path)
        assert len(resolutions) == 2
        for resolution in resolutions:
            assert (resolution.status, resolution.findings) == (Status.RESOLVED, ())
            assert name in resolution.names
    collection = check_lineage(json.loads((tmp_path / "predictions/p2.json").read_text()), path)
    assert collection[0].target == tmp_path / "models" / "collection.json"
    assert collection[0].names == ("Model One", "Model Two")


def broken_product(root: Path) -> Path:
    """p1 with three more model links: a broken href, a target that is not MLM, a
    mismatched name."""
    document = product("p1", "../models/m1.json", "Model One")
    document["links"] += [
        model_link("../models/gone.json", "Model One"),
        model_link("../catalog.json", "Model One"),
        model_link("../models/m2.json", "Model One"),
    ]
    path = root / "predictions" / "p1.json"
    write(path, document)
    return path


def test_broken_references_are_located_with_the_offending_value(tmp_path: Path) -> None:
    build(tmp_path)
    path = broken_product(tmp_path)
    resolutions = check_lineage(json.loads(path.read_text()), path)
    findings = [(str(f), f.value) for r in resolutions for f in r.findings]
    models = tmp_path / "models"
    assert findings == [
        (
            f'links → 4 → href: no such file: {models}/gone.json ("../models/gone.json")',
            "../models/gone.json",
        ),
        (
            f"links → 5 → href: not an MLM document: {tmp_path}/catalog.json "
            '(type "Catalog") declares no MLM release',
            "../catalog.json",
        ),
        (
            f'links → 6 → mlm:name: names "Model One", but {models}/m2.json '
            'has mlm:name "Model Two"',
            "Model One",
        ),
    ]
    assert [r.status for r in resolutions] == [
        Status.RESOLVED,
        *[Status.BROKEN] * 3,
        Status.RESOLVED,
    ]


def test_remote_absolute_and_file_url_hrefs(tmp_path: Path) -> None:
    build(tmp_path)
    m1 = tmp_path / "models" / "m1.json"
    where = tmp_path / "predictions" / "p.json"
    for href in (str(m1), m1.as_uri(), "file:../models/m1.json", "file://localhost" + str(m1)):
        resolution = resolve(Reference(("links", 0), href, "Model One"), where)
        assert (resolution.status, resolution.target) == (Status.RESOLVED, m1)
    remote = (
        "https://example.com/m1.json",
        "s3://bucket/m1.json",
        "file://host/m1.json",
        f"/{m1}",  # //tmp/…: a network-path reference (host "tmp"), not a path of ours
        "javascript:alert(1)",
        "data:application/json,{}",
    )
    for href in remote:
        resolution = resolve(Reference(("links", 0), href, "Model One"), where)
        assert (resolution.status, resolution.findings) == (Status.REMOTE, ())
        assert str(resolution.status) == "not checked: remote"


def test_a_target_larger_than_any_stac_document_is_not_read(tmp_path: Path) -> None:
    """A link to a model's weights (gigabytes) says so without reading them: a sparse
    file of 64 MiB and one byte, never read, for the API and for validate --recursive."""
    with (tmp_path / "weights.json").open("wb") as big:
        big.truncate(MAX_TARGET_BYTES + 1)
    where = tmp_path / "p.json"
    [finding] = resolve(Reference(("links", 0), "weights.json", "M"), where).findings
    assert str(finding) == (
        f"links → 0 → href: too large for a STAC document, not read: {tmp_path}/weights.json "
        '(67,108,865 bytes) ("weights.json")'
    )
    catalog = {"type": "Catalog", "id": "c", "links": [{"rel": "item", "href": "weights.json"}]}
    write(tmp_path / "catalog.json", catalog)
    code, text, _ = run(tmp_path / "catalog.json", "text")
    assert code == 2
    assert text.splitlines()[1] == (
        f"{tmp_path}/weights.json: UNREADABLE too large for a STAC document, not read "
        f"(67,108,865 bytes) (linked from {tmp_path}/catalog.json → links → 0 → href)"
    )


def test_targets_that_say_nothing_or_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{nope")
    (tmp_path / "list.json").write_text("[1]")
    unnamed = MLMItem.model_validate(model("m1").model_dump(mode="json")).model_dump(mode="json")
    summary = {"type": "Collection", "stac_extensions": unnamed["stac_extensions"]}
    write(tmp_path / "summary.json", summary)
    (tmp_path / "folder.json").mkdir()
    where = tmp_path / "p.json"
    cases = {
        "bad.json": ("links → 0 → href", "not JSON: "),
        "list.json": ("links → 0 → href", f"not a JSON object: {tmp_path}/list.json holds [1]"),
        "folder.json": ("links → 0 → href", f"not a regular file: {tmp_path}/folder.json"),
        "summary.json": (
            "links → 0 → mlm:name",
            f"cannot be checked: {tmp_path}/summary.json lists no mlm:name",
        ),
    }
    for href, (location, start) in cases.items():
        [finding] = resolve(Reference(("links", 0), href, "Model One"), where).findings
        assert str(finding).startswith(f"{location}: {start}"), finding
    [finding] = resolve(Reference(("links", 0), 3, "X"), where).findings
    assert str(finding) == "links → 0 → href: an href is a non-empty string (got 3)"
    write(tmp_path / "m1.json", model("m1").model_dump(mode="json"))
    [finding] = resolve(Reference(("links", 0), "m1.json", 7), where).findings
    assert (str(finding), finding.value) == (
        "links → 0 → mlm:name: mlm:name is a string (got 7)",
        7,
    )


# ------------------------------------------------------------------------------------------
# validate --recursive
# ------------------------------------------------------------------------------------------


def run(catalog: Path, form: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = validate([str(catalog)], out=out, err=err, form=form, recursive=True)
    return code, out.getvalue(), err.getvalue()


def records(text: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    lines = [json.loads(line) for line in text.splitlines()]
    for line in lines:
        REPORT.validate(line)
    *documents, totals = lines
    return documents, totals["totals"]


def test_the_recursive_walk_finds_and_resolves_every_model_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, text, totals = run(Path("catalog.json"), "text")
    assert (code, totals) == (0, "7 documents: 3 valid, 4 walked\n")
    assert text.splitlines() == [
        "catalog.json: WALKED STAC Catalog: declares no MLM release, not validated",
        "models/collection.json: OK (MLM v1.5.2 Collection)",
        "models/m1.json: OK (MLM v1.5.2 Item)",
        "models/m2.json: OK (MLM v1.5.2 Item)",
        "predictions/collection.json: WALKED STAC Collection: declares no MLM release, "
        "not validated",
        "predictions/p1.json: WALKED STAC Item: declares no MLM release, not validated",
        'predictions/p1.json: MODEL links → 3 → href: "Model One" at models/m1.json, resolved',
        "predictions/p1.json: MODEL assets → classes → processing:expression → expression: "
        '"Model One" at models/m1.json, resolved',
        "predictions/p2.json: WALKED STAC Item: declares no MLM release, not validated",
        'predictions/p2.json: MODEL links → 3 → href: "Model Two" at models/collection.json, '
        "resolved",
        "predictions/p2.json: MODEL assets → classes → processing:expression → expression: "
        '"Model Two" at models/collection.json, resolved',
    ]
    code, text, _ = run(Path("catalog.json"), "json")
    documents, counts = records(text)
    assert (code, counts["valid"], counts["walked"], counts["documents"]) == (0, 3, 4, 7)
    p2 = next(document for document in documents if document["path"] == "predictions/p2.json")
    assert p2["linked_from"] == {"path": "predictions/collection.json", "pointer": "/links/1/href"}
    assert p2["lineage"][0] == {
        "location": "/links/3/href",
        "href": "../models/collection.json",
        "mlm:name": "Model Two",
        "status": "resolved",
        "target": "models/collection.json",
    }


def test_the_recursive_walk_reports_each_problem_where_it_is(tmp_path: Path) -> None:
    build(tmp_path)
    broken_product(tmp_path)
    catalog = json.loads((tmp_path / "catalog.json").read_text())
    catalog["links"] += [
        {"rel": "child", "href": "missing/collection.json"},
        {"rel": "child", "href": "https://example.com/catalog.json"},
        {"rel": "child", "href": "catalog.json"},  # a cycle: read once
    ]
    write(tmp_path / "catalog.json", catalog)
    code, text, totals = run(tmp_path / "catalog.json", "text")
    assert code == 2  # unreadable wins over invalid
    assert totals == "8 documents: 3 valid, 1 invalid, 1 unreadable, 3 walked\n"
    lines = text.splitlines()
    p1 = [
        line.partition(": ")[2]
        for line in lines
        if line.startswith(f"{tmp_path}/predictions/p1.json")
    ]
    models = tmp_path / "models"
    assert [line for line in p1 if line.startswith("INVALID")] == [
        f'INVALID links → 4 → href: no such file: {models}/gone.json ("../models/gone.json")',
        f"INVALID links → 5 → href: not an MLM document: {tmp_path}/catalog.json "
        '(type "Catalog") declares no MLM release',
        f'INVALID links → 6 → mlm:name: names "Model One", but {models}/m2.json '
        'has mlm:name "Model Two"',
    ]
    assert not any(line.startswith("WALKED") for line in p1)  # invalid, not walked
    missing = f"{tmp_path}/missing/collection.json"
    [unreadable] = [line for line in lines if line.startswith(missing)]
    assert unreadable.startswith(f"{missing}: UNREADABLE cannot read: ")
    assert unreadable.endswith(f"(linked from {tmp_path}/catalog.json → links → 3 → href)")
    assert (
        f"{tmp_path}/catalog.json: NOT FOLLOWED links → 4 → href: remote, never fetched: "
        '"https://example.com/catalog.json"'
    ) in lines

    # the same answers in JSON
    code, text, _ = run(tmp_path / "catalog.json", "json")
    documents, counts = records(text)
    assert (code, counts["invalid"], counts["unreadable"], counts["walked"]) == (2, 1, 1, 3)
    found = {document["path"]: document for document in documents}
    p1_record = found[f"{tmp_path}/predictions/p1.json"]
    assert p1_record["verdict"] == "invalid"
    assert [(e["location"], e["message"].split(":")[0]) for e in p1_record["errors"]] == [
        ("/links/4/href", "no such file"),
        ("/links/5/href", "not an MLM document"),
        ("/links/6/mlm:name", 'names "Model One", but ' + str(models) + "/m2.json has mlm"),
    ]
    assert [r["status"] for r in p1_record["lineage"]] == ["resolved", *["broken"] * 3, "resolved"]
    gone = found[missing]
    assert (gone["verdict"], gone["linked_from"]) == (
        "unreadable",
        {"path": f"{tmp_path}/catalog.json", "pointer": "/links/3/href"},
    )
    assert found[f"{tmp_path}/catalog.json"]["not_followed"] == [
        {
            "location": "/links/4/href",
            "message": 'remote, never fetched: "https://example.com/catalog.json"',
        }
    ]


def test_a_model_link_naming_null_is_broken_at_its_mlm_name(tmp_path: Path) -> None:
    """``"mlm:name": null`` on a derived_from link resolved silently (lint's LIN004 saw it):
    it is a link to a model (it has mlm:name) that names none, as a name 3 is."""
    build(tmp_path)
    path = tmp_path / "predictions" / "p1.json"
    document = json.loads(path.read_text())
    document["links"][3]["mlm:name"] = None
    write(path, document)
    why = "mlm:name is a string (got null): give the model's name (a link to input data has no "
    why += "mlm:name)"
    [resolution, *_] = check_lineage(document, path)
    assert resolution.status is Status.BROKEN
    assert [(f.location, f.message, f.value) for f in resolution.findings] == [
        (("links", 3, "mlm:name"), why, None)
    ]
    code, text, _ = run(path, "text")
    assert code == 1
    assert f"{path}: INVALID links → 3 → mlm:name: {why}" in text.splitlines()
    code, text, _ = run(path, "json")
    [record], _ = records(text)
    assert (record["verdict"], record["errors"]) == (
        "invalid",
        [{"location": "/links/3/mlm:name", "message": why}],
    )
    assert record["lineage"][0]["status"] == "broken"


def _people(pointer: str) -> str:
    """A JSON Pointer written as people read a location (``links → 3 → href``)."""
    keys = [key.replace("~1", "/").replace("~0", "~") for key in pointer.split("/")[1:]]
    return " → ".join(keys)


def _said_in_text(text: str, paths: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """What the text report says of each document, as facts."""
    facts: dict[str, list[tuple[str, ...]]] = {path: [] for path in paths}
    for line in text.splitlines():
        path = next(path for path in paths if line.startswith(f"{path}: "))
        said = line.removeprefix(f"{path}: ")
        kind, _, rest = said.partition(" ")
        if kind == "NOT":  # NOT CHECKED, NOT FOLLOWED
            second, _, rest = rest.partition(" ")
            kind = f"NOT {second}"
        location, _, message = rest.partition(": ")
        facts[path] += {
            "OK": [("valid", rest)],
            "WALKED": [("walked",)],
            "INVALID": [("error", location, message)],
            "UNREADABLE": [("error", "", rest)],
            "MODEL": [("resolved", location)],
            "NOT CHECKED": [("remote", location)],
            "NOT FOLLOWED": [("not followed", location, message)],
        }[kind]
    return facts


def _said_in_json(record: dict[str, Any]) -> list[tuple[str, ...]]:
    verdict = record["verdict"]
    facts: list[tuple[str, ...]] = []
    if verdict == "valid":
        facts.append(("valid", f"(MLM v{record['release']} {record['kind']})"))
    elif verdict == "walked":
        facts.append(("walked",))
    facts += [("error", _people(e["location"]), e["message"]) for e in record["errors"]]
    statuses = {"resolved": "resolved", "not checked: remote": "remote"}
    facts += [
        (statuses[r["status"]], _people(r["location"]))
        for r in record.get("lineage", [])
        if r["status"] in statuses
    ]
    facts += [
        ("not followed", _people(n["location"]), n["message"])
        for n in record.get("not_followed", [])
    ]
    return facts


def _totals_in_text(line: str) -> dict[str, int]:
    documents, _, counts = line.strip().partition(": ")
    found = {"documents": int(documents.split()[0])}
    for count in counts.split(", "):
        number, what = count.split(" ")
        found[what] = int(number)
    return found


def test_the_recursive_walk_gives_the_same_answers_in_text_and_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every fact of the text report is in the JSON records and the other way round: the
    verdicts, each error where it is, each model reference resolved or not checked, each
    link not followed, the totals; for a clean catalog and one with every kind of problem."""
    monkeypatch.chdir(tmp_path)
    clean, broken = Path("clean"), Path("broken")
    build(clean)
    build(broken)
    broken_product(broken)
    p2 = json.loads((broken / "predictions" / "p2.json").read_text())
    p2["links"].append(model_link("https://example.com/models/m3.json", "Model Three"))
    write(broken / "predictions" / "p2.json", p2)
    m2 = json.loads((broken / "models" / "m2.json").read_text())
    m2["properties"]["mlm:tasks"] = ["clustering"]  # an MLM document invalid in its release
    write(broken / "models" / "m2.json", m2)
    catalog = json.loads((broken / "catalog.json").read_text())
    catalog["links"] += [
        {"rel": "child", "href": "missing/collection.json"},
        {"rel": "child", "href": "https://example.com/catalog.json"},
        {"rel": "child", "href": "catalog.json"},
    ]
    write(broken / "catalog.json", catalog)
    for root, expected in ((clean, 0), (broken, 2)):
        code, text, totals = run(root / "catalog.json", "text")
        json_code, records_text, _ = run(root / "catalog.json", "json")
        documents, counts = records(records_text)
        assert code == json_code == expected
        paths = [document["path"] for document in documents]
        facts = _said_in_text(text, paths)
        for document in documents:
            assert sorted(facts[document["path"]]) == sorted(_said_in_json(document)), document
        assert _totals_in_text(totals) == {k: v for k, v in counts.items() if v}
    said = [fact[0] for document in documents for fact in _said_in_json(document)]
    assert len(documents) == 8
    assert {"valid", "walked", "error", "resolved", "remote", "not followed"} == set(said)


def test_a_link_to_a_folder_is_not_followed_into_it(tmp_path: Path) -> None:
    """``"href": "/"`` would read the whole disk, ``"."`` the catalog's own folder: a STAC
    link leads to a document, so a folder is reported where the link is, never read."""
    build(tmp_path)
    write(
        tmp_path / "odd" / "catalog.json",
        {
            "type": "Catalog",
            "id": "odd",
            "links": [
                {"rel": "child", "href": "."},
                {"rel": "item", "href": "/"},
                {"rel": "child", "href": "catalog.json"},  # itself: read once
                {"rel": "child", "href": "../catalog.json"},
            ],
        },
    )
    code, text, totals = run(tmp_path / "odd" / "catalog.json", "text")
    assert (code, totals) == (2, "10 documents: 3 valid, 2 unreadable, 5 walked\n")
    odd = tmp_path / "odd" / "catalog.json"
    why = "UNREADABLE a folder, not a STAC document: a link leads to a file (not read)"
    assert text.splitlines()[1:3] == [
        f"{tmp_path / 'odd'}: {why} (linked from {odd} → links → 0 → href)",
        f"/: {why} (linked from {odd} → links → 1 → href)",
    ]


def test_control_characters_from_a_catalog_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link's href names the file the report then names, a key names a location: an
    escape sequence in either is shown as its escape, on one line, never sent as it is."""
    catalog = {
        "type": "Catalog",
        "id": "c",
        "links": [
            {"rel": "child", "href": "\x1b[31mred.json"},
            {"rel": "derived_from", "href": "\x1b[2Jclear.json", "mlm:name": "M"},
        ],
        "assets": {"\x1b]0;title\x07": {"href": "x", "processing:expression": {}}},
    }
    write(tmp_path / "catalog.json", catalog)
    code, text, _ = run(tmp_path / "catalog.json", "text")
    assert code == 2
    assert not [c for c in text if ord(c) < 32 and c != "\n"]
    assert f"\n{tmp_path}/\\x1b[31mred.json: UNREADABLE cannot read: " in text
    assert main(["lint", "--select", "BP005,LIN005", str(tmp_path / "catalog.json")]) == 0
    out = capsys.readouterr().out
    assert not [c for c in out if ord(c) < 32 and c != "\n"]
    assert out.splitlines()[0].startswith(
        f"{tmp_path}/catalog.json: WARNING BP005 assets → \\x1b]0;title\\x07 → "
        "processing:expression: processing: fields"
    )
    assert out.splitlines()[1].startswith(
        f"{tmp_path}/catalog.json: WARNING LIN005 links → 1 → href: no such file: "
        f'"{tmp_path}/\\u001b[2Jclear.json"'
    )


def test_recursive_keeps_plain_validate_verdicts_for_mlm_documents(tmp_path: Path) -> None:
    item = model("m1").model_dump(mode="json")
    item["properties"]["mlm:tasks"] = ["clustering"]
    write(tmp_path / "m1.json", item)
    code, text, totals = run(tmp_path / "m1.json", "text")
    plain = io.StringIO()
    assert validate([str(tmp_path / "m1.json")], out=plain, err=io.StringIO()) == code == 1
    assert text == plain.getvalue()
    assert totals == "1 document: 1 invalid\n"


def test_recursive_refuses_standard_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--recursive", "-"]) == 2
    assert "--recursive follows links relative to the file" in capsys.readouterr().err


def test_the_lineage_api_is_pinned() -> None:
    """What the linter (and anyone) calls: a module of its own, not in ``stac_mlm.__all__``."""
    import stac_mlm
    import stac_mlm.lineage

    assert sorted(stac_mlm.lineage.__all__) == sorted(
        [
            "EXPRESSION_FORMAT",
            "MODEL_OUTPUT_LEVEL",
            "PROCESSING_SCHEMA_URI",
            "Finding",
            "Reference",
            "Resolution",
            "Status",
            "as_model_product",
            "check_lineage",
            "local_path",
            "model_link",
            "model_output_fields",
            "model_references",
            "references",
            "resolve",
        ]
    )
    assert not set(stac_mlm.lineage.__all__) & set(stac_mlm.__all__)


def test_hrefs_the_system_refuses_are_findings_and_unreadable_files(tmp_path: Path) -> None:
    where = tmp_path / "p.json"
    cases = {
        "a\x00b.json": 'cannot read "'
        + str(tmp_path)
        + '/a\\u0000b.json": a file name holds no NUL',
        "x" * 5000: "cannot read ",
        "http://[bad": 'not a path nor a URL (Invalid IPv6 URL): "http://[bad"',
    }
    for href, start in cases.items():
        [finding] = resolve(Reference(("links", 0), href, "n"), where).findings
        assert finding.message.startswith(start), finding
        assert finding.location == ("links", 0, "href")
    catalog = {"type": "Catalog", "id": "c", "links": []}
    catalog["links"] = [{"rel": "child", "href": href} for href in cases]
    write(tmp_path / "catalog.json", catalog)
    code, text, totals = run(tmp_path / "catalog.json", "text")
    assert (code, totals) == (2, "3 documents: 2 unreadable, 1 walked\n")
    lines = text.splitlines()
    assert lines[1] == (
        f"{tmp_path}/catalog.json: NOT FOLLOWED links → 2 → href: not a path nor a URL "
        '(Invalid IPv6 URL): "http://[bad"'
    )
    assert lines[2].endswith(
        f": UNREADABLE cannot read: embedded null byte (linked from {tmp_path}/catalog.json "
        "→ links → 0 → href)"
    )
    assert "UNREADABLE cannot read: File name too long (linked from" in lines[3]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_walk_shows_progress_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = (0.3 * tick for tick in range(10**6))  # each look at the clock 0.3 s later
    monkeypatch.setattr(stac_mlm.cli.report, "monotonic", lambda: next(ticks))
    catalog = build(tmp_path)
    on_terminal, piped = Terminal(), io.StringIO()
    assert validate([str(catalog)], out=io.StringIO(), err=on_terminal, recursive=True) == 0
    assert validate([str(catalog)], out=io.StringIO(), err=piped, recursive=True) == 0
    assert "\r\x1b[Kvalidated 7 documents…" in on_terminal.getvalue()
    assert piped.getvalue() == "7 documents: 3 valid, 4 walked\n"


def test_a_resolved_model_named_with_control_characters_is_shown_escaped(
    tmp_path: Path,
) -> None:
    """The MODEL line names the file the reference resolved to: an escape sequence in its
    name is written as its escape, as every file name of a report is."""
    write(tmp_path / "models" / "m\x1b[2J1.json", model("m1").model_dump(mode="json"))
    write(tmp_path / "p1.json", product("p1", "models/m\x1b[2J1.json", "Model One"))
    code, text, _ = run(tmp_path / "p1.json", "text")
    assert code == 0
    assert not [c for c in text if ord(c) < 32 and c != "\n"]
    assert text.splitlines()[1] == (
        f'{tmp_path}/p1.json: MODEL links → 3 → href: "Model One" at '
        f"{tmp_path}/models/m\\x1b[2J1.json, resolved"
    )


@pytest.mark.parametrize(
    "href",
    [
        "../models/m1.json#properties",
        "../models/m1.json?version=2",
        "../models/%6D1.json",
        "./../models/m1.json#",
    ],
)
def test_an_href_is_a_url_its_fragment_and_query_name_no_file(tmp_path: Path, href: str) -> None:
    """An href is a URL (relative or not): a fragment or query is no part of the file's
    name and percent-encoding is decoded, as for file:// URLs (as pystac reads them)."""
    build(tmp_path)
    where = tmp_path / "predictions" / "p.json"
    resolution = resolve(Reference(("links", 0), href, "Model One"), where)
    assert (resolution.status, resolution.target) == (Status.RESOLVED, tmp_path / "models/m1.json")
    absolute = str(tmp_path / "models" / "m1.json") + "#top"
    assert resolve(Reference(("links", 0), absolute, "Model One"), where).status is Status.RESOLVED


def test_a_percent_encoded_file_name_is_read_and_a_child_link_with_a_fragment_followed(
    tmp_path: Path,
) -> None:
    build(tmp_path)
    (tmp_path / "models" / "m1.json").rename(tmp_path / "models" / "model one.json")
    collection = json.loads((tmp_path / "models" / "collection.json").read_text())
    collection["links"][0]["href"] = "model%20one.json"
    write(tmp_path / "models" / "collection.json", collection)
    catalog = json.loads((tmp_path / "catalog.json").read_text())
    catalog["links"][0]["href"] += "#models"
    write(tmp_path / "catalog.json", catalog)
    document = product("p1", "../models/model%20one.json?v=1", "Model One")
    write(tmp_path / "predictions" / "p1.json", document)
    code, text, totals = run(tmp_path / "catalog.json", "text")
    assert (code, totals) == (0, "7 documents: 3 valid, 4 walked\n"), text
    assert f"{tmp_path}/models/model one.json: OK (MLM v1.5.2 Item)" in text.splitlines()
    assert (
        f'{tmp_path}/predictions/p1.json: MODEL links → 3 → href: "Model One" at '
        f"{tmp_path}/models/model one.json, resolved"
    ) in text.splitlines()


def test_a_symbolic_link_loop_is_said_to_be_one_not_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "loop.json").symlink_to("loop.json")
    write(tmp_path / "m1.json", model("m1").model_dump(mode="json"))
    where = tmp_path / "p.json"
    [finding] = resolve(Reference(("links", 0), "loop.json", "Model One"), where).findings
    assert str(finding) == (
        f"links → 0 → href: cannot read {tmp_path}/loop.json: Too many levels of symbolic "
        'links ("loop.json")'
    )
    [finding] = resolve(Reference(("links", 0), "m1.json/x.json", "Model One"), where).findings
    assert finding.message.startswith(f"no such file: {tmp_path}/m1.json/x.json")
