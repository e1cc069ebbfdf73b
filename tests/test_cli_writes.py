"""What the CLI says when it cannot write (a full disk, standard output closed, a folder
that does not exist, a path that is a folder), and that ``migrate -o`` naming the file
read never overwrites it with an invalid result."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from spec_folder import example_items

from stac_mlm.cli import main

ITEM = example_items("1.5.2")["item_basic.json"]
OLD = example_items("1.3.0")["item_basic.json"]  # invalid in v1.5.2 once migrated
SUMMARIZE = ["--id", "a", "--description", "b", "--license", "MIT"]


@pytest.fixture
def ok(tmp_path: Path) -> Path:
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(ITEM))
    return path


def commands(ok: Path) -> dict[str, list[str]]:
    return {
        "validate": ["validate", str(ok)],
        "migrate": ["migrate", str(ok)],
        "summarize": ["summarize", str(ok), *SUMMARIZE],
        "example": ["example"],
        "schema": ["schema", "item"],
    }


def run(args: list[str], redirect: str) -> subprocess.CompletedProcess[str]:
    """``stac-mlm ARGS REDIRECT`` in a shell, as a person types it."""
    command = " ".join([sys.executable, "-m", "stac_mlm.cli", *args, redirect])
    return subprocess.run(command, shell=True, capture_output=True, text=True, check=False)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("command", ["validate", "migrate", "summarize", "example", "schema"])
def test_a_full_disk_is_one_line_and_exit_2(command: str, ok: Path) -> None:
    done = run(commands(ok)[command], "> /dev/full")
    assert done.returncode == 2, done.stderr
    assert "stac-mlm: cannot write standard output: No space left on device\n" in done.stderr
    assert "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


@pytest.mark.parametrize("command", ["validate", "migrate", "example", "schema"])
def test_standard_output_closed_is_one_line_and_exit_2(command: str, ok: Path) -> None:
    done = run(commands(ok)[command], ">&-")
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == "stac-mlm: cannot write standard output: it is closed"
    assert "Traceback" not in done.stderr


def test_standard_output_closed_is_no_matter_when_nothing_goes_there(
    ok: Path, tmp_path: Path
) -> None:
    done = run(["migrate", str(ok), "-o", str(tmp_path / "out.json")], ">&-")
    assert (done.returncode, done.stderr) == (
        0,
        f"{ok}: MIGRATED MLM v1.5.2 → v1.5.2: 0 changed, 0 unmigrated, 0 invalid\n"
        "1 document: 1 valid\n",
    )


def test_a_file_in_a_folder_that_cannot_be_made(
    ok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, where a folder would be made")
    target = blocker / "x.json"
    assert main(["schema", "item", "-o", str(target)]) == 2
    assert (
        capsys.readouterr().err == f"stac-mlm: cannot write {target}: {blocker} is not a folder\n"
    )


def test_a_file_in_a_folder_that_is_a_link_to_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The message named the first folder that exists above it (``.``), a folder."""
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "nowhere")
    target = link / "x.json"
    assert main(["schema", "item", "-o", str(target)]) == 2
    assert capsys.readouterr().err == f"stac-mlm: cannot write {target}: {link} is not a folder\n"


def test_summarize_to_a_folder(
    ok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(ok), *SUMMARIZE, "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-2:] == [
        f"stac-mlm: cannot write {tmp_path}: Is a directory",
        "1 document: 1 valid; 1 file not written",  # the totals end the run all the same
    ]
    assert "Traceback" not in err


def test_summarize_json_report_ends_with_its_totals_when_the_collection_is_not_written(
    ok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The totals record was missing: the run stopped at the write."""
    target = tmp_path / "blocker/c.json"
    (tmp_path / "blocker").write_text("a file, where a folder would be made")
    args = ["summarize", str(ok), *SUMMARIZE, "-o", str(target), "--format", "json"]
    assert main(args) == 2
    lines = capsys.readouterr().err.splitlines()
    assert json.loads(lines[-2]) == {  # a record too: no line of text among the records
        "command": "summarize",
        "output": str(target),
        "not_written": f"cannot write {target}: {tmp_path / 'blocker'} is not a folder",
    }
    assert json.loads(lines[-1]) == {
        "command": "summarize",
        "totals": {
            "documents": 1,
            "valid": 1,
            "incomplete": 0,
            "invalid": 0,
            "unreadable": 0,
            "unsupported": 0,
            "skipped": 0,
            "files_not_written": 1,
        },
    }


def test_migrate_says_which_file_it_could_not_write_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.json", "b.json"):
        (folder / name).write_text(json.dumps(ITEM))
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.json").mkdir()  # a folder where a.json would be written
    assert main(["migrate", str(folder), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{folder / 'a.json'}: NOT WRITTEN cannot write {out / 'a.json'}: Is a directory" in err
    assert json.loads((out / "b.json").read_text()) == ITEM


def test_migrate_json_record_of_a_file_not_written(
    ok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "blocker"
    target.mkdir()
    (target / "ok.json").mkdir()
    assert main(["migrate", str(ok), "-o", str(target), "--format", "json"]) == 2
    record = json.loads(capsys.readouterr().err.splitlines()[0])
    assert record["written"] is None
    assert record["not_written"] == f"cannot write {target / 'ok.json'}: Is a directory"


# --- -o naming the file read -------------------------------------------------------------


def test_migrate_onto_itself_never_writes_an_invalid_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "self.json"
    path.write_text(json.dumps(OLD))
    before = path.read_bytes()
    assert main(["migrate", str(path), "-o", str(path)]) == 1
    assert path.read_bytes() == before
    assert (
        f"{path}: NOT WRITTEN the result is not valid MLM v1.5.2, and -o names the file read, "
        "which (as with --in-place) is never overwritten with an invalid result"
    ) in capsys.readouterr().err


def test_migrate_a_folder_onto_itself_writes_only_valid_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "same"
    folder.mkdir()
    (folder / "old.json").write_text(json.dumps(OLD))
    stale: dict[str, Any] = copy.deepcopy(ITEM)
    stale["stac_extensions"] = [
        uri.replace("v1.5.2", "v1.5.0") if "mlm" in uri else uri for uri in stale["stac_extensions"]
    ]
    (folder / "valid.json").write_text(json.dumps(stale))
    old_bytes = (folder / "old.json").read_bytes()
    assert main(["migrate", str(folder), "-o", str(folder)]) == 1
    assert (folder / "old.json").read_bytes() == old_bytes
    assert "v1.5.2" in json.loads((folder / "valid.json").read_text())["stac_extensions"][0]
    assert f"{folder / 'old.json'}: NOT WRITTEN the result is not valid" in capsys.readouterr().err


def test_migrate_onto_itself_writes_a_valid_result(tmp_path: Path) -> None:
    path = tmp_path / "self.json"
    path.write_text(json.dumps(ITEM, indent=4))
    assert main(["migrate", str(path), "-o", str(path)]) == 0
    assert json.loads(path.read_text()) == ITEM


class ClosedOnFlush(io.StringIO):
    """Standard output whose reader went away while the last of the output was buffered:
    ``stac-mlm migrate big.jsonl | head -c 10`` (as the pipe is timed, the write itself may
    pass and only the flush fail; this makes that case certain)."""

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_migrate_to_a_pipe_closed_before_the_last_flush_exits_141(
    ok: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", ClosedOnFlush())
    assert main(["migrate", str(ok)]) == 141
    assert "Traceback" not in capsys.readouterr().err


def test_a_file_in_a_folder_where_no_file_can_be_made_says_the_folder_is_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A writable file in a read-only folder cannot be rewritten (the new text goes to a
    file beside it first): the message said only "Permission denied", of the file itself.
    (Refused here by the system as it refuses a user who may not write in the folder:
    root may write anywhere.)"""
    target = tmp_path / "item.json"
    target.write_text(json.dumps(OLD))
    real_open = os.open

    def refused(path: str, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", refused)
    assert main(["migrate", "--in-place", "--artifact-type", "torch.save", str(target)]) == 2
    err = capsys.readouterr().err
    assert (
        f"{target}: NOT WRITTEN cannot write {target}: Permission denied: no file can be "
        f"made in {tmp_path}, where the new text is written first (then renamed over the "
        "file)"
    ) in err.splitlines()
    assert json.loads(target.read_text()) == OLD


def test_summarize_never_writes_its_collection_over_an_item_it_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``summarize s -o s/a.json``: s/a.json is one of the Items read; replacing it with the
    Collection would lose it. NOT WRITTEN, exit 2, the Items intact."""
    items = example_items("1.5.2")
    folder = tmp_path / "s"
    folder.mkdir()
    for name in ("item_basic.json", "item_multi_io.json"):
        (folder / name).write_text(json.dumps(items[name]))
    target = folder / "item_basic.json"
    before = target.read_bytes()
    options = ["--id", "c", "--description", "d", "--license", "MIT"]
    code = main(["summarize", str(folder), *options, "-o", str(target)])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[0] == (
        f"stac-mlm summarize: NOT WRITTEN {target}: it holds Items this run read, which -o "
        "would replace: name another file"
    )
    assert err[-1] == "2 documents: 2 valid; 1 file not written"
    assert target.read_bytes() == before
    assert main(["summarize", str(folder), *options, "-o", str(tmp_path / "c.json")]) == 0


def test_summarize_never_writes_over_the_file_standard_input_reads(tmp_path: Path) -> None:
    """``summarize - -o a.json < a.json``: the file is known by its identity, not a name."""
    item = tmp_path / "item.json"
    item.write_text(json.dumps(example_items("1.5.2")["item_basic.json"]))
    before = item.read_bytes()
    command = [sys.executable, "-m", "stac_mlm.cli", "summarize", "-", "--id", "c"]
    command += ["--description", "d", "--license", "MIT", "-o", str(item)]
    with item.open("rb") as stdin:
        done = subprocess.run(command, stdin=stdin, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        f"stac-mlm summarize: NOT WRITTEN {item}: it holds Items this run read, which -o "
        "would replace: name another file"
    )
    assert item.read_bytes() == before


def test_a_symbolic_link_loop_is_not_replaced_by_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The loop was replaced by a regular file holding the schema."""
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    assert main(["schema", "item", "-o", str(loop)]) == 2
    assert capsys.readouterr().err == (
        f"stac-mlm: cannot write {loop}: Too many levels of symbolic links\n"
    )
    assert loop.is_symlink()
    assert os.readlink(loop) == str(loop)


def test_a_symbolic_link_to_a_file_not_made_yet_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "made.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert main(["schema", "item", "-o", str(link)]) == 0
    assert link.is_symlink()
    assert json.loads(target.read_text())["type"] == "object"


def test_a_file_in_a_folder_that_is_a_symbolic_link_loop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The message said the loop "is not a folder"."""
    (tmp_path / "la").symlink_to(tmp_path / "lb")
    (tmp_path / "lb").symlink_to(tmp_path / "la")
    target = tmp_path / "la" / "x.json"
    assert main(["schema", "item", "-o", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"stac-mlm: cannot write {target}: {tmp_path / 'la'}: Too many levels of symbolic links\n"
    )
    assert (tmp_path / "la").is_symlink()
