"""Every code block of the README runs as written.

Python blocks run as scripts (``python block.py``, so the Dask block's ``__main__`` guard is
exercised as a reader would run it); every ``stac-mlm`` command line of the bash blocks runs
through a shell, in README order, with the exit code the README's text leads a reader to
expect. They run in a folder holding the files the blocks name (``item.json``,
``old-catalog/``, ``catalog/items/``, ``search.json``, ``items.jsonl``, ``items.parquet``),
made from the official examples, and ``lineage/`` (``tests/lineage_catalog.py``).

Bash lines that are not run here say why in ``NOT_RUN_HERE``; a new line in the README
fails the test until it is run or listed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from lineage_catalog import build as build_lineage_catalog
from spec_folder import PROJECT_ROOT, example_items

from stac_mlm.cli.report import report_schema

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"(?ms)^```(\w+)\n(.*?)^```")

#: Bash lines of the README that tests do not run, and why.
NOT_RUN_HERE = {
    "pip install stac-mlm": "installs from PyPI (network)",
    "python3 -m venv .venv": "the two set-up commands: .ci/run runs them on a fresh clone",
    ".venv/bin/pip install": "installs the bench extra; the benchmarks are run by hand",
    ".venv/bin/python codegen/generate.py": "rewrites generated files; CI runs it with --check",
    ".venv/bin/python scripts/fetch_spec.py": "part of the README's test command (.ci/run)",
    ".venv/bin/pytest": "is the test suite itself",
    "bash .ci/run": "is CI itself",
}

#: The exit code of each command line, as the README's text explains it.
EXIT_CODES = {
    "stac-mlm validate old-catalog/": 0,  # v1.2.0 Items, each valid in its release
    "stac-mlm migrate item.json > item-v1.5.2.json": 0,  # already v1.5.2
    "stac-mlm migrate search.json > search-v1.5.2.json": 0,
    # v1.2.0 examples: some need a person (raster:bands in properties...): exit 1
    "stac-mlm migrate old-catalog/ -o new-catalog/ --artifact-type torch.save": 1,
    "stac-mlm migrate old-catalog/ --in-place --to 1.4.0": 1,  # no artifact type given
    "stac-mlm summarize catalog/items/ --id models --description": 0,
    "stac-mlm summarize search.json items.parquet --collection": 0,
    "stac-mlm --version": 0,
    "stac-mlm validate search.json items.jsonl catalog/": 0,
    "stac-mlm validate --format json catalog/ | jq": 0,
    "stac-mlm example --format json >> items.jsonl": 0,
    "stac-mlm validate --recursive --format json lineage/catalog.json | jq": 0,
    "stac-mlm lint --format json search.json | jq": 0,  # lint exits 0 without --strict
    "stac-mlm example | stac-mlm card - > example-card.md": 0,
    # the lineage block writes lineage/ (the workspace has one too): every link resolves
    "stac-mlm validate --recursive lineage/catalog.json": 0,
    "stac-mlm lint catalog/items/ --select MLM,STAC --ignore STAC003": 0,  # no --strict
    "stac-mlm lint catalog/items/ --strict --select MLM003": 1,  # MLM003 fires on two
    "stac-mlm card item.json -o MODEL_CARD.md": 0,
    "stac-mlm validate --jobs 2 --lane models catalog/": 0,  # the v1.5.2 examples
}


def _blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README) if lang == language]


def _command_lines() -> list[str]:
    lines = []
    for block in _blocks("bash"):
        lines += [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    return lines


def _v152_items() -> dict[str, dict[str, Any]]:
    return example_items("1.5.2")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with every file the README's blocks name."""
    root = tmp_path_factory.mktemp("readme")
    items = _v152_items()
    (root / "item.json").write_text(json.dumps(items["item_basic.json"]))
    catalog = root / "catalog" / "items"
    catalog.mkdir(parents=True)
    for name, document in items.items():
        (catalog / name).write_text(json.dumps(document))
    old = root / "old-catalog"
    old.mkdir()
    for name, document in example_items("1.2.0").items():
        (old / name).write_text(json.dumps(document))
    features = list(items.values())
    (root / "search.json").write_text(
        json.dumps({"type": "FeatureCollection", "features": features})
    )
    (root / "items.jsonl").write_text("".join(json.dumps(item) + "\n" for item in features))
    _write_geoparquet(root / "items.parquet", items["item_basic.json"])
    build_lineage_catalog(root / "lineage")
    return root


def _write_geoparquet(path: Path, item: dict[str, Any]) -> None:
    """Three copies of one Item (stac-geoparquet needs one JSON type per key across rows)."""
    from stac_geoparquet.arrow import parse_stac_items_to_arrow, to_parquet

    copies = [{**item, "id": f"{item['id']}-{index}"} for index in range(3)]
    to_parquet(parse_stac_items_to_arrow(copies), path)


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=environment, check=False
    )


@pytest.mark.parametrize(
    "block", _blocks("python"), ids=[f"python-{n}" for n in range(len(_blocks("python")))]
)
def test_python_block_runs_as_a_script(block: str, workspace: Path, tmp_path: Path) -> None:
    script = tmp_path / "block.py"
    script.write_text(block)
    run = _run([sys.executable, str(script)], cwd=workspace)
    assert run.returncode == 0, f"{block}\n---\n{run.stderr}"
    assert "Traceback" not in run.stderr


def test_every_bash_line_is_run_or_says_why_not() -> None:
    for line in _command_lines():
        runs = any(line.startswith(command) for command in EXIT_CODES)
        skipped = any(line.startswith(prefix) for prefix in NOT_RUN_HERE)
        assert runs != skipped, f"README line neither run nor listed as not run: {line}"


def test_command_lines_run_in_readme_order_with_their_exit_codes(workspace: Path) -> None:
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed: the README's --format json line pipes into it")
    ran = 0
    for line in _command_lines():
        expected = [code for command, code in EXIT_CODES.items() if line.startswith(command)]
        if not expected:
            continue
        run = _run(["bash", "-o", "pipefail", "-c", line], cwd=workspace)
        assert run.returncode == expected[0], f"{line}\n---\n{run.stdout}\n{run.stderr}"
        assert "Traceback" not in run.stderr, line
        ran += 1
    assert ran == len(EXIT_CODES)


def test_the_json_records_shown_are_valid_report_records() -> None:
    (block,) = _blocks("json")
    validator = Draft202012Validator(report_schema())
    for line in block.splitlines():
        validator.validate(json.loads(line))
