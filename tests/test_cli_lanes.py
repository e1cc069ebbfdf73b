"""``stac-mlm validate --lane`` and ``--jobs``: the same report whichever lane and however
many processes; the garbage collector restored after every command."""

from __future__ import annotations

import copy
import gc
import io
import json
from pathlib import Path
from typing import Any

import pytest
from spec_folder import example_items

from stac_mlm.cli import build_parser, main, migrate_documents, summarize, validate
from stac_mlm.cli import commands as cli_commands
from stac_mlm.cli.jobs import CHUNK
from stac_mlm.example import example_item
from stac_mlm.fast_lane import available

VALID: dict[str, Any] = example_item().model_dump(mode="json")


def documents() -> list[Any]:
    """Every kind of entry: valid, invalid, another release, two releases, a Collection,
    not an MLM document, not JSON."""
    invalid = copy.deepcopy(VALID)
    invalid["properties"]["mlm:tasks"] = ["cooking"]
    del invalid["bbox"]
    two = copy.deepcopy(VALID)
    two["stac_extensions"].append("https://stac-extensions.github.io/mlm/v1.4.0/schema.json")
    older = next(iter(example_items("1.3.0").values()))
    collection = {**VALID, "type": "Collection"}
    catalog = {"type": "Catalog", "id": "c"}
    return [VALID, invalid, two, older, collection, catalog, "not json", VALID, invalid] * 30


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "items.jsonl"
    lines = [item if isinstance(item, str) else json.dumps(item) for item in documents()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(path: Path, *options: str) -> tuple[int, str, str]:
    args = build_parser().parse_args(["validate", str(path), *options])
    out, err = io.StringIO(), io.StringIO()
    code = validate(args.paths, out=out, err=err, form=args.format, lane=args.lane, jobs=args.jobs)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("form", ["text", "json"])
def test_every_lane_and_jobs_give_the_same_report(catalog: Path, form: str) -> None:
    models = run(catalog, "--lane", "models", "--format", form)
    assert models[0] == 2
    assert "INVALID properties → mlm:tasks → 0: " in models[1] or form == "json"
    assert models[1].count("\n") > 270  # several lines per invalid document
    lanes = [("--lane", "auto"), ("--jobs", "2"), ("--lane", "models", "--jobs", "3")]
    if available():
        lanes += [("--lane", "fast"), ("--lane", "fast", "--jobs", "2")]
    for options in lanes:
        assert run(catalog, *options, "--format", form) == models, options


def test_the_fast_lane_decides_the_valid_items(
    catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not available():
        pytest.skip("needs the fast extra")
    checked: list[Any] = []
    load = cli_commands.load

    def counting_load(document: Any, source: str | None = None) -> Any:
        checked.append(document)
        return load(document, source=source)

    monkeypatch.setattr(cli_commands, "load", counting_load)
    code, out, _ = run(catalog, "--lane", "fast")
    assert code == 2
    assert out.count("OK (MLM v1.5.2 Item)") == 60
    assert VALID not in checked  # the fast lane said valid: the models never read it
    assert len(checked) == 30 * 5  # what it does not accept is the models'


def test_lane_fast_without_the_extra_is_a_usage_error(
    catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_commands, "available", lambda: False)
    code, out, err = run(catalog, "--lane", "fast")
    assert (code, out) == (2, "")
    assert err == (
        "stac-mlm validate: --lane fast: the fast lane needs the fast extra: "
        "pip install 'stac-mlm[fast]'\n"
    )
    assert run(catalog, "--lane", "auto")[0] == 2  # auto: the models


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_is_a_whole_number_of_at_least_one(
    jobs: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate", str(catalog), "--jobs", jobs])
    assert exited.value.code == 2
    assert f"--jobs: a whole number of at least 1 (got '{jobs}')" in capsys.readouterr().err


def test_the_collector_is_restored_after_each_command(catalog: Path, tmp_path: Path) -> None:
    assert gc.isenabled()
    run(catalog)
    assert gc.isenabled()
    args = build_parser().parse_args(
        ["summarize", str(catalog), "--id", "c", "--description", "d", "--license", "MIT"]
    )
    assert summarize(args, out=io.StringIO(), err=io.StringIO()) == 2
    assert gc.isenabled()
    args = build_parser().parse_args(["migrate", str(catalog), "-o", str(tmp_path / "out")])
    migrate_documents(args, out=io.StringIO(), err=io.StringIO())
    assert gc.isenabled()
    gc.disable()
    try:
        run(catalog)
        assert not gc.isenabled()  # left as found
    finally:
        gc.enable()


def folder_of_files(root: Path) -> Path:
    """A folder of every kind of file the reader reads, in subfolders: one document per
    file, a FeatureCollection, JSON Lines (with lines that are blank, not JSON, too deep
    or not finite), one document in a .jsonl file, JSON Lines in a .json file, a file that
    is not UTF-8, an empty file, a link to a folder."""
    folder = root / "catalog"
    (folder / "sub" / "deeper").mkdir(parents=True)
    items = documents()[:9]
    for number, document in enumerate(items * 3):
        text = document if isinstance(document, str) else json.dumps(document)
        (folder / "sub" / f"doc-{number:02d}.json").write_text(text, encoding="utf-8")
    predecessor = copy.deepcopy(VALID)
    predecessor["stac_extensions"] = [
        "https://stac-extensions.github.io/ml-model/v1.0.0/schema.json"
    ]
    (folder / "predecessor.json").write_text(json.dumps(predecessor), encoding="utf-8")
    features = [item for item in items if isinstance(item, dict)]
    collection = {"type": "FeatureCollection", "features": [*features, 3]}
    (folder / "search.geojson").write_text(json.dumps(collection), encoding="utf-8")
    deep: Any = 0
    for _ in range(120):
        deep = [deep]
    odd = [{**VALID, "x:deep": deep}, '{"x": NaN}', "", "[1, 2]"]
    lines = [item if isinstance(item, str) else json.dumps(item) for item in documents() + odd]
    (folder / "sub" / "deeper" / "items.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (folder / "one.jsonl").write_text(json.dumps(VALID, indent=2), encoding="utf-8")
    (folder / "lines.json").write_text("\n".join(lines[:5]), encoding="utf-8")
    (folder / "latin1.json").write_bytes('{"title": "café"}'.encode("latin-1"))
    (folder / "empty.json").write_text("", encoding="utf-8")
    (folder / "link").symlink_to(folder / "sub", target_is_directory=True)
    return folder


@pytest.mark.parametrize("form", ["text", "json"])
@pytest.mark.parametrize("lane", ["models", "fast"])
def test_jobs_give_the_report_of_one_process_on_a_folder_of_every_kind_of_file(
    tmp_path: Path, form: str, lane: str
) -> None:
    if lane == "fast" and not available():
        pytest.skip("needs the fast extra")
    folder = folder_of_files(tmp_path)
    one = run(folder, "--lane", lane, "--format", form)
    assert one[0] == 2
    # not vacuous: more documents than a chunk of work, each kind of verdict
    if form == "json":
        totals = json.loads(one[1].splitlines()[-1])["totals"]
    else:
        totals = {"documents": int(one[2].split()[0].replace(",", ""))}
    assert totals["documents"] > CHUNK
    for words in ("OK (MLM v1.5.2", "INVALID", "UNREADABLE", "UNSUPPORTED", "not UTF-8"):
        assert words in one[1] or form == "json", words
    assert "not JSON Lines" in one[1]
    assert "predecessor" in one[1] or form == "text"
    assert run(folder, "--lane", lane, "--format", form, "--jobs", "2") == one
    assert run(folder, "--lane", lane, "--format", form, "--jobs", "3") == one


def test_jobs_give_the_report_of_one_process_with_standard_input(catalog: Path) -> None:
    text = json.dumps({**VALID, "bbox": "nowhere"})
    reports = []
    for jobs in (1, 2):
        out, err = io.StringIO(), io.StringIO()
        code = validate(
            [str(catalog), "-", str(catalog)],
            out=out,
            err=err,
            stdin=io.StringIO(text),
            form="json",
            jobs=jobs,
        )
        reports.append((code, out.getvalue(), err.getvalue()))
    assert reports[0] == reports[1]
    assert '"path": "<stdin>"' in reports[0][1]


def test_with_jobs_this_process_parses_no_document_but_the_first_line_of_json_lines(
    tmp_path: Path,
) -> None:
    from stac_mlm.cli.catalog import Member, read
    from stac_mlm.cli.jobs import File, work_of

    folder = folder_of_files(tmp_path)
    work = list(work_of(read([str(folder)], io.StringIO(), later=True), 2**20))
    files = [item for item in work if isinstance(item, File)]
    members = [item for item in work if isinstance(item, Member)]
    assert len(files) == 27 + 5  # the .json and .geojson files, read by the workers
    unread = {Path(member.path).name: member.unreadable for member in members if member.unreadable}
    assert set(unread) == {"link", "one.jsonl"}  # said without reading a document
    parsed = [member for member in members if member.document is not None]
    assert [(Path(member.path).name, member.index) for member in parsed] == [("items.jsonl", 1)]
    assert sum(member.text is not None for member in members) == len(documents()) + 3 - 1
