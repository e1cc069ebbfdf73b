"""``stac-mlm validate --jobs N``: documents checked in N worker processes, reported in order.

The workers read and parse; this process only lists the work, in the order the one reader
(:mod:`stac_mlm.cli.catalog`) reads it (``read(..., later=True)``): a JSON or GeoParquet
file goes to a worker as its path, which the worker reads (every document of it), and the
lines of JSON Lines as their text, which the worker parses. Standard input is read and
parsed here, as without ``--jobs``. Chunks of work go to the workers, which send back what
the report says of each document (where it is, verdict, lines, errors), never a model nor
a parsed document: pickling an Item costs more than validating it. At most two chunks per
worker are in flight, so memory stays bounded whatever the number of documents.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Final

from stac_mlm.cli.catalog import Member, Shape, Source, read_file
from stac_mlm.cli.report import Entry, Note, Verdict

#: Work sent to a worker at a time (lines, documents or files): enough that sending it
#: costs little per document, few enough that the workers share a file of a few thousand.
CHUNK: Final = 200

Check = Callable[[Member], Entry]


@dataclass(frozen=True)
class File:
    """A file a worker reads, every document of it."""

    path: str
    max_file_size: int


Work = Member | File

#: What a worker says of one document: where it is (path, shape, index) and the rest of
#: its ``Entry``.
Said = tuple[str, Shape, int | None, Verdict, list[str], str | None, str | None, list[Note], Any]


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is this process's to handle (it stops the pool); a worker that
    took it too would print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _said(entry: Entry) -> Said:
    member = entry.member
    return (
        member.path,
        member.shape,
        member.index,
        entry.verdict,
        entry.lines,
        entry.kind,
        entry.release,
        list(entry.errors),
        entry.fields,
    )


def _checked(check: Check, chunk: list[Work]) -> list[Said]:
    """In a worker: what ``check`` says of every document of the chunk, in order."""
    said: list[Said] = []
    for work in chunk:
        if isinstance(work, File):
            members: Iterable[Member] = read_file(Path(work.path), work.max_file_size).members
        else:
            members = (work,)
        said.extend(_said(check(member)) for member in members)
    return said


def _entry(said: Said) -> Entry:
    path, shape, index, *rest = said
    return Entry(Member(path, shape, index), *rest)


def work_of(sources: Iterable[Source], max_file_size: int) -> Iterator[Work]:
    """The work of ``read(..., later=True)``'s sources: a file not read, or a member."""
    for source in sources:
        if source.later:
            yield File(source.path, max_file_size)
        else:
            yield from source.members


def _chunks(work: Iterable[Work]) -> Iterator[list[Work]]:
    iterator = iter(work)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def in_workers(work: Iterable[Work], check: Check, jobs: int) -> Iterator[Entry]:
    """``check`` of every document of ``work``, in order, computed by ``jobs`` processes.

    ``check`` must be picklable (a module-level function, or a ``functools.partial`` of one)
    and parse a member that still holds its text (``Member.parsed``).
    """
    pool = ProcessPoolExecutor(jobs, initializer=_ignore_interrupts)
    window: deque[Future[list[Said]]] = deque()
    try:
        for chunk in _chunks(work):
            window.append(pool.submit(_checked, check, chunk))
            if len(window) > 2 * jobs:
                yield from map(_entry, window.popleft().result())
        while window:
            yield from map(_entry, window.popleft().result())
    finally:  # stopped early (a closed pipe, Ctrl-C): what was not started never starts
        pool.shutdown(wait=True, cancel_futures=True)
