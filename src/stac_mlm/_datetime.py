"""STAC datetimes that are written back exactly as they were read.

stac-pydantic converts every datetime to UTC, so ``+02:00`` or ``.123Z`` would come back
changed. Here the value is still checked (a timezone-aware date and time) and compared as a
datetime, but it remembers its text and writes it back unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, SupportsIndex

from pydantic import (
    AwareDatetime,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidatorFunctionWrapHandler,
    WrapSerializer,
    WrapValidator,
)
from pydantic_core import PydanticCustomError


class WrittenDatetime(datetime):
    """A timezone-aware ``datetime`` that keeps the text it was read from."""

    written: str

    @classmethod
    def read(cls, value: datetime, text: str) -> WrittenDatetime:
        instance = cls(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            value.tzinfo,
            fold=value.fold,
        )
        instance.written = text
        return instance

    # Not __reduce__: datetime defines __reduce_ex__, which pickle and copy call first.
    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        value = datetime(*self.timetuple()[:6], self.microsecond, self.tzinfo, fold=self.fold)
        return (_unpickle, (value, getattr(self, "written", None)))


def _unpickle(value: datetime, text: str | None) -> datetime:
    return value if text is None else WrittenDatetime.read(value, text)


def _remember_text(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    if not isinstance(value, str | datetime):
        raise PydanticCustomError(
            "stac_datetime", "a STAC datetime is an RFC 3339 string, e.g. 2024-01-01T00:00:00Z"
        )
    parsed = handler(value)
    return WrittenDatetime.read(parsed, value) if isinstance(value, str) else parsed


def written_text(value: Any) -> str | None:
    """The text a datetime was read from, if it still remembers it.

    A datetime computed from a read one (``+ timedelta``, ``replace``) is a WrittenDatetime
    too, but without the text: ``None``, and it is written in the usual format.
    """
    written = getattr(value, "written", None) if isinstance(value, WrittenDatetime) else None
    return written if isinstance(written, str) else None


def _write_text(
    value: datetime, handler: SerializerFunctionWrapHandler, info: SerializationInfo
) -> Any:
    written = written_text(value)
    if written is not None and info.mode_is_json():
        return written
    return handler(value)


#: A timezone-aware datetime, written back with the text it was read from.
StacDatetime = Annotated[AwareDatetime, WrapValidator(_remember_text), WrapSerializer(_write_text)]
