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


def _validate(source: Source, out: TextIO) -> Exit:
    if source.text is None:
        print(f"{source.name}: UNREADABLE {source.problem}", file=out)
        return Exit.UNREADABLE
    try:
        document: Any = json.loads(source.text)
    except json.JSONDecodeError as error:
        print(f"{source.name}: UNREADABLE not JSON: {error}", file=out)
        return Exit.UNREADABLE
    kind = document.get("type") if isinstance(document, dict) else None
    if kind != "Feature":
        print(
            f"{source.name}: UNSUPPORTED not a STAC Item (type {kind!r}); this version "
            "validates MLM Items",
            file=out,
        )
        return Exit.UNREADABLE
    try:
        MLMItem.model_validate(document)
    except ValidationError as error:
        for details in error.errors(include_url=False):
            location = format_location(details["loc"])
            print(f"{source.name}: INVALID {location}: {details['msg']}", file=out)
        return Exit.INVALID
    print(f"{source.name}: OK (MLM v{MLM_VERSION} Item)", file=out)
    return Exit.VALID


def validate(paths: Sequence[str], out: TextIO = sys.stdout, stdin: TextIO = sys.stdin) -> int:
    """Validate every document; the exit code is the worst outcome."""
    outcomes = [_validate(source, out) for source in _sources(paths, stdin)]
    return max(outcomes, default=Exit.UNREADABLE)


def example(out: TextIO = sys.stdout) -> int:
    print(example_item().model_dump_json(indent=2), file=out)
    return Exit.VALID


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stac-mlm",
        description=f"Typed STAC MLM v{MLM_VERSION} documents: validate them, build them.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "validate",
        help="validate MLM Items (files, folders, or - for standard input)",
        description="Validate each document against every rule of the official MLM schema. "
        "Exit 0 when all are valid, 1 when some are invalid, 2 when some cannot be read.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="a JSON file, a folder, or -")
    commands.add_parser("example", help="print a complete valid MLM Item built from typed objects")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.paths)
    return example()


if __name__ == "__main__":
    raise SystemExit(main())
