"""Model outputs: Model Output, Result Structure, classification classes."""

from __future__ import annotations

from stac_mlm._generated.v1_5_2 import ClassificationClass, ModelOutput, ResultStructure

__all__ = ["ClassificationClass", "ModelOutput", "ResultStructure"]
