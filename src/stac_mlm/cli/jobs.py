"""``stac-mlm validate --jobs N``: documents checked in N worker processes, reported in order.

Files are read here, by the one reader (:mod:`stac_mlm.cli.catalog`), so that documents
are located and reported in the order they are read. Chunks of documents go to the
workers, which send back what the report says of each document (verdict, lines, errors),
never a model: pickling an Item costs more than validating it. At most two chunks per
worker are in flight, so memory stays bounded whatever the number of documents.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, Final

from stac_mlm.cli.catalog import Member, Shape
from stac_mlm.cli.report import Entry, Note, Verdict

#: Documents sent to a worker at a time: enough that sending them costs little per document.
CHUNK: Final = 200

#: What a worker says of one document: an ``Entry`` without its member.
Said = tuple[Verdict, list[str], str | None, str | None, list[Note]]
Check = Callable[[Member], Entry]


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is this process's to handle (it stops the pool); a worker that
    took it too would print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _said(check: Check, documents: list[dict[str, Any] | None]) -> list[Said | None]:
    """In a worker: what ``check`` says of each document (``None`` for none)."""
    said: list[Said | None] = []
    for document in documents:
        if document is None:
            said.append(None)
            continue
        entry = check(Member("", Shape.DOCUMENT, document=document))
        said.append((entry.verdict, entry.lines, entry.kind, entry.release, list(entry.errors)))
    return said


def _chunks(members: Iterable[Member]) -> Iterator[list[Member]]:
    iterator = iter(members)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _entries(chunk: list[Member], future: Future[list[Said | None]], check: Check) -> list[Entry]:
    """The entries of a chunk: a member without a document (unreadable…) is said here."""
    return [
        check(member) if said is None else Entry(member, *said)
        for member, said in zip(chunk, future.result(), strict=True)
    ]


def in_workers(members: Iterable[Member], check: Check, jobs: int) -> Iterator[Entry]:
    """``check(member)`` of every member, in order, computed by ``jobs`` processes.

    ``check`` must be picklable (a module-level function, or a ``functools.partial`` of one).
    """
    pool = ProcessPoolExecutor(jobs, initializer=_ignore_interrupts)
    window: deque[tuple[list[Member], Future[list[Said | None]]]] = deque()
    try:
        for chunk in _chunks(members):
            documents = [member.document for member in chunk]
            window.append((chunk, pool.submit(_said, check, documents)))
            if len(window) > 2 * jobs:
                yield from _entries(*window.popleft(), check)
        while window:
            yield from _entries(*window.popleft(), check)
    finally:  # stopped early (a closed pipe, Ctrl-C): what was not started never starts
        pool.shutdown(wait=True, cancel_futures=True)
