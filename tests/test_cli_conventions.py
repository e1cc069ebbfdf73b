"""CLI conventions: ``--version``, ``--format json`` records valid for the published schema on
every command, one location format for people, totals, progress on a terminal only, a
description in every command's help, and exit codes for an interrupt and a closed pipe."""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from spec_folder import example_collection, example_items
from stac_geoparquet.arrow import parse_stac_items_to_arrow, to_parquet

import stac_mlm.cli
import stac_mlm.cli.report
from stac_mlm import MLMItem, __version__
from stac_mlm.cli import build_parser, example, main, migrate_documents, schema, summarize, validate
from stac_mlm.cli.report import report_schema

ITEM = example_items("1.5.2")["item_basic.json"]
REPORT = Draft202012Validator(report_schema())


def invalid_item() -> dict[str, Any]:
    item = copy.deepcopy(ITEM)
    item["id"] = "invalid"
    item["properties"]["mlm:tasks"] = ["clustering"]
    item["assets"]["weights/v1~x"] = {"href": 1}  # a key that JSON Pointer escapes
    return item


INVALID_ERRORS = [
    ("/properties/mlm:tasks/0", "Input should be "),
    ("/assets/weights~1v1~0x/href", "href must be a non-empty string (got 1)"),
]


def catalog(folder: Path) -> Path:
    """Every format, and every verdict a command can give."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_item.json").write_text(json.dumps(ITEM))
    (folder / "b_invalid.json").write_text(json.dumps(invalid_item()))
    (folder / "c_not_json.json").write_text("{nope")
    (folder / "d_catalog.json").write_text(json.dumps({"type": "Catalog", "id": "c"}))
    (folder / "e_collection.json").write_text(json.dumps(example_collection()))
    features = [ITEM, invalid_item(), 3]
    (folder / "f_search.json").write_text(
        json.dumps({"type": "FeatureCollection", "features": features})
    )
    old = example_items("1.3.0")["item_basic.json"]
    (folder / "g_items.jsonl").write_text(f"{json.dumps(old)}\n{json.dumps(ITEM)}\n")
    to_parquet(parse_stac_items_to_arrow([ITEM]), folder / "h_items.parquet")
    return folder


def records(text: str) -> list[dict[str, Any]]:
    """The lines of ``--format json``, each checked against the published schema; the
    totals last, counting the verdicts of the documents before them."""
    lines = [json.loads(line) for line in text.splitlines()]
    for line in lines:
        REPORT.validate(line)
    *documents, totals = lines
    assert "totals" in totals
    verdicts = Counter(document["verdict"] for document in documents)
    totals["totals"].pop("files_not_written", None)  # files, not documents
    assert totals["totals"] == {
        "documents": len(documents),
        **{verdict: verdicts[verdict] for verdict in totals["totals"] if verdict != "documents"},
    }
    return documents


def by_place(documents: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(Path(d["path"]).name, json.dumps(d["member"])): d for d in documents}


def test_the_report_schema_is_draft_2020_12_and_exported_by_the_schema_command() -> None:
    Draft202012Validator.check_schema(report_schema())
    out = io.StringIO()
    assert schema("report", None, out=out) == 0
    assert json.loads(out.getvalue()) == report_schema()
    packaged = Path(stac_mlm.cli.__file__).parent / "report.schema.json"
    assert json.loads(packaged.read_text()) == report_schema()


def test_validate_json_records(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert validate([str(catalog(tmp_path))], out=out, err=err, form="json") == 2
    assert err.getvalue() == ""  # no totals line, no progress: all on the stream
    found = by_place(records(out.getvalue()))
    assert [(d["verdict"], d["release"]) for d in found.values()] == [
        ("valid", "1.5.2"),
        ("invalid", "1.5.2"),
        ("unreadable", None),
        ("unsupported", None),
        ("invalid", None),  # the official example Collection declares no MLM release
        ("valid", "1.5.2"),
        ("invalid", "1.5.2"),
        ("unreadable", None),
        ("valid", "1.3.0"),
        ("valid", "1.5.2"),
        ("valid", "1.5.2"),
    ]
    invalid = found[("f_search.json", '{"feature": 1}')]
    assert (invalid["kind"], invalid["pointer"]) == ("Item", "/features/1")
    errors = [(error["location"], error["message"]) for error in invalid["errors"]]
    assert [location for location, _ in errors] == [location for location, _ in INVALID_ERRORS]
    for (_, message), (_, start) in zip(errors, INVALID_ERRORS, strict=True):
        assert message.startswith(start)
    assert found[("g_items.jsonl", '{"line": 1}')]["pointer"] == ""
    assert found[("h_items.parquet", '{"row": 0}')]["pointer"] is None
    assert found[("c_not_json.json", "null")]["errors"][0]["location"] == ""
    assert found[("d_catalog.json", "null")]["errors"][0]["location"] == "/type"


def test_migrate_json_records_go_to_standard_error(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    args = [
        "migrate",
        str(catalog(tmp_path / "in")),
        "-o",
        str(tmp_path / "out"),
        "--format",
        "json",
    ]
    assert migrate_documents(build_parser().parse_args(args), out=out, err=err) == 2
    assert out.getvalue() == ""
    assert json.loads(err.getvalue().splitlines()[-1])["totals"]["files_not_written"] == 2
    found = by_place(records(err.getvalue()))
    old = found[("g_items.jsonl", '{"line": 1}')]
    assert (old["release"], old["target"], old["verdict"]) == ("1.3.0", "1.5.2", "invalid")
    assert old["written"] is None  # -o writes only valid results
    assert old["not_written"] == (
        "1 of its 2 results are not valid MLM v1.5.2: -o writes only valid results "
        "(--write-invalid writes it anyway)"
    )
    assert old["changes"] == [
        {
            "location": "/stac_extensions/0",
            "message": "https://crim-ca.github.io/mlm-extension/v1.3.0/schema.json → "
            "https://stac-extensions.github.io/mlm/v1.5.2/schema.json",
        }
    ]
    assert old["unmigrated"][0]["location"] == "/assets/model/mlm:artifact_type"
    search = found[("f_search.json", '{"feature": 0}')]
    assert search["written"] is None
    assert search["not_written"].startswith("1 of its 3 documents could not be migrated")
    assert found[("a_item.json", "null")]["written"] == str(tmp_path / "out" / "a_item.json")
    assert found[("d_catalog.json", "null")]["verdict"] == "unsupported"  # declares no MLM


def test_summarize_json_records_go_to_standard_error(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    options = ["--id", "m", "--description", "d", "--license", "MIT", "--format", "json"]
    args = build_parser().parse_args(["summarize", str(catalog(tmp_path)), *options])
    assert summarize(args, out=out, err=err) == 2
    assert json.loads(out.getvalue())["type"] == "Collection"
    found = by_place(records(err.getvalue()))
    assert found[("e_collection.json", "null")]["verdict"] == "skipped"
    assert found[("d_catalog.json", "null")]["verdict"] == "skipped"
    assert found[("g_items.jsonl", '{"line": 1}')]["verdict"] == "invalid"  # not v1.5.2
    assert found[("h_items.parquet", '{"row": 0}')]["verdict"] == "valid"


@pytest.mark.parametrize("case", ["over an Item read", "no valid Item", "a folder"])
def test_summarize_json_says_a_collection_not_written_in_a_record(
    case: str, tmp_path: Path
) -> None:
    """The NOT WRITTEN line was plain text among the records: not JSON Lines any more."""
    item, folder = tmp_path / "a.json", tmp_path / "folder"
    item.write_text(json.dumps(ITEM if case != "no valid Item" else invalid_item()))
    folder.mkdir()
    output = {"over an Item read": item, "no valid Item": tmp_path / "c.json", "a folder": folder}
    options = ["--id", "m", "--description", "d", "--license", "MIT", "--format", "json"]
    args = ["summarize", str(item), *options, "-o", str(output[case])]
    out, err = io.StringIO(), io.StringIO()
    assert summarize(build_parser().parse_args(args), out=out, err=err) == (
        1 if case == "no valid Item" else 2
    )
    lines = [json.loads(line) for line in err.getvalue().splitlines()]
    for line in lines:
        REPORT.validate(line)
    why = {
        "over an Item read": f"{item}: it holds Items this run read, which -o would replace: "
        "name another file",
        "no valid Item": "no valid Item was read, and a Collection's extent cannot be "
        "computed from none",
        "a folder": f"cannot write {folder}: Is a directory",
    }
    assert lines[1] == {
        "command": "summarize",
        "output": str(output[case]),
        "not_written": why[case],
    }
    assert [set(line) & {"path", "totals"} for line in lines] == [{"path"}, set(), {"totals"}]


def test_example_and_schema_json_are_one_line() -> None:
    out = io.StringIO()
    assert example(out=out, form="json") == 0
    [line] = out.getvalue().splitlines()
    assert MLMItem.model_validate_json(line).model_dump(mode="json") == json.loads(line)
    text = io.StringIO()
    example(out=text)
    assert json.loads(text.getvalue()) == json.loads(line)
    out = io.StringIO()
    assert schema("item", None, out=out, form="json") == 0
    [line] = out.getvalue().splitlines()
    assert json.loads(line)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# --- one location format for people ------------------------------------------------------


def test_validate_and_migrate_print_the_same_location_and_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = copy.deepcopy(ITEM)
    document["properties"]["mlm:input"][0]["input"]["dim_order"] = ["batch", "bands"]
    path = tmp_path / "item.json"
    path.write_text(json.dumps(document))
    assert main(["validate", str(path)]) == 1
    [checked] = capsys.readouterr().out.splitlines()
    assert main(["migrate", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    [migrated] = [line for line in err if line.startswith(f"{path}: INVALID ")]
    place = "properties → mlm:input → 0 → input → dim_order: "
    assert checked.startswith(f"{path}: INVALID {place}input.dim_order names")
    assert migrated == checked  # the same prefix, verdict word, location and message
    assert err[0] == f"{path}: MIGRATED MLM v1.5.2 → v1.5.2: 0 changed, 0 unmigrated, 1 invalid"
    assert all(" -> " not in line for line in err)


def test_every_migrate_line_is_name_verdict_location(tmp_path: Path) -> None:
    """``NAME: VERDICT …`` with the verdict in capitals, as validate writes: the notes of
    a migration from v1.3.0 (changes, unmigrated, invalid) and the file not written."""
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps(example_items("1.3.0")["item_eo_bands.json"]) + "\n")
    err = io.StringIO()
    args = build_parser().parse_args(["migrate", str(path), "--in-place"])
    assert migrate_documents(args, out=io.StringIO(), err=err) == 1
    *lines, total = err.getvalue().splitlines()
    shape = re.compile(
        rf"{re.escape(str(path))}(?: → line 1)?: (MIGRATED|CHANGED|UNMIGRATED|INVALID|NOT WRITTEN) "
    )
    assert [shape.match(line) is not None for line in lines] == [True] * len(lines), lines
    verdicts = Counter(match.group(1) for line in lines if (match := shape.match(line)))
    assert verdicts == {
        "MIGRATED": 1,
        "CHANGED": 5,
        "UNMIGRATED": 1,
        "INVALID": 1,
        "NOT WRITTEN": 1,
    }
    assert total == "1 document: 1 invalid; 1 file not written"


# --- totals and progress ----------------------------------------------------------------------


class Terminal(io.StringIO):
    """Standard error as a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def slow_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each look at the clock is 0.3 s later: progress shows from the 4th document on."""
    ticks: Iterator[float] = (0.3 * tick for tick in range(10**6))
    monkeypatch.setattr(stac_mlm.cli.report, "monotonic", lambda: next(ticks))


def folder_of_items(folder: Path, count: int) -> Path:
    folder.mkdir(exist_ok=True)
    for index in range(count):
        (folder / f"item_{index}.json").write_text(json.dumps(ITEM))
    return folder


PROGRESS = re.compile(r"\r\x1b\[K(?:\w+ [\d,]+ documents…)?")


@pytest.mark.usefixtures("slow_clock")
def test_progress_on_a_terminal_is_erased_before_every_line(tmp_path: Path) -> None:
    folder = folder_of_items(tmp_path, 6)
    err = Terminal()
    assert validate([str(folder)], out=io.StringIO(), err=err) == 0
    assert "validated 3 documents" not in err.getvalue()  # the first second draws nothing
    assert "\r\x1b[Kvalidated 4 documents…" in err.getvalue()
    assert "\r\x1b[Kvalidated 6 documents…" in err.getvalue()
    assert err.getvalue().endswith("\r\x1b[K6 documents: 6 valid\n")
    assert PROGRESS.sub("", err.getvalue()) == "6 documents: 6 valid\n"


@pytest.mark.usefixtures("slow_clock")
def test_progress_never_breaks_a_report_on_the_same_stream(tmp_path: Path) -> None:
    folder = folder_of_items(tmp_path / "in", 6)
    (folder / "item_2.json").write_text("{nope")
    args = build_parser().parse_args(["migrate", str(folder), "-o", str(tmp_path / "out")])
    on_terminal, piped = Terminal(), io.StringIO()
    assert migrate_documents(args, out=io.StringIO(), err=on_terminal) == 2
    assert migrate_documents(args, out=io.StringIO(), err=piped) == 2
    assert "migrated 6 documents…" in on_terminal.getvalue()
    assert PROGRESS.sub("", on_terminal.getvalue()) == piped.getvalue()
    assert "\r" not in piped.getvalue()
    assert piped.getvalue().splitlines()[-1] == "6 documents: 5 valid, 1 unreadable"


@pytest.mark.usefixtures("slow_clock")
def test_no_progress_in_json(tmp_path: Path) -> None:
    folder = folder_of_items(tmp_path, 6)
    out, err = io.StringIO(), Terminal()
    options = ["--id", "m", "--description", "d", "--license", "MIT", "--format", "json"]
    args = build_parser().parse_args(["summarize", str(folder), *options])
    assert summarize(args, out=out, err=err) == 0
    assert "\r" not in err.getvalue()
    assert len(records(err.getvalue())) == 6


# --- help, version, exit codes ------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == (
        f"stac-mlm {__version__} (writes MLM v1.5.2; reads v1.0.0 to v1.5.2)\n"
    )


def subcommands() -> dict[str, Any]:
    parser = build_parser()
    [action] = [a for a in parser._actions if a.dest == "command"]
    choices: dict[str, Any] = action.choices  # type: ignore[assignment]
    return choices


@pytest.mark.parametrize(
    "command", ["validate", "migrate", "summarize", "example", "schema", "lint", "card"]
)
def test_every_command_has_a_description_and_a_json_format(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    description = subcommands()[command].description
    assert description
    assert len(description) > 80
    with pytest.raises(SystemExit):
        main([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert " ".join(description.split()[:8]) in help_text
    assert "--format {text,json}" in help_text


def test_every_command_is_tested_here() -> None:
    assert set(subcommands()) == {
        "validate",
        "migrate",
        "summarize",
        "example",
        "schema",
        "lint",  # and tests/test_cli_lint.py
        "card",  # and tests/test_card.py
    }


def test_an_interrupt_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(stac_mlm.cli, "validate", interrupted)
    assert main(["validate", "-"]) == 130
    assert capsys.readouterr().err == "stac-mlm: interrupted\n"


def test_an_interrupt_in_json_is_a_record(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(stac_mlm.cli, "migrate_documents", interrupted)
    assert main(["migrate", "--format", "json", "-"]) == 130
    record = json.loads(capsys.readouterr().err)
    REPORT.validate(record)
    assert record == {"command": "migrate", "stopped": "interrupted"}


class _CutShort(io.StringIO):
    """Standard error that a Ctrl-C interrupts at its second write (a full pipe held it)."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        if self.writes == 2:
            raise KeyboardInterrupt
        return super().write(text)


def test_an_interrupt_between_two_writes_leaves_the_stopped_record_a_line_of_its_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A record and its end were two writes: a Ctrl-C between them glued the stopped record
    to the record (now one write each, whole or not at all)."""
    items = tmp_path / "items.jsonl"
    items.write_text("".join(json.dumps(ITEM) + "\n" for _ in range(3)))
    stderr = _CutShort()
    monkeypatch.setattr(sys, "stderr", stderr)
    assert main(["migrate", "--format", "json", str(items), "-o", str(tmp_path / "out")]) == 130
    lines = stderr.getvalue().splitlines()
    assert json.loads(lines[-1]) == {"command": "migrate", "stopped": "interrupted"}
    REPORT.validate(json.loads(lines[0]))  # the record before the cut is whole


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_migrate_json_stopped_by_a_full_standard_output_is_a_record(tmp_path: Path) -> None:
    """migrate's records are on standard error: the line saying standard output is full
    was plain text there."""
    item = tmp_path / "a.json"
    item.write_text(json.dumps(ITEM))
    command = [sys.executable, "-m", "stac_mlm.cli", "migrate", "--format", "json", str(item)]
    with open("/dev/full", "w") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 2
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    for line in lines:
        REPORT.validate(line)
    assert lines[-1] == {
        "command": "migrate",
        "stopped": "cannot write standard output: No space left on device",
    }


def test_a_closed_pipe_exits_141_without_a_traceback(tmp_path: Path) -> None:
    """``stac-mlm validate … | head -1``: more lines than a pipe holds, read one, close."""
    path = tmp_path / "items.jsonl"
    path.write_text((json.dumps(invalid_item()) + "\n") * 500)
    process = subprocess.Popen(
        [sys.executable, "-m", "stac_mlm.cli", "validate", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.readline().startswith(f"{path} → line 1: INVALID".encode())
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 141, stderr.decode()
    assert b"Traceback" not in stderr
