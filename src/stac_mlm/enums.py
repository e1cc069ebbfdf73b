"""The vocabularies of the MLM extension as ``StrEnum``s (members are plain strings)."""

from __future__ import annotations

from enum import StrEnum

from stac_mlm._generated.v1_5_2 import Accelerator, DataType, Framework, ResizeType, Task

__all__ = ["Accelerator", "AssetRole", "DataType", "Framework", "ResizeType", "Task"]


class AssetRole(StrEnum):
    """Asset roles named by the MLM specification ("MLM Asset Roles").

    ``roles`` stays a list of strings: these members are strings, and any other role is
    allowed next to them.
    """

    MODEL = "mlm:model"
    """REQUIRED on the asset holding the model; it requires ``mlm:artifact_type``."""
    WEIGHTS = "mlm:weights"
    CHECKPOINT = "mlm:checkpoint"
    COMPILED = "mlm:compiled"
    SOURCE_CODE = "mlm:source_code"
    CONTAINER = "mlm:container"
    TRAINING_RUNTIME = "mlm:training-runtime"
    INFERENCE_RUNTIME = "mlm:inference-runtime"
    # Generic roles the specification recommends beside the ``mlm:`` ones.
    GENERIC_MODEL = "model"
    GENERIC_WEIGHTS = "weights"
    GENERIC_CHECKPOINT = "checkpoint"
    CODE = "code"
    """Required on an asset that gives ``mlm:entrypoint``."""
    RUNTIME = "runtime"
