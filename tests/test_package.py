"""The public API: a curated, pinned ``__all__``; typed; no generator names."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from importlib.resources import files

import stac_mlm
from stac_mlm import MLM_SCHEMA_URI, MLM_VERSION

PUBLIC_API = [
    "MLM_RELEASES",
    "load",
    "lint",
    "LintFinding",
    "card",
    "migrate",
    "MigrationNote",
    "MigrationReport",
    "SummaryRange",
    "Summary",
    "NEVER_SUMMARIZED",
    "summarize",
    "SummaryAccumulator",
    "MLMItemAsset",
    "MLMSummaries",
    "MLMCollection",
    "ASSET_ONLY_FIELDS",
    "DERIVED_FROM",
    "ITEM_ONLY_FIELDS",
    "MAX_DEPTH",
    "MAX_ERRORS",
    "MLM_SCHEMA_URI",
    "MLM_VERSION",
    "Accelerator",
    "AssetRole",
    "BandReference",
    "ClassificationClass",
    "DataType",
    "Framework",
    "Hyperparameters",
    "InputStructure",
    "MLMAsset",
    "MLMItem",
    "MLMItemProperties",
    "MLMLink",
    "MLMLinks",
    "ModelBand",
    "ModelInput",
    "ModelOutput",
    "ModelVariable",
    "ProcessingExpression",
    "ResizeType",
    "ResultStructure",
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
    "value_or",
    # Validating many documents (stac_mlm.batch): streaming, the collector paused.
    "validate_many",
    "json_lines",
]

#: Public names that are deliberately another name for a class.
ALIASES = {"ModelVariable": "ModelBand"}


def test_all_is_pinned() -> None:
    assert sorted(stac_mlm.__all__) == sorted(PUBLIC_API)
    for name in stac_mlm.__all__:
        assert hasattr(stac_mlm, name), name


def test_public_classes_carry_their_public_names() -> None:
    for name in stac_mlm.__all__:
        obj = getattr(stac_mlm, name)
        if inspect.isclass(obj):
            assert obj.__name__ == ALIASES.get(name, name)


def test_no_numbered_generator_name_is_reachable_from_public_models() -> None:
    numbered = re.compile(r"\d$")
    for name in stac_mlm.__all__:
        obj = getattr(stac_mlm, name)
        if inspect.isclass(obj) and hasattr(obj, "model_fields"):
            for base in obj.__mro__:
                assert not numbered.search(base.__name__), (name, base.__name__)


def test_package_is_typed() -> None:
    assert files("stac_mlm").joinpath("py.typed").is_file()


def test_spec_version_is_a_constant_independent_of_the_package_version() -> None:
    assert MLM_VERSION == "1.5.2"
    assert MLM_SCHEMA_URI == "https://stac-extensions.github.io/mlm/v1.5.2/schema.json"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", stac_mlm.__version__)


def test_no_submodule_shadows_a_public_name() -> None:
    """Importing a submodule sets it on the package: it must not hide a public function."""
    for module in pkgutil.walk_packages(stac_mlm.__path__, "stac_mlm."):
        if module.name.rsplit(".", 1)[-1] in ("fastapi", "distributed", "pystac"):
            continue  # optional extras, imported by their own tests
        importlib.import_module(module.name)
    for name in stac_mlm.__all__:
        assert not inspect.ismodule(getattr(stac_mlm, name)), name
    assert callable(stac_mlm.migrate)
    assert callable(stac_mlm.load)
    assert callable(stac_mlm.lint)
    assert callable(stac_mlm.card)


#: Private bases only ever validated through the classes built on them: built on first use.
BASES_ONLY = {
    "FieldsRules",  # and the generated field sets built on it (MLMFields, ItemFields...)
    "MLMDocument",
    "StacItemProperties",
    "ReleaseAsset",
    "ItemOnlyFieldsForbidden",
    "AssetOnlyFieldsForbidden",
}


def test_every_model_a_user_can_name_is_built_when_defined() -> None:
    """Only private bases (the generated field sets, the bases of documents, properties and
    assets) are built on first use: a model FastAPI builds late makes pydantic warn (see
    ``_base.MLM_CONFIG``)."""
    from pydantic import BaseModel

    from stac_mlm import releases
    from stac_mlm._base import MLMBaseModel

    for version in stac_mlm.MLM_RELEASES:
        releases.item_model(version)
        releases.collection_model(version)
    public = [getattr(stac_mlm, name) for name in stac_mlm.__all__]
    models = {value for value in public if inspect.isclass(value) and issubclass(value, BaseModel)}
    stack: list[type[MLMBaseModel]] = [MLMBaseModel]
    while stack:
        model = stack.pop()
        stack.extend(model.__subclasses__())
        if (
            not model.__module__.startswith("stac_mlm._generated")
            and model.__name__ not in BASES_ONLY
        ):
            models.add(model)
    assert {model for model in models if not model.__pydantic_complete__} == set()
    assert BASES_ONLY.isdisjoint(stac_mlm.__all__)
