"""MLM v1.5.0: reserved ``"bands"``/``"variables"`` dimensions, entrypoints, ``"cpu"``."""

from __future__ import annotations

from typing import Final

from stac_mlm._item_rules import has_role
from stac_mlm.migration._report import Location, Log
from stac_mlm.migration._where import (
    JsonObject,
    assets_of,
    drop_summaries,
    is_collection,
    item_properties,
    json_text,
    model_io_of,
    rename_values,
)


def to_1_5_0(document: JsonObject, log: Log) -> None:
    """v1.5.0: reserved ``"bands"``/``"variables"`` dimensions, entrypoints, ``"cpu"``.

    Changelog: "the `"bands"` and `"variables"` dimension names are now considered reserved
    [...] and cannot be employed as general dimension names without accompanying `bands` or
    `variables` definitions" (and required in `dim_order` when they are listed); "Enforce
    `roles: ["code"]` (minimally) to be included if an Asset specified `mlm:entrypoint`";
    "Add `cpu` device type to `mlm:accelerator`", which no schema accepts.
    """
    for key, structure in (("mlm:input", "input"), ("mlm:output", "result")):
        for location, model_io in model_io_of(document, key):
            for name in ("bands", "variables"):
                _reserved_dimension(location, model_io, structure, name, log)
    _entrypoints_on_code_assets(document, log)
    drop_summaries(document, ("mlm:entrypoint",), "v1.5.0", log)
    cpu_is_amd64(document, log)


def _reserved_dimension(
    location: Location, model_io: JsonObject, structure: str, name: str, log: Log
) -> None:
    """A listed ``bands`` (``variables``) needs the ``"bands"`` (``"variables"``) dimension,
    and that dimension name needs them listed."""
    shape = model_io.get(structure)
    dims = shape.get("dim_order") if isinstance(shape, dict) else None
    if not isinstance(shape, dict) or not isinstance(dims, list):
        return
    references = model_io.get(name)
    count = len(references) if isinstance(references, list) else 0
    where = (*location, structure, "dim_order")
    if count and name not in dims:
        candidates = [index for index, dim in enumerate(dims) if _is_synonym(dim, name)]
        if len(candidates) > 1:
            log.needs_human(
                where,
                f"since v1.5.0 the dimension stacking the {count} listed {name} is named "
                f"{name!r}, and {json_text([dims[i] for i in candidates])} could each be it: "
                f"rename the one that is {name!r}",
            )
            return
        if not candidates or not _fits(shape, candidates[0], count):
            log.needs_human(
                where,
                f"since v1.5.0 the dimension stacking the {count} listed {name} is named "
                f"{name!r}, and none of {json_text(dims)} can be told to be it: rename it {name!r}",
            )
            return
        (index,) = candidates
        log.changed(
            (*where, index),
            f"{dims[index]!r} → {name!r}: since v1.5.0 the dimension stacking the {count} listed "
            f"{name} is named {name!r}, and {dims[index]!r} is a name for it (the official "
            "examples renamed 'channel' so)",
        )
        dims[index] = name
    elif not count and name in dims:
        log.needs_human(
            (*where, dims.index(name)),
            f"since v1.5.0 {name!r} is reserved for the dimension stacking the listed {name}, "
            f"and none are listed: rename the dimension, or list the {name}",
        )


#: Names that documents give the dimension stacking the listed bands (variables), compared
#: in lower case, so that ``"C"`` and ``"Bands"`` are among them. ``"channel"`` is the name
#: of the official examples before v1.5.0; the others are the usual names in the libraries
#: (``"c"`` in NCHW/NHWC layouts, ``"band"`` in rasterio/xarray, ``"variable"`` in xarray's
#: ``to_array``). A name that is not here (``"ndvi"``, ``"features"``…) is left to a person.
STACKING_DIMENSION_NAMES: Final[dict[str, frozenset[str]]] = {
    "bands": frozenset({"bands", "band", "channel", "channels", "c", "spectral", "spectral_bands"}),
    "variables": frozenset({"variables", "variable", "vars", "var"}),
}


def _is_synonym(dim: object, name: str) -> bool:
    return isinstance(dim, str) and dim.lower() in STACKING_DIMENSION_NAMES[name]


def _fits(shape: JsonObject, index: int, count: int) -> bool:
    """The dimension's size is -1 or the number listed (or the shape does not say it)."""
    dims, sizes = shape["dim_order"], shape.get("shape")
    if isinstance(sizes, list) and len(sizes) == len(dims):
        return sizes[index] in (-1, count) and not isinstance(sizes[index], bool)
    return True


def _entrypoints_on_code_assets(document: JsonObject, log: Log) -> None:
    properties = item_properties(document)
    if properties is not None and "mlm:entrypoint" in properties:
        log.removed(
            ("properties", "mlm:entrypoint"),
            properties.pop("mlm:entrypoint"),
            "since v1.5.0 mlm:entrypoint is given on the asset holding the code (role 'code'), "
            "never in Item properties: give it there",
        )
    if is_collection(document):
        return  # The Collection branch of the schema has no role rule.
    for location, asset in assets_of(document):
        if "mlm:entrypoint" not in asset or has_role(asset, "code"):
            continue
        roles = asset.get("roles", [])
        why = "since v1.5.0 an asset giving mlm:entrypoint has the 'code' role"
        if isinstance(roles, list):
            asset["roles"] = [*roles, "code"]
            log.changed((*location, "roles"), f"'code' added: {why}")
        else:
            log.needs_human((*location, "roles"), f"{why}, and roles is not a list")


def cpu_is_amd64(document: JsonObject, log: Log) -> None:
    """``"cpu"`` → ``"amd64"``: the v1.5.0 text lists ``cpu`` as "an alias for the `amd64`
    accelerator type", but no schema (v1.0.0-v1.5.2) accepts it."""
    rename_values(
        document,
        "mlm:accelerator",
        {"cpu": "amd64"},
        "the spec text calls 'cpu' an alias of 'amd64', and no schema up to v1.5.2 accepts 'cpu'",
        log,
    )
