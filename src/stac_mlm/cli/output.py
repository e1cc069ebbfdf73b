"""Where the commands write: files and standard output, and what is said when they cannot.

A write that fails (a full disk, a folder that does not exist, a path that is a folder,
standard output closed) raises :class:`CannotWriteError`, which ``stac_mlm.cli.main`` turns
into one line on standard error and exit 2: ``stac-mlm: cannot write out.json: Is a
directory``. ``migrate`` catches it per file, says the file was not written and goes on.
A closed pipe (``BrokenPipeError``) is left to ``main``, which exits 141 as a shell does.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path
from typing import Any, TextIO, cast

from stac_mlm._errors import system_words
from stac_mlm.cli.catalog import shown

STANDARD_OUTPUT = "standard output"


def write_line(stream: TextIO, line: str) -> None:
    """``line`` and its end in one write: a stop (Ctrl-C while a full pipe holds the write)
    never leaves a line without its end for the next one to be glued to (``print`` writes
    the end apart); what the stream buffered is written out whole on exit."""
    stream.write(line + "\n")


class CannotWriteError(Exception):
    """``target`` (a path, or ``standard output``) could not be written, ``why`` in words."""

    def __init__(self, target: str, why: str) -> None:
        # the name as reports show it: on one line (a name may hold a newline)
        super().__init__(f"cannot write {shown(target)}: {why}")
        self.target, self.why = target, why


def write_file(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, making the folders it needs.

    The text goes to a temporary file in the same folder (``.NAME.RANDOM.tmp``, ``NAME`` cut
    to 200 bytes; a name no command reads as a document), is flushed to the disk (fsync),
    then renamed over ``path``: whenever the process is killed, ``path`` holds its old text
    or the new one, never a part. A symbolic link is written through (its target is
    replaced) and an existing file keeps its permissions. A ``path`` that exists and is not
    a regular file (``/dev/stdout``, a FIFO) cannot be renamed over: it is written directly,
    and a FIFO no process reads is an error, not a wait. The temporary file is removed when
    the write fails. Raises CannotWriteError.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and not path.is_file():  # a folder says so; /dev/stdout is written
            _write_directly(path, text.encode("utf-8"))
        else:
            _replace(_written_file(path), text.encode("utf-8"))
    except FileExistsError as error:  # mkdir met a file where a folder would be made
        # lexists: a link to nothing is what blocks, not the folder above it
        blocking = next(parent for parent in path.parents if os.path.lexists(parent))
        raise CannotWriteError(str(path), _not_a_folder(blocking)) from error
    except OSError as error:
        raise CannotWriteError(str(path), system_words(error)) from error


def _not_a_folder(blocking: Path) -> str:
    """Why ``blocking`` cannot hold the file: not a folder, or a link that leads nowhere
    (a loop: too many levels of symbolic links)."""
    try:
        os.stat(blocking)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return f"{shown(str(blocking))}: {system_words(error)}"
    return f"{shown(str(blocking))} is not a folder"


def _written_file(path: Path) -> Path:
    """The file that writing ``path`` replaces: the one a symbolic link leads to, made if it
    does not exist yet. A link that leads back to itself raises ``OSError`` (ELOOP): it is
    not replaced by a file."""
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:  # nothing there yet, or a link to a file not made yet
        return Path(os.path.realpath(path))


#: Why a FIFO is not written: opening it would wait until some process reads it.
NO_READER = "it is a FIFO (named pipe) that no process is reading"


def _write_directly(path: Path, data: bytes) -> None:
    """Write ``data`` to a file that is not a regular file, opened without waiting: a FIFO
    that nobody reads is refused at once (ENXIO), not waited on forever."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise CannotWriteError(str(path), NO_READER) from error
        raise
    os.set_blocking(descriptor, True)  # a reader is there: wait for it to take the text
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, fsync it, rename it over."""
    temporary = target.with_name(f".{_kept(target.name)}.{secrets.token_hex(6)}.tmp")
    existing = target.stat() if target.exists() else None
    # A new file: 0o666 as open() gives it (the umask applies). A rewritten one: created
    # private, then given the file's mode and, where allowed, its owner, before any byte is
    # written, so that its new text is never readable by more people than the old one.
    mode = 0o600 if existing is not None else 0o666
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as error:  # the folder is why (read-only, full), not the file: say so
        where = f"no file can be made in {shown(str(target.parent))}, where the new text"
        why = f"{system_words(error)}: {where} is written first (then renamed over the file)"
        raise OSError(error.errno, why) from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if existing is not None:
                with contextlib.suppress(OSError):  # only the owner's or root's to give away
                    os.fchown(handle.fileno(), existing.st_uid, existing.st_gid)
                os.fchmod(handle.fileno(), stat.S_IMODE(existing.st_mode))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:  # a failed write leaves no temporary file (a kill cannot say so)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)


#: The most bytes of the target's name kept in the temporary file's name: a name may have
#: 255 bytes, and the temporary one adds 18 (``.`` and ``.RANDOM.tmp``).
_NAME_BYTES = 200


def _kept(name: str) -> str:
    """``name``, cut to ``_NAME_BYTES`` bytes when longer (whole UTF-8 characters; bytes
    that are not UTF-8 are left out: the random part keeps the name unique)."""
    data = os.fsencode(name)
    if len(data) <= _NAME_BYTES:
        return name
    return data[:_NAME_BYTES].decode("utf-8", "ignore")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: fsync the folder (where the system allows it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


class _Stdout:
    """Standard output whose failures (but a closed pipe) are :class:`CannotWriteError`.

    ``stream`` is ``None`` when the command was started with standard output closed
    (``>&-``): Python then sets ``sys.stdout`` to ``None``.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def _do(self, action: str, *args: Any) -> Any:
        if self.stream is None:
            raise CannotWriteError(STANDARD_OUTPUT, "it is closed")
        try:
            return getattr(self.stream, action)(*args)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as error:  # ValueError: "I/O operation on closed file"
            why = system_words(error)
            raise CannotWriteError(STANDARD_OUTPUT, why) from error

    def write(self, text: str) -> int:
        return cast(int, self._do("write", text))

    def flush(self) -> None:
        if self.stream is not None:  # closed, and nothing written: nothing to say
            self._do("flush")

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()


def stdout(stream: TextIO | None) -> TextIO:
    """``stream`` (``sys.stdout``) as the commands write to it: failures are CannotWriteError."""
    return cast(TextIO, _Stdout(stream))


__all__ = ["STANDARD_OUTPUT", "CannotWriteError", "stdout", "write_file"]
