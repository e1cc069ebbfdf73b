"""The ``stac-mlm`` command: a thin layer over the library.

stac-mlm validate PATH... | -     one line per document; exit 0 valid, 1 invalid, 2 unreadable
stac-mlm example                  print a complete valid MLM Item built from typed objects
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from stac_mlm._spec import MLM_VERSION
from stac_mlm.aggregate import SummaryAccumulator
from stac_mlm.collection import MLMCollection
from stac_mlm.example import example_item
from stac_mlm.item import MLMItem

STDIN = "-"


class Exit(IntEnum):
    VALID = 0
    INVALID = 1
    UNREADABLE = 2


@dataclass(frozen=True)
class Source:
    """Where a document comes from, and its text (or why it could not be read)."""

    name: str
    text: str | None
    problem: str | None = None


def _sources(paths: Sequence[str], stdin: TextIO) -> Iterator[Source]:
    for raw in paths:
        if raw == STDIN:
            yield Source("<stdin>", stdin.read())
            continue
        path = Path(raw)
        files = sorted(path.rglob("*.json")) if path.is_dir() else [path]
        if path.is_dir() and not files:
            yield Source(raw, None, "folder holds no .json file")
        for file in files:
            try:
                yield Source(str(file), file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                yield Source(str(file), None, f"cannot read: {error}")


def format_location(loc: Sequence[str | int]) -> str:
    """``properties → mlm:input → 0 → input → dim_order`` (the document itself: ``(document)``)."""
    return " → ".join(str(segment) for segment in loc) or "(document)"


def _read_json(source: Source, err: TextIO) -> Any:
    """The parsed document, or ``None`` after reporting why it could not be read."""
    if source.text is None:
        print(f"{source.name}: UNREADABLE {source.problem}", file=err)
        return None
    try:
        return json.loads(source.text)
    except json.JSONDecodeError as error:
        print(f"{source.name}: UNREADABLE not JSON: {error}", file=err)
        return None


#: The MLM document model for each STAC ``type``.
DOCUMENTS: dict[str, type[MLMItem] | type[MLMCollection]] = {
    "Feature": MLMItem,
    "Collection": MLMCollection,
}


def _validate(source: Source, out: TextIO) -> Exit:
    document = _read_json(source, out)
    if document is None:
        return Exit.UNREADABLE
    kind = document.get("type") if isinstance(document, dict) else None
    model = DOCUMENTS.get(kind) if isinstance(kind, str) else None
    if model is None:
        print(
            f"{source.name}: UNSUPPORTED type {kind!r}: an MLM document is a STAC Item "
            "(Feature) or Collection",
            file=out,
        )
        return Exit.UNREADABLE
    try:
        model.model_validate(document)
    except ValidationError as error:
        for details in error.errors(include_url=False):
            location = format_location(details["loc"])
            print(f"{source.name}: INVALID {location}: {details['msg']}", file=out)
        return Exit.INVALID
    label = "Item" if model is MLMItem else "Collection"
    print(f"{source.name}: OK (MLM v{MLM_VERSION} {label})", file=out)
    return Exit.VALID


def validate(paths: Sequence[str], out: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Validate every document; the exit code is the worst outcome."""
    out, stdin = out or sys.stdout, stdin or sys.stdin
    outcomes = [_validate(source, out) for source in _sources(paths, stdin)]
    return max(outcomes, default=Exit.UNREADABLE)


def example(out: TextIO | None = None) -> int:
    print(example_item().model_dump_json(indent=2), file=out or sys.stdout)
    return Exit.VALID


class _Progress:
    """A one-line counter on standard error, for large inputs on a terminal."""

    THRESHOLD = 1000

    def __init__(self, total: int, err: TextIO) -> None:
        self.total, self.err, self.done = total, err, 0
        self.shown = total >= self.THRESHOLD and err.isatty()

    def step(self) -> None:
        self.done += 1
        if self.shown and (self.done % 100 == 0 or self.done == self.total):
            print(f"\rsummarized {self.done}/{self.total} documents", end="", file=self.err)
            if self.done == self.total:
                print(file=self.err)


def _accumulate(sources: list[Source], err: TextIO) -> tuple[SummaryAccumulator, Exit]:
    accumulator, outcome = SummaryAccumulator(), Exit.VALID
    progress = _Progress(len(sources), err)
    for source in sources:
        progress.step()
        document = _read_json(source, err)
        if document is None:
            outcome = Exit.UNREADABLE
            continue
        if not (isinstance(document, dict) and document.get("type") == "Feature"):
            kind = document.get("type") if isinstance(document, dict) else None
            print(f"{source.name}: SKIPPED not a STAC Item (type {kind!r})", file=err)
            continue
        try:
            accumulator.add(MLMItem.model_validate(document))
        except ValidationError as error:
            for details in error.errors(include_url=False):
                location = format_location(details["loc"])
                print(f"{source.name}: INVALID {location}: {details['msg']}", file=err)
            outcome = max(outcome, Exit.INVALID)
    return accumulator, outcome


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
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Summarize Items into a Collection; report unreadable and invalid Items."""
    out, err = out or sys.stdout, err or sys.stderr
    base = None
    if args.collection is not None:
        base = _read_json(next(_sources([args.collection], sys.stdin)), err)
        if base is None:
            return Exit.UNREADABLE
    elif not (args.id and args.description and args.license):
        print(
            "stac-mlm summarize: without --collection, give --id, --description and --license",
            file=err,
        )
        return Exit.UNREADABLE
    accumulator, outcome = _accumulate(list(_sources(args.items, sys.stdin)), err)
    try:
        collection = _collection(accumulator, base, args)
    except ValidationError as error:
        for details in error.errors(include_url=False):
            location = format_location(details["loc"])
            print(f"{args.collection}: INVALID {location}: {details['msg']}", file=err)
        return Exit.INVALID
    text = collection.model_dump_json(indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    print(f"summarized {accumulator.count} Item(s)", file=err)
    return outcome


def schema(kind: str, output: str | None, out: TextIO | None = None) -> int:
    from stac_mlm.json_schema import json_schema

    text = json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        (out or sys.stdout).write(text)
    return Exit.VALID


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stac-mlm",
        description=f"Typed STAC MLM v{MLM_VERSION} documents: validate them, build them.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "validate",
        help="validate MLM Items and Collections (files, folders, or - for standard input)",
        description="Validate each document against every rule of the official MLM schema. "
        "Exit 0 when all are valid, 1 when some are invalid, 2 when some cannot be read.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="a JSON file, a folder, or -")
    commands.add_parser("example", help="print a complete valid MLM Item built from typed objects")
    gather = commands.add_parser(
        "summarize",
        help="write a Collection summarizing MLM Items",
        description="Aggregate the MLM fields of the Items (files or folders) into Collection "
        "summaries, item_assets and extent. Unreadable and invalid Items are reported with "
        "their path and error; the exit code is then 2 or 1.",
    )
    gather.add_argument("items", nargs="+", metavar="ITEMS", help="Item files or folders")
    gather.add_argument(
        "--collection", metavar="BASE.json", help="update this Collection instead of a new one"
    )
    gather.add_argument("-o", "--output", metavar="OUT.json", help="default: standard output")
    gather.add_argument("--id", help="id of a new Collection")
    gather.add_argument("--description", help="description of a new Collection")
    gather.add_argument("--license", help="license of a new Collection (SPDX id)")
    export = commands.add_parser(
        "schema",
        help="print the JSON Schema of an MLM document",
        description="The JSON Schema (draft 2020-12) exported from the models, with every rule "
        "they check, cross-field rules included.",
    )
    export.add_argument("kind", choices=["item", "collection", "properties", "asset"])
    export.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.paths)
    if args.command == "summarize":
        return summarize(args)
    if args.command == "schema":
        return schema(args.kind, args.output)
    return example()


if __name__ == "__main__":
    raise SystemExit(main())
