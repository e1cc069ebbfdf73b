"""``stac-mlm validate``, ``summarize``, ``example`` and ``schema``: thin over the library."""

from __future__ import annotations

import argparse
import io
import json
import os
import shlex
import stat
import sys
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from stac_mlm._errors import RuleViolation, format_location
from stac_mlm._predecessors import not_mlm_message, predecessor_of, two_predecessors
from stac_mlm._spec import MLM_VERSION, detect_version, unpublished
from stac_mlm.aggregate import SummaryAccumulator, release_violation
from stac_mlm.batch import PausedCollector
from stac_mlm.cli.catalog import (
    MAX_FILE_SIZE,
    STDIN,
    STDIN_NAME,
    Member,
    Shape,
    read,
    shown,
)
from stac_mlm.cli.output import CannotWriteError, write_file
from stac_mlm.cli.report import (
    Entry,
    Exit,
    Report,
    Verdict,
    document_of,
    invalid,
    kind_of,
    not_an_mlm_document,
    report_schema,
    type_said,
    unreadable,
)
from stac_mlm.cli.walk import walk
from stac_mlm.collection import MLMCollection
from stac_mlm.example import example_item
from stac_mlm.fast_lane import FAST_EXTRA, accepted_document, accepts, available
from stac_mlm.item import MLMItem
from stac_mlm.releases import load

#: ``validate --lane``: ``auto`` is the fast lane when its extra is installed.
LANES = ("auto", "models", "fast")


def _validate(member: Member, source: str | None = None, fast: bool = False) -> Entry:
    """The entry of one document, read in the release it declares, or ``source``; with
    ``fast``, the fast lane says which are valid (the same entries: the models explain
    every other document); a member still holding its text (``validate --jobs``) is
    parsed here, by the lane when it accepts it."""
    if member.text is not None:
        if fast and source is None:
            accepted = accepted_document(member.text)
            if accepted is not None and predecessor_of(accepted) is None:
                return _valid_item(member)
        member = member.parsed()
    document = document_of(member)
    if isinstance(document, Entry):
        return document
    kind = kind_of(document)
    if kind is None:
        return not_an_mlm_document(member, document)
    predecessor = predecessor_of(document)
    if predecessor is not None:  # DLM or ML-Model: not MLM, which the migration makes it
        index, token = predecessor
        why = two_predecessors(document) or not_mlm_message(token, kind)
        notes = [(("stac_extensions", index), why)]
        fields = {"predecessor": token}
        return Entry(member, Verdict.UNSUPPORTED, [f"UNSUPPORTED {why}"], kind, None, notes, fields)
    if fast and source is None and accepts(document, plain=member.plain):
        return _valid_item(member)
    try:
        read_as = load(document, source=source)
    except ValidationError as error:
        return invalid(member, error, kind, source or detect_version(document))
    release = read_as.mlm_version
    declared = [f"v{uri.version}" for uri in unpublished(document)] if source else []
    given = (
        f", read as MLM v{source} as given by the caller; the document declares "
        f"{', '.join(declared)}"
        if declared
        else ""
    )
    return Entry(member, Verdict.VALID, [f"OK (MLM v{release} {kind}{given})"], kind, release)


def _valid_item(member: Member) -> Entry:
    """The entry of a document the fast lane found valid: a v1.5.2 Item."""
    return Entry(member, Verdict.VALID, [f"OK (MLM v{MLM_VERSION} Item)"], "Item", MLM_VERSION)


#: Why ``--recursive`` refuses ``-``: relative links start from the folder of a file.
NO_STDIN_WALK = (
    "--recursive follows links relative to the file that holds them: give files, not - "
    "(standard input)"
)


def validate(
    paths: Sequence[str],
    out: TextIO | None = None,
    stdin: TextIO | None = None,
    err: TextIO | None = None,
    form: str = "text",
    recursive: bool = False,
    source: str | None = None,
    lane: str = "auto",
    jobs: int = 1,
    max_file_size: int = MAX_FILE_SIZE,
) -> int:
    """Validate every document, each in the release it declares (or ``source``, for those
    whose MLM schema URI was never published: ``stac_mlm.load``); one entry per document
    on ``out``. The exit code is the worst outcome: 0 valid, 1 invalid, 2 unreadable (a
    JSON file larger than ``max_file_size`` bytes is unreadable).

    ``recursive``: walk each PATH as a static STAC catalog, following its ``child`` and
    ``item`` links, and resolve the model references (:mod:`stac_mlm.cli.walk`).
    ``lane``: ``models``, ``fast`` (:mod:`stac_mlm.fast_lane`; without its extra, a usage
    error: exit 2) or ``auto`` (fast when installed); the entries are the same. ``jobs``:
    worker processes (:mod:`stac_mlm.cli.jobs`); 1 validates here.
    """
    out, err = out or sys.stdout, err or sys.stderr
    if recursive and STDIN in paths:
        print(f"stac-mlm validate: {NO_STDIN_WALK}", file=err)
        return Exit.UNREADABLE
    if lane == "fast" and not available():
        print(f"stac-mlm validate: --lane fast: {FAST_EXTRA}", file=err)
        return Exit.UNREADABLE
    fast = lane == "fast" or (lane == "auto" and available())
    check = partial(_validate, source=source, fast=fast)
    report = Report("validate", out, err, form)
    if recursive:
        walk(paths, report, stdin or sys.stdin, check)
        return report.close()
    entries: Iterator[Entry]
    if jobs > 1:  # the workers read and parse: the documents are counted as they come back
        from stac_mlm.cli.jobs import in_workers, work_of

        files = read(paths, stdin or sys.stdin, max_file_size, later=True)
        entries = report.counted(in_workers(work_of(files, max_file_size), check, jobs))
    else:
        files = read(paths, stdin or sys.stdin, max_file_size)
        entries = map(check, (member for file in files for member in report.reading(file.members)))
    with PausedCollector() as collector:
        for entry in entries:
            report.add(entry)
            collector.step()
    return report.close()


#: STAC documents ``summarize`` skips (reported, exit 0): a catalog folder holds them.
_NOT_ITEMS = frozenset({"Collection", "Catalog"})


def _summarize_one(member: Member, accumulator: SummaryAccumulator) -> Entry:
    document = document_of(member)
    if isinstance(document, Entry):
        return document
    kind = document.get("type")
    if kind != "Feature":
        why = f"not a STAC Item ({type_said(document)})"
        if isinstance(kind, str) and kind in _NOT_ITEMS:
            return Entry(member, Verdict.SKIPPED, [f"SKIPPED {why}"], kind_of(document))
        return Entry(member, Verdict.UNSUPPORTED, [f"UNSUPPORTED {why}"], errors=[(("type",), why)])
    release = detect_version(document)
    refused = release_violation(document)
    if refused is not None:  # one line: which release, and the command that upgrades it
        return _not_summarized(member, refused, release)
    try:
        accumulator.add(MLMItem.model_validate(document))
    except ValidationError as error:
        return invalid(member, error, "Item", release)
    return Entry(member, Verdict.VALID, [], "Item", release)


def _not_summarized(member: Member, refused: RuleViolation, release: str | None) -> Entry:
    message = f"{refused.message}: {_migrate_command(member, refused)}{_incomplete(member)}"
    line = f"INVALID {format_location(refused.loc)}: {message}"
    return Entry(member, Verdict.INVALID, [line], "Item", release, [(refused.loc, message)])


def _migrate_command(member: Member, refused: RuleViolation) -> str:
    """The ``stac-mlm migrate`` command that upgrades the file holding ``member`` (a file
    is migrated whole)."""
    given = ""
    if refused.code == "mlm_release_unknown":  # never published: the nearest release is said
        given = f" --from {unpublished(member.document)[0].nearest}"
    if member.path == STDIN_NAME:
        return f"stac-mlm migrate -{given}"
    path = _argument(member.path)
    if member.shape is Shape.ROWS:  # GeoParquet is not rewritten: its Items go to JSON Lines
        rows = _argument(str(Path(member.path).with_suffix(".jsonl")))
        return f"stac-mlm migrate {path}{given} -o {rows}"
    return f"stac-mlm migrate {path}{given} --in-place"


def _incomplete(member: Member) -> str:
    """What the migration the command runs leaves to a person, when it does (an older
    Item often lacks what later releases require, e.g. ``mlm:artifact_type``)."""
    from stac_mlm.migration import migrate

    document = member.document
    if document is None:
        return ""
    source = unpublished(document)
    try:
        report = migrate(document, source=source[0].nearest if source else None)
    except ValueError:
        return ""
    if not report.unmigrated:
        return ""
    return (
        f" (it leaves {len(report.unmigrated)} value(s) to a person, e.g. "
        f"{report.unmigrated[0].path()}: its report says which, and its decisions, such as "
        "--artifact-type, answer some)"
    )


def _argument(path: str) -> str:
    """``path`` as a shell word that no command reads as an option (``-old.json``)."""
    return shlex.quote(f"./{path}" if path.startswith("-") else path)


def _base_collection(path: str, report: Report, max_file_size: int) -> dict[str, Any] | None:
    """The Collection ``--collection`` names, or ``None`` (reported) when it cannot be read."""
    source = next(read([path], sys.stdin, max_file_size))
    member = next(source.members)
    document = document_of(member)
    if isinstance(document, dict) and source.shape is not Shape.DOCUMENT:
        # about the file, not its first member: located at the file
        file = Member(source.path, Shape.DOCUMENT)
        document = unreadable(file, "--collection names one Collection, not several documents")
    if isinstance(document, Entry):
        report.add(document)
        return None
    return document


def _collection(
    accumulator: SummaryAccumulator, base: dict[str, Any] | None, args: argparse.Namespace
) -> MLMCollection:
    if base is None:
        return MLMCollection.from_accumulator(
            accumulator, id=args.id, description=args.description, license=args.license
        )
    collection = MLMCollection(**base)  # declares MLM if the base did not
    document = collection.model_dump(mode="json")
    document["summaries"] = {**document.get("summaries", {}), **accumulator.summaries()}
    if accumulator.count:
        document["extent"] = accumulator.extent(base=collection.extent)
    item_assets = accumulator.item_assets()
    if item_assets:
        document["item_assets"] = {**document.get("item_assets", {}), **item_assets}
    return MLMCollection(**document)


def summarize(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Summarize Items into a Collection (``out`` or ``-o``); the report goes to ``err``."""
    out, err = out or sys.stdout, err or sys.stderr
    if args.collection is None and not (args.id and args.description and args.license):
        print(
            "stac-mlm summarize: without --collection, give --id, --description and --license",
            file=err,
        )
        return Exit.UNREADABLE
    report = Report("summarize", err, err, args.format)
    limit = getattr(args, "max_file_size", MAX_FILE_SIZE)
    base = None
    if args.collection is not None:
        base = _base_collection(args.collection, report, limit)
        if base is None:
            return report.close()
    accumulator = SummaryAccumulator()
    item_files: set[tuple[int, int]] = set()  # never written over by -o: (device, inode)
    with PausedCollector() as collector:
        for source in read(args.items, stdin or sys.stdin, limit):
            for member in report.reading(source.members):
                entry = _summarize_one(member, accumulator)
                report.add(entry)
                if entry.kind == "Item":
                    item_files.update(_file_identity(source.file, stdin or sys.stdin))
                collector.step()
    if base is None and not accumulator.count:
        why = "no valid Item was read, and a Collection's extent cannot be computed from none"
        _not_written(report, args.output, why)
        return max(report.close(), Exit.INVALID)
    try:
        collection = _collection(accumulator, base, args)
    except ValidationError as error:
        report.add(invalid(Member(str(args.collection), Shape.DOCUMENT), error, "Collection", None))
        return report.close()
    text = collection.model_dump_json(indent=2) + "\n"
    if args.output and set(_file_identity(Path(args.output), None)) & item_files:
        why = f"{shown(args.output)}: it holds Items this run read, which -o would replace"
        _not_written(report, args.output, f"{why}: name another file")
        report.fail()
        return report.close()
    try:
        if args.output:
            write_file(Path(args.output), text)
        else:
            out.write(text)
    except CannotWriteError as error:  # said, and the totals end the run all the same
        _not_written(report, args.output, str(error), line=f"stac-mlm: {error}")
        report.fail()
    return report.close()


def _not_written(report: Report, output: str | None, why: str, line: str | None = None) -> None:
    """The Collection was not written to ``output`` (``None``: standard output), and
    ``why``: ``stac-mlm summarize: NOT WRITTEN why`` (or ``line``) for people, a record
    for ``--format json``."""
    record = {"command": "summarize", "output": output, "not_written": why}
    report.tell(line or f"stac-mlm summarize: NOT WRITTEN {why}", record)


def _file_identity(file: Path | None, stdin: TextIO | None) -> list[tuple[int, int]]:
    """The (device, inode) of ``file``, or of the file standard input reads (``< a.json``)
    when ``file`` is ``None``; none when there is no such file or it cannot be looked at.
    By identity, not by name: every spelling of a path, a link, and standard input agree."""
    try:
        if file is not None:
            found = os.stat(file)
        elif stdin is not None:
            found = os.fstat(stdin.fileno())
        else:
            return []
    except (OSError, ValueError, io.UnsupportedOperation):
        return []
    return [(found.st_dev, found.st_ino)] if stat.S_ISREG(found.st_mode) else []


def _dump(document: Any, form: str) -> str:
    """Indented JSON for people; one line for ``--format json`` (a line of JSON Lines)."""
    if form == "json":
        return json.dumps(document, ensure_ascii=False) + "\n"
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def example(out: TextIO | None = None, form: str = "text") -> int:
    """Print the example Item (``stac_mlm.example.example_item``)."""
    indent = None if form == "json" else 2  # --format json: one line of JSON Lines
    print(example_item().model_dump_json(indent=indent), file=out or sys.stdout)
    return Exit.VALID


def schema(kind: str, output: str | None, out: TextIO | None = None, form: str = "text") -> int:
    """Print (or write to ``output``) the JSON Schema of an MLM document, or of the report."""
    if kind == "report":
        exported = report_schema()
    else:
        from stac_mlm.json_schema import json_schema

        exported = json_schema(kind)
    text = _dump(exported, form)
    if output:
        write_file(Path(output), text)
    else:
        (out or sys.stdout).write(text)
    return Exit.VALID
