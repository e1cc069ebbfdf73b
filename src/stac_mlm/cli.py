"""The ``stac-mlm`` command: a thin layer over the library.

stac-mlm validate PATH... | -     one line per document, in the MLM release it declares;
                                  exit 0 valid, 1 invalid, 2 unreadable
stac-mlm migrate PATH... [--to V] [--artifact-type T] [-o OUT | --in-place]
                                  upgrade documents to MLM V (default 1.5.2), print the report;
                                  exit 0 all migrated, 1 something not carried over or invalid,
                                  2 unreadable
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

from stac_mlm._base import parse_json
from stac_mlm._errors import format_location
from stac_mlm._spec import MLM_RELEASES, MLM_VERSION
from stac_mlm.aggregate import SummaryAccumulator
from stac_mlm.collection import MLMCollection
from stac_mlm.example import example_item
from stac_mlm.item import MLMItem
from stac_mlm.migration import migrate
from stac_mlm.releases import load

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


def _read_json(source: Source, err: TextIO) -> tuple[Any, Exit | None]:
    """The parsed document and ``None``, or why it could not be read (reported) as an exit.

    Read as ``model_validate_json`` reads it: a document nested too deep is invalid
    (located), text that is not JSON unreadable.
    """
    if source.text is None:
        print(f"{source.name}: UNREADABLE {source.problem}", file=err)
        return None, Exit.UNREADABLE
    try:
        return parse_json(source.text, "document"), None
    except ValidationError as error:
        details = error.errors(include_url=False)
        if details[0]["type"] == "json_invalid":
            print(f"{source.name}: UNREADABLE {details[0]['msg']}", file=err)
            return None, Exit.UNREADABLE
        _print_errors(source.name, error, err)
        return None, Exit.INVALID


#: What each STAC ``type`` of an MLM document is called in messages.
DOCUMENTS: dict[str, str] = {"Feature": "Item", "Collection": "Collection"}


def _print_errors(name: str, error: ValidationError, out: TextIO) -> None:
    for details in error.errors(include_url=False):
        location = format_location(details["loc"])
        print(f"{name}: INVALID {location}: {details['msg']}", file=out)


def _validate(source: Source, out: TextIO) -> Exit:
    document, unread = _read_json(source, out)
    if unread is not None:
        return unread
    kind = document.get("type") if isinstance(document, dict) else None
    label = DOCUMENTS.get(kind) if isinstance(kind, str) else None
    if label is None:
        print(
            f"{source.name}: UNSUPPORTED type {kind!r}: an MLM document is a STAC Item "
            "(Feature) or Collection",
            file=out,
        )
        return Exit.UNREADABLE
    try:
        read = load(document)
    except ValidationError as error:
        _print_errors(source.name, error, out)
        return Exit.INVALID
    print(f"{source.name}: OK (MLM v{read.mlm_version} {label})", file=out)
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
        document, unread = _read_json(source, err)
        if unread is not None:
            outcome = max(outcome, unread)
            continue
        if not (isinstance(document, dict) and document.get("type") == "Feature"):
            kind = document.get("type") if isinstance(document, dict) else None
            print(f"{source.name}: SKIPPED not a STAC Item (type {kind!r})", file=err)
            continue
        try:
            accumulator.add(MLMItem.model_validate(document))
        except ValidationError as error:
            _print_errors(source.name, error, err)
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
        base, unread = _read_json(next(_sources([args.collection], sys.stdin)), err)
        if unread is not None:
            return unread
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
        _print_errors(str(args.collection), error, err)
        return Exit.INVALID
    text = collection.model_dump_json(indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    print(f"summarized {accumulator.count} Item(s)", file=err)
    return outcome


def _migration_target(source: Source, args: argparse.Namespace, root: Path | None) -> Path | None:
    """Where the migrated document goes: the file itself, under ``-o``, or standard output."""
    if args.in_place:
        return Path(source.name)
    if args.output is None:
        return None
    output = Path(args.output)
    if root is None:  # one input file: -o names the output file (or a folder to put it in)
        return output / Path(source.name).name if output.is_dir() else output
    return output / Path(source.name).relative_to(root)


def _migrate_one(
    source: Source, args: argparse.Namespace, root: Path | None, out: TextIO, err: TextIO
) -> Exit:
    document, unread = _read_json(source, err)
    if unread is not None:
        return unread
    if not isinstance(document, dict):
        print(f"{source.name}: UNREADABLE not a JSON object", file=err)
        return Exit.UNREADABLE
    try:
        report = migrate(document, to=args.to, artifact_type=args.artifact_type)
    except ValueError as error:
        print(f"{source.name}: NOT MIGRATED {error}", file=err)
        return Exit.UNREADABLE
    for line in report.to_text().splitlines():
        print(f"{source.name}: {line}", file=err)
    target = _migration_target(source, args, root)
    text = json.dumps(report.document, indent=2, ensure_ascii=False) + "\n"
    if not report.document:
        print(f"{source.name}: NOT WRITTEN the document is not JSON: nothing migrated", file=err)
    elif report.errors and target is not None and args.in_place:
        print(f"{source.name}: NOT WRITTEN the result is not valid MLM v{args.to}", file=err)
    elif target is None:
        out.write(text)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return Exit.VALID if report.ok else Exit.INVALID


def migrate_documents(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Migrate every document; the report goes to standard error, one line per note."""
    out, err = out or sys.stdout, err or sys.stderr
    sources = list(_sources(args.paths, sys.stdin))
    folders = [Path(path) for path in args.paths if path != STDIN and Path(path).is_dir()]
    many = len(sources) > 1 or bool(folders)
    if many and not (args.in_place or args.output):
        print("stac-mlm migrate: several documents: give -o FOLDER or --in-place", file=err)
        return Exit.UNREADABLE
    if args.in_place and STDIN in args.paths:
        print("stac-mlm migrate: --in-place cannot rewrite standard input", file=err)
        return Exit.UNREADABLE
    if len(folders) > 1 and args.output:
        print("stac-mlm migrate: with -o, give one folder (or files)", file=err)
        return Exit.UNREADABLE
    root = folders[0] if folders else (Path(".") if many else None)
    outcomes = [_migrate_one(source, args, root, out, err) for source in sources]
    return max(outcomes, default=Exit.UNREADABLE)


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
        description=f"Typed STAC MLM documents (v{MLM_RELEASES[0]} to v{MLM_VERSION}): "
        "validate them, migrate them, build them.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "validate",
        help="validate MLM Items and Collections (files, folders, or - for standard input)",
        description="Validate each document against every rule of the official MLM schema of "
        "the release it declares in stac_extensions (v1.0.0 to v1.5.2), and say which. "
        "Exit 0 when all are valid, 1 when some are invalid, 2 when some cannot be read.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="a JSON file, a folder, or -")
    upgrade = commands.add_parser(
        "migrate",
        help="upgrade MLM Items and Collections to a later release (default v1.5.2)",
        description="Upgrade each document step by step to the target release, following the "
        "MLM changelog, and print a report (standard error) of what changed and what could "
        "not be carried over. One file goes to standard output unless -o is given; several "
        "need -o FOLDER or --in-place. --in-place never writes a result that is not valid. "
        "Exit 0 when all migrated, 1 when something was not carried over or is invalid, "
        "2 when a document cannot be read or declares no MLM release.",
    )
    upgrade.add_argument("paths", nargs="+", metavar="PATH", help="a JSON file, a folder, or -")
    upgrade.add_argument(
        "--to", default=MLM_VERSION, choices=MLM_RELEASES, help="target release (default: latest)"
    )
    upgrade.add_argument(
        "--artifact-type",
        metavar="VALUE",
        help="how the model files were saved (e.g. torch.save): fills in mlm:artifact_type, "
        "required since v1.4.0, on mlm:model assets that lack it",
    )
    where = upgrade.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="OUT", help="output file, or folder for several")
    where.add_argument("--in-place", action="store_true", help="rewrite each file")
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
    if args.command == "migrate":
        return migrate_documents(args)
    if args.command == "summarize":
        return summarize(args)
    if args.command == "schema":
        return schema(args.kind, args.output)
    return example()


if __name__ == "__main__":
    raise SystemExit(main())
