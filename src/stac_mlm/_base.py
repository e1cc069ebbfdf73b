"""The base of every MLM model: one place decides how documents are read and written.

* Reading (``model_validate``, ``model_validate_json``, FastAPI bodies) matches JSON keys
  only: a raw key spelled like a Python attribute (``classification_classes``) is an
  unknown key, kept as it is, never read as a field.
* Building in Python (``ModelInput(name=..., input=...)``) takes the Python attribute
  names, so typed construction needs no aliases.
* Unknown keys are kept (``extra="allow"``); the rules that forbid some of them live in
  :mod:`stac_mlm._mixins` and the document models.
* A field nobody wrote holds pydantic's ``MISSING`` and is never dumped, whatever the
  dump options: nothing is invented, explicit ``null`` stays ``null``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

#: The one configuration of every MLM model. Classes that also inherit a stac-pydantic
#: model repeat ``model_config = MLM_CONFIG``: pydantic merges the configs of the bases in
#: order, so a later base (stac-pydantic's ``populate_by_name=True``) would win otherwise.
MLM_CONFIG = ConfigDict(
    extra="allow",
    validate_by_alias=True,
    validate_by_name=False,
    serialize_by_alias=True,
    regex_engine="rust-regex",
)


class MLMBaseModel(BaseModel):
    """Configuration shared by all generated and hand-written MLM models."""

    model_config = MLM_CONFIG

    def __init__(self, /, **data: Any) -> None:
        # Python construction uses attribute names (JSON keys work too); parsing does not.
        __tracebackhide__ = True
        self.__pydantic_validator__.validate_python(
            data, self_instance=self, by_alias=True, by_name=True
        )

    # Tell pydantic this is not a custom __init__: validation must never go through it.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def present_fields(self, aliases: tuple[str, ...]) -> list[str]:
        """Those of ``aliases`` (JSON keys of fields) that the document gives."""
        names = {field.alias: name for name, field in type(self).model_fields.items()}
        return [alias for alias in aliases if names.get(alias) in self.model_fields_set]
