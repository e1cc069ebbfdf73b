"""``stac-mlm validate`` and ``stac-mlm example``: output lines and exit codes."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES
from spec_folder import official_verdict, spec_dir

from stac_mlm.cli import main, validate


def run(*args: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    if args[0] == "validate":
        code = validate(args[1:], out=out, stdin=io.StringIO(stdin))
    else:
        from stac_mlm.cli import example

        code = example(out=out)
    return code, out.getvalue()


def test_example_is_valid_for_the_official_schema_and_validates() -> None:
    code, text = run("example")
    assert code == 0
    document = json.loads(text)
    assert official_verdict(document)
    assert run("validate", "-", stdin=text) == (0, "<stdin>: OK (MLM v1.5.2 Item)\n")


def test_example_pipes_into_validate_as_installed_commands() -> None:
    command = [sys.executable, "-m", "stac_mlm.cli"]
    example = subprocess.run([*command, "example"], capture_output=True, text=True, check=True)
    checked = subprocess.run(
        [*command, "validate", "-"], input=example.stdout, capture_output=True, text=True
    )
    assert checked.returncode == 0
    assert checked.stdout == "<stdin>: OK (MLM v1.5.2 Item)\n"


def test_folder_of_official_examples(tmp_path: Path) -> None:  # Items only
    for name, document in EXAMPLES.items():
        (tmp_path / name).write_text(json.dumps(document))
    code, text = run("validate", str(tmp_path))
    assert code == 0
    assert text.count(": OK (MLM v1.5.2 Item)") == len(EXAMPLES)


def test_invalid_document_prints_each_error_with_its_location(tmp_path: Path) -> None:
    document = copy.deepcopy(EXAMPLES["item_basic.json"])
    document["properties"]["mlm:input"][0]["input"]["dim_order"] = ["batch", "bands"]
    document["properties"]["mlm:accelerator"] = "cpu"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    code, text = run("validate", str(path))
    assert code == 1
    lines = text.splitlines()
    assert len(lines) == 2
    # in the order of the document's keys
    assert lines[0].startswith(
        f"{path}: INVALID properties → mlm:input → 0 → input → dim_order: input.dim_order names"
    )
    assert lines[1].startswith(f"{path}: INVALID properties → mlm:accelerator: Input should be")
    assert lines[1].endswith('(got "cpu")')


def test_unreadable_inputs_exit_2(tmp_path: Path) -> None:
    (tmp_path / "not-json.json").write_text("{nope")
    code, text = run("validate", str(tmp_path / "not-json.json"), str(tmp_path / "absent.json"))
    assert code == 2
    assert "not-json.json: UNREADABLE not JSON" in text
    assert "absent.json: UNREADABLE cannot read" in text


def test_unreadable_wins_over_invalid(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(json.dumps({"type": "Feature"}))
    (tmp_path / "worse.json").write_text("[")
    code, _ = run("validate", str(tmp_path))
    assert code == 2


def test_collections_are_validated_too(tmp_path: Path) -> None:
    official = spec_dir() / "examples/mlm-v1.5.2/collection.json"
    code, text = run("validate", str(official))
    assert code == 1  # the official example does not declare MLM
    assert f"{official}: INVALID stac_extensions: no MLM schema URI of a published" in text
    collection = json.loads(official.read_text())
    collection["stac_extensions"].append("https://stac-extensions.github.io/mlm/v1.5.2/schema.json")
    (tmp_path / "collection.json").write_text(json.dumps(collection))
    assert run("validate", str(tmp_path / "collection.json")) == (
        0,
        f"{tmp_path / 'collection.json'}: OK (MLM v1.5.2 Collection)\n",
    )


def test_other_documents_are_unsupported(tmp_path: Path) -> None:
    (tmp_path / "catalog.json").write_text(json.dumps({"type": "Catalog", "id": "c"}))
    code, text = run("validate", str(tmp_path / "catalog.json"))
    assert code == 2
    assert 'UNSUPPORTED type "Catalog"' in text


def test_missing_arguments_are_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate"])
    assert exited.value.code == 2


def _write_examples(folder: Path) -> None:
    for name, document in EXAMPLES.items():
        (folder / name).write_text(json.dumps(document))


def test_summarize_writes_a_valid_collection(tmp_path: Path) -> None:
    _write_examples(tmp_path)
    out = tmp_path / "out" / "collection.json"
    out.parent.mkdir()
    args = ["summarize", str(tmp_path), "-o", str(out)]
    code = main([*args, "--id", "models", "--description", "Models", "--license", "MIT"])
    assert code == 0
    document = json.loads(out.read_text())
    from stac_mlm.collection import MLMCollection

    assert MLMCollection.model_validate(document).model_dump(mode="json") == document
    assert "classification" in document["summaries"]["mlm:tasks"]


def test_summarize_updates_a_base_collection_keeping_open_ends(tmp_path: Path) -> None:
    _write_examples(tmp_path)
    base = json.loads((spec_dir() / "examples/mlm-v1.5.2/collection.json").read_text())
    base["extent"]["temporal"]["interval"] = [["2000-01-01T00:00:00Z", None]]
    base["summaries"]["platform"] = ["sentinel-2a"]
    base_path = tmp_path / "base.json"
    base_path.write_text(json.dumps(base))
    out = tmp_path / "updated.json"
    assert main(["summarize", str(tmp_path), "--collection", str(base_path), "-o", str(out)]) == 0
    document = json.loads(out.read_text())
    assert document["extent"]["temporal"]["interval"] == [["1900-01-01T00:00:00Z", None]]
    assert document["summaries"]["platform"] == ["sentinel-2a"]
    assert document["summaries"]["datetime"] == base["summaries"]["datetime"]
    assert "mlm:tasks" in document["summaries"]
    assert document["id"] == base["id"]


def test_summarize_reports_invalid_and_unreadable_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = copy.deepcopy(EXAMPLES["item_basic.json"])
    broken["properties"]["mlm:tasks"] = ["clustering"]
    (tmp_path / "good.json").write_text(json.dumps(EXAMPLES["item_basic.json"]))
    (tmp_path / "broken.json").write_text(json.dumps(broken))
    args = ["summarize", str(tmp_path), "--id", "m", "--description", "d", "--license", "MIT"]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert f"{tmp_path / 'broken.json'}: INVALID properties → mlm:tasks → 0:" in captured.err
    assert json.loads(captured.out)["summaries"]["mlm:tasks"] == ["classification"]
    (tmp_path / "worse.json").write_text("{")
    assert main(args) == 2


def test_summarize_needs_collection_fields_without_a_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(tmp_path)]) == 2
    assert "give --id, --description and --license" in capsys.readouterr().err


def test_summarize_writes_nothing_without_a_valid_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only a Collection to read (skipped): no whole-world Collection is invented."""
    collection = json.loads((spec_dir() / "examples/mlm-v1.5.2/collection.json").read_text())
    (tmp_path / "collection.json").write_text(json.dumps(collection))
    output = tmp_path / "out.json"
    args = ["summarize", str(tmp_path / "collection.json"), "-o", str(output)]
    assert main([*args, "--id", "m", "--description", "d", "--license", "MIT"]) == 1
    assert not output.exists()
    assert (
        "stac-mlm summarize: NOT WRITTEN no valid Item was read, and a Collection's extent "
        "cannot be computed from none"
    ) in capsys.readouterr().err
