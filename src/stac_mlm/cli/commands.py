"""``stac-mlm validate``, ``summarize``, ``example`` and ``schema``: thin over the library."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from stac_mlm._spec import detect_version
from stac_mlm.aggregate import SummaryAccumulator
from stac_mlm.cli.catalog import MAX_FILE_SIZE, Member, Shape, read
from stac_mlm.cli.output import write_file
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
from stac_mlm.collection import MLMCollection
from stac_mlm.example import example_item
from stac_mlm.item import MLMItem
from stac_mlm.releases import load


def _validate(member: Member) -> Entry:
    document = document_of(member)
    if isinstance(document, Entry):
        return document
    kind = kind_of(document)
    if kind is None:
        return not_an_mlm_document(member, document)
    try:
        read_as = load(document)
    except ValidationError as error:
        return invalid(member, error, kind, detect_version(document))
    release = read_as.mlm_version
    return Entry(member, Verdict.VALID, [f"OK (MLM v{release} {kind})"], kind, release)


def validate(
    paths: Sequence[str],
    out: TextIO | None = None,
    stdin: TextIO | None = None,
    err: TextIO | None = None,
    form: str = "text",
    max_file_size: int = MAX_FILE_SIZE,
) -> int:
    """Validate every document, each in the release it declares; one entry per document
    on ``out``. The exit code is the worst outcome: 0 valid, 1 invalid, 2 unreadable
    (a JSON file larger than ``max_file_size`` bytes is unreadable)."""
    out, err = out or sys.stdout, err or sys.stderr
    report = Report("validate", out, err, form)
    for source in read(paths, stdin or sys.stdin, max_file_size):
        for member in report.reading(source.members):
            report.add(_validate(member))
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
    try:
        accumulator.add(MLMItem.model_validate(document))
    except ValidationError as error:
        return invalid(member, error, "Item", release)
    return Entry(member, Verdict.VALID, [], "Item", release)


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
    for source in read(args.items, stdin or sys.stdin, limit):
        for member in report.reading(source.members):
            report.add(_summarize_one(member, accumulator))
    if base is None and not accumulator.count:
        print(
            "stac-mlm summarize: NOT WRITTEN no valid Item was read, and a Collection's "
            "extent cannot be computed from none",
            file=err,
        )
        return max(report.close(), Exit.INVALID)
    try:
        collection = _collection(accumulator, base, args)
    except ValidationError as error:
        report.add(invalid(Member(str(args.collection), Shape.DOCUMENT), error, "Collection", None))
        return report.close()
    text = collection.model_dump_json(indent=2) + "\n"
    if args.output:
        write_file(Path(args.output), text)
    else:
        out.write(text)
    return report.close()


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
