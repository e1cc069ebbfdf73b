"""What every command reports: one entry per document, then the totals.

For people (``--format text``), each entry is one or more lines starting with where the
document is (``search.json → features → 3: INVALID properties → mlm:tasks → 0: …``), and
the totals line ``12 documents: 10 valid, 1 invalid, 1 unreadable`` ends the report on
standard error. For machines (``--format json``), each entry is one JSON object on one
line (JSON Lines), then a totals object, all on the report's stream; every line validates
against ``report.schema.json`` (``stac-mlm schema report``).

On a terminal, a count of the documents read is redrawn on standard error while the work
lasts more than a second; nothing is drawn when standard error is not a terminal, nor in
``--format json``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from importlib.resources import files
from time import monotonic
from typing import Any, Final, TextIO

from pydantic import ValidationError

from stac_mlm._errors import format_location, json_pointer, render
from stac_mlm._spec import document_kind
from stac_mlm.cli.catalog import Member, printable, shown
from stac_mlm.cli.output import write_line

#: A place in a document, by keys and indexes, and what was found there.
Note = tuple[tuple[str | int, ...], str]


class Exit(IntEnum):
    """The exit codes of ``stac-mlm``: the worst outcome of any document."""

    VALID = 0
    INVALID = 1
    UNREADABLE = 2


class Verdict(StrEnum):
    """What a command made of one document."""

    VALID = "valid"  # valid (migrate: migrated, complete and valid; summarize: summarized)
    INCOMPLETE = "incomplete"  # migrate: valid, but something was not carried over
    INVALID = "invalid"
    UNREADABLE = "unreadable"  # no document could be read
    UNSUPPORTED = "unsupported"  # a document the command does not take (a Catalog…)
    SKIPPED = "skipped"  # summarize: a STAC Collection or Catalog among the Items
    WALKED = "walked"  # validate --recursive: a document declaring no MLM release, its links walked


EXIT: Final = {
    Verdict.VALID: Exit.VALID,
    Verdict.SKIPPED: Exit.VALID,
    Verdict.WALKED: Exit.VALID,
    Verdict.INCOMPLETE: Exit.INVALID,
    Verdict.INVALID: Exit.INVALID,
    Verdict.UNREADABLE: Exit.UNREADABLE,
    Verdict.UNSUPPORTED: Exit.UNREADABLE,
}

#: ``"Item"``, ``"Collection"``, or ``None`` for any other document.
kind_of = document_kind


def type_said(document: dict[str, Any]) -> str:
    """The document's ``type`` for a message: ``type "Catalog"``, or ``has no "type"``."""
    return f"type {render(document['type'])}" if "type" in document else 'has no "type"'


def not_an_mlm_document(member: Member, document: dict[str, Any]) -> Entry:
    """The entry of a document neither an Item nor a Collection (``validate``, ``migrate``)."""
    why = f"{type_said(document)}: an MLM document is a STAC Item (Feature) or Collection"
    return Entry(member, Verdict.UNSUPPORTED, [f"UNSUPPORTED {why}"], errors=[(("type",), why)])


@dataclass
class Entry:
    """What a command says about one document: ``lines`` for people (each after the
    document's name), the rest for ``--format json`` (``fields``: the command's own)."""

    member: Member
    verdict: Verdict
    lines: list[str]
    kind: str | None = None
    release: str | None = None
    errors: Sequence[Note] = ()
    fields: dict[str, Any] = field(default_factory=dict)

    def record(self, command: str) -> dict[str, Any]:
        path = self.member.path
        escaped = printable(path) != path  # a name that is not UTF-8: no JSON text holds it
        return {
            "command": command,
            "path": shown(path) if escaped else path,
            **({"path_escaped": True} if escaped else {}),
            "member": self.member.member,
            "pointer": self.member.pointer,
            "kind": self.kind,
            "release": self.release,
            "verdict": str(self.verdict),
            "errors": notes_json(self.errors),
            **self.fields,
        }


def notes_json(notes: Sequence[Note]) -> list[dict[str, str]]:
    return [{"location": json_pointer(loc), "message": message} for loc, message in notes]


def error_notes(error: ValidationError) -> list[Note]:
    return [(tuple(details["loc"]), details["msg"]) for details in error.errors(include_url=False)]


def document_of(member: Member) -> dict[str, Any] | Entry:
    """The member's document, or the entry saying why the reader could not give one."""
    if member.document is not None:
        return member.document
    if member.error is not None:
        return invalid(member, member.error, None, None)
    return unreadable(member, member.unreadable or "nothing read")


def unreadable(member: Member, why: str) -> Entry:
    return Entry(member, Verdict.UNREADABLE, [f"UNREADABLE {why}"], errors=[((), why)])


def invalid(member: Member, error: ValidationError, kind: str | None, release: str | None) -> Entry:
    """One ``INVALID location: message`` line per error."""
    notes = error_notes(error)
    lines = [f"INVALID {format_location(loc)}: {message}" for loc, message in notes]
    return Entry(member, Verdict.INVALID, lines, kind, release, notes)


class Progress:
    """A count of the documents read, redrawn in place on a terminal while work lasts."""

    DELAY: Final = 1.0  # seconds before it shows: short work draws nothing
    EVERY: Final = 0.2  # seconds between two draws

    def __init__(self, stream: TextIO, verb: str, shown: bool) -> None:
        self.stream, self.verb, self.shown = stream, verb, shown
        self.done, self.drawn = 0, False
        self.start = self.last = monotonic()

    def step(self) -> None:
        self.done += 1
        if not self.shown:
            return
        now = monotonic()
        if now - self.start >= self.DELAY and now - self.last >= self.EVERY:
            self.stream.write(f"\r\x1b[K{self.verb} {self.done:,} documents…")
            self.stream.flush()
            self.drawn, self.last = True, now

    def clear(self) -> None:
        """Erase the count before a line of the report is written."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.drawn = False


class Report:
    """The report of one command on ``stream``; progress and text totals go to ``err``."""

    VERBS: Final = {"validate": "validated", "migrate": "migrated", "summarize": "summarized"}

    def __init__(self, command: str, stream: TextIO, err: TextIO, form: str) -> None:
        self.command, self.stream, self.err = command, stream, err
        self.json = form == "json"
        shown = not self.json and _is_terminal(err)
        self.progress = Progress(err, self.VERBS[command], shown)
        self.counts: Counter[Verdict] = Counter()
        self.not_written = 0  # files with every document migrated, not written (migrate)
        self.failed = False  # one could not be written, or was refused: exit 2

    def reading(self, members: Iterator[Member]) -> Iterator[Member]:
        """``members``, counted by the progress line as they are read."""
        for member in members:
            self.progress.step()
            yield member

    def counted(self, entries: Iterator[Entry]) -> Iterator[Entry]:
        """``entries``, counted by the progress line as they come (read elsewhere)."""
        for entry in entries:
            self.progress.step()
            yield entry

    def add(self, entry: Entry) -> None:
        self.counts[entry.verdict] += 1
        if self.json:
            self._write(self.stream, json.dumps(_printable(entry.record(self.command))))
        else:
            for line in entry.lines:
                self._write(self.stream, f"{entry.member.name}: {line}")

    def say(self, line: str) -> None:
        """A line for people only (``--format json`` says it in the entries)."""
        if not self.json:
            self._write(self.stream, line)

    def tell(self, line: str, record: dict[str, Any]) -> None:
        """Something about the run, not about one document (``summarize``: the Collection
        not written): ``line`` for people, ``record`` (a record of ``report.schema.json``)
        for ``--format json``, where no line of text may stand among the records."""
        self._write(self.stream, json.dumps(_printable(record)) if self.json else line)

    def fail(self) -> None:
        """A file not written for a reason its documents do not explain (it cannot be
        written, or lies outside where files are written): counted, and the exit code is 2."""
        self.not_written += 1
        self.failed = True

    def hold(self) -> None:
        """A file held back because a result is not valid (``--in-place``; ``-o`` without
        ``--write-invalid``): counted; the invalid verdict gives the exit code."""
        self.not_written += 1

    def close(self) -> int:
        """Write the totals; the exit code is the worst outcome (2 when nothing was read)."""
        total = sum(self.counts.values())
        if self.json:
            # walked (validate --recursive only) is written when there are some, so that
            # the totals of every other command stay as they were
            counts = {
                str(verdict): self.counts[verdict]
                for verdict in Verdict
                if verdict is not Verdict.WALKED or self.counts[verdict]
            }
            numbers: dict[str, int] = {"documents": total, **counts}
            if self.not_written:
                numbers["files_not_written"] = self.not_written
            totals = {"command": self.command, "totals": numbers}
            self._write(self.stream, json.dumps(totals))
        else:
            self.stream.flush()  # the report before the totals, when both go to one file
            found = ", ".join(f"{count:,} {verdict}" for verdict, count in self._in_order())
            noun = "document" if total == 1 else "documents"
            line = f"{total:,} {noun}: {found}" if found else f"0 {noun}"
            if self.not_written:
                files = "file" if self.not_written == 1 else "files"
                line += f"; {self.not_written:,} {files} not written"
            self._write(self.err, line)
        worst = max((EXIT[verdict] for verdict in self.counts), default=Exit.UNREADABLE)
        return Exit.UNREADABLE if self.failed else worst

    def _in_order(self) -> list[tuple[Verdict, int]]:
        return [(verdict, self.counts[verdict]) for verdict in Verdict if self.counts[verdict]]

    def _write(self, stream: TextIO, line: str) -> None:
        self.progress.clear()
        write_line(stream, printable(line))


def _printable(value: Any) -> Any:
    """A record with every text in it printable (a message may quote a file name)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable(item) for item in value]
    return value


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty()) if callable(isatty) else False


def report_schema() -> dict[str, Any]:
    """The JSON Schema of every line ``--format json`` writes (``report.schema.json``)."""
    text = files("stac_mlm.cli").joinpath("report.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
