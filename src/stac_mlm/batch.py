"""Validating many documents: in order, streaming, with the garbage collector paused.

    for result in validate_many(json_lines("items.jsonl")):
        if isinstance(result, MLMItem): ...

Python's cyclic garbage collector runs after every few hundred new objects and each time
scans the objects that survived earlier runs: a loop that keeps its Items makes it re-scan
a heap that only grows, which cost more than validation itself (benchmarks/batch.py).
Validation makes no reference cycles (tests/test_batch.py: a collection after validating
valid and invalid documents finds nothing), so its garbage is freed by reference counting
and nothing is lost by pausing the collector for the batch: memory stays flat over 100,000
documents (measured). ``validate_many`` collects nothing during the batch: any collection
scans every object kept since the previous one, which cost about a fifth more per kept
Item (measured: one every 1,000 documents); reference cycles the caller's loop makes wait
for the end of the batch. The commands (``stac-mlm validate``...) keep nothing, so there a
collection every :data:`COLLECT_EVERY` documents costs little and bounds what a reader
(pyarrow...) could leave in cycles.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, TypeVar, overload

from pydantic import BaseModel, ValidationError

from stac_mlm.item import MLMItem

if TYPE_CHECKING:
    from stac_mlm._document import MLMDocument

__all__ = ["COLLECT_EVERY", "Document", "PausedCollector", "json_lines", "validate_many"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

#: What ``validate_many`` reads: a JSON object (a dict), JSON text (``str`` or bytes), or
#: the path of a JSON file (a ``pathlib.Path``; a ``str`` is JSON text, never a path).
Document = Mapping[str, Any] | str | bytes | bytearray | os.PathLike[str]

#: Documents between two collections of the young generations during a command's batch.
COLLECT_EVERY: Final = 1_000

_BOM: Final = "\ufeff".encode()


class PausedCollector:
    """The cyclic garbage collector off while the block runs, as it was after.

    Call ``step()`` once per document: with ``every``, every ``every`` documents the young
    generations (0 and 1: the objects made since the last time) are collected, a cost per
    object kept since; with ``None``, nothing is collected until the block ends. The
    collector is left as found: off when it was off, whatever ends the block (its end, an
    exception, a generator closed early).
    """

    def __init__(self, every: int | None = COLLECT_EVERY) -> None:
        self.every, self.count, self.was_enabled = every, 0, False

    def __enter__(self) -> PausedCollector:
        self.was_enabled = gc.isenabled()
        gc.disable()
        return self

    def step(self) -> None:
        self.count += 1
        if self.every is not None and self.count % self.every == 0:
            gc.collect(1)

    def each(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, one ``step()`` after each."""
        for item in items:
            yield item
            self.step()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.was_enabled:
            gc.enable()


@overload
def validate_many(
    documents: Iterable[Document],
) -> Iterator[MLMItem | ValidationError | OSError]: ...
@overload
def validate_many(
    documents: Iterable[Document], model: type[M]
) -> Iterator[M | ValidationError | OSError]: ...
@overload
def validate_many(
    documents: Iterable[Document], model: None
) -> Iterator[MLMDocument | ValidationError | OSError]: ...
def validate_many(
    documents: Iterable[Document], model: type[BaseModel] | None = MLMItem
) -> Iterator[BaseModel | ValidationError | OSError]:
    """Validate each document of ``documents`` as ``model``; one result each, in order.

    ``model`` is a model class (``MLMItem`` by default, ``MLMCollection``…), or ``None``
    to read each document in the MLM release it declares (as :func:`stac_mlm.load`: an
    Item or a Collection of v1.0.0 to v1.5.2). Each result is the validated model, the
    ``pydantic.ValidationError`` saying everything wrong with the document (text that is
    not JSON included), or the ``OSError`` of a path that cannot be read; nothing is
    raised for a document. ``documents`` is read one at a time and nothing is kept: any
    number of documents fits in memory when the caller keeps none. The garbage
    collector is paused while the batch runs and restored when it ends or the generator
    is closed (a ``break`` in a ``for`` loop closes it); reference cycles the caller makes
    meanwhile are left for the collector to find once it runs again.
    """
    with PausedCollector(every=None):
        for document in documents:
            yield _validate_one(document, model)


def _validate_one(
    document: Document, model: type[BaseModel] | None
) -> BaseModel | ValidationError | OSError:
    if isinstance(document, os.PathLike):
        try:
            document = Path(document).read_bytes()
        except OSError as error:
            return error
    try:
        if model is None:
            from stac_mlm.releases import load

            return load(document)
        if isinstance(document, str | bytes | bytearray):
            return model.model_validate_json(document)
        return model.model_validate(document)
    except ValidationError as error:
        return error


def json_lines(path: str | os.PathLike[str]) -> Iterator[bytes]:
    """The lines of a JSON Lines file, one at a time, for :func:`validate_many`.

    Blank lines are skipped (so results count documents, not lines); a byte order mark
    before the first line is dropped. Raises ``OSError`` when the file cannot be read.
    """
    with Path(path).open("rb") as handle:
        for number, line in enumerate(handle):
            text = line.removeprefix(_BOM) if number == 0 else line
            if text.strip():
                yield text
