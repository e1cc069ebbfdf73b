"""Every enum equals the list in the official schema, in the schema's order."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

import pytest
from spec_folder import MLM_SCHEMA_URLS, schema_path

from stac_mlm import Accelerator, DataType, Framework, ResizeType, Task

MLM = json.loads(schema_path(MLM_SCHEMA_URLS["1.5.2"]).read_text())["$defs"]
RASTER = json.loads(
    schema_path("https://stac-extensions.github.io/raster/v1.1.0/schema.json").read_text()
)


def _enum_of(node: dict[str, Any]) -> list[str]:
    for branch in node.get("oneOf", []) + node.get("anyOf", []):
        if "enum" in branch:
            return list(branch["enum"])
    return list(node["enum"])


@pytest.mark.parametrize(
    ("enum", "values"),
    [
        (Task, MLM["mlm:tasks"]["items"]["enum"]),
        (Accelerator, _enum_of(MLM["mlm:accelerator"])),
        (ResizeType, _enum_of(MLM["ResizeType"])),
        (Framework, _enum_of(MLM["mlm:framework"])),
        (DataType, RASTER["definitions"]["bands"]["items"]["properties"]["data_type"]["enum"]),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_enum_matches_the_schema(enum: type[StrEnum], values: list[str]) -> None:
    assert [member.value for member in enum] == values


def test_cpu_is_not_an_accelerator_because_the_schema_rejects_it() -> None:
    assert "cpu" not in {member.value for member in Accelerator}
