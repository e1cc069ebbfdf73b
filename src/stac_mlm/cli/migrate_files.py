"""``stac-mlm migrate``: migrate every document of every file, and write each file back.

Where: several inputs are mirrored under ``-o`` from the deepest folder holding them all;
nothing is written outside ``-o`` (through a symbolic link in it), nor over a special file
in it (a FIFO, a device, a socket), nor, with ``--in-place``, through a link found in a
folder to a file outside it (exit 2, located).

A file is written whole or not at all, in the shape it was read: one document, a
FeatureCollection with its features migrated (its other keys kept), or JSON Lines; the
Items of a GeoParquet file are written as JSON Lines (``items.parquet`` becomes
``items.jsonl`` under ``-o FOLDER``), since writing GeoParquet again would change them
(see the README). A file is not written when one of its documents could not be migrated
(unreadable, no MLM release declared, not JSON); with ``--in-place``, also when one of
the results is not valid in the target release, and with ``-o`` too unless
``--write-invalid`` is given (standard output gets every result). ``--in-place`` refuses
GeoParquet files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final, TextIO

from stac_mlm._errors import format_location
from stac_mlm._predecessors import PREDECESSORS
from stac_mlm.batch import PausedCollector
from stac_mlm.cli.catalog import (
    EXTENSIONS,
    MAX_FILE_SIZE,
    STDIN,
    Member,
    Shape,
    Source,
    is_folder,
    read,
    real_path,
    shown,
    special_file,
)
from stac_mlm.cli.output import STANDARD_OUTPUT, CannotWriteError, write_file
from stac_mlm.cli.report import (
    Entry,
    Exit,
    Report,
    Verdict,
    document_of,
    kind_of,
    not_an_mlm_document,
    notes_json,
)
from stac_mlm.migration import Decisions, MigrationNote, MigrationRefusedError, migrate

STDOUT: Final = "<stdout>"


@dataclass(frozen=True)
class Migrated:
    """One document's entry, and its migrated document (``None`` when not migrated, then
    ``problem`` says why when the entry does not)."""

    entry: Entry
    document: dict[str, Any] | None
    problem: str | None = None


def _notes(notes: tuple[MigrationNote, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    return [(note.location, note.message) for note in notes]


def _decisions(args: argparse.Namespace) -> Decisions:
    return Decisions(
        artifact_type=args.artifact_type,
        infer_artifact_type=args.infer_artifact_type,
        bands_from_names=args.bands_from_names,
        code_is_not_model=args.code_is_not_model,
    )


def _changes_json(notes: tuple[MigrationNote, ...]) -> list[dict[str, str]]:
    """The change records; one made on a decision names it (``"decision": "bands_from_names"``)."""
    records = notes_json(_notes(notes))
    for record, note in zip(records, notes, strict=True):
        if note.decision is not None:
            record["decision"] = note.decision
    return records


def _migrate_one(member: Member, args: argparse.Namespace) -> Migrated:
    fields: dict[str, Any] = {"target": args.to, "changes": [], "unmigrated": []}
    document = document_of(member)
    if isinstance(document, Entry):
        document.fields.update(fields)
        return Migrated(document, None)
    kind = kind_of(document)
    if kind is None:
        entry = not_an_mlm_document(member, document)
        entry.fields.update(fields)
        return Migrated(entry, None)
    try:
        report = migrate(document, to=args.to, source=args.source, decisions=_decisions(args))
    except MigrationRefusedError as error:  # no MLM release declared, or a downgrade: located
        why, where = str(error), error.location
        lines = [f"NOT MIGRATED {format_location(where)}: {why}"]
        entry = Entry(member, Verdict.UNSUPPORTED, lines, kind, None, [(where, why)], fields)
        return Migrated(entry, None)
    fields["changes"] = _changes_json(report.changes)
    fields["unmigrated"] = notes_json(_notes(report.unmigrated))
    verdict = Verdict.VALID if report.ok else Verdict.INCOMPLETE
    if report.errors:
        verdict = Verdict.INVALID
    lines = report.to_text().splitlines()
    errors = _notes(report.errors)
    release: str | None = report.source_version
    if release in PREDECESSORS:  # read as DLM or ML-Model, not as an MLM release
        release, fields["predecessor"] = None, release
    entry = Entry(member, verdict, lines, kind, release, errors, fields)
    if not report.document:  # what is not JSON is not migrated (nor copied)
        return Migrated(entry, None, "the document is not JSON: nothing migrated")
    return Migrated(entry, report.document)


def _text(source: Source, documents: list[dict[str, Any]]) -> str:
    """The migrated file, in the shape it was read (GeoParquet rows as JSON Lines)."""
    if source.shape is Shape.DOCUMENT:
        return json.dumps(documents[0], indent=2, ensure_ascii=False) + "\n"
    if source.shape is Shape.FEATURES and source.container is not None:
        collection = {**source.container, "features": documents}
        return json.dumps(collection, indent=2, ensure_ascii=False) + "\n"
    return "".join(json.dumps(document, ensure_ascii=False) + "\n" for document in documents)


def _root(paths: Sequence[str]) -> Path:
    """The folder mirrored under ``-o``: the deepest folder holding every folder given and
    the folder of every file given (``a/ b/x.json`` → ``.``; one folder → that folder)."""
    places = [
        os.path.abspath(path) if is_folder(Path(path)) else os.path.dirname(os.path.abspath(path))
        for path in paths
    ]
    return Path(os.path.commonpath(places))


def _name(source: Source, root: Path | None) -> Path:
    """The file's name under ``-o``: its path from ``root`` (its own name when ``None``)."""
    path = Path(os.path.abspath(source.path))
    relative = Path(path.name) if root is None else path.relative_to(root)
    return relative.with_suffix(".jsonl") if source.shape is Shape.ROWS else relative


def _target(source: Source, args: argparse.Namespace, root: Path | None) -> Path | None:
    """Where the migrated file goes: the file itself, under ``-o``, or standard output.
    ``root`` is the folder mirrored under ``-o`` when there are several files."""
    if args.in_place:
        return source.file
    if args.output is None:
        return None
    output = Path(args.output)
    if root is None:  # one input file: -o names the output file (or a folder to put it in)
        return output / _name(source, None) if is_folder(output) else output
    return output / _name(source, root)


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, its symbolic links followed, lies in ``folder`` (its links followed)."""
    return Path(real_path(path)).is_relative_to(real_path(folder))


def _shown(path: str | Path) -> str:
    return shown(str(path))


def _out_of_bounds(source: Source, target: Path | None, args: argparse.Namespace) -> str | None:
    """Why ``target`` lies where nothing is written, if it does: outside the ``-o`` folder,
    or (``--in-place``) through a symbolic link out of the folder the file was found in."""
    if target is None:
        return None
    if source.shape is Shape.ROWS and EXTENSIONS.get(target.suffix.lower()) is Shape.ROWS:
        # JSON Lines under a GeoParquet name: unreadable, and the GeoParquet file lost
        return (
            f"{_shown(target)} is named as GeoParquet, and the Items are written as JSON "
            "Lines: name it .jsonl"
        )
    if args.in_place:
        if source.relative is None:  # a file named: rewriting its target is what was asked
            return None
        folder = Path(source.path).parents[len(source.relative.parts) - 1]
        if _inside(target, folder):
            return None
        return (
            f"it is a symbolic link to {_shown(real_path(target))}, outside the folder "
            f"{_shown(folder)} given: --in-place does not write there (name that file to "
            "rewrite it)"
        )
    output = Path(args.output)
    if not is_folder(output) or target == output:  # -o named the file: written as asked
        return None
    if not _inside(target, output):
        return (
            f"{_shown(target)} is {_shown(real_path(target))}, outside the -o folder "
            f"{_shown(output)} "
            "(a symbolic link leads out of it): nothing is written outside -o"
        )
    kind = special_file(target)
    if kind is not None:  # a FIFO would hold the run until some process reads it
        return f"{_shown(target)} is {kind}, not a file: -o replaces files only"
    return None


def _clash(source: Source, target: Path | None, claimed: dict[str, str]) -> str | None:
    """Why ``target`` is not written: another file read in this run goes there too
    (``a.jsonl`` and ``a.parquet`` are both ``a.jsonl`` under ``-o``). ``claimed`` holds
    each target of the run and the file it came from."""
    if target is None or source.file is None:
        return None
    first = claimed.setdefault(real_path(target), str(source.file))
    if real_path(first) == real_path(source.file):  # one file, named twice
        return None
    return (
        f"{_shown(target)} is also where {_shown(first)} goes: two files read would be one under -o"
    )


def _same_file(source: Source, target: Path | None) -> bool:
    """Whether ``target`` is the file read (``-o`` naming the input, or its folder)."""
    if source.file is None or target is None:
        return False
    try:
        return target.exists() and source.file.samefile(target)
    except OSError:  # the source vanished, or cannot be looked at: not the same file
        return False


def _not_written(
    source: Source, results: list[Migrated], args: argparse.Namespace, rewrites: bool
) -> str | None:
    """Why the file is not written, if it is not. ``rewrites``: the target is the file
    read (``--in-place``, or ``-o`` naming it), never overwritten with an invalid result."""
    failed = [result for result in results if result.document is None]
    single = source.shape is Shape.DOCUMENT
    if failed:
        if single:
            return failed[0].problem  # the entry says why, unless this does
        return (
            f"{len(failed)} of its {len(results)} documents could not be migrated, and a "
            "file is written whole or not at all"
        )
    bad = [result for result in results if result.entry.verdict is Verdict.INVALID]
    if bad and not rewrites and args.output is not None and not args.write_invalid:
        invalid = (
            f"the result is not valid MLM v{args.to}"
            if single
            else f"{len(bad)} of its {len(results)} results are not valid MLM v{args.to}"
        )
        return f"{invalid}: -o writes only valid results (--write-invalid writes it anyway)"
    if rewrites and bad:
        invalid = (
            f"the result is not valid MLM v{args.to}"
            if single
            else f"{len(bad)} of its {len(results)} results are not valid MLM v{args.to}"
        )
        if args.in_place:
            return invalid + (
                "" if single else ", and --in-place rewrites a file whole or not at all"
            )
        return (
            f"{invalid}, and -o names the file read, which (as with --in-place) is never "
            "overwritten with an invalid result"
        )
    return None


def _migrate_source(
    source: Source,
    args: argparse.Namespace,
    root: Path | None,
    report: Report,
    out: TextIO,
    claimed: dict[str, str],
) -> None:
    if args.in_place and source.shape is Shape.ROWS:
        refused = "--in-place cannot rewrite GeoParquet: give -o to write its Items as JSON Lines"
        fields = {"target": args.to, "changes": [], "unmigrated": [], "written": None}
        member = Member(source.path, Shape.DOCUMENT)
        lines = [f"NOT MIGRATED {refused}"]
        report.add(Entry(member, Verdict.UNSUPPORTED, lines, None, None, [((), refused)], fields))
        return
    results = [_migrate_one(member, args) for member in report.reading(source.members)]
    documents = [result.document for result in results if result.document is not None]
    target = _target(source, args, root)
    why = _out_of_bounds(source, target, args)
    if why is None and not args.in_place:
        why = _clash(source, target, claimed)
    if why is not None:  # a refusal the documents do not explain: exit 2
        report.fail()
    else:
        why = _not_written(source, results, args, args.in_place or _same_file(source, target))
        if why is not None and len(documents) == len(results):  # held back: a result is
            report.hold()  # invalid, and its verdict gives the exit code
    written: str | None = None
    if why is None and len(documents) == len(results):  # else an entry says why
        try:
            written = _write(_text(source, documents), target, out)
        except CannotWriteError as error:
            if error.target == STANDARD_OUTPUT:  # nothing more can be said there: main says it
                raise
            why = str(error)
            report.fail()
    for result in results:
        result.entry.fields["written"] = written
        if why is not None:
            result.entry.fields["not_written"] = why
        report.add(result.entry)
    if why is not None:
        report.say(f"{shown(source.path)}: NOT WRITTEN {why}")


def _write(text: str, target: Path | None, out: TextIO) -> str:
    """Write the migrated file to ``target`` (standard output when ``None``); where."""
    if target is None:
        out.write(text)
        return STDOUT
    write_file(target, text)
    return str(target)


def _usage_problem(args: argparse.Namespace) -> str | None:
    """Why the paths and destination given do not go together, if they do not."""
    folders = [path for path in args.paths if path != STDIN and is_folder(Path(path))]
    many = len(args.paths) > 1 or bool(folders)
    if many and not (args.in_place or args.output):
        return "several files: give -o FOLDER or --in-place"
    if args.in_place and STDIN in args.paths:
        return "--in-place cannot rewrite standard input"
    if args.write_invalid and not args.output:
        return "--write-invalid goes with -o (--in-place never writes an invalid result)"
    if many and STDIN in args.paths:
        return "migrate standard input on its own"
    if len(folders) > 1 and args.output:
        return "with -o, give one folder (or files)"
    return None


def migrate_documents(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Migrate every document; the report goes to ``err``, the documents to ``out``
    (one file), to ``-o`` or back to their files."""
    out, err = out or sys.stdout, err or sys.stderr
    problem = _usage_problem(args)
    if problem is not None:
        print(f"stac-mlm migrate: {problem}", file=err)
        return Exit.UNREADABLE
    many = len(args.paths) > 1 or any(is_folder(Path(path)) for path in args.paths if path != STDIN)
    root = _root(args.paths) if many else None
    report = Report("migrate", err, err, args.format)
    limit = getattr(args, "max_file_size", MAX_FILE_SIZE)
    claimed: dict[str, str] = {}  # each file written under -o, and the file read for it
    with PausedCollector() as collector:  # the collector paused, as for a batch
        for source in read(args.paths, stdin or sys.stdin, limit):
            members = collector.each(source.members)
            _migrate_source(replace(source, members=members), args, root, report, out, claimed)
    return report.close()
