"""``stac-mlm validate --recursive``: a static STAC catalog on disk, walked offline.

From each PATH (a Catalog, Collection or Item file; a folder is read as ``validate`` reads
it), every ``child`` and ``item`` link is followed, depth first, in the order of the links
(STAC's own relations: ``parent``, ``root``, ``self``, ``collection`` and ``derived_from``
lead elsewhere and are not followed). An href is resolved against the folder of the file
that holds it; absolute paths and ``file://`` URLs as they are. A remote href is never
fetched: it is listed as not followed. A file is read once however many links lead to it,
so that a link back up the tree (a cycle) ends the walk there.

Each document read gets one entry, in the shapes of plain ``validate``:

* a document that declares an MLM release is validated in it (as ``validate`` does);
* any other document (a Catalog, a Collection or Item of products or of imagery) is
  *walked*, not validated: verdict ``walked``, exit 0;
* the model references of every document (:mod:`stac_mlm.lineage`) are resolved: a broken
  one makes the document invalid, located at the link or asset (``links → 3 → href``);
  ``--format json`` lists them all under ``lineage``;
* a file a link leads to that cannot be read is unreadable (exit 2), and says which link
  led to it (``linked_from`` in ``--format json``); so is a folder a link leads to, which
  is never read into (a link to ``/`` would walk the whole disk), and a file larger than
  any STAC document (``stac_mlm.lineage.MAX_TARGET_BYTES``, 64 MiB: a model's weights).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

from stac_mlm._errors import format_location, json_pointer, render, system_words
from stac_mlm._spec import declared_versions
from stac_mlm.cli.catalog import Member, Shape, Source, read, real_path, shown
from stac_mlm.cli.report import (
    Entry,
    Note,
    Report,
    Verdict,
    document_of,
    kind_of,
    notes_json,
    type_said,
)
from stac_mlm.lineage import (
    MAX_TARGET_BYTES,
    Cache,
    Resolution,
    Status,
    check_lineage,
    local_path,
)

#: The relations of the links walked: STAC's links from a Catalog or Collection down.
FOLLOWED: Final = ("child", "item")

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class _Visit:
    """A file to read, and the link that led to it (``None`` for a PATH given)."""

    path: str
    linked_from: tuple[str, Loc] | None = None


class _Walk:
    def __init__(self, report: Report, stdin: TextIO, check: Callable[[Member], Entry]) -> None:
        self.report, self.stdin, self.check = report, stdin, check
        self.seen: set[str] = set()
        self.cache: Cache = {}

    def run(self, paths: Sequence[str]) -> None:
        pending = [_Visit(path) for path in reversed(paths)]
        while pending:
            visit = pending.pop()
            found: list[_Visit] = []
            for source in self._read(visit):
                if self._seen(source):
                    continue
                for member in self.report.reading(source.members):
                    entry, links = self._entry(member, source, visit)
                    self.report.add(entry)
                    found += links
            pending.extend(reversed(found))  # depth first, in the order of the links

    def _read(self, visit: _Visit) -> Iterator[Source]:
        """The files of ``visit``; a path the system refuses to look at (a NUL byte, a
        name too long) is unreadable, said here: the reader takes paths a shell can give.
        A link that leads to a folder is not followed into it (``"href": "/"`` would read
        the whole disk): a STAC link leads to a document."""
        try:
            found = os.stat(visit.path)
        except (FileNotFoundError, NotADirectoryError):
            pass  # the reader says so, as for a PATH given
        except (OSError, ValueError) as error:
            reason = system_words(error)
            return _unreadable(render(visit.path), f"cannot read: {reason}")
        else:
            if visit.linked_from is not None and stat.S_ISDIR(found.st_mode):
                why = "a folder, not a STAC document: a link leads to a file (not read)"
                return _unreadable(visit.path, why)
            if visit.linked_from is not None and found.st_size > MAX_TARGET_BYTES:
                why = f"too large for a STAC document, not read ({found.st_size:,} bytes)"
                return _unreadable(visit.path, why)
        return read([visit.path], self.stdin)

    def _seen(self, source: Source) -> bool:
        if source.file is None:
            return False
        key = real_path(source.file)
        if key in self.seen:
            return True
        self.seen.add(key)
        return False

    def _entry(self, member: Member, source: Source, visit: _Visit) -> tuple[Entry, list[_Visit]]:
        document = document_of(member)
        if isinstance(document, Entry):
            return _linked_from(document, visit), []
        if declared_versions(document):
            entry = self.check(member)
        else:
            line = f"WALKED {_stac_kind(document)}: declares no MLM release, not validated"
            entry = Entry(member, Verdict.WALKED, [line], kind_of(document))
        if source.file is not None:
            resolutions = check_lineage(document, source.file, cache=self.cache)
            entry = _with_lineage(entry, resolutions)
        visits, not_followed = _followed(document, source.path)
        if not_followed:
            entry.lines += [
                f"NOT FOLLOWED {format_location(loc)}: {why}" for loc, why in not_followed
            ]
            entry.fields["not_followed"] = notes_json(not_followed)
        return _linked_from(entry, visit), visits


def _unreadable(name: str, why: str) -> Iterator[Source]:
    member = Member(name, Shape.DOCUMENT, unreadable=why)
    return iter([Source(name, None, Shape.DOCUMENT, iter([member]))])


def walk(
    paths: Sequence[str], report: Report, stdin: TextIO, check: Callable[[Member], Entry]
) -> None:
    """Add to ``report`` an entry for each document of the catalogs at ``paths``;
    ``check`` validates one MLM document (``validate``'s own)."""
    _Walk(report, stdin, check).run(paths)


def _followed(document: dict[str, Any], path: str) -> tuple[list[_Visit], list[Note]]:
    """The files the ``child`` and ``item`` links lead to, and the links not followed."""
    links = document.get("links")
    visits: list[_Visit] = []
    not_followed: list[Note] = []
    for index, link in enumerate(links if isinstance(links, list) else []):
        if not isinstance(link, dict) or link.get("rel") not in FOLLOWED:
            continue
        href, where = link.get("href"), ("links", index, "href")
        if not isinstance(href, str) or not href:
            not_followed.append((where, f"an href is a non-empty string (got {render(href)})"))
            continue
        try:
            target = local_path(href, Path(path).parent)
        except ValueError as error:
            not_followed.append((where, str(error)))
            continue
        if target is None:
            not_followed.append((where, f"remote, never fetched: {render(href)}"))
        else:
            visits.append(_Visit(str(target), (path, where)))
    return visits, not_followed


def _stac_kind(document: dict[str, Any]) -> str:
    """``STAC Catalog``, ``STAC Item``…, or what the ``type`` says for anything else."""
    kind = document.get("type")
    if kind in ("Catalog", "Collection"):
        return f"STAC {kind}"
    return "STAC Item" if kind == "Feature" else f"a document of {type_said(document)}"


def _with_lineage(entry: Entry, resolutions: list[Resolution]) -> Entry:
    """``entry`` with the model references of its document: invalid when one is broken."""
    if not resolutions:
        return entry
    lines, notes, records = [], [], []
    for resolution in resolutions:
        lines += list(_lineage_lines(resolution))
        notes += [(finding.location, finding.message) for finding in resolution.findings]
        records.append(_lineage_record(resolution))
    if notes:
        kept = entry.lines if entry.verdict is Verdict.INVALID else []  # its own errors
        verdict = (
            Verdict.INVALID if entry.verdict in (Verdict.VALID, Verdict.WALKED) else entry.verdict
        )
        entry = Entry(
            entry.member,
            verdict,
            kept,
            entry.kind,
            entry.release,
            [*entry.errors, *notes],
            entry.fields,
        )
    entry.lines += lines
    entry.fields["lineage"] = records
    return entry


def _lineage_lines(resolution: Resolution) -> Iterator[str]:
    reference = resolution.reference
    where = format_location(reference.href_location)
    if resolution.status is Status.RESOLVED:
        name = "" if reference.mlm_name is None else f" {render(reference.mlm_name)}"
        yield f"MODEL {where}:{name} at {shown(str(resolution.target))}, resolved"
    elif resolution.status is Status.REMOTE:
        yield f"NOT CHECKED {where}: remote, never fetched: {render(reference.href)}"
    for finding in resolution.findings:
        yield f"INVALID {finding}"


def _lineage_record(resolution: Resolution) -> dict[str, Any]:
    reference = resolution.reference
    return {
        "location": json_pointer(reference.href_location),
        "href": reference.href,
        "mlm:name": reference.mlm_name,
        "status": str(resolution.status),
        "target": None if resolution.target is None else str(resolution.target),
    }


def _linked_from(entry: Entry, visit: _Visit) -> Entry:
    """``entry`` saying which link led to its file; an unreadable one says it in words."""
    if visit.linked_from is None:
        return entry
    path, where = visit.linked_from
    entry.fields["linked_from"] = {"path": path, "pointer": json_pointer(where)}
    if entry.verdict is Verdict.UNREADABLE:
        said = f" (linked from {format_location((path, *where))})"
        entry.lines = [line + said for line in entry.lines]
        entry.errors = [(loc, message + said) for loc, message in entry.errors]
    return entry
