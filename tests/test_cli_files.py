"""Issue 15: every file of a folder is reported and the run goes on, whatever is wrong with
one; special files are never read; writes are atomic and stay where they belong."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
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
    # the signal appears whole (the test reads it once it exists)
    Path(sys.argv[1] + ".part").write_text(str(source))
    rename(sys.argv[1] + ".part", sys.argv[1])
    time.sleep(600)

rename, os.replace = os.replace, blocked
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
    name = {"schema": "schema.json", "summarize": "collection.json"}.get(how, "item.json")
    target = folder / name
    # -o naming the file read writes only a valid result: give it one already valid
    target.write_text(json.dumps(OLD if how == "--in-place" else ITEM))
    before = target.read_bytes()
    items = tmp_path / "items.json"  # summarize never writes over a file it read Items from
    items.write_text(json.dumps(ITEM))
    args = {
        "--in-place": ["migrate", "--in-place", *TORCH, str(target)],
        "-o": ["migrate", str(target), "-o", str(target)],
        "summarize": ["summarize", str(items), *SUMMARIZE, "-o", str(target)],
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


def _run(*args: str, code: str = "") -> subprocess.CompletedProcess[str]:
    """``stac-mlm ARGS`` in a process of its own (``code`` run first), bounded in time: a
    FIFO opened for reading or writing would wait forever for the other end."""
    script = f"import sys\n{code}\nfrom stac_mlm.cli import main\nsys.exit(main(sys.argv[1:]))"
    command = [sys.executable, "-c", script, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_a_fifo_in_the_o_folder_is_not_written_over(tmp_path: Path) -> None:
    """``out/b.json`` being a FIFO once held ``migrate -o out`` forever."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    out.mkdir()
    for name in ("a.json", "b.json", "c.json"):
        (source / name).write_text(json.dumps(ITEM))
    os.mkfifo(out / "b.json")
    done = _run("migrate", str(source), "-o", str(out))
    assert done.returncode == 2, done.stderr
    said = f"{source / 'b.json'}: NOT WRITTEN {out / 'b.json'} is a FIFO (named pipe), not a "
    assert said + "file: -o replaces files only" in done.stderr.splitlines()
    assert done.stderr.splitlines()[-1] == "3 documents: 3 valid; 1 file not written"
    assert json.loads((out / "c.json").read_text()) == ITEM  # the run went on
    assert (out / "b.json").is_fifo()


@pytest.mark.parametrize("command", ["migrate", "summarize", "schema"])
def test_a_fifo_named_as_output_that_nobody_reads_is_an_error_not_a_wait(
    command: str, tmp_path: Path
) -> None:
    item = tmp_path / "a.json"
    item.write_text(json.dumps(ITEM))
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    args = {
        "migrate": ["migrate", str(item), "-o", str(fifo)],
        "summarize": ["summarize", str(item), *SUMMARIZE, "-o", str(fifo)],
        "schema": ["schema", "item", "-o", str(fifo)],
    }[command]
    done = _run(*args)
    assert done.returncode == 2, done.stderr
    said = f"cannot write {fifo}: it is a FIFO (named pipe) that no process is reading"
    assert said in done.stderr
    assert "Traceback" not in done.stderr


def test_a_fifo_named_as_output_with_a_reader_is_written(tmp_path: Path) -> None:
    """As ``-o >(cat)`` does: the FIFO is what was asked for."""
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        time.sleep(0.5)  # let cat open its end (without it, the write is refused at once)
        done = _run("schema", "item", "-o", str(fifo))
    finally:
        out, _ = reader.communicate(timeout=60)
    if done.returncode == 2 and "no process is reading" in done.stderr:
        pytest.skip("cat had not opened the FIFO yet on this busy machine")
    assert done.returncode == 0, done.stderr
    assert json.loads(out)["type"] == "object"


@pytest.mark.parametrize("name", ["late.json", "late.jsonl", "late.parquet"])
def test_a_file_that_became_a_fifo_after_it_was_looked_at_is_not_read(
    name: str, tmp_path: Path
) -> None:
    """The look (stat) and the open are two steps: a FIFO put there in between is opened
    without waiting, found to be one, and not read."""
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / name)
    (folder / "z.json").write_text(json.dumps(ITEM))
    late = "import stac_mlm.cli.catalog as c; c.special_file = c._special = lambda path: None"
    done = _run("validate", str(folder), code=late)
    assert done.returncode == 2, done.stderr
    assert done.stdout.splitlines() == [
        f"{folder / name}: {FIFO}",
        f"{folder / 'z.json'}: OK (MLM v1.5.2 Item)",
    ]


def _big_folder(folder: Path, limit: int) -> Path:
    """A JSON file over ``limit`` bytes, one under it, and JSON Lines with a line over it."""
    folder.mkdir()
    line = json.dumps(ITEM)
    assert len(line) < limit
    collection = {"type": "FeatureCollection", "features": [ITEM] * 5}
    (folder / "big.json").write_text(json.dumps(collection))
    (folder / "small.json").write_text(line)
    long_line = json.dumps({**ITEM, "id": "x" * limit})
    (folder / "lines.jsonl").write_text(f"{line}\n{long_line}\n{line}\n")
    return folder


def test_a_file_over_the_size_limit_is_one_line_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    limit = 4000
    folder = _big_folder(tmp_path / "in", limit)
    big = (folder / "big.json").stat().st_size
    long_line = len((folder / "lines.jsonl").read_bytes().splitlines()[1])
    assert main(["validate", "--max-file-size", str(limit), str(folder)]) == 2
    captured = capsys.readouterr()
    too_large = "--max-file-size reads larger ones"
    assert captured.out.splitlines() == [
        f"{folder / 'big.json'}: UNREADABLE too large ({big} bytes; limit {limit}): {too_large}",
        f"{folder / 'lines.jsonl'} → line 1: OK (MLM v1.5.2 Item)",
        f"{folder / 'lines.jsonl'} → line 2: UNREADABLE too large ({long_line} bytes; limit "
        f"{limit}): {too_large}",
        f"{folder / 'lines.jsonl'} → line 3: OK (MLM v1.5.2 Item)",
        f"{folder / 'small.json'}: OK (MLM v1.5.2 Item)",
    ]
    assert captured.err == "5 documents: 3 valid, 2 unreadable\n"
    # under the default limit, every document is read
    assert main(["validate", str(folder)]) == 0


@pytest.mark.parametrize("command", ["migrate", "summarize"])
def test_migrate_and_summarize_keep_the_size_limit(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _big_folder(tmp_path / "in", 4000)
    args = {
        "migrate": ["migrate", str(folder), "-o", str(tmp_path / "out")],
        "summarize": ["summarize", str(folder), *SUMMARIZE, "-o", str(tmp_path / "c.json")],
    }[command]
    assert main([*args, "--max-file-size", "4000", "--format", "json"]) == 2
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    [big] = [record for record in records if record.get("path") == str(folder / "big.json")]
    size = (folder / "big.json").stat().st_size
    assert big["verdict"] == "unreadable"
    assert big["errors"][0]["message"].startswith(f"too large ({size} bytes; limit 4000)")
    assert records[-1]["totals"]["unreadable"] == 2
    if command == "migrate":  # the file read is written; the one with a line too large is not
        assert (tmp_path / "out/small.json").exists()
        assert not (tmp_path / "out/lines.jsonl").exists()
        assert not (tmp_path / "out/big.json").exists()


def test_standard_input_over_the_size_limit(capsys: pytest.CaptureFixture[str]) -> None:
    from stac_mlm.cli.commands import validate

    text = io.StringIO(json.dumps(ITEM))
    assert validate(["-"], stdin=text, max_file_size=100) == 2
    assert capsys.readouterr().out == (
        "<stdin>: UNREADABLE too large (more than 100 bytes; limit 100): --max-file-size "
        "reads larger ones\n"
    )


@pytest.mark.parametrize(
    ("given", "size"), [("1000", 1000), ("64K", 65536), ("256m", 256 * 2**20), ("2G", 2**31)]
)
def test_max_file_size_takes_bytes_or_k_m_g(given: str, size: int) -> None:
    from stac_mlm.cli import build_parser

    args = build_parser().parse_args(["validate", "--max-file-size", given, "x"])
    assert args.max_file_size == size
    assert build_parser().parse_args(["validate", "x"]).max_file_size == 256 * 2**20


@pytest.mark.parametrize("given", ["0", "-1", "1.5M", "lots", "M"])
def test_max_file_size_refuses_what_is_not_a_size(
    given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from stac_mlm.cli import build_parser

    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["validate", f"--max-file-size={given}", "x"])
    assert stopped.value.code == 2
    assert f"not a size: '{given}'" in capsys.readouterr().err


def _odd_folder(folder: Path) -> dict[str, str]:
    """Valid Items under odd names: each name's bytes, and how reports show it."""
    folder.mkdir()
    names = {
        b"new\nline.json": "new\\nline.json",
        b"back\\nslash.json": "back\\\\nslash.json",  # not a newline: a backslash and an n
        b"latin\xe9.json": "latin\\xe9.json",  # not UTF-8
        "esc\x1b[31mape\u2028.json".encode(): "esc\\x1b[31mape\\u2028.json",
        "café.json".encode(): "café.json",  # UTF-8: as it is
    }
    for name in names:
        (folder / os.fsdecode(name)).write_text(json.dumps(ITEM))
    return {os.fsdecode(name): said for name, said in names.items()}


def test_odd_file_names_are_shown_on_one_line_and_unambiguous(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    names = _odd_folder(folder)
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    said = {f"{folder}/{shown}: OK (MLM v1.5.2 Item)" for shown in names.values()}
    assert set(out.splitlines()) == said  # one line each
    assert "\x1b" not in out
    assert "\u2028" not in out


def test_odd_file_names_in_json_records_are_utf8_and_faithful(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    from jsonschema import Draft202012Validator

    from stac_mlm.cli.report import report_schema

    folder = tmp_path / "in"
    names = _odd_folder(folder)
    assert main(["validate", "--format", "json", str(folder)]) == 0
    out = capsysbinary.readouterr().out
    text = out.decode("utf-8")  # strict: no lone surrogate was written, escaped or not
    assert "\\ud" not in text
    records = [json.loads(line) for line in text.splitlines()]
    checker = Draft202012Validator(report_schema())
    for record in records:
        checker.validate(record)
    paths = {record["path"]: record.get("path_escaped", False) for record in records[:-1]}
    expected = {}
    for name, said in names.items():
        if "\udce9" in name:  # not UTF-8: escaped as the text report shows it, and said so
            expected[f"{folder}/{said}"] = True
        else:  # UTF-8 (a newline too): the name itself, which JSON holds
            expected[f"{folder}/{name}"] = False
    assert paths == expected


def test_migrate_writes_odd_names_as_they_are_and_says_them_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    names = _odd_folder(folder)
    out.mkdir()
    blocked = next(name for name in names if "\n" in name)
    (out / blocked).mkdir()  # the output of "new\nline.json" cannot be written
    assert main(["migrate", str(folder), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert sorted(os.listdir(out)) == sorted(names)  # the names' bytes kept
    line = f"{folder}/new\\nline.json: NOT WRITTEN cannot write {out}/new\\nline.json: Is a "
    assert line + "directory" in err.splitlines()
    assert err.splitlines()[-1] == "5 documents: 5 valid; 1 file not written"


@pytest.mark.parametrize("how", ["--in-place", "-o"])
def test_migrate_goes_on_past_a_fifo_in_the_folder_it_reads(how: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "old.json").write_text(json.dumps(OLD))
    os.mkfifo(folder / "fifo.json")
    where = ["--in-place"] if how == "--in-place" else ["-o", str(tmp_path / "out")]
    done = _run("migrate", *TORCH, *where, str(folder))
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == f"{folder / 'fifo.json'}: {FIFO}"
    assert lines[-1] == "2 documents: 1 valid, 1 unreadable"
    written = folder / "old.json" if how == "--in-place" else tmp_path / "out/old.json"
    assert json.loads(written.read_text())["stac_extensions"] != OLD["stac_extensions"]
    assert (folder / "fifo.json").is_fifo()


def _locked(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``folder`` cannot be listed (chmod 000; root may list anything: the listing itself
    is refused then, as the system refuses it to others)."""
    folder.chmod(0o000)
    scandir = os.scandir

    def refused(path: str = ".") -> Iterator[os.DirEntry[str]]:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refused)


@pytest.mark.parametrize("command", ["validate", "migrate", "summarize"])
def test_a_folder_that_cannot_be_listed_is_reported_not_silently_left_out(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A subfolder chmod 000 was skipped without a word: its files were never reported."""
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked/hidden.json").write_text(json.dumps(ITEM))
    (folder / "z.json").write_text(json.dumps(ITEM))
    _locked(folder / "locked", monkeypatch)
    args = {
        "validate": ["validate", str(folder)],
        "migrate": ["migrate", str(folder), "-o", str(tmp_path / "out")],
        "summarize": ["summarize", str(folder), *SUMMARIZE, "-o", str(tmp_path / "c.json")],
    }[command]
    try:
        assert main(args) == 2
    finally:
        (folder / "locked").chmod(0o755)
    captured = capsys.readouterr()
    lines = _lines(captured.out + captured.err, folder)
    assert lines["locked"] == "UNREADABLE cannot list the folder: Permission denied"
    assert (captured.out + captured.err).rstrip().splitlines()[-1].startswith("2 documents: ")


def test_a_folder_given_that_cannot_be_listed_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It was said to hold no file read as STAC."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(ITEM))
    _locked(folder, monkeypatch)
    try:
        assert main(["validate", str(folder)]) == 2
    finally:
        folder.chmod(0o755)
    out = capsys.readouterr().out
    assert out.splitlines() == [f"{folder}: UNREADABLE cannot list the folder: Permission denied"]


@pytest.mark.parametrize("how", ["--in-place", "schema"])
def test_a_file_whose_name_is_near_the_longest_allowed_is_written(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The temporary file's name (``.NAME.RANDOM.tmp``, 18 bytes longer) once went over the
    255 bytes a name may have: ``cannot write …: File name too long``, nothing written."""
    target = tmp_path / ("é" * 120 + "a.json")  # 246 bytes in UTF-8
    target.write_text(json.dumps(OLD))
    args = {
        "--in-place": ["migrate", "--in-place", *TORCH, str(target)],
        "schema": ["schema", "item", "-o", str(target)],
    }[how]
    assert main(args) == 0, capsys.readouterr().err
    written = json.loads(target.read_text())
    assert written != OLD
    assert written["type"] == ("Feature" if how == "--in-place" else "object")
    assert [path.name for path in tmp_path.iterdir()] == [target.name]


def _geoparquet(path: Path, items: list[dict[str, object]]) -> Path:
    from stac_geoparquet.arrow import parse_stac_items_to_arrow, to_parquet

    to_parquet(parse_stac_items_to_arrow(items), path)
    return path


def test_two_files_that_would_be_one_under_o_are_not_written_over_each_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``a.jsonl`` and ``a.parquet`` are both ``a.jsonl`` under ``-o`` (GeoParquet's Items
    are written as JSON Lines): the second once replaced the first, exit 0."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({**ITEM, "id": "from-jsonl"}) + "\n")
    _geoparquet(folder / "a.parquet", [{**ITEM, "id": "from-parquet"}])
    assert main(["migrate", str(folder), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert (
        f"{folder / 'a.parquet'}: NOT WRITTEN {out / 'a.jsonl'} is also where "
        f"{folder / 'a.jsonl'} goes: two files read would be one under -o"
    ) in err.splitlines()
    assert err.splitlines()[-1] == "2 documents: 2 valid; 1 file not written"
    assert json.loads((out / "a.jsonl").read_text())["id"] == "from-jsonl"


def test_one_file_given_twice_is_written_once_under_o(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same file under two names is the same output: not a clash."""
    monkeypatch.chdir(tmp_path)
    Path("item.json").write_text(json.dumps(OLD))
    assert main(["migrate", "item.json", "./item.json", *TORCH, "-o", "out"]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == "2 documents: 2 valid"
    assert _tree(tmp_path / "out") == ["item.json"]


@pytest.mark.parametrize("output", ["same", "other"])
def test_migrate_o_never_writes_json_lines_under_a_geoparquet_name(
    output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``migrate a.parquet -o a.parquet`` once replaced the GeoParquet file with JSON Lines
    (which --in-place refuses to do): the original was lost, and the file unreadable."""
    source = _geoparquet(tmp_path / "a.parquet", [ITEM])
    before = source.read_bytes()
    target = source if output == "same" else tmp_path / "b.geoparquet"
    assert main(["migrate", str(source), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert (
        f"{source}: NOT WRITTEN {target} is named as GeoParquet, and the Items are written "
        "as JSON Lines: name it .jsonl"
    ) in err.splitlines()
    assert source.read_bytes() == before
    assert target.exists() == (output == "same")
