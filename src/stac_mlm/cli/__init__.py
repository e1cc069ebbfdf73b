"""The ``stac-mlm`` command: a thin layer over the library.

stac-mlm validate PATH...        one entry per document, in the MLM release it declares
                                 (--recursive: walk catalogs, resolve links to models)
stac-mlm migrate PATH...         upgrade documents to a later release (default v1.5.2)
stac-mlm summarize PATH...       write a Collection summarizing MLM Items
stac-mlm lint PATH...            warn about recommendations of the MLM text, and STAC hygiene
stac-mlm card ITEM               write a model card (Markdown) of an MLM Item
stac-mlm example                 print a complete valid MLM Item built from typed objects
stac-mlm schema KIND             print a JSON Schema (an MLM document's, or the report's)

Every PATH is a file, a folder (searched recursively) or ``-`` for standard input, read by
:mod:`stac_mlm.cli.catalog`: JSON documents, FeatureCollections, JSON Lines, GeoParquet.
``card`` reads one Item; ``validate --recursive`` follows each file's ``child`` and
``item`` links (:mod:`stac_mlm.cli.walk`). Reports (:mod:`stac_mlm.cli.report`) end with a
totals line; exit 0 when every document is valid, 1 when some are invalid, 2 when some
cannot be read (or on a usage error); ``lint`` exits 0 whatever it finds, 1 with
``--strict`` when a warning is reported (:mod:`stac_mlm.cli.lint_card`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from stac_mlm._errors import format_location
from stac_mlm._spec import MLM_RELEASES, MLM_VERSION
from stac_mlm._version import __version__
from stac_mlm.cli.catalog import MAX_FILE_SIZE
from stac_mlm.cli.commands import LANES, example, schema, summarize, validate
from stac_mlm.cli.lint_card import add_parsers as add_lint_and_card
from stac_mlm.cli.lint_card import card, lint_paths
from stac_mlm.cli.migrate_files import migrate_documents
from stac_mlm.cli.output import CannotWriteError, stdout
from stac_mlm.cli.report import Exit

__all__ = [
    "Exit",
    "build_parser",
    "example",
    "format_location",
    "main",
    "migrate_documents",
    "schema",
    "summarize",
    "validate",
]

#: Exit codes beyond the table of ``Exit``: as a shell reports a command stopped by a signal.
INTERRUPTED = 130  # Ctrl-C (SIGINT)
BROKEN_PIPE = 141  # the reader of standard output went away (SIGPIPE): ``| head``

_PATHS = (
    "a file (.json, .geojson: a document or a FeatureCollection; .jsonl, .ndjson: JSON "
    "Lines; .parquet, .geoparquet: stac-geoparquet), a folder (searched recursively for "
    "those), or - for standard input"
)
_EXITS = (
    "Exit 0 when every document is valid, 1 when some are invalid, 2 when some cannot be "
    "read or are not MLM documents."
)


def _add_format(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=f"text for people (default), or json: {what}",
    )


def _size(text: str) -> int:
    """A ``--max-file-size``: bytes, or a whole number of KiB, MiB or GiB (``64K``, ``2G``)."""
    units = {"K": 2**10, "M": 2**20, "G": 2**30}
    unit = units.get(text[-1:].upper(), 1)
    number = text[:-1] if unit > 1 else text
    if not number.isdigit() or int(number) == 0:
        raise argparse.ArgumentTypeError(
            f"not a size: {text!r} (bytes, or with K, M or G: 1000000, 64K, 256M, 2G)"
        )
    return int(number) * unit


def _add_max_file_size(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--max-file-size",
        type=_size,
        default=MAX_FILE_SIZE,
        metavar="SIZE",
        help="the largest JSON file (or standard input, or line of JSON Lines) read, in bytes "
        f"or with K, M, G (default {MAX_FILE_SIZE // 2**20}M): a larger one is UNREADABLE "
        "too large (exit 2) and the run goes on; GeoParquet is read a batch of rows at a time",
    )


_RECORDS = "one JSON object per document, then the totals (JSON Lines; `stac-mlm schema report`)"


def _add_from(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--from",
        dest="source",
        metavar="RELEASE",
        choices=MLM_RELEASES,
        help="the release the documents follow, for those whose MLM schema URI was never "
        "published (stac-model 0.7 writes v1.6.0: --from 1.5.2); a published release a "
        "document declares is never overridden",
    )


def _positive(text: str) -> int:
    """A whole number of at least 1 (``--jobs``)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of at least 1 (got {text!r})")
    return int(text)


def _artifact_type(text: str) -> str:
    """A non-empty value (``--artifact-type``): an empty one would be written as given."""
    if not text:
        raise argparse.ArgumentTypeError("how the model files were saved, e.g. torch.save (got '')")
    return text


def _validate_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "validate",
        help="validate MLM Items and Collections (files, folders, or - for standard input)",
        description="Validate each document against every rule of the official MLM schema of "
        f"the release it declares in stac_extensions (v{MLM_RELEASES[0]} to v{MLM_VERSION}), "
        "and say which: one line per valid document, one per error of an invalid one "
        "(standard output), then the totals (standard error). A document of MLM's "
        f"predecessors (DLM, ML-Model) is named, and sent to `stac-mlm migrate`. {_EXITS}",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help=_PATHS)
    check.add_argument(
        "--recursive",
        action="store_true",
        help="walk each PATH as a static STAC catalog, offline: follow child and item "
        "links, validate every document that declares MLM (the others are walked), and "
        "resolve every link or asset that refers to a model (derived_from with mlm:name, "
        "processing:expression of format stac-mlm); remote hrefs are never fetched",
    )
    _add_from(check)
    _add_max_file_size(check)
    _add_format(check, f"{_RECORDS}, on standard output")
    check.add_argument(
        "--lane",
        choices=LANES,
        default="auto",
        help="fast: valid MLM v1.5.2 Items are found by the exported JSON Schema compiled by "
        "jsonschema-rs (pip install 'stac-mlm[fast]'), the models explain the rest; models: "
        "the models only; auto (default): fast when installed. The report is the same",
    )
    check.add_argument(
        "--jobs",
        type=_positive,
        default=1,
        metavar="N",
        help="validate in N worker processes (default 1: in this one); the report keeps the "
        "order of the documents",
    )


def _migrate_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    upgrade = commands.add_parser(
        "migrate",
        help=f"upgrade MLM Items and Collections to a later release (default v{MLM_VERSION})",
        description="Upgrade each document step by step to the target release, following the "
        "MLM changelog, and report (standard error) what changed and what could not be "
        "carried over. Each file is written whole, in the shape it was read (a document, a "
        "FeatureCollection, JSON Lines; GeoParquet as JSON Lines), or not at all when one of "
        "its documents could not be migrated. One file goes to standard output unless -o is "
        "given; several need -o FOLDER or --in-place. --in-place and -o never write a result "
        "that is not valid (-o does with --write-invalid). Exit 0 when all migrated, 1 when "
        "something was not carried over or is invalid, 2 when a document cannot be read or "
        "declares no published MLM release (--from says which one it follows).",
    )
    upgrade.add_argument("paths", nargs="+", metavar="PATH", help=_PATHS)
    upgrade.add_argument(
        "--to", default=MLM_VERSION, choices=MLM_RELEASES, help="target release (default: latest)"
    )
    _add_from(upgrade)
    _decision_arguments(upgrade)
    where = upgrade.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="OUT", help="output file, or folder for several")
    where.add_argument("--in-place", action="store_true", help="rewrite each file")
    upgrade.add_argument(
        "--write-invalid",
        action="store_true",
        help="with -o, write a file even when some of its results are not valid (by default "
        "-o writes only valid results; the report says which files were not written)",
    )
    _add_max_file_size(upgrade)
    _add_format(upgrade, f"{_RECORDS}, on standard error")


def _decision_arguments(upgrade: argparse.ArgumentParser) -> None:
    """The caller's decisions (``stac_mlm.migration.Decisions``): each opt-in, each change
    reported as given by the caller."""
    decisions = upgrade.add_argument_group(
        "decisions", "answers only a person can give; every change one makes is reported"
    )
    decisions.add_argument(
        "--artifact-type",
        metavar="VALUE",
        type=_artifact_type,
        help="how the model files were saved (e.g. torch.save): fills in mlm:artifact_type, "
        "required since v1.4.0, on mlm:model assets that lack it (never on an asset that is "
        "evidently source code)",
    )
    decisions.add_argument(
        "--infer-artifact-type",
        action="store_true",
        help="fill in a missing mlm:artifact_type from the model file's name and media type "
        "where the best practices' table leaves one value (model.pt2: torch.export.save; "
        ".keras, .weights.h5); an ambiguous file (.pt, .pth, .h5) is reported",
    )
    decisions.add_argument(
        "--bands-from-names",
        action="store_true",
        help="when inputs name bands and the document defines none, write raster:bands "
        "holding only those names on the mlm:model assets and declare the raster extension "
        "v1.1.0",
    )
    decisions.add_argument(
        "--code-is-not-model",
        action="store_true",
        help="an asset with the mlm:model role that is evidently source code (role code or "
        "source_code, a script media type, .py, a git repository) loses mlm:model and gets "
        "the role code, when another asset keeps mlm:model",
    )


def _summarize_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gather = commands.add_parser(
        "summarize",
        help="write a Collection summarizing MLM Items",
        description="Aggregate the MLM fields of the Items into Collection summaries, "
        "item_assets and extent (standard output or -o). Unreadable and invalid Items are "
        "reported on standard error with where they are and why, Collections and Catalogs "
        "among the Items are skipped (and said so), and the Collection is written from the "
        f"valid Items. {_EXITS}",
    )
    gather.add_argument("items", nargs="+", metavar="PATH", help=_PATHS)
    gather.add_argument(
        "--collection", metavar="BASE.json", help="update this Collection instead of a new one"
    )
    gather.add_argument("-o", "--output", metavar="OUT.json", help="default: standard output")
    gather.add_argument("--id", help="id of a new Collection")
    gather.add_argument("--description", help="description of a new Collection")
    gather.add_argument("--license", help="license of a new Collection (SPDX id)")
    _add_max_file_size(gather)
    _add_format(gather, f"{_RECORDS}, on standard error")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stac-mlm",
        description=f"Typed STAC MLM documents (v{MLM_RELEASES[0]} to v{MLM_VERSION}): "
        "validate them, migrate them, summarize them, lint them, describe them, build them.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"stac-mlm {__version__} (writes MLM v{MLM_VERSION}; reads "
        f"v{MLM_RELEASES[0]} to v{MLM_VERSION})",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    _validate_parser(commands)
    _migrate_parser(commands)
    _summarize_parser(commands)
    add_lint_and_card(commands, _PATHS)
    show = commands.add_parser(
        "example",
        help="print a complete valid MLM Item built from typed objects",
        description=f"Print an MLM v{MLM_VERSION} Item built from the typed models "
        "(stac_mlm.example.example_item), with every field a model card usually gives: "
        "`stac-mlm example | stac-mlm validate -` shows the two ends working.",
    )
    _add_format(show, "the Item on one line (a line of JSON Lines)")
    export = commands.add_parser(
        "schema",
        help="print the JSON Schema of an MLM document, or of --format json reports",
        description="The JSON Schema (draft 2020-12) exported from the models, with every rule "
        "they check, cross-field rules included; `report` is the schema of every line "
        "--format json writes.",
    )
    export.add_argument(
        "kind",
        choices=["item", "collection", "properties", "asset", "report"],
        help="an MLM Item, Collection, Item properties or asset; or report, the records of "
        "--format json",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    _add_format(export, "the schema on one line")
    return parser


def _run(args: argparse.Namespace, out: TextIO) -> int:
    if args.command == "validate":
        return validate(
            args.paths,
            out=out,
            form=args.format,
            recursive=args.recursive,
            source=args.source,
            lane=args.lane,
            jobs=args.jobs,
            max_file_size=args.max_file_size,
        )
    if args.command == "migrate":
        return migrate_documents(args, out=out)
    if args.command == "summarize":
        return summarize(args, out=out)
    if args.command == "lint":
        return lint_paths(args, out=out)
    if args.command == "card":
        return card(args, out=out)
    if args.command == "schema":
        return schema(args.kind, args.output, out=out, form=args.format)
    return example(out=out, form=args.format)


def _silence_stdout() -> None:
    """Point standard output at nothing, so that the interpreter's last flush of what
    could not be written does not fail again on the way out."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``stac-mlm``; the exit code (argparse exits 2 itself on a usage error)."""
    args = build_parser().parse_args(argv)
    out = stdout(sys.stdout)
    try:
        code = _run(args, out)
        out.flush()  # here, not on the way out: a full disk or a closed pipe is said
        return code
    except KeyboardInterrupt:
        _stopped(args, "interrupted")
        return INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE
    except CannotWriteError as error:
        _stopped(args, str(error))
        _silence_stdout()
        return Exit.UNREADABLE


#: The commands whose ``--format json`` is JSON Lines of ``report.schema.json``.
_REPORTS = ("validate", "migrate", "summarize", "lint")


def _stopped(args: argparse.Namespace, why: str) -> None:
    """Say on standard error why the run stopped: ``stac-mlm: why``, or with ``--format
    json`` a ``stopped`` record (the records of ``migrate`` and ``summarize`` are on
    standard error: no line of text may stand among them)."""
    if args.command in _REPORTS and args.format == "json":
        print(json.dumps({"command": args.command, "stopped": why}), file=sys.stderr)
    else:
        print(f"stac-mlm: {why}", file=sys.stderr)
