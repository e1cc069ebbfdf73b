"""Issue 15: every file of a folder is reported and the run goes on, whatever is wrong with
one; special files are never read; writes are atomic and stay where they belong."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from spec_folder import example_items

from stac_mlm.cli import main

ITEM = example_items("1.5.2")["item_basic.json"]
SUMMARIZE = ["--id", "a", "--description", "b", "--license", "MIT"]

#: Each kind of bad file, what is written in it, and the start of its line.
BAD = {
    "deep.json": ("[" * 5000 + "]" * 5000, "INVALID (document): the document is nested more than"),
    "null.json": ("null", "UNREADABLE not a JSON object: a STAC document is one (got null)"),
    "list.json": ("[1, 2]", "UNREADABLE not a JSON object: a STAC document is one (got [1, 2])"),
    "empty.json": ("", "UNREADABLE the file is empty"),
    "nope.json": ("{nope", "UNREADABLE not JSON: "),
    "notstac.json": ('{"a": 1}', "UNSUPPORTED "),
    "latin1.json": (b'{"id": "caf\xe9"}', "UNREADABLE not UTF-8: byte 0xe9 at line 1 column"),
}


def _no_mlm() -> dict[str, object]:
    item = copy.deepcopy(ITEM)
    item["stac_extensions"] = [uri for uri in item["stac_extensions"] if "/mlm/" not in uri]
    item["properties"] = {k: v for k, v in item["properties"].items() if not k.startswith("mlm:")}
    return item


def _bad_folder(folder: Path) -> Path:
    """Two valid Items, one invalid, one without MLM, a FIFO and each kind of bad file."""
    folder.mkdir()
    for name, (text, _) in BAD.items():
        path = folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    (folder / "a.json").write_text(json.dumps(ITEM))
    (folder / "z.json").write_text(json.dumps(ITEM))
    invalid = copy.deepcopy(ITEM)
    invalid["properties"]["mlm:name"] = 5
    (folder / "invalid.json").write_text(json.dumps(invalid))
    (folder / "nomlm.json").write_text(json.dumps(_no_mlm()))
    os.mkfifo(folder / "fifo.json")
    return folder


FIFO = "UNREADABLE skipped, never read: it is a FIFO (named pipe)"


def _lines(text: str, folder: Path) -> dict[str, str]:
    """Each reported file's line, by file name."""
    found = {}
    for line in text.splitlines():
        if line.startswith(str(folder)):
            name, _, rest = line[len(str(folder)) + 1 :].partition(": ")
            found.setdefault(name, rest)
    return found


@pytest.mark.parametrize("command", ["validate", "migrate", "summarize"])
def test_every_file_of_a_bad_folder_is_reported_and_the_run_goes_on(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _bad_folder(tmp_path / "in")
    args = {
        "validate": ["validate", str(folder)],
        "migrate": ["migrate", str(folder), "-o", str(tmp_path / "out")],
        "summarize": ["summarize", str(folder), *SUMMARIZE, "-o", str(tmp_path / "c.json")],
    }[command]
    assert main(args) == 2  # the worst outcome: unreadable files
    captured = capsys.readouterr()
    text = captured.out + captured.err
    lines = _lines(text, folder)
    for name, (_, said) in BAD.items():
        assert lines[name].startswith(said), (name, text)
    assert lines["fifo.json"] == FIFO
    if command == "validate":
        assert lines["invalid.json"].startswith(
            "INVALID properties → mlm:name: Input should be a valid string (got 5)"
        )
    valid = set() if command == "summarize" else {"a.json", "z.json"}  # summarized silently
    assert set(lines) == {*BAD, "fifo.json", "invalid.json", "nomlm.json", *valid}
    last = text.rstrip("\n").splitlines()[-1]
    assert last.startswith("12 documents: "), text  # the totals line ends the run
    assert "Traceback" not in text
    if command == "migrate":  # the valid files were written all the same
        assert json.loads((tmp_path / "out/z.json").read_text()) == ITEM
    if command == "summarize":  # and the Collection of the valid Items
        assert json.loads((tmp_path / "c.json").read_text())["type"] == "Collection"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("a.json", 0),
        ("invalid.json", 1),
        ("nomlm.json", 1),
        ("deep.json", 1),
        *[(name, 2) for name in BAD if name != "deep.json"],
    ],
)
def test_the_exit_code_of_each_kind_of_file(
    name: str, code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _bad_folder(tmp_path / "in")
    assert main(["validate", str(folder / name)]) == code
    assert capsys.readouterr().out.startswith(f"{folder / name}: ")


def test_a_fifo_named_on_the_command_line_is_not_read(tmp_path: Path) -> None:
    """Run in a process of its own: were the FIFO opened, it would wait for a writer."""
    folder = _bad_folder(tmp_path / "in")
    command = [sys.executable, "-m", "stac_mlm.cli", "validate", str(folder / "fifo.json")]
    command.append(str(folder / "a.json"))
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stdout.splitlines()[0] == f"{folder / 'fifo.json'}: {FIFO}"
    assert done.stdout.splitlines()[1] == f"{folder / 'a.json'}: OK (MLM v1.5.2 Item)"
