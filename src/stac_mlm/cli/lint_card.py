"""``stac-mlm lint`` and ``stac-mlm card``: thin over :mod:`stac_mlm.linting` and
:mod:`stac_mlm.model_card`, reading through the one reader (:mod:`stac_mlm.cli.catalog`).

``lint`` writes one line per finding (``NAME: WARNING MLM003 location: message``), then
its totals on standard error (``3 documents: 3 linted; 12 findings (5 warning, 7 info)``);
``--format json`` writes one record per document and a totals record (``stac-mlm schema
report``). Exit 0, or 1 with ``--strict`` when a warning was reported, 2 when an input could
not be read (the worst wins).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from stac_mlm._errors import format_location, json_pointer, render
from stac_mlm.cli.catalog import STDIN_NAME, Member, Shape, read
from stac_mlm.cli.output import write_file, write_line
from stac_mlm.cli.report import (
    Entry,
    Exit,
    Progress,
    _is_terminal,
    document_of,
    error_notes,
    kind_of,
    notes_json,
)
from stac_mlm.linting import RULES, LintFinding, lint, selected
from stac_mlm.model_card import card as model_card


def codes(text: str) -> list[str]:
    """``--select``/``--ignore``: codes or prefixes, comma-separated (``MLM,STAC001``); each
    must name some rule, so that a typo is not silently selecting nothing."""
    given = [code.strip().upper() for code in text.split(",") if code.strip()]
    if not given:  # --select "": not every rule, which a shell variable left empty would say
        raise argparse.ArgumentTypeError(f"no rule code given ({text!r})")
    for code in given:
        if not any(known.startswith(code) for known in RULES):
            raise argparse.ArgumentTypeError(f"no lint rule code starts with {code!r}")
    return given


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], paths: str) -> None:
    """The ``lint`` and ``card`` subcommands."""
    check = commands.add_parser(
        "lint",
        help="warn about what MLM's text and best practices recommend, and STAC hygiene",
        description="Lint each document (any MLM release, valid or not: lint warns, it does not "
        "validate): one line per finding, NAME: SEVERITY CODE location: message, then the "
        "totals (standard error). Codes: MLM0xx the specification text, BP0xx its best "
        "practices, STAC0xx STAC hygiene, LIN0xx lineage (a product's references to its "
        "model, resolved on disk for a whole file, offline) (README, Lint). Exit 0, or 1 "
        "with --strict when a warning is reported; 2 when an input cannot be read.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help=paths)
    check.add_argument(
        "--select",
        type=codes,
        action="extend",
        default=[],
        metavar="CODES",
        help="report only these codes or prefixes (comma-separated: MLM,STAC001)",
    )
    check.add_argument(
        "--ignore",
        type=codes,
        action="extend",
        default=[],
        metavar="CODES",
        help="leave out these codes or prefixes (comma-separated)",
    )
    check.add_argument("--strict", action="store_true", help="exit 1 when any warning is reported")
    check.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people (default), or json: one JSON object per document, then the "
        "totals (JSON Lines; `stac-mlm schema report`)",
    )
    show = commands.add_parser(
        "card",
        help="write a model card (Markdown) of an MLM Item",
        description="Write a Markdown summary of the model an MLM Item (any release) describes: "
        "what it does, its inputs and outputs (classes and colours), framework, accelerator, "
        "how to get the weights, lineage. Exit 1 when the Item is invalid (its errors on "
        "standard error), 2 when it cannot be read or is not one MLM Item.",
    )
    show.add_argument("item", metavar="ITEM", help="an MLM Item file, or - for standard input")
    show.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    show.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text: the Markdown (default), or json: the Markdown as one JSON string on one line",
    )


def _finding_line(finding: LintFinding) -> str:
    message = finding.message
    if finding.value is not None:
        message = f"{message} (got {render(finding.value)})"
    return (
        f"{finding.severity.upper()} {finding.code} {format_location(finding.location)}: {message}"
    )


def finding_json(finding: LintFinding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "location": json_pointer(finding.location),
        "message": finding.message,
        "source": finding.source,
        "value": finding.value,
    }


def _file_path(member: Member) -> str | None:
    """The file a document was read from, when the document is that whole file."""
    if member.index is None and member.shape is Shape.DOCUMENT and member.path != STDIN_NAME:
        return member.path
    return None


class LintReport:
    """The findings of each document, then the totals."""

    def __init__(self, out: TextIO, err: TextIO, form: str, strict: bool) -> None:
        self.out, self.err, self.json, self.strict = out, err, form == "json", strict
        self.progress = Progress(err, "linted", not self.json and _is_terminal(err))
        self.documents: Counter[str] = Counter()
        self.severities: Counter[str] = Counter()

    def _write(self, stream: TextIO, line: str) -> None:
        self.progress.clear()
        write_line(stream, line)

    def unreadable(self, entry: Entry) -> None:
        """A member with no document, said as every command says why; a document the
        reader refused (nested too deep…), which ``validate`` calls invalid, is not linted
        either: unreadable for lint, in the text as in the JSON record and the totals."""
        self.documents["unreadable"] += 1
        if self.json:
            self._write(self.out, json.dumps(self._record(entry.member, None, [], entry.errors)))
        else:
            for location, message in entry.errors:
                where = f"{format_location(location)}: " if location else ""
                self._write(self.out, f"{entry.member.name}: UNREADABLE {where}{message}")

    def linted(self, member: Member, document: dict[str, Any], found: list[LintFinding]) -> None:
        self.documents["linted"] += 1
        self.severities.update(finding.severity for finding in found)
        if self.json:
            self._write(self.out, json.dumps(self._record(member, document, found, ())))
        else:
            for finding in found:
                self._write(self.out, f"{member.name}: {_finding_line(finding)}")

    def _record(
        self,
        member: Member,
        document: dict[str, Any] | None,
        found: list[LintFinding],
        errors: Sequence[tuple[tuple[str | int, ...], str]],
    ) -> dict[str, Any]:
        return {
            "command": "lint",
            "path": member.path,
            "member": member.member,
            "pointer": member.pointer,
            "kind": None if document is None else kind_of(document),
            "verdict": "unreadable" if document is None else "linted",
            "findings": [finding_json(finding) for finding in found],
            "errors": notes_json(errors),
        }

    def close(self) -> int:
        total = sum(self.documents.values())
        findings = sum(self.severities.values())
        if self.json:
            totals = {
                "documents": total,
                "linted": self.documents["linted"],
                "unreadable": self.documents["unreadable"],
                "findings": findings,
                "warning": self.severities["warning"],
                "info": self.severities["info"],
            }
            self._write(self.out, json.dumps({"command": "lint", "totals": totals}))
        else:
            self.out.flush()
            read_as = ", ".join(f"{n:,} {what}" for what, n in sorted(self.documents.items()))
            noun = "document" if total == 1 else "documents"
            by = ", ".join(
                f"{self.severities[s]:,} {s}" for s in ("warning", "info") if self.severities[s]
            )
            said = f"{findings:,} finding{'' if findings == 1 else 's'}"
            self._write(
                self.err,
                f"{total:,} {noun}: {read_as or 'none read'}; {said}" + (f" ({by})" if by else ""),
            )
        if self.documents["unreadable"] or not total:
            return Exit.UNREADABLE
        return Exit.INVALID if self.strict and self.severities["warning"] else Exit.VALID


def lint_paths(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Lint every document of ``args.paths``; the exit code as the module says."""
    report = LintReport(out or sys.stdout, err or sys.stderr, args.format, args.strict)
    for source in read(args.paths, stdin or sys.stdin):
        for member in source.members:
            report.progress.step()
            document = document_of(member)
            if isinstance(document, Entry):
                report.unreadable(document)
                continue
            found = lint(document, path=_file_path(member))
            report.linted(member, document, selected(found, args.select, args.ignore))
    return report.close()


def card(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Write the model card of one MLM Item (``-o`` or standard output)."""
    out, err = out or sys.stdout, err or sys.stderr
    sources = read([args.item], stdin or sys.stdin)
    source = next(sources)
    members = list(source.members)
    member = members[0]
    if len(members) > 1:
        print(
            f"stac-mlm card: {args.item}: holds {len(members)} documents; give one Item", file=err
        )
        return Exit.UNREADABLE
    if next(sources, None) is not None:  # a folder of several files: which one is unsaid
        print(f"stac-mlm card: {args.item}: holds several files; give one Item", file=err)
        return Exit.UNREADABLE
    document = document_of(member)
    if isinstance(document, Entry):
        for line in document.lines:
            print(f"{member.name}: {line}", file=err)
        return Exit.INVALID if member.error is not None else Exit.UNREADABLE
    if document.get("type") != "Feature":
        print(
            f"{member.name}: UNSUPPORTED a model card is made from an MLM Item (a STAC Feature)",
            file=err,
        )
        return Exit.UNREADABLE
    try:
        text = model_card(document)
    except ValidationError as error:
        for location, message in error_notes(error):
            print(f"{member.name}: INVALID {format_location(location)}: {message}", file=err)
        return Exit.INVALID
    if args.format == "json":
        text = json.dumps(text, ensure_ascii=False) + "\n"
    if args.output:
        write_file(Path(args.output), text)
    else:
        out.write(text)
    return Exit.VALID
