"""One reader of catalog formats for every command: documents one at a time, each located.

What is read. A file named on the command line is read by its extension (any other
extension is read as JSON); a folder is searched recursively for these extensions, in
sorted order; ``-`` is standard input, read as a JSON file:

* ``.json``, ``.geojson``: one document, or a FeatureCollection (what a STAC API search
  returns as an ItemCollection), whose features are the documents, located by index
  (``search.json → features → 3``, JSON Pointer ``/features/3``). Text that is not one
  JSON value but whose first line is one is read as JSON Lines.
* ``.jsonl``, ``.ndjson``: JSON Lines, one document per line, located by line number
  counted from 1 as editors do (``items.jsonl → line 12``); blank lines are skipped.
* ``.parquet``, ``.geoparquet``: stac-geoparquet, one Item per row, located by row counted
  from 0 (``items.parquet → row 5``); needs the ``geoparquet`` extra. GeoParquet cannot
  tell a ``null`` from an absent key (a struct column gives every row every key): a
  ``null`` member of an object is read as absent, except ``properties.datetime``, which
  STAC requires (``null`` when ``start_datetime`` and ``end_datetime`` are given).

Whatever cannot be read is a member with ``unreadable`` set, never skipped: a file that
does not exist, text that is not JSON or not UTF-8, a line that is not JSON, a document or
feature that is not a JSON object, a folder or a container with no document, a file
stac-geoparquet cannot read, a folder that cannot be listed, a special file (a FIFO, a
device, a socket: never read, so that it cannot hang the run; pipe a document to ``-``
instead), a JSON file (or standard
input) larger than ``max_file_size`` bytes, a line of JSON Lines longer than it. Documents
are yielded one by one: a JSON Lines or GeoParquet file is read a line or a batch of rows
at a time, a JSON file whole (hence its size limit; GeoParquet's rows are bounded by the
batches pyarrow reads, and the limit does not apply to them).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, Final, TextIO

from pydantic import ValidationError

from stac_mlm._base import read_json
from stac_mlm._errors import format_location, render, system_words

STDIN: Final = "-"
STDIN_NAME: Final = "<stdin>"


class Shape(StrEnum):
    """How a file holds its documents (and how ``migrate`` writes them back)."""

    DOCUMENT = "document"  # the file is one document
    FEATURES = "features"  # a FeatureCollection: its features are the documents
    LINES = "lines"  # JSON Lines: one document per line
    ROWS = "rows"  # stac-geoparquet: one Item per row


#: Each file extension read in a folder, and how its files hold documents.
EXTENSIONS: Final = {
    ".json": Shape.DOCUMENT,
    ".geojson": Shape.DOCUMENT,
    ".jsonl": Shape.LINES,
    ".ndjson": Shape.LINES,
    ".parquet": Shape.ROWS,
    ".geoparquet": Shape.ROWS,
}

#: How a member is named after its file, for people and in ``--format json``.
_UNITS: Final = {Shape.FEATURES: "feature", Shape.LINES: "line", Shape.ROWS: "row"}

GEOPARQUET_EXTRA: Final = (
    "reading GeoParquet needs the geoparquet extra: pip install 'stac-mlm[geoparquet]'"
)
_BATCH_ROWS: Final = 1000

#: The largest JSON file (or standard input, or line of JSON Lines) read, in bytes:
#: ``--max-file-size``. A JSON file is read whole, and its parsed values take about twice
#: its size again (measured: a 37 MiB FeatureCollection peaks at 3x its size in memory), so
#: 256 MiB needs under 1 GB; a larger catalog is better kept as JSON Lines or GeoParquet,
#: which are read a line or a batch of rows at a time.
MAX_FILE_SIZE: Final = 256 * 2**20


def too_large(size: int, limit: int, more: bool = False) -> str:
    """What a file (or line) over the limit is told: ``too large (N bytes; limit M)``."""
    said = f"more than {limit}" if more else str(size)
    return f"too large ({said} bytes; limit {limit}): --max-file-size reads larger ones"


_ESCAPES: Final = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(name: str) -> str:
    """A file name as reports write it for people: on one line, and unambiguous.

    Python's escapes: a backslash is written ``\\\\``, a newline ``\\n`` (and ``\\r``,
    ``\\t``), any other control character ``\\x1b`` (below U+0080) or ``\\u0085`` (from
    U+0080, and the line and paragraph separators U+2028, U+2029), and each byte of the name
    that is not UTF-8 ``\\xff`` (Python holds it as a lone surrogate, which no stream can
    print): ``\\x`` with two digits is always one byte of the name.
    """
    if name.isprintable() and "\\" not in name:  # no control, separator or surrogate
        return name  # (the usual name, at every entry of a report: kept fast)
    return "".join(_shown(char) for char in name)


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with its lone surrogates escaped as :func:`shown` escapes them (``\\xff``),
    so that it is UTF-8 text any stream can print and any JSON parser reads."""
    return _SURROGATE.sub(lambda match: _shown(match.group()), text)


def _shown(char: str) -> str:
    code = ord(char)
    if char in _ESCAPES:
        return _ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode holds it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs"):
        return f"\\u{code:04x}"
    return char


@dataclass(frozen=True)
class Member:
    """One document of a file, or why it could not be read.

    Exactly one of ``document`` (a JSON object), ``error`` (JSON the pipeline refuses,
    such as text nested deeper than any parser goes: the document is invalid, located),
    ``unreadable`` (why there is no document) and ``text`` (a line of JSON Lines not parsed
    yet: ``read(..., later=True)``; :meth:`parsed` parses it) is set. ``index`` is the
    feature index, line number or row of the member; ``None`` when the file itself is the
    document, or cannot be read at all.
    """

    path: str
    shape: Shape
    index: int | None = None
    document: dict[str, Any] | None = None
    error: ValidationError | None = None
    unreadable: str | None = None
    text: str | bytes | None = field(default=None, repr=False)
    #: The document surely passes the JSON guard: its text said so (``read_json``), so
    #: that the fast lane need not walk it again.
    plain: bool = False

    def parsed(self) -> Member:
        """This member with its ``text`` parsed, as the reader parses a line; itself when
        it has no text."""
        return self if self.text is None else _parse(self.path, self.shape, self.index, self.text)

    @property
    def name(self) -> str:
        """Where the document is, for people: ``search.json → features → 3``."""
        path = shown(self.path)
        if self.index is None:
            return format_location((path,))
        if self.shape is Shape.FEATURES:
            return format_location((path, "features", self.index))
        return format_location((path, f"{_UNITS[self.shape]} {self.index}"))

    @property
    def member(self) -> dict[str, int] | None:
        """Where the document is in its file, for machines: ``{"feature": 3}``, or ``None``."""
        return None if self.index is None else {_UNITS[self.shape]: self.index}

    @property
    def pointer(self) -> str | None:
        """The JSON Pointer of the document in the JSON text that holds it (the file, or
        its line): ``/features/3`` or ``""``; ``None`` for a GeoParquet row."""
        if self.index is None or self.shape is Shape.LINES:
            return ""
        return f"/features/{self.index}" if self.shape is Shape.FEATURES else None


@dataclass(frozen=True)
class Source:
    """One file (or standard input) and its documents, read on demand.

    ``container`` is the FeatureCollection a ``FEATURES`` source was read from, so that
    ``migrate`` can write it back with its features migrated; ``relative`` is the path of
    a file found in a folder, relative to that folder (``None`` for a file named).
    ``later``: the file was not read (``read(..., later=True)``), and ``members`` is empty:
    :func:`read_file` reads it.
    """

    path: str
    file: Path | None
    shape: Shape
    members: Iterator[Member]
    container: dict[str, Any] | None = field(default=None, repr=False)
    relative: Path | None = None
    later: bool = False


def read(
    paths: Sequence[str], stdin: TextIO, max_file_size: int = MAX_FILE_SIZE, later: bool = False
) -> Iterator[Source]:
    """Every file of ``paths`` (files, folders searched recursively, ``-``), in order; a
    JSON text larger than ``max_file_size`` bytes, or a line of JSON Lines, is unreadable.

    ``later`` (``validate --jobs``: worker processes read and parse): a JSON or GeoParquet
    file is not read here (``Source.later``; :func:`read_file` reads it), and the lines of
    JSON Lines are left as text (``Member.text``), the first one aside.
    """
    file = _file_later if later else _file
    for raw in paths:
        if raw == STDIN:
            # its bytes when it has them, so that text that is not UTF-8 is located as in a file
            stream: Any = getattr(stdin, "buffer", stdin)
            yield _text_source(STDIN_NAME, None, partial(_bounded, stream, None, max_file_size))
        elif is_folder(Path(raw)):
            yield from _folder(raw, max_file_size, file)
        else:
            yield file(Path(raw), max_file_size)


def is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; one the system will not let us look at (a link into a
    place we may not enter, as ``/proc/1/cwd``) is read as a file, whose reading says why."""
    try:
        return path.is_dir()
    except OSError:
        return False


def real_path(path: str | Path) -> str:
    """``os.path.realpath``, or the absolute path when the system will not let us follow
    it (a link into ``/proc/1/cwd``): a comparison of places, never a traceback."""
    try:
        return os.path.realpath(path)
    except (OSError, RuntimeError):
        return os.path.abspath(path)


#: Said of a link to a folder met in a folder: the search does not follow them (a link may
#: lead back up the tree), and what lies behind one is never silently left out.
LINKED_FOLDER = "a symbolic link to a folder, not followed: give that folder to read it"


def _folder(raw: str, limit: int, file: Callable[[Path, int], Source]) -> Iterator[Source]:
    files, linked, refused = _search(raw)
    if not files and not linked and not refused:
        kinds = ", ".join(EXTENSIONS)
        yield _unreadable_source(raw, f"the folder holds no file read as STAC ({kinds})")
    for path in sorted([*files, *linked, *refused]):
        if path in linked:
            yield _unreadable_source(str(path), LINKED_FOLDER)
        elif path in refused:
            yield _unreadable_source(str(path), refused[path])
        else:
            yield replace(file(path, limit), relative=path.relative_to(raw))


def _search(raw: str) -> tuple[list[Path], set[Path], dict[Path, str]]:
    """The files read in folder ``raw`` and its subfolders, the links to folders met (not
    followed), and the folders that cannot be listed, with why (``Path.rglob`` skips
    those silently: their files would never be reported)."""
    files: list[Path] = []
    linked: set[Path] = set()
    refused: dict[Path, str] = {}

    def refuse(error: OSError) -> None:
        refused[Path(error.filename)] = f"cannot list the folder: {system_words(error)}"

    # os.walk takes a folder it may not look into (is_dir fails: /proc/1/cwd) as a file
    for folder, folders, names in os.walk(raw, onerror=refuse):
        here = Path(folder)
        linked.update(here / name for name in folders if (here / name).is_symlink())
        files.extend(here / name for name in names if Path(name).suffix.lower() in EXTENSIONS)
    return files, linked, refused


_KINDS: Final = {
    stat.S_ISFIFO: "a FIFO (named pipe)",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISSOCK: "a socket",
}


def special_kind(mode: int) -> str | None:
    """What kind of special file a ``st_mode`` is (``a FIFO (named pipe)``...), or ``None``."""
    return next((kind for test, kind in _KINDS.items() if test(mode)), None)


def special_file(path: Path) -> str | None:
    """What kind of special file ``path`` is, or ``None`` for a regular file or one that
    does not exist. A special file is never opened: a FIFO would wait forever for a
    writer, a device can be endless."""
    try:
        mode = path.stat().st_mode
    except OSError:  # missing, or a link to nothing: reading it says so
        return None
    return special_kind(mode)


def _skipped(kind: str) -> str:
    return f"skipped, never read: it is {kind}"


class _UnreadableError(ValueError):
    """A file that is not read after all: the message says why."""


def _open(path: Path) -> BinaryIO:
    """``path`` opened for reading. Opened without waiting (a FIFO put there since it was
    looked at would wait for a writer), and refused unless it is a regular file."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise _UnreadableError(_skipped(special_kind(mode) or "not a regular file"))
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def _bounded(stream: BinaryIO | TextIO, size: int | None, limit: int) -> str | bytes:
    """What ``stream`` holds (``size`` bytes, when known), at most ``limit`` bytes of it."""
    if size is not None and size > limit:
        raise _UnreadableError(too_large(size, limit))
    data = stream.read(limit + 1)
    if len(data) > limit:  # standard input, or a file grown since it was looked at
        raise _UnreadableError(too_large(len(data), limit, more=True))
    return data


def _read_whole(path: Path, limit: int) -> str | bytes:
    with _open(path) as handle:
        return _bounded(handle, os.fstat(handle.fileno()).st_size, limit)


def _file(path: Path, limit: int = MAX_FILE_SIZE) -> Source:
    special = special_file(path)
    if special is not None:
        return _unreadable_source(str(path), _skipped(special), path)
    shape = EXTENSIONS.get(path.suffix.lower(), Shape.DOCUMENT)
    if shape is Shape.ROWS:
        return Source(str(path), path, shape, _rows(path))
    if shape is Shape.LINES:
        return Source(str(path), path, shape, _file_lines(path, limit))
    return _text_source(str(path), path, partial(_read_whole, path, limit))


def read_file(path: Path, limit: int = MAX_FILE_SIZE) -> Source:
    """One file and its documents, as :func:`read` reads a file it is given."""
    return _file(path, limit)


def _file_later(path: Path, limit: int) -> Source:
    """``path`` for ``read(..., later=True)``: JSON Lines with its lines as text, any other
    file not read at all (whatever :func:`read_file` finds, a special file included)."""
    shape = EXTENSIONS.get(path.suffix.lower(), Shape.DOCUMENT)
    if shape is Shape.LINES and special_file(path) is None:
        return Source(str(path), path, shape, _file_lines(path, limit, _unparsed))
    return Source(str(path), path, shape, iter(()), later=True)


def _unreadable_source(name: str, why: str, file: Path | None = None) -> Source:
    return Source(name, file, Shape.DOCUMENT, iter([Member(name, Shape.DOCUMENT, unreadable=why)]))


#: The byte order mark some editors write first: RFC 8259 lets a parser ignore it, and we do.
BOM: Final = "\ufeff"
_BOM_BYTES: Final = BOM.encode("utf-8")


class _NotTextError(ValueError):
    """Bytes that are not UTF-8 text; the message says where, in lines and columns."""


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = error.start
        line_start = data.rfind(b"\n", 0, start) + 1
        line = data.count(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        raise _NotTextError(
            f"not UTF-8: byte 0x{data[start]:02x} at line {line} column {column} is not "
            "UTF-8 text (the file may be in another encoding: save it as UTF-8)"
        ) from error


def _text_source(name: str, file: Path | None, data_of: Callable[[], str | bytes]) -> Source:
    """A JSON text: one document, a FeatureCollection, or JSON Lines."""
    try:
        data = data_of()
        text = data if isinstance(data, str) else _utf8(data)
    except (_NotTextError, _UnreadableError) as error:
        return _unreadable_source(name, str(error), file)
    except (OSError, UnicodeDecodeError) as error:  # a text stream that is not UTF-8
        return _unreadable_source(name, f"cannot read: {system_words(error)}", file)
    text = text.removeprefix(BOM)
    if not text.strip():
        empty = "standard input is empty" if file is None else "the file is empty"
        return _unreadable_source(name, empty, file)
    parsed = _parse(name, Shape.DOCUMENT, None, text)
    if parsed.unreadable is not None and _first_line_is_json(text):
        lines = enumerate(text.splitlines(), start=1)
        return Source(name, file, Shape.LINES, _lines(name, lines))
    document = parsed.document
    if document is not None and document.get("type") == "FeatureCollection":
        features = _features(name, document, parsed.plain)
        return Source(name, file, Shape.FEATURES, features, document)
    return Source(name, file, Shape.DOCUMENT, iter([parsed]))


def _parse(path: str, shape: Shape, index: int | None, text: str | bytes) -> Member:
    """The member a JSON text holds: read as ``model_validate_json`` reads it (text nested
    too deep is an invalid document, located; text that is not JSON is unreadable)."""
    try:
        value, plain = read_json(text, "document")
    except ValidationError as error:
        details = error.errors(include_url=False)
        if details[0]["type"] == "json_invalid":
            why = str(details[0]["msg"])
            if shape is Shape.LINES:  # the parser counts within the line, which has one line
                why = why.replace(" at line 1 column ", " at column ")
            return Member(path, shape, index, unreadable=why)
        return Member(path, shape, index, error=error)
    return _member(path, shape, index, value, plain)


def _unparsed(path: str, shape: Shape, index: int | None, text: str | bytes) -> Member:
    return Member(path, shape, index, text=text)


_Parse = Callable[[str, Shape, int | None, str | bytes], Member]


def _member(path: str, shape: Shape, index: int | None, value: Any, plain: bool = False) -> Member:
    if not isinstance(value, dict):
        why = f"not a JSON object: a STAC document is one (got {render(value)})"
        return Member(path, shape, index, unreadable=why)
    return Member(path, shape, index, document=value, plain=plain)


def _first_line_is_json(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return first.strip() != text.strip() and _parse("", Shape.LINES, 1, first).unreadable is None


def _features(name: str, collection: dict[str, Any], plain: bool) -> Iterator[Member]:
    features = collection.get("features")
    if not isinstance(features, list):
        why = f"a FeatureCollection needs a features array (got {render(features)})"
        yield Member(name, Shape.DOCUMENT, unreadable=why)
        return
    if not features:
        yield Member(name, Shape.DOCUMENT, unreadable="the FeatureCollection holds no feature")
    for index, feature in enumerate(features):
        yield _member(name, Shape.FEATURES, index, feature, plain)


#: What a ``.jsonl`` file holding one indented JSON document is told (its first line is
#: not JSON, the whole file is): reading it as one document would write it back, under its
#: JSON Lines name, as what it is not (``migrate``); the file's name is the mistake.
ONE_DOCUMENT: Final = (
    "not JSON Lines: the file holds one JSON document over several lines; name it .json"
)


def _file_lines(path: Path, limit: int, parse: _Parse = _parse) -> Iterator[Member]:
    """The lines of a JSON Lines file, read one at a time (as bytes: a line that is not
    UTF-8 is unreadable on its own; a line longer than ``limit`` bytes is not held), each
    parsed by ``parse`` but the first, always parsed here (whether it is JSON says whether
    the file is JSON Lines)."""
    name = str(path)
    try:
        with _open(path) as handle:
            lines = (
                (
                    number,
                    line.removeprefix(_BOM_BYTES)
                    if number == 1 and isinstance(line, bytes)
                    else line,
                )
                for number, line in enumerate(_bounded_lines(handle, limit), start=1)
            )
            members = _lines(name, lines, parse)
            first = next(members).parsed()
            if (
                first.index is not None
                and first.unreadable is not None
                and _one_document(handle, limit)
            ):
                yield Member(name, Shape.DOCUMENT, unreadable=ONE_DOCUMENT)
                return
            yield first
            yield from members
    except _UnreadableError as error:
        yield Member(name, Shape.DOCUMENT, unreadable=str(error))
    except OSError as error:
        yield Member(name, Shape.DOCUMENT, unreadable=f"cannot read: {system_words(error)}")


@dataclass(frozen=True)
class _LongLine:
    """A line longer than the limit, read past without being held: its size in bytes."""

    size: int
    limit: int


def _bounded_lines(handle: BinaryIO, limit: int) -> Iterator[bytes | _LongLine]:
    """The lines of ``handle``, each at most ``limit`` bytes (its line ending aside)."""
    while line := handle.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):  # the rest of the line, a piece at a time
            line = handle.readline(2**20)
            size += len(line)
        yield _LongLine(size - line.endswith(b"\n"), limit)


def _one_document(handle: BinaryIO, limit: int) -> bool:
    """Whether the file is one JSON value (read only when its first line is not one)."""
    position = handle.tell()
    handle.seek(0)
    data = handle.read(limit + 1)
    handle.seek(position)  # the lines go on from there when it is not
    if len(data) > limit:
        return False
    member = _parse("", Shape.DOCUMENT, None, data.removeprefix(_BOM_BYTES))
    return member.unreadable is None


def _lines(
    name: str, lines: Iterable[tuple[int, str | bytes | _LongLine]], parse: _Parse = _parse
) -> Iterator[Member]:
    empty = True
    for number, line in lines:
        if isinstance(line, _LongLine):
            empty = False
            why = too_large(line.size, line.limit)
            yield Member(name, Shape.LINES, number, unreadable=why)
            continue
        if not line.strip():
            continue
        empty = False
        yield parse(name, Shape.LINES, number, line)
    if empty:
        yield Member(name, Shape.DOCUMENT, unreadable="the file holds no line of JSON")


def _rows(path: Path) -> Iterator[Member]:
    """The Items of a stac-geoparquet file, a batch of rows at a time."""
    name = str(path)
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]  # pyarrow ships no types
        from stac_geoparquet.arrow import stac_table_to_items
    except ImportError:
        yield Member(name, Shape.DOCUMENT, unreadable=GEOPARQUET_EXTRA)
        return
    row = 0
    try:
        with _open(path) as handle:
            for batch in pq.ParquetFile(handle).iter_batches(batch_size=_BATCH_ROWS):
                yield from _batch(name, batch, row, stac_table_to_items)
                row += batch.num_rows
    except _UnreadableError as error:
        yield Member(name, Shape.DOCUMENT, unreadable=str(error))
        return
    # pyarrow raises OSError, ArrowInvalid (a ValueError) and others for what it cannot read
    except Exception as error:
        if row == 0:
            why = f"not a Parquet file stac-geoparquet reads: {error}"
            yield Member(name, Shape.DOCUMENT, unreadable=why)
        else:
            why = f"cannot read this row or the ones after it: {error}"
            yield Member(name, Shape.ROWS, row, unreadable=why)
        return
    if row == 0:
        yield Member(name, Shape.DOCUMENT, unreadable="the file holds no row")


_ToItems = Callable[[Any], Iterable[dict[str, Any]]]


def _batch(name: str, batch: Any, first_row: int, to_items: _ToItems) -> Iterator[Member]:
    """The Items of one batch of rows; when stac-geoparquet cannot convert a row (a
    geometry that is not WKB…), the batch is converted again one row at a time to say which."""
    try:
        documents = list(to_items(batch))
    # stac-geoparquet raises shapely's, pyarrow's and its own errors for a row it cannot read
    except Exception:
        for offset in range(batch.num_rows):
            yield _row(name, batch.slice(offset, 1), first_row + offset, to_items)
        return
    for offset, document in enumerate(documents):
        yield _member(name, Shape.ROWS, first_row + offset, _without_filled_nulls(document))


def _row(name: str, batch: Any, row: int, to_items: _ToItems) -> Member:
    try:
        [document] = list(to_items(batch))
    except Exception as error:  # as in _batch: this row is one stac-geoparquet cannot read
        return Member(name, Shape.ROWS, row, unreadable=f"not a STAC Item row: {error}")
    return _member(name, Shape.ROWS, row, _without_filled_nulls(document))


def _without_filled_nulls(document: dict[str, Any]) -> dict[str, Any]:
    """The Item without the ``null`` members GeoParquet gives every object of a column;
    ``properties.datetime`` stays, since STAC requires it (``null`` or not)."""
    return {
        key: _properties(value) if key == "properties" else _drop_nulls(value)
        for key, value in document.items()
        if value is not None
    }


def _properties(properties: Any) -> Any:
    if not isinstance(properties, dict):
        return properties
    return {
        key: _drop_nulls(value)
        for key, value in properties.items()
        if value is not None or key == "datetime"
    }


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _drop_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_drop_nulls(item) for item in value]
    return value
