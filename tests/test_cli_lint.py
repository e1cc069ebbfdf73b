"""stac-mlm lint: one line per finding, totals, --select/--ignore, --strict, --format json
records valid for the report schema, exit codes as elsewhere."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from spec_folder import example_items

from stac_mlm.cli import main
from stac_mlm.cli.commands import example
from stac_mlm.cli.lint_card import lint_paths
from stac_mlm.cli.report import report_schema

REPORT = Draft202012Validator(report_schema())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    items = example_items("1.5.2")
    for name in ("item_basic.json", "item_multi_io.json"):
        (tmp_path / name).write_text(json.dumps(items[name]))
    return tmp_path


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    from stac_mlm.cli import build_parser

    out, err = io.StringIO(), io.StringIO()
    code = lint_paths(build_parser().parse_args(["lint", *argv]), out, err, io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def test_one_line_per_finding_then_the_totals(folder: Path) -> None:
    code, out, err = run(str(folder / "item_multi_io.json"), "--select", "MLM003")
    name = folder / "item_multi_io.json"
    assert code == 0
    assert out.splitlines() == [
        f"{name}: WARNING MLM003 properties → mlm:input → 0 → bands: 3 band name(s) match no "
        "band definition's name in the Item (eo:bands, raster:bands or bands, in properties or "
        'on an asset) (got ["B04", "B03", "B02"])',
        f"{name}: WARNING MLM003 properties → mlm:input → 1 → bands: 2 band name(s) match no "
        "band definition's name in the Item (eo:bands, raster:bands or bands, in properties or "
        'on an asset) (got ["B04", "B08"])',
    ]
    assert err == "1 document: 1 linted; 2 findings (2 warning)\n"


def test_select_and_ignore_by_code_and_prefix(folder: Path) -> None:
    _, everything, _ = run(str(folder))
    codes = {line.split()[2] for line in everything.splitlines()}
    assert {"MLM003", "MLM007", "STAC003", "BP002"} <= codes
    _, out, _ = run(str(folder), "--select", "STAC,MLM00", "--ignore", "STAC003")
    assert {line.split()[2] for line in out.splitlines()} == {"MLM003", "MLM007", "STAC006"}
    _, out, _ = run(str(folder), "--select", "MLM", "--select", "BP002", "--ignore", "mlm01,MLM02")
    found = {line.split()[2] for line in out.splitlines()}
    assert found == {"MLM003", "MLM007", "MLM030", "MLM031", "MLM034", "BP002"}


def test_an_unknown_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["lint", ".", "--select", "MLM9"])
    assert exited.value.code == 2
    assert "no lint rule code starts with 'MLM9'" in capsys.readouterr().err


@pytest.mark.parametrize("empty", ["", " , "])
def test_an_empty_selection_is_a_usage_error(
    empty: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--select ""`` (a shell variable left empty) does not silently select every rule."""
    with pytest.raises(SystemExit) as exited:
        main(["lint", ".", "--select", empty])
    assert exited.value.code == 2
    assert f"no rule code given ({empty!r})" in capsys.readouterr().err


def test_exit_1_with_strict_only_when_a_warning_is_reported(folder: Path) -> None:
    basic = str(folder / "item_basic.json")
    assert run(basic, "--strict", "--select", "MLM007")[0] == 1
    assert run(basic, "--select", "MLM007")[0] == 0
    assert run(basic, "--strict", "--select", "MLM023")[0] == 0  # an info finding
    assert run(basic, "--strict", "--select", "MLM001")[0] == 0  # nothing found


def test_unreadable_inputs_exit_2_and_are_located(folder: Path) -> None:
    (folder / "broken.json").write_text("{")
    (folder / "list.json").write_text("[1, 2]")
    code, out, err = run(str(folder), "--select", "MLM007")
    assert code == 2
    assert f"{folder / 'broken.json'}: UNREADABLE" in out
    assert f"{folder / 'list.json'}: UNREADABLE" in out
    assert err.startswith("4 documents: 2 linted, 2 unreadable; ")


def test_a_document_the_reader_refuses_is_unreadable_in_text_and_json(folder: Path) -> None:
    """Nested too deep: validate calls it invalid; lint cannot lint it, and says unreadable
    in its line as in its record and totals (not INVALID in one, unreadable in the other)."""
    deep = folder / "deep.json"
    deep.write_text('{"type": "Feature", "properties": ' + '{"a": ' * 5000 + "1" + "}" * 5001)
    code, out, err = run(str(deep))
    assert code == 2
    assert out.startswith(
        f"{deep}: UNREADABLE the document is nested more than 100 levels deep (at line 1 "
    )
    assert err == "1 document: 1 unreadable; 0 findings\n"
    _, records, _ = run(str(deep), "--format", "json")
    record = json.loads(records.splitlines()[0])
    assert (record["verdict"], record["errors"][0]["location"]) == ("unreadable", "")
    assert out.endswith(record["errors"][0]["message"] + "\n")


def test_the_file_name_rule_needs_a_whole_file(folder: Path) -> None:
    items = example_items("1.5.2")
    collection = {"type": "FeatureCollection", "features": [items["item_basic.json"]]}
    (folder / "search.json").write_text(json.dumps(collection))
    _, out, _ = run(str(folder / "search.json"), "--select", "STAC003")
    assert out == ""
    _, out, _ = run("-", "--select", "STAC003", stdin=json.dumps(items["item_basic.json"]))
    assert out == ""
    _, out, _ = run(str(folder / "item_basic.json"), "--select", "STAC003")
    assert "STAC003 id: the Item's file should be named after its id: example-model.json" in out


def test_json_records_are_valid_for_the_report_schema(folder: Path) -> None:
    (folder / "broken.json").write_text("{")
    code, out, err = run(str(folder), "--format", "json", "--select", "MLM003,MLM007")
    assert (code, err) == (2, "")
    records = [json.loads(line) for line in out.splitlines()]
    for record in records:
        REPORT.validate(record)
    broken, basic, multi, totals = records
    assert broken["verdict"] == "unreadable"
    assert broken["errors"][0]["location"] == ""
    assert basic["verdict"] == "linted"
    assert basic["kind"] == "Item"
    assert basic["findings"] == [
        {
            "code": "MLM007",
            "severity": "warning",
            "location": "/properties/mlm:output/0/classification_classes",
            "message": "classification_classes is not a field: the classes go in "
            "classification:classes (the official examples misspell it; it is never read as "
            "classes)",
            "source": "MLM README: Model Output Object",
            "value": None,
        }
    ]
    assert [f["code"] for f in multi["findings"]] == ["MLM003", "MLM003", "MLM007", "MLM007"]
    assert multi["findings"][0]["value"] == ["B04", "B03", "B02"]
    assert totals == {
        "command": "lint",
        "totals": {
            "documents": 3,
            "linted": 2,
            "unreadable": 1,
            "findings": 5,
            "warning": 5,
            "info": 0,
        },
    }


def test_a_document_of_any_kind_is_linted(folder: Path) -> None:
    (folder / "catalog.json").write_text(json.dumps({"type": "Catalog", "id": "Top Level"}))
    (folder / "root.json").write_text(json.dumps({"type": "Catalog", "id": "root"}))
    code, out, _ = run(str(folder / "catalog.json"), str(folder / "root.json"))
    assert code == 0
    assert out.splitlines() == [
        f"{folder / 'catalog.json'}: WARNING STAC001 id: identifiers should hold only lowercase "
        'letters, digits, _ and -, for search (got "Top Level")',
        f"{folder / 'root.json'}: WARNING STAC004 (document): a Catalog's file should be named "
        'catalog.json, not root.json (got "root.json")',
    ]


#: The suggestions (info) that the built-in example leaves out: facts it cannot state
#: without inventing them (a time range and the processing of its training data, a DOI, a
#: checksum of weights that do not exist, an "example" link, other extensions to declare),
#: and assets named mlm:model and mlm:source_code, which every test and README output is
#: written against.
EXAMPLE_SUGGESTIONS = ["BP001", "BP002", "BP007", "BP008", "BP009", "MLM029", "MLM029", "MLM031"]


def test_the_built_in_example_lints_without_a_warning() -> None:
    """``stac-mlm example | stac-mlm lint --strict -``: the project's own example follows
    every recommendation (no warning, exit 0); only suggestions are reported."""
    text = io.StringIO()
    assert example(text) == 0
    code, out, err = run("--strict", "-", stdin=text.getvalue())
    assert code == 0, out
    assert [tuple(line.split()[1:3]) for line in out.splitlines()] == [
        ("INFO", suggestion) for suggestion in EXAMPLE_SUGGESTIONS
    ]
    assert err == "1 document: 1 linted; 8 findings (8 info)\n"
