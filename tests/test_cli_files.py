"""Issue 15: every file of a folder is reported and the run goes on, whatever is wrong with
one; special files are never read; writes are atomic and stay where they belong."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
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


# A process that stops for good between writing the temporary file and renaming it over
# the target, and says so by writing the temporary file's name to ``sys.argv[1]``.
_BLOCKED_RENAME = """
import os, sys, time
from pathlib import Path

def blocked(source, target):
    Path(sys.argv[1]).write_text(str(source))
    time.sleep(600)

os.replace = blocked
from stac_mlm.cli import main
sys.exit(main(sys.argv[2:]))
"""

OLD = example_items("1.3.0")["item_basic.json"]
TORCH = ["--artifact-type", "torch.save"]  # what v1.5.2 needs of OLD to be valid


def _kill_at_the_rename(args: list[str], signal: Path) -> str:
    """Run ``stac-mlm ARGS`` until it is about to rename its temporary file, then SIGKILL it
    (its standard error is returned). On code writing without a rename, it just ends."""
    command = [sys.executable, "-c", _BLOCKED_RENAME, str(signal), *args]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while not signal.exists() and process.poll() is None:
            time.sleep(0.01)
    finally:
        process.kill()  # SIGKILL: nothing runs after it, no cleanup
        _, err = process.communicate(timeout=60)
    return err.decode()


@pytest.mark.parametrize("how", ["--in-place", "-o", "summarize", "schema"])
def test_a_kill_during_a_write_leaves_the_original_intact(how: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    target = folder / ("schema.json" if how == "schema" else "item.json")
    # -o naming the file read writes only a valid result: give it one already valid
    target.write_text(json.dumps(OLD if how == "--in-place" else ITEM))
    before = target.read_bytes()
    args = {
        "--in-place": ["migrate", "--in-place", *TORCH, str(target)],
        "-o": ["migrate", str(target), "-o", str(target)],
        "summarize": ["summarize", str(target), *SUMMARIZE, "-o", str(target)],
        "schema": ["schema", "item", "-o", str(target)],
    }[how]
    signal = tmp_path / "renaming"
    err = _kill_at_the_rename(args, signal)
    assert signal.exists(), err  # the write went through a temporary file
    assert target.read_bytes() == before  # and the original is whole
    temporary = Path(signal.read_text())
    assert temporary.parent == target.parent
    assert temporary.name.startswith(".")
    assert temporary.suffix == ".tmp"
    json.loads(temporary.read_text())  # written whole (and synced) before the rename
    done = subprocess.run(
        [sys.executable, "-m", "stac_mlm.cli", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert temporary.name not in done.stdout  # the leftover is not read as a document
    assert done.stdout.startswith(f"{target}: ")


def test_a_failed_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "item.json"
    target.write_text(json.dumps(OLD))
    before = target.read_bytes()

    def refused(source: object, destination: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    assert main(["migrate", "--in-place", *TORCH, str(target)]) == 2
    said = capsys.readouterr().err
    assert f"{target}: NOT WRITTEN cannot write {target}: Permission denied" in said
    assert target.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["item.json"]


def test_a_rewritten_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "item.json"
    target.write_text(json.dumps(OLD))
    target.chmod(0o640)
    assert main(["migrate", "--in-place", *TORCH, str(target)]) == 0
    assert json.loads(target.read_text())["stac_extensions"] != OLD["stac_extensions"]
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_a_rewritten_file_keeps_its_owner_and_its_new_text_is_never_more_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "item.json"
    target.write_text(json.dumps(OLD))
    target.chmod(0o600)
    os.chown(target, 65534, 65534)  # nobody
    seen: list[int] = []
    replace = os.replace

    def watched(source: str | Path, destination: str | Path) -> None:
        seen.append(os.stat(source).st_mode & 0o777)  # the temporary file, text written
        replace(source, destination)

    monkeypatch.setattr(os, "replace", watched)
    assert main(["migrate", "--in-place", *TORCH, str(target)]) == 0
    assert seen == [0o600]
    assert (target.stat().st_uid, target.stat().st_gid) == (65534, 65534)
    assert target.stat().st_mode & 0o777 == 0o600


def _tree(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_migrate_o_mirrors_parent_inputs_under_o(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``../x/item.json`` once wrote outside ``-o`` (over an input, here)."""
    for folder in ("x", "work"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "item.json").write_text(json.dumps(OLD))
    monkeypatch.chdir(tmp_path / "work")
    args = ["migrate", "../x/item.json", "item.json", *TORCH, "-o", "out"]
    assert main(args) == 0
    # mirrored from their common parent folder, tmp_path
    assert _tree(tmp_path / "work/out") == ["work/item.json", "x/item.json"]
    assert json.loads((tmp_path / "x/item.json").read_text()) == OLD  # inputs untouched
    assert json.loads((tmp_path / "work/item.json").read_text()) == OLD


def test_migrate_o_mirrors_absolute_inputs_under_o(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Several absolute paths with ``-o`` once crashed with a ValueError traceback."""
    for folder in ("a/b", "c"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "item.json").write_text(json.dumps(OLD))
    out = tmp_path / "out"
    args = ["migrate", str(tmp_path / "a/b/item.json"), str(tmp_path / "c/item.json")]
    assert main([*args, *TORCH, "-o", str(out)]) == 0, capsys.readouterr().err
    assert _tree(out) == ["a/b/item.json", "c/item.json"]
    assert json.loads((tmp_path / "c/item.json").read_text()) == OLD


def test_migrate_o_writes_nothing_through_a_link_out_of_o(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "sub/item.json").write_text(json.dumps(OLD))
    (source / "top.json").write_text(json.dumps(OLD))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere)  # out/sub/item.json would land in elsewhere
    assert main(["migrate", str(source), *TORCH, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert (
        f"{source / 'sub/item.json'}: NOT WRITTEN {out / 'sub/item.json'} is "
        f"{elsewhere / 'item.json'}, outside the -o folder {out}"
    ) in err
    assert list(elsewhere.iterdir()) == []
    assert json.loads((out / "top.json").read_text())["stac_extensions"] != OLD["stac_extensions"]
    assert err.splitlines()[-1] == "2 documents: 2 valid; 1 file not written"  # why exit 2
    assert main(["migrate", str(source), *TORCH, "-o", str(out), "--format", "json"]) == 2
    totals = json.loads(capsys.readouterr().err.splitlines()[-1])["totals"]
    assert (totals["valid"], totals["files_not_written"]) == (2, 1)


def test_migrate_in_place_does_not_write_through_a_link_out_of_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps(OLD))
    (folder / "link.json").symlink_to(outside)
    (folder / "item.json").write_text(json.dumps(OLD))
    assert main(["migrate", "--in-place", *TORCH, str(folder)]) == 2
    err = capsys.readouterr().err
    assert (
        f"{folder / 'link.json'}: NOT WRITTEN it is a symbolic link to {outside}, outside "
        f"the folder {folder} given: --in-place does not write there"
    ) in err
    assert json.loads(outside.read_text()) == OLD
    assert (folder / "link.json").is_symlink()
    assert json.loads((folder / "item.json").read_text()) != OLD  # the rest is migrated
    # named, the link is rewritten through: its target is what was asked for
    assert main(["migrate", "--in-place", *TORCH, str(folder / "link.json")]) == 0
    assert (folder / "link.json").is_symlink()
    assert json.loads(outside.read_text()) != OLD


def test_schema_o_dev_stdout_is_written_directly() -> None:
    """A target that is not a regular file cannot be renamed over: it is written to."""
    command = [sys.executable, "-m", "stac_mlm.cli", "schema", "item", "-o", "/dev/stdout"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["type"] == "object"


def test_a_linked_folder_in_a_folder_is_reported_not_silently_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, outside = tmp_path / "in", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (folder / "r.json").write_text(json.dumps(ITEM))
    (outside / "t.json").write_text(json.dumps(ITEM))
    (folder / "d").symlink_to(outside, target_is_directory=True)
    assert main(["validate", str(folder)]) == 2
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"{folder / 'd'}: UNREADABLE a symbolic link to a folder, not followed: give that "
        "folder to read it",
        f"{folder / 'r.json'}: OK (MLM v1.5.2 Item)",
    ]
