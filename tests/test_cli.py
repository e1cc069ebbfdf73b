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


def test_folder_of_official_examples(tmp_path: Path) -> None:
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
    assert lines[0].startswith(f"{path}: INVALID properties → mlm:accelerator: Input should be")
    assert lines[1].startswith(
        f"{path}: INVALID properties → mlm:input → 0 → input → dim_order: input.dim_order names"
    )


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


def test_collection_is_reported_as_unsupported() -> None:
    code, text = run("validate", str(spec_dir() / "examples/mlm-v1.5.2/collection.json"))
    assert code == 2
    assert "UNSUPPORTED not a STAC Item (type 'Collection')" in text


def test_missing_arguments_are_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate"])
    assert exited.value.code == 2
