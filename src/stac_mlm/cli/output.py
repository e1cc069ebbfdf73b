"""Where the commands write: files and standard output, and what is said when they cannot.

A write that fails (a full disk, a folder that does not exist, a path that is a folder,
standard output closed) raises :class:`CannotWriteError`, which ``stac_mlm.cli.main`` turns
into one line on standard error and exit 2: ``stac-mlm: cannot write out.json: Is a
directory``. ``migrate`` catches it per file, says the file was not written and goes on.
A closed pipe (``BrokenPipeError``) is left to ``main``, which exits 141 as a shell does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

STANDARD_OUTPUT = "standard output"


class CannotWriteError(Exception):
    """``target`` (a path, or ``standard output``) could not be written, ``why`` in words."""

    def __init__(self, target: str, why: str) -> None:
        super().__init__(f"cannot write {target}: {why}")
        self.target, self.why = target, why


def _why(error: OSError) -> str:
    return error.strerror or str(error)


def write_file(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, making the folders it needs; raises CannotWriteError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except FileExistsError as error:  # mkdir met a file where a folder would be made
        blocking = next(parent for parent in path.parents if parent.exists())
        raise CannotWriteError(str(path), f"{blocking} is not a folder") from error
    except OSError as error:
        raise CannotWriteError(str(path), _why(error)) from error


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
            why = _why(error) if isinstance(error, OSError) else str(error)
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
