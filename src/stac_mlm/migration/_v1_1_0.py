"""MLM v1.1.0: framework names."""

from __future__ import annotations

import re
from typing import Final

from stac_mlm.migration._report import Log
from stac_mlm.migration._where import (
    JsonObject,
    field_holders,
    model_io_of,
    rename_values,
    summary_of,
)


def to_1_1_0(document: JsonObject, log: Log) -> None:
    """v1.1.0: framework spellings and pattern; no ``bands: null``.

    Changelog: "Adjust `scikit-learn` and `Hugging Face` framework names to match the format
    employed by the official documentation"; "Add pattern for `mlm:framework` [...] without
    leading or trailing non-alphanumeric characters"; "Removed combination of `mlm:input`
    with `bands: null`".
    """
    rename_values(
        document,
        "mlm:framework",
        {"Scikit-learn": "scikit-learn", "Huggingface": "Hugging Face"},
        "v1.1.0 spells the framework as its own documentation does",
        log,
    )
    _drop_invalid_frameworks(document, log)
    for location, model_input in model_io_of(document, "mlm:input"):
        if "bands" in model_input and model_input["bands"] is None:
            model_input["bands"] = []
            log.changed(
                (*location, "bands"),
                "null → []: v1.1.0 removed 'bands: null'; an input using no band lists none",
            )


# The v1.1.0 pattern `^(?=[^\s._\-]).*[^\s._\-]$` as ECMA-262 reads it (`\s` and `.` differ
# from Python's), for `fullmatch`.
_ECMA_SPACE: Final = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_FRAMEWORK_PATTERN: Final = re.compile(
    rf"[^{_ECMA_SPACE}._\-](?:[^\n\r\u2028\u2029]*[^{_ECMA_SPACE}._\-])?"
)


def _drop_invalid_frameworks(document: JsonObject, log: Log) -> None:
    why = (
        "v1.1.0 requires a framework name without leading or trailing spaces, '.', '_' or "
        "'-': give the framework's name (e.g. 'PyTorch')"
    )
    for location, holder in field_holders(document):
        value = holder.get("mlm:framework")
        if isinstance(value, str) and not _FRAMEWORK_PATTERN.fullmatch(value):
            log.removed((*location, "mlm:framework"), holder.pop("mlm:framework"), why)
    values, location = summary_of(document, "mlm:framework")
    for index, value in reversed(list(enumerate(values))):
        if isinstance(value, str) and not _FRAMEWORK_PATTERN.fullmatch(value):
            log.removed((*location, index), values.pop(index), why)
