"""Hand-written types that the generated models use (through ``customTypePath``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StrictFloat
from pydantic_core import PydanticCustomError

__all__ = ["IntegralFloat"]


def _integral(value: float) -> float:
    if not value.is_integer():
        raise PydanticCustomError(
            "int_from_float", "Input should be a valid integer, got a number with a fractional part"
        )
    return value


#: A JSON integer written with a fraction part of zero (``3.0``): draft-07 counts it as an
#: integer. It is kept as written (``3.0`` stays ``3.0``).
IntegralFloat = Annotated[StrictFloat, AfterValidator(_integral)]
