"""A complete, valid MLM Item built from typed objects (``stac-mlm example``)."""

from __future__ import annotations

from datetime import UTC, datetime

from stac_mlm.assets import MLMAsset
from stac_mlm.enums import Accelerator, AssetRole, DataType, Framework, ResizeType, Task
from stac_mlm.inputs import InputStructure, ModelInput, ValueScalingZScore
from stac_mlm.item import MLMItem
from stac_mlm.links import MLMLink
from stac_mlm.outputs import ClassificationClass, ModelOutput, ResultStructure
from stac_mlm.properties import MLMItemProperties

__all__ = ["example_item"]

_BANDS = ["B02", "B03", "B04", "B08"]
_LAND_COVER = ["Annual Crop", "Forest", "Herbaceous Vegetation", "Highway", "Industrial"]


def _model_input() -> ModelInput:
    return ModelInput(
        name="Sentinel-2 blue, green, red and near-infrared",
        bands=list(_BANDS),
        input=InputStructure(
            shape=[-1, len(_BANDS), 64, 64],
            dim_order=["batch", "bands", "height", "width"],
            data_type=DataType.FLOAT32,
        ),
        value_scaling=[
            ValueScalingZScore(type="z-score", mean=mean, stddev=stddev)
            for mean, stddev in [(1354.4, 245.7), (1118.2, 333.0), (1042.9, 395.1), (2223.3, 861.2)]
        ],
        resize_type=ResizeType.CROP,
        pre_processing_function=None,
    )


def _model_output() -> ModelOutput:
    return ModelOutput(
        name="land cover class",
        tasks=[Task.SCENE_CLASSIFICATION],
        result=ResultStructure(
            shape=[-1, len(_LAND_COVER)], dim_order=["batch", "class"], data_type=DataType.FLOAT32
        ),
        classification_classes=[
            ClassificationClass(value=value, name=name.lower().replace(" ", "_"), description=name)
            for value, name in enumerate(_LAND_COVER)
        ],
        post_processing_function=None,
    )


def example_item() -> MLMItem:
    """A ResNet-18 scene classifier for Sentinel-2 patches, described with MLM v1.5.2."""
    properties = MLMItemProperties(
        datetime=datetime(2024, 1, 1, tzinfo=UTC),
        description="ResNet-18 land cover classifier trained on EuroSAT (example).",
        mlm_name="ResNet-18 Sentinel-2 EuroSAT",
        mlm_architecture="ResNet",
        mlm_tasks=[Task.SCENE_CLASSIFICATION],
        mlm_framework=Framework.PY_TORCH,
        mlm_framework_version="2.1.2",
        mlm_total_parameters=11_700_000,
        mlm_pretrained=True,
        mlm_pretrained_source="EuroSAT Sentinel-2",
        mlm_accelerator=Accelerator.CUDA,
        mlm_accelerator_constrained=False,
        mlm_input=[_model_input()],
        mlm_output=[_model_output()],
        mlm_hyperparameters={"learning_rate": 0.001, "epochs": 30},
        # STAC 1.1 band definitions that the model input refers to.
        bands=_band_definitions(),
    )
    weights = MLMAsset(
        href="https://example.com/models/resnet18-eurosat.pth",
        type="application/octet-stream; framework=pytorch",
        title="ResNet-18 weights",
        # the MLM roles, and the generic ones for clients that know no MLM (best practices)
        roles=[AssetRole.MODEL, "model", AssetRole.WEIGHTS, "weights"],
        mlm_artifact_type="torch.save",
        # STAC 1.1 core allows bands in properties only when some asset has bands too.
        bands=_band_definitions(),
    )
    source = MLMAsset(
        href="https://example.com/models/resnet18-eurosat/inference.py",
        type="text/x-python",
        roles=[AssetRole.SOURCE_CODE, AssetRole.CODE],
        mlm_entrypoint="inference:predict",
    )
    return MLMItem(
        id="resnet-18-sentinel-2-eurosat",
        stac_version="1.1.0",
        geometry={
            "type": "Polygon",
            "coordinates": [[[-7.9, 37.1], [27.5, 37.1], [27.5, 58.2], [-7.9, 58.2], [-7.9, 37.1]]],
        },
        bbox=[-7.9, 37.1, 27.5, 58.2],
        properties=properties,
        assets={"weights": weights, "source_code": source},
        links=[
            MLMLink.derived_from(
                "https://example.com/models/resnet-18-imagenet.json", "ResNet-18 ImageNet"
            )
        ],
    )


def _band_definitions() -> list[dict[str, str]]:
    return [{"name": band} for band in _BANDS]
