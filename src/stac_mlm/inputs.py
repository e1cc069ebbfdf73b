"""Model inputs: Model Input, Input Structure, band/variable references, value scaling."""

from __future__ import annotations

from typing import Annotated, TypeAlias

from pydantic import Field

from stac_mlm._generated.v1_5_2 import (
    InputStructure,
    ModelBand,
    ModelInput,
    ProcessingExpression,
    ValueScalingClip,
    ValueScalingClipMax,
    ValueScalingClipMin,
    ValueScalingMinMax,
    ValueScalingOffset,
    ValueScalingProcessing,
    ValueScalingScale,
    ValueScalingZScore,
)

__all__ = [
    "BandReference",
    "InputStructure",
    "ModelBand",
    "ModelInput",
    "ModelVariable",
    "ProcessingExpression",
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
]

#: The "Model Variable Object" has the same definition as the "Model Band Object".
ModelVariable = ModelBand

#: A band of ``bands``: its name, or a Model Band object.
BandReference: TypeAlias = str | ModelBand
#: A variable of ``variables``: its name, or a Model Variable object.
VariableReference: TypeAlias = str | ModelVariable

#: One Value Scaling object, discriminated by its ``type``.
ValueScaling: TypeAlias = Annotated[
    ValueScalingMinMax
    | ValueScalingZScore
    | ValueScalingClip
    | ValueScalingClipMin
    | ValueScalingClipMax
    | ValueScalingOffset
    | ValueScalingScale
    | ValueScalingProcessing,
    Field(discriminator="type"),
]
