"""Catalog formats: ``stac-mlm validate``, ``migrate`` and ``summarize`` on FeatureCollections,
JSON Lines and stac-geoparquet, each with valid, invalid and unreadable members, located by
feature index, line number and row; unreadable input of every kind is a located error that
exits 2; what a GeoParquet file keeps of a document and what it does not."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from spec_folder import example_collection, example_items, official_validator
from stac_geoparquet.arrow import parse_stac_items_to_arrow, to_parquet

from stac_mlm.cli import build_parser, main, migrate_documents, summarize, validate
from stac_mlm.cli.catalog import Shape, read

ITEM = example_items("1.5.2")["item_basic.json"]
INVALID_AT = "properties → mlm:tasks → 0"


def invalid_item() -> dict[str, Any]:
    item = copy.deepcopy(ITEM)
    item["id"] = "invalid"
    item["properties"]["mlm:tasks"] = ["clustering"]
    return item


def _item(kind: str, index: int) -> dict[str, Any]:
    item = invalid_item() if kind == "invalid" else copy.deepcopy(ITEM)
    item["id"] = f"{kind}-{index}"
    return item


# Each writer puts one member per kind ("valid", "invalid", "unreadable") in a file, and
# returns the file and the name each member is reported under, in order.
Writer = Callable[[Path, list[str]], tuple[Path, list[str]]]


def feature_collection(folder: Path, kinds: list[str]) -> tuple[Path, list[str]]:
    path = folder / "search.json"
    features = [3 if kind == "unreadable" else _item(kind, i) for i, kind in enumerate(kinds)]
    collection = {"type": "FeatureCollection", "features": features, "numberMatched": len(kinds)}
    path.write_text(json.dumps(collection))
    return path, [f"{path} → features → {index}" for index in range(len(kinds))]


def json_lines(folder: Path, kinds: list[str]) -> tuple[Path, list[str]]:
    path = folder / "items.jsonl"
    lines = [
        "{nope" if kind == "unreadable" else json.dumps(_item(kind, i))
        for i, kind in enumerate(kinds)
    ]
    path.write_text("\n" + "\n".join(lines) + "\n")  # a blank first line: numbers count it
    return path, [f"{path} → line {index + 2}" for index in range(len(kinds))]


def geoparquet(folder: Path, kinds: list[str]) -> tuple[Path, list[str]]:
    """Written by stac-geoparquet; an unreadable row is one whose geometry is not WKB."""
    path = folder / "items.parquet"
    items = [_item(kind, i) for i, kind in enumerate(kinds)]
    to_parquet(parse_stac_items_to_arrow(items), path)
    if "unreadable" in kinds:
        table = pq.read_table(path)
        geometry = table.column("geometry").to_pylist()
        for index, kind in enumerate(kinds):
            if kind == "unreadable":
                geometry[index] = b"not WKB"
        column = table.schema.get_field_index("geometry")
        field = table.schema.field("geometry")
        table = table.set_column(column, field, pa.array(geometry, type=field.type))
        pq.write_table(table, path)
    return path, [f"{path} → row {index}" for index in range(len(kinds))]


FORMATS: dict[str, Writer] = {
    "FeatureCollection": feature_collection,
    "JSON Lines": json_lines,
    "GeoParquet": geoparquet,
}
UNREADABLE_WORDS = {
    "FeatureCollection": "not a JSON object: a STAC document is one (got 3)",
    "JSON Lines": "not JSON: ",
    "GeoParquet": "not a STAC Item row: ",
}
CASES = [(["valid"], 0), (["valid", "invalid"], 1), (["valid", "invalid", "unreadable"], 2)]
CASE_IDS = ["valid", "valid+invalid", "valid+invalid+unreadable"]


def totals(kinds: list[str]) -> str:
    counts = {kind: kinds.count(kind) for kind in ("valid", "invalid", "unreadable")}
    found = ", ".join(f"{count} {kind}" for kind, count in counts.items() if count)
    return f"{len(kinds)} document{'s' if len(kinds) > 1 else ''}: {found}"


def assert_located(text: str, form: str, kinds: list[str], names: list[str], ok: str) -> None:
    """Every member has its line, under its name: ``ok`` for a valid one."""
    lines = text.splitlines()
    for kind, name in zip(kinds, names, strict=True):
        if kind == "valid" and ok:
            assert f"{name}: {ok}" in lines, text
        elif kind == "invalid":
            wanted = f"{name}: INVALID {INVALID_AT}: Input should be"
            assert any(line.startswith(wanted) for line in lines), text
        elif kind == "unreadable":
            wanted = f"{name}: UNREADABLE {UNREADABLE_WORDS[form]}"
            assert any(line.startswith(wanted) for line in lines), text


@pytest.mark.parametrize("form", list(FORMATS))
@pytest.mark.parametrize(("kinds", "code"), CASES, ids=CASE_IDS)
def test_validate(form: str, kinds: list[str], code: int, tmp_path: Path) -> None:
    path, names = FORMATS[form](tmp_path, kinds)
    out, err = io.StringIO(), io.StringIO()
    assert validate([str(path)], out=out, err=err) == code
    assert_located(out.getvalue(), form, kinds, names, "OK (MLM v1.5.2 Item)")
    assert len(out.getvalue().splitlines()) == len(kinds)  # one error each
    assert err.getvalue() == totals(kinds) + "\n"


def run_migrate(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = migrate_documents(build_parser().parse_args(["migrate", *args]), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def written_documents(form: str, text: str) -> list[dict[str, Any]]:
    """The documents of a migrated file: a FeatureCollection stays one, the others are
    JSON Lines (GeoParquet included)."""
    if form == "FeatureCollection":
        collection = json.loads(text)
        assert collection["type"] == "FeatureCollection"
        assert collection["numberMatched"] == len(collection["features"])  # other keys kept
        features: list[dict[str, Any]] = collection["features"]
        return features
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("form", list(FORMATS))
@pytest.mark.parametrize(("kinds", "code"), CASES, ids=CASE_IDS)
def test_migrate(form: str, kinds: list[str], code: int, tmp_path: Path) -> None:
    path, names = FORMATS[form](tmp_path, kinds)
    exit_code, out, err = run_migrate(str(path))
    assert exit_code == code
    for kind, name in zip(kinds, names, strict=True):
        summary = f"{name}: MIGRATED MLM v1.5.2 → v1.5.2: 0 changed, 0 unmigrated, "
        if kind == "valid":
            assert f"{summary}0 invalid" in err.splitlines()
        elif kind == "invalid":
            assert f"{summary}1 invalid" in err.splitlines()
            assert f"{name}: INVALID {INVALID_AT}: Input should be" in err
    assert_located(err, form, [kind for kind in kinds if kind == "unreadable"], names[2:], "")
    assert err.splitlines()[-1] == totals(kinds)
    if "unreadable" in kinds:
        assert out == ""
        assert f"{path}: NOT WRITTEN 1 of its 3 documents could not be migrated, and a file " in err
    else:  # written whole, the invalid document too (as for one document)
        written = written_documents(form, out)
        assert [document["id"] for document in written] == [f"{k}-{i}" for i, k in enumerate(kinds)]
        if form != "GeoParquet":  # what GeoParquet keeps: test_geoparquet_keeps_...
            assert written[0] == ITEM | {"id": "valid-0"}


def run_summarize(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    options = ["--id", "models", "--description", "Models", "--license", "MIT"]
    code = summarize(build_parser().parse_args(["summarize", *args, *options]), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("form", list(FORMATS))
@pytest.mark.parametrize(("kinds", "code"), CASES, ids=CASE_IDS)
def test_summarize(form: str, kinds: list[str], code: int, tmp_path: Path) -> None:
    """The features, lines and rows are summarized (a FeatureCollection is not skipped)."""
    path, names = FORMATS[form](tmp_path, kinds)
    exit_code, out, err = run_summarize(str(path))
    assert exit_code == code
    assert "SKIPPED" not in err
    assert_located(err, form, kinds, names, "")
    assert err.splitlines()[-1] == totals(kinds)
    collection = json.loads(out)
    assert collection["summaries"]["mlm:tasks"] == ITEM["properties"]["mlm:tasks"]
    assert collection["summaries"]["mlm:name"] == [ITEM["properties"]["mlm:name"]]


# --- unreadable input, each kind ----------------------------------------------------------


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data)
    return path


def _link(path: Path, to: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(to)
    return path


UNREADABLE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "file that does not exist": (
        lambda folder: folder / "absent.json",
        "cannot read: No such file or directory\n",  # plain words, no [Errno 2] nor repr
    ),
    "not JSON": (lambda folder: _write(folder / "a.json", "{nope"), "not JSON: "),
    "not UTF-8": (
        lambda folder: _write(folder / "a.json", b'{\n  "id": "caf\xe9"}'),
        "not UTF-8: byte 0xe9 at line 2 column 13 is not UTF-8 text",
    ),
    "empty file": (lambda folder: _write(folder / "a.json", " \n\t\n"), "the file is empty"),
    "dangling symbolic link in a folder": (
        lambda folder: _link(folder / "links" / "x.json", folder / "gone.json").parent,
        "",  # the folder is named, its link is located
    ),
    "one indented document in a .jsonl file": (
        lambda folder: _write(folder / "a.jsonl", json.dumps(ITEM, indent=2)),
        "not JSON Lines: the file holds one JSON document over several lines; name it .json",
    ),
    "empty folder": (
        lambda folder: _write(folder / "empty" / "notes.txt", "").parent,
        "the folder holds no file read as STAC (.json, .geojson, .jsonl, .ndjson, .parquet, "
        ".geoparquet)",
    ),
    "not an object": (lambda folder: _write(folder / "a.json", "[1, 2]"), "not a JSON object"),
    "FeatureCollection without features": (
        lambda folder: _write(folder / "a.json", '{"type": "FeatureCollection"}'),
        "a FeatureCollection needs a features array (got null)",
    ),
    "empty FeatureCollection": (
        lambda folder: _write(folder / "a.json", '{"type": "FeatureCollection", "features": []}'),
        "the FeatureCollection holds no feature",
    ),
    "empty JSON Lines": (
        lambda folder: _write(folder / "a.jsonl", "\n\n"),
        "the file holds no line of JSON",
    ),
    "not Parquet": (
        lambda folder: _write(folder / "a.parquet", "not parquet"),
        "not a Parquet file stac-geoparquet reads: ",
    ),
}


@pytest.mark.parametrize("case", list(UNREADABLE))
@pytest.mark.parametrize("command", ["validate", "migrate", "summarize"])
def test_unreadable_input_is_located_and_exits_2(
    case: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, words = UNREADABLE[case]
    path = make(tmp_path)
    options = {
        "validate": [],
        "migrate": ["-o", str(tmp_path / "out")],
        "summarize": ["--id", "m", "--description", "d", "--license", "MIT"],
    }
    assert main([command, str(path), *options[command]]) == 2
    captured = capsys.readouterr()
    report = captured.out if command == "validate" else captured.err
    if case == "dangling symbolic link in a folder":  # the folder is named, the link located
        path, words = path / "x.json", "cannot read: No such file or directory\n"
    assert f"{path}: UNREADABLE {words}" in report, report
    assert captured.err.splitlines()[-1] == "1 document: 1 unreadable"


def test_a_line_that_is_not_utf8_is_unreadable_alone(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    path.write_bytes(json.dumps(ITEM).encode() + b'\n{"id": "\xff"}\n' + json.dumps(ITEM).encode())
    out = io.StringIO()
    assert validate([str(path)], out=out, err=io.StringIO()) == 2
    assert out.getvalue().splitlines()[0] == f"{path} → line 1: OK (MLM v1.5.2 Item)"
    assert out.getvalue().splitlines()[1].startswith(f"{path} → line 2: UNREADABLE not JSON: ")
    assert out.getvalue().splitlines()[2] == f"{path} → line 3: OK (MLM v1.5.2 Item)"


def test_a_byte_order_mark_is_ignored_everywhere(tmp_path: Path) -> None:
    """RFC 8259 lets a parser ignore a byte order mark: a file, standard input and JSON
    Lines starting with one are read as without it."""
    bom = "\ufeff"
    document = tmp_path / "bom.json"
    document.write_text(bom + json.dumps(ITEM), encoding="utf-8")
    lines = tmp_path / "bom.jsonl"
    lines.write_text(bom + json.dumps(ITEM) + "\n" + json.dumps(ITEM) + "\n", encoding="utf-8")
    out = io.StringIO()
    assert validate([str(document), str(lines)], out=out, err=io.StringIO()) == 0
    assert out.getvalue().splitlines() == [
        f"{document}: OK (MLM v1.5.2 Item)",
        f"{lines} → line 1: OK (MLM v1.5.2 Item)",
        f"{lines} → line 2: OK (MLM v1.5.2 Item)",
    ]
    out = io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO((bom + json.dumps(ITEM)).encode()), encoding="utf-8")
    assert validate(["-"], out=out, stdin=stdin, err=io.StringIO()) == 0
    assert out.getvalue() == "<stdin>: OK (MLM v1.5.2 Item)\n"


@pytest.mark.parametrize("text", ["", "  \n\n"])
def test_empty_standard_input_says_so(text: str) -> None:
    out = io.StringIO()
    assert validate(["-"], out=out, stdin=io.StringIO(text), err=io.StringIO()) == 2
    assert out.getvalue() == "<stdin>: UNREADABLE standard input is empty\n"


def test_standard_input_not_utf8_is_located_in_lines_and_columns() -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b'{"id":\n "\xe9"}'), encoding="utf-8")
    out = io.StringIO()
    assert validate(["-"], out=out, stdin=stdin, err=io.StringIO()) == 2
    assert out.getvalue().startswith(
        "<stdin>: UNREADABLE not UTF-8: byte 0xe9 at line 2 column 3 is not UTF-8 text"
    )


def test_a_folder_holding_only_a_dangling_link_says_so(tmp_path: Path) -> None:
    _link(tmp_path / "x.json", tmp_path / "nowhere" / "x.json")
    out, err = io.StringIO(), io.StringIO()
    assert validate([str(tmp_path)], out=out, err=err) == 2
    assert out.getvalue().startswith(f"{tmp_path / 'x.json'}: UNREADABLE cannot read: ")
    assert "the folder holds no file" not in out.getvalue()


def test_a_path_in_a_folder_the_system_will_not_look_at_is_read_as_a_file(
    tmp_path: Path,
) -> None:
    """A link into a place we may not enter (``/proc/1/cwd``, even as root) cannot be
    looked at (``is_dir`` raises PermissionError): no traceback; the path is read as a
    file, and its reading says what it finds."""
    proc = Path("/proc/1/cwd")
    try:
        proc.is_dir()
    except PermissionError:
        pass
    else:
        pytest.skip("this system lets us look at /proc/1/cwd")
    (tmp_path / "a.json").symlink_to(proc)
    _write(tmp_path / "b.json", json.dumps(ITEM))
    out = io.StringIO()
    assert validate([str(tmp_path)], out=out, err=io.StringIO()) == 2
    assert out.getvalue().splitlines() == [
        f"{tmp_path / 'a.json'}: UNREADABLE cannot read: Permission denied",
        f"{tmp_path / 'b.json'}: OK (MLM v1.5.2 Item)",
    ]
    for command in (["migrate", str(tmp_path)], ["migrate", str(tmp_path / "a.json")]):
        done = subprocess.run(  # migrate looks at its paths too: no traceback either
            [sys.executable, "-m", "stac_mlm.cli", *command, "-o", str(tmp_path / "out")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert f"{tmp_path / 'a.json'}: UNREADABLE cannot read: Permission denied" in done.stderr
        assert "Traceback" not in done.stderr
    out = io.StringIO()  # named itself: the same line, no traceback
    assert validate([str(tmp_path / "a.json")], out=out, err=io.StringIO()) == 2
    assert out.getvalue() == f"{tmp_path / 'a.json'}: UNREADABLE cannot read: Permission denied\n"


def test_a_jsonl_file_whose_lines_are_not_json_is_still_read_line_by_line(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path / "a.jsonl", "{nope\n" + json.dumps(ITEM) + "\n")
    out = io.StringIO()
    assert validate([str(path)], out=out, err=io.StringIO()) == 2
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"{path} → line 1: UNREADABLE not JSON: ")
    assert lines[1] == f"{path} → line 2: OK (MLM v1.5.2 Item)"


def test_a_document_without_type_says_it_has_none(tmp_path: Path) -> None:
    document = copy.deepcopy(ITEM)
    del document["type"]
    path = _write(tmp_path / "a.json", json.dumps(document))
    out = io.StringIO()
    assert validate([str(path)], out=out, err=io.StringIO()) == 2
    assert out.getvalue() == (
        f'{path}: UNSUPPORTED has no "type": an MLM document is a STAC Item (Feature) or '
        "Collection\n"
    )
    code, _, err = run_summarize(str(path))
    assert code == 2
    assert f'{path}: UNSUPPORTED not a STAC Item (has no "type")' in err
    code, _, err = run_migrate(str(path), "-o", str(tmp_path / "out"))
    assert code == 2
    assert err.startswith(
        f'{path}: UNSUPPORTED has no "type": an MLM document is a STAC Item (Feature) or '
        "Collection\n"
    )
    assert not (tmp_path / "out").exists()  # nothing migrated, nothing written


def test_a_feature_collection_given_as_collection_is_located_at_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = _write(tmp_path / "ok.json", json.dumps(ITEM))
    search, _ = feature_collection(tmp_path, ["valid"])
    assert main(["summarize", str(item), "--collection", str(search)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{search}: UNREADABLE --collection names one Collection, not several documents"
    )


def test_a_file_name_that_is_not_utf8_is_written_escaped(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"item-\xff.json")).write_text(json.dumps(ITEM))
    out, err = io.StringIO(), io.StringIO()
    assert validate([str(tmp_path)], out=out, err=err, form="json") == 0
    record = json.loads(out.getvalue().splitlines()[0])
    # the byte itself, as \xff: a lone surrogate is not UTF-8, and strict parsers refuse it
    assert (record["path"], record["path_escaped"]) == (f"{tmp_path}/item-\\xff.json", True)
    out = io.StringIO()
    assert validate([str(tmp_path)], out=out, err=err) == 0
    assert out.getvalue() == f"{tmp_path}/item-\\xff.json: OK (MLM v1.5.2 Item)\n"


def test_geoparquet_without_the_extra_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = geoparquet(tmp_path, ["valid"])
    monkeypatch.setitem(sys.modules, "stac_geoparquet.arrow", None)  # as if not installed
    out = io.StringIO()
    assert validate([str(path)], out=out, err=io.StringIO()) == 2
    assert out.getvalue() == (
        f"{path}: UNREADABLE reading GeoParquet needs the geoparquet extra: "
        "pip install 'stac-mlm[geoparquet]'\n"
    )


def test_standard_input_and_json_files_holding_json_lines_are_read_as_lines(
    tmp_path: Path,
) -> None:
    text = json.dumps(ITEM) + "\n" + json.dumps(invalid_item()) + "\n"
    out = io.StringIO()
    assert validate(["-"], out=out, stdin=io.StringIO(text), err=io.StringIO()) == 1
    assert out.getvalue().splitlines()[0] == "<stdin> → line 1: OK (MLM v1.5.2 Item)"
    assert out.getvalue().splitlines()[1].startswith(f"<stdin> → line 2: INVALID {INVALID_AT}: ")
    path = tmp_path / "items.json"
    path.write_text(text)
    out = io.StringIO()
    assert validate([str(path)], out=out, err=io.StringIO()) == 1
    assert out.getvalue().splitlines()[0] == f"{path} → line 1: OK (MLM v1.5.2 Item)"


def test_a_folder_reads_every_format_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    feature_collection(tmp_path / "b", ["valid"])
    json_lines(tmp_path / "a", ["valid"])
    geoparquet(tmp_path, ["valid"])
    (tmp_path / "c.ndjson").write_text(json.dumps(ITEM))
    (tmp_path / "d.geojson").write_text(json.dumps(ITEM))
    (tmp_path / "notes.txt").write_text("not read")
    out = io.StringIO()
    assert validate([str(tmp_path)], out=out, err=io.StringIO()) == 0
    assert out.getvalue().splitlines() == [
        f"{tmp_path / 'a' / 'items.jsonl'} → line 2: OK (MLM v1.5.2 Item)",
        f"{tmp_path / 'b' / 'search.json'} → features → 0: OK (MLM v1.5.2 Item)",
        f"{tmp_path / 'c.ndjson'} → line 1: OK (MLM v1.5.2 Item)",
        f"{tmp_path / 'd.geojson'}: OK (MLM v1.5.2 Item)",
        f"{tmp_path / 'items.parquet'} → row 0: OK (MLM v1.5.2 Item)",
    ]


def test_summarize_skips_collections_among_the_items_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "collection.json").write_text(json.dumps(example_collection()))
    (tmp_path / "item.json").write_text(json.dumps(ITEM))
    code, out, err = run_summarize(str(tmp_path))
    assert code == 0
    assert f'{tmp_path / "collection.json"}: SKIPPED not a STAC Item (type "Collection")' in err
    assert err.splitlines()[-1] == "2 documents: 1 valid, 1 skipped"
    assert json.loads(out)["summaries"]["mlm:tasks"] == ITEM["properties"]["mlm:tasks"]


def test_reading_is_one_document_at_a_time(tmp_path: Path) -> None:
    """The reader gives a file's documents as it reads them: the first line of a JSON Lines
    file is given before a later line is read (here, written)."""
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps(ITEM) + "\n")
    source = next(read([str(path)], io.StringIO()))
    assert source.shape is Shape.LINES
    first = next(source.members)
    assert first.document == ITEM
    with path.open("a") as file:
        file.write(json.dumps(invalid_item()) + "\n")
    assert [member.index for member in source.members] == [2]


# --- migrate: containers written back ------------------------------------------------------


def test_migrate_an_old_feature_collection_keeps_its_shape(tmp_path: Path) -> None:
    old = example_items("1.4.0")
    features = [old["item_basic.json"], old["item_eo_bands.json"]]
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features, "links": []}))
    code, out, err = run_migrate(str(path), "--artifact-type", "torch.save")
    assert code == 0, err
    migrated = json.loads(out)
    assert list(migrated) == ["type", "features", "links"]
    assert [official_validator("1.5.2").is_valid(item) for item in migrated["features"]] == [
        True,
        True,
    ]
    assert err.splitlines()[-1] == "2 documents: 2 valid"


def test_migrate_a_folder_of_containers_into_another(tmp_path: Path) -> None:
    (tmp_path / "in" / "nested").mkdir(parents=True)
    feature_collection(tmp_path / "in", ["valid"])
    json_lines(tmp_path / "in", ["valid", "valid"])
    geoparquet(tmp_path / "in" / "nested", ["valid"])
    code, out, err = run_migrate(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert (code, out) == (0, ""), err
    written = sorted(
        str(path.relative_to(tmp_path / "out")) for path in (tmp_path / "out").rglob("*.*")
    )
    assert written == ["items.jsonl", "nested/items.jsonl", "search.json"]
    assert json.loads((tmp_path / "out" / "search.json").read_text())["features"] == [
        ITEM | {"id": "valid-0"}
    ]
    assert len((tmp_path / "out" / "items.jsonl").read_text().splitlines()) == 2
    [row] = (tmp_path / "out" / "nested" / "items.jsonl").read_text().splitlines()
    assert json.loads(row)["id"] == "valid-0"


def test_migrate_in_place_rewrites_a_container_only_when_every_result_is_valid(
    tmp_path: Path,
) -> None:
    path, _ = json_lines(tmp_path, ["valid", "invalid"])
    before = path.read_text()
    code, out, err = run_migrate(str(path), "--in-place")
    assert (code, out) == (1, "")
    assert (
        f"{path}: NOT WRITTEN 1 of its 2 results are not valid MLM v1.5.2, and --in-place " in err
    )
    assert path.read_text() == before
    old = example_items("1.4.0")["item_basic.json"]
    path.write_text(json.dumps(old) + "\n" + json.dumps(old) + "\n")
    code, out, err = run_migrate(str(path), "--in-place", "--artifact-type", "torch.save")
    assert (code, out) == (0, ""), err
    lines = path.read_text().splitlines()
    assert len(lines) == 2
    assert all(official_validator("1.5.2").is_valid(json.loads(line)) for line in lines)


def test_migrate_in_place_refuses_geoparquet(tmp_path: Path) -> None:
    path, _ = geoparquet(tmp_path, ["valid"])
    before = path.read_bytes()
    code, out, err = run_migrate(str(path), "--in-place")
    assert (code, out) == (2, "")
    assert f"{path}: NOT MIGRATED --in-place cannot rewrite GeoParquet: give -o to write" in err
    assert path.read_bytes() == before


def test_migrate_geoparquet_to_a_file_writes_json_lines(tmp_path: Path) -> None:
    path, _ = geoparquet(tmp_path, ["valid", "valid"])
    code, _, err = run_migrate(str(path), "-o", str(tmp_path / "items.jsonl"))
    assert code == 0, err
    lines = (tmp_path / "items.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["valid-0", "valid-1"]


# --- what GeoParquet keeps ------------------------------------------------------------------

#: The keys of a STAC Item: stac-geoparquet moves any other top-level key into properties.
ITEM_KEYS = {"type", "stac_version", "stac_extensions", "id", "geometry", "bbox", "properties"}
ITEM_KEYS |= {"links", "assets", "collection"}
#: The properties stac-geoparquet stores as timestamps: read back with microseconds.
TIMESTAMPS = {"datetime", "start_datetime", "end_datetime", "created", "updated", "expires"}
TIMESTAMPS |= {"published", "unpublished"}


def as_geoparquet_keeps_it(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` as the README says GeoParquet gives it back, for Items with float
    coordinates, no empty object and the same types in every row, as the official
    examples: other top-level keys moved into properties, the STAC timestamps written with
    microseconds, and every null member of an object read as absent (but the datetime)."""
    expected = copy.deepcopy(item)
    properties = expected["properties"]
    for key in [key for key in expected if key not in ITEM_KEYS]:
        properties[key] = expected.pop(key)
    for key in TIMESTAMPS & properties.keys():
        if isinstance(properties[key], str):
            properties[key] = properties[key].replace("Z", ".000000Z")
    datetime = properties["datetime"]
    expected = without_nulls(expected)
    expected["properties"]["datetime"] = datetime
    return expected


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def exact(document: Any) -> str:
    """JSON text telling ``1`` from ``1.0``, key order aside."""
    return json.dumps(document, sort_keys=True)


def read_back(items: list[dict[str, Any]], path: Path) -> list[dict[str, Any]]:
    to_parquet(parse_stac_items_to_arrow(items), path)
    [source] = read([str(path)], io.StringIO())
    documents = [member.document for member in source.members]
    assert all(document is not None for document in documents)
    return documents  # type: ignore[return-value]


@pytest.mark.parametrize("name", sorted(example_items("1.5.2")))
def test_geoparquet_keeps_official_examples_but_moves_keys_datetimes_and_nulls(
    name: str, tmp_path: Path
) -> None:
    item = example_items("1.5.2")[name]
    [document] = read_back([item], tmp_path / "item.parquet")
    assert exact(document) == exact(as_geoparquet_keeps_it(item))


def test_geoparquet_loses_nulls_integer_coordinates_mixed_number_types_and_time_zones(
    tmp_path: Path,
) -> None:
    first, second = copy.deepcopy(ITEM), copy.deepcopy(ITEM)
    second["id"] = "second"
    first["geometry"] = {"type": "Point", "coordinates": [1, 2]}
    first["bbox"] = [1, 2, 1, 2]
    first["properties"]["mlm:input"][0]["value_scaling"] = None  # a null the MLM spec allows
    first["properties"]["mlm:pretrained"] = True  # absent from the second
    first["properties"]["x:count"], second["properties"]["x:count"] = 1, 1.5
    first["properties"]["x:ints"] = [1, None]
    first["properties"]["x:empty"] = {}
    first["properties"]["x:date"] = "2020-01-01T00:00:00Z"  # not a STAC datetime: text
    first["properties"]["start_datetime"] = "2020-01-01T02:00:00+02:00"
    one, two = read_back([first, second], tmp_path / "items.parquet")
    assert one["geometry"] == {"type": "Point", "coordinates": [1.0, 2.0]}
    assert exact(one["bbox"]) == exact([1.0, 2.0, 1.0, 2.0])
    assert "value_scaling" not in one["properties"]["mlm:input"][0]  # null read as absent
    assert "mlm:pretrained" not in two["properties"]  # not filled in with null
    assert exact([one["properties"]["x:count"], two["properties"]["x:count"]]) == "[1.0, 1.5]"
    assert exact(one["properties"]["x:ints"]) == "[1, null]"  # nulls in arrays stay
    assert "x:empty" not in one["properties"]
    assert one["properties"]["x:date"] == "2020-01-01T00:00:00Z"
    assert one["properties"]["start_datetime"] == "2020-01-01T00:00:00.000000Z"  # in UTC
    assert one["properties"]["datetime"] is None  # STAC requires it: kept when null


def test_a_bad_json_lines_line_is_located_by_its_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.jsonl", json.dumps(ITEM) + "\n{not json}\n")
    out = io.StringIO()
    assert validate([str(path)], out=out, err=io.StringIO()) == 2
    assert out.getvalue().splitlines()[1] == (
        f"{path} → line 2: UNREADABLE not JSON: key must be a string at column 2"
    )
