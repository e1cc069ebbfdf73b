"""Hand-written types that the generated models use (through ``customTypePath``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, GetJsonSchemaHandler, StrictFloat
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

__all__ = ["IntegralFloat"]


def _integral(value: float) -> float:
    if not value.is_integer():
        raise PydanticCustomError(
            "int_from_float", "Input should be a valid integer, got a number with a fractional part"
        )
    return value


class _IntegerInJsonSchema:
    """Export as ``"type": "integer"``: JSON Schema counts ``3.0`` as an integer too."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        exported = handler.resolve_ref_schema(handler(schema))
        exported["type"] = "integer"
        return exported


#: A JSON integer written with a fraction part of zero (``3.0``): draft-07 counts it as an
#: integer. It is kept as written (``3.0`` stays ``3.0``).
IntegralFloat = Annotated[StrictFloat, AfterValidator(_integral), _IntegerInJsonSchema]
