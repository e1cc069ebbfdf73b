"""Typed Pydantic v2 models for the STAC Machine Learning Model (MLM) extension.

Generated from the official MLM JSON Schema of every release (v1.5.2 is the one written;
``load`` reads v1.0.0 to v1.5.2, ``migrate`` upgrades) and refined by hand so that they give
the schema's verdict on every document and write back exactly what they read.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from stac_mlm._base import value_or
from stac_mlm._errors import MAX_ERRORS
from stac_mlm._guard import MAX_DEPTH
from stac_mlm._spec import MLM_RELEASES, MLM_SCHEMA_URI, MLM_VERSION
from stac_mlm._version import __version__

if TYPE_CHECKING:
    from stac_mlm.aggregate import SummaryAccumulator, summarize
    from stac_mlm.assets import ITEM_ONLY_FIELDS, MLMAsset
    from stac_mlm.batch import json_lines, validate_many
    from stac_mlm.collection import MLMCollection, MLMItemAsset
    from stac_mlm.enums import Accelerator, AssetRole, DataType, Framework, ResizeType, Task
    from stac_mlm.inputs import (
        BandReference,
        InputStructure,
        ModelBand,
        ModelInput,
        ModelVariable,
        ProcessingExpression,
        ValueScaling,
        ValueScalingClip,
        ValueScalingClipMax,
        ValueScalingClipMin,
        ValueScalingMinMax,
        ValueScalingOffset,
        ValueScalingProcessing,
        ValueScalingScale,
        ValueScalingZScore,
        VariableReference,
    )
    from stac_mlm.item import MLMItem
    from stac_mlm.links import DERIVED_FROM, MLMLink, MLMLinks
    from stac_mlm.linting import LintFinding, lint
    from stac_mlm.migration import MigrationNote, MigrationReport, migrate
    from stac_mlm.model_card import card
    from stac_mlm.outputs import ClassificationClass, ModelOutput, ResultStructure
    from stac_mlm.properties import ASSET_ONLY_FIELDS, Hyperparameters, MLMItemProperties
    from stac_mlm.releases import load
    from stac_mlm.summaries import NEVER_SUMMARIZED, MLMSummaries, Summary, SummaryRange

# Every name below is imported from its module on first use. The models are built when
# their module is imported (FastAPI needs them built, see `_base.MLM_CONFIG`), which is most
# of what importing this package would cost: `import stac_mlm` builds none of them, and
# `from stac_mlm import MLMItem` builds the models of an Item only (not Collections, nor
# aggregation, migration, lint or cards). See benchmarks/imports.py.
_LAZY = {
    "ITEM_ONLY_FIELDS": "stac_mlm.assets",
    "MLMAsset": "stac_mlm.assets",
    "Accelerator": "stac_mlm.enums",
    "AssetRole": "stac_mlm.enums",
    "DataType": "stac_mlm.enums",
    "Framework": "stac_mlm.enums",
    "ResizeType": "stac_mlm.enums",
    "Task": "stac_mlm.enums",
    "BandReference": "stac_mlm.inputs",
    "InputStructure": "stac_mlm.inputs",
    "ModelBand": "stac_mlm.inputs",
    "ModelInput": "stac_mlm.inputs",
    "ModelVariable": "stac_mlm.inputs",
    "ProcessingExpression": "stac_mlm.inputs",
    "ValueScaling": "stac_mlm.inputs",
    "ValueScalingClip": "stac_mlm.inputs",
    "ValueScalingClipMax": "stac_mlm.inputs",
    "ValueScalingClipMin": "stac_mlm.inputs",
    "ValueScalingMinMax": "stac_mlm.inputs",
    "ValueScalingOffset": "stac_mlm.inputs",
    "ValueScalingProcessing": "stac_mlm.inputs",
    "ValueScalingScale": "stac_mlm.inputs",
    "ValueScalingZScore": "stac_mlm.inputs",
    "VariableReference": "stac_mlm.inputs",
    "MLMItem": "stac_mlm.item",
    "DERIVED_FROM": "stac_mlm.links",
    "MLMLink": "stac_mlm.links",
    "MLMLinks": "stac_mlm.links",
    "ClassificationClass": "stac_mlm.outputs",
    "ModelOutput": "stac_mlm.outputs",
    "ResultStructure": "stac_mlm.outputs",
    "ASSET_ONLY_FIELDS": "stac_mlm.properties",
    "Hyperparameters": "stac_mlm.properties",
    "MLMItemProperties": "stac_mlm.properties",
    "SummaryAccumulator": "stac_mlm.aggregate",
    "summarize": "stac_mlm.aggregate",
    "MLMCollection": "stac_mlm.collection",
    "MLMItemAsset": "stac_mlm.collection",
    "NEVER_SUMMARIZED": "stac_mlm.summaries",
    "MLMSummaries": "stac_mlm.summaries",
    "Summary": "stac_mlm.summaries",
    "SummaryRange": "stac_mlm.summaries",
    "card": "stac_mlm.model_card",
    "lint": "stac_mlm.linting",
    "LintFinding": "stac_mlm.linting",
    "load": "stac_mlm.releases",
    "json_lines": "stac_mlm.batch",
    "validate_many": "stac_mlm.batch",
    "migrate": "stac_mlm.migration",
    "MigrationNote": "stac_mlm.migration",
    "MigrationReport": "stac_mlm.migration",
}


# Hidden from type checkers: a module-level __getattr__ makes them accept any name as Any
# (``from stac_mlm import MLMItm`` would pass); they see the imports above instead.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name in _LAZY:
            value = getattr(import_module(_LAZY[name]), name)
            globals()[name] = value
            return value
        raise AttributeError(f"module 'stac_mlm' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "ASSET_ONLY_FIELDS",
    "DERIVED_FROM",
    "ITEM_ONLY_FIELDS",
    "MAX_DEPTH",
    "MAX_ERRORS",
    "MLM_RELEASES",
    "MLM_SCHEMA_URI",
    "MLM_VERSION",
    "NEVER_SUMMARIZED",
    "Accelerator",
    "AssetRole",
    "BandReference",
    "ClassificationClass",
    "DataType",
    "Framework",
    "Hyperparameters",
    "InputStructure",
    "LintFinding",
    "MLMAsset",
    "MLMCollection",
    "MLMItem",
    "MLMItemAsset",
    "MLMItemProperties",
    "MLMLink",
    "MLMLinks",
    "MLMSummaries",
    "MigrationNote",
    "MigrationReport",
    "ModelBand",
    "ModelInput",
    "ModelOutput",
    "ModelVariable",
    "ProcessingExpression",
    "ResizeType",
    "ResultStructure",
    "Summary",
    "SummaryAccumulator",
    "SummaryRange",
    "Task",
    "ValueScaling",
    "ValueScalingClip",
    "ValueScalingClipMax",
    "ValueScalingClipMin",
    "ValueScalingMinMax",
    "ValueScalingOffset",
    "ValueScalingProcessing",
    "ValueScalingScale",
    "ValueScalingZScore",
    "VariableReference",
    "__version__",
    "card",
    "json_lines",
    "lint",
    "load",
    "migrate",
    "summarize",
    "validate_many",
    "value_or",
]
