"""DLM (Deep Learning Model extension, v1.0.0-beta.2 and beta.3) → MLM v1.0.0.

MLM v1.0.0 replaced DLM, and its changelog says how ("Changed", "Removed"; the legacy page
``docs/legacy/dlm.md`` has no table): a DLM document becomes an MLM v1.0.0 document here,
and the MLM steps bring it to the target release. What moves where:

- ``dlm:architecture``: ``type`` → ``mlm:architecture``, ``total_nb_parameters`` →
  ``mlm:total_parameters``, ``pretrained`` (a dataset name) → ``mlm:pretrained_source``
  ("reorganized `dlm:architecture` nested fields to exist at the top level");
- ``dlm:runtime``: ``framework`` → ``mlm:framework``, ``version`` (text) →
  ``mlm:framework_version``, ``model_src_url`` → an asset ``source_code`` of role
  ``mlm:source_code`` ("Use common metadata Asset Object to refer to model asset and source
  code");
- ``dlm:inputs`` and ``dlm:data`` → one ``mlm:input`` ("Data Object, replaced with Model Input
  Object"): ``name``; the names of ``useful_bands`` → ``bands``; ``input_tensors`` (N × C × H
  × W) → ``input.shape`` with ``dim_order`` ``[batch, channel, height, width]``;
  ``data_type`` (beta2: ``dtype``) → ``input.data_type`` when it is a raster data type;
  ``normalization:mean``/``normalization:std`` → ``statistics`` with ``norm_type`` "z-score"
  ("replaced `normalization:mean`, etc. with statistics") when no ``scaling_factor`` applies
  first; ``pre_processing_function`` (a Python function) → a processing expression of
  format ``python``;
- ``dlm:outputs`` → one ``mlm:output`` and ``mlm:tasks``: ``task`` hyphenated ("replaced all
  Enum Tasks names to use hyphens", "replaced `dlm:task` by `mlm:tasks`");
  ``final_layer_size`` → ``result.shape``; ``class_name_mapping`` →
  ``classification:classes`` ("use `classification:classes` in Model Output");
  ``post_processing_function`` → a processing expression of format ``python``.

Every other ``dlm:`` value has no MLM counterpart and is reported with its value
(``dlm:archive``, ``docker``, ``estimated_total_size_mb``…); so is a value a person must
rewrite. An MLM Item's name, the output's name and data type, and the model asset are never
said by DLM: they are reported for a person to write.

Official DLM Items list ``assets`` as a JSON array: each element becomes an asset keyed by
the one name it is written under (``[{"model_archive": {...}}]``), or, for an asset object
written bare, by ``asset-<index>``; a name met twice gets ``-<index>`` too. Each key made
is a change note. DLM examples write an asset's roles as ``role``: it becomes ``roles``.
"""

from __future__ import annotations

from typing import Any, Final

from stac_mlm.migration._legacy import (
    TASKS,
    declare_first_release,
    drop,
    move,
    require_item_fields,
)
from stac_mlm.migration._report import Location, Log
from stac_mlm.migration._where import JsonObject, is_collection, item_properties, json_text

PREFIX: Final = "dlm:"

#: The ``data_type`` values MLM takes (the raster extension's) that DLM's numpy names share.
_DATA_TYPES: Final = frozenset(
    {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
    | {"float16", "float32", "float64"}
)
_DIMENSIONS: Final = ("batch", "channel", "height", "width")
_NO_COUNTERPART: Final = "a DLM field that MLM has no counterpart for"

_WHY: Final = {
    "dlm:archive": "MLM has no counterpart for the files inside an archive: MLM describes "
    "each file as an asset (the model file with the mlm:model role)",
    "estimated_total_size_mb": "mlm:memory_size is an integer number of bytes, and whether a "
    "MB here is 10^6 or 2^20 bytes is not said: a person writes it",
    "summary": "MLM has no field for the layer summary (print(model)): a person may give "
    "it as an asset",
    "model_handler": "MLM v1.0.0 has no counterpart (since v1.5.0, mlm:entrypoint on the "
    "source code asset): a person writes it",
    "model_commit_hash": "MLM has no counterpart: the source code asset's href may point "
    "at that commit",
    "requirement_file": "MLM has no counterpart: a person may give it as an asset",
    "docker": "MLM describes a container as an asset with the mlm:container role (its href "
    "names the image): a person writes it",
    "process_level": "MLM has no counterpart (the processing extension's processing:level "
    "says L0-L4, not DLM's levels)",
    "number_of_bands": "MLM has no counterpart: the input lists its bands",
    "nodata": "MLM records nodata on the bands' definitions (raster:bands…), not on the "
    "input: a person writes it there",
    "nodata_value": "MLM records nodata on the bands' definitions (raster:bands…), not on "
    "the input: a person writes it there",
    "test_file": "MLM has no counterpart for a test file",
    "item_examples": "MLM has no counterpart: a person may link these Items",
    "dont_care_index": "MLM has no counterpart for a class the model ignores",
}
_SCALED: Final = (
    "the data is multiplied by scaling_factor before the mean and standard deviation apply, "
    "and MLM applies one value scaling per band (v1.4.0): a person writes the combined "
    "operation (a z-score of mean / scaling_factor and std / scaling_factor, or a "
    "processing expression)"
)


def from_dlm(document: JsonObject, token: str, log: Log) -> None:
    """A DLM Item or Collection becomes an MLM v1.0.0 document, in place."""
    _assets_as_object(document, log)
    _role_as_roles(document, log)
    properties = item_properties(document)
    if properties is not None:
        _item_properties(document, properties, log)
    elif is_collection(document):
        _collection(document, log)
    declare_first_release(document, token, log)
    require_item_fields(document, "DLM", log)


def _object(holder: JsonObject, key: str, where: Location, log: Log) -> JsonObject | None:
    """``holder[key]`` taken out when it is an object; reported when it is anything else."""
    if key not in holder:
        return None
    value = holder.pop(key)
    if isinstance(value, dict):
        return value
    drop((*where, key), value, f"DLM's {key} is an object: a person rewrites it", log)
    return None


def _rest(holder: JsonObject, where: Location, log: Log) -> None:
    """What is left of a DLM object: no counterpart, each reported with its value."""
    for key in list(holder):
        drop((*where, key), holder.pop(key), _WHY.get(key, _NO_COUNTERPART), log)


def _expression(value: Any) -> Any:
    """A DLM Python function (text) as a processing expression; ``null`` stays ``null``."""
    return {"format": "python", "expression": value} if isinstance(value, str) else value


# ---- assets ---------------------------------------------------------------------------------


def _assets_as_object(document: JsonObject, log: Log) -> None:
    assets = document.get("assets")
    if not isinstance(assets, list):
        return
    keyed: JsonObject = {}
    for index, element in enumerate(assets):
        where = ("assets", index)
        if isinstance(element, dict) and len(element) == 1 and "href" not in element:
            [(name, asset)] = element.items()
            how = f"keyed {name!r}, the name it is written under"
        elif isinstance(element, dict):
            name, asset, how = f"asset-{index}", element, "keyed by its place in the array"
        else:
            drop(where, element, "an asset is an object: a person rewrites it", log)
            continue
        if name in keyed:
            name, how = f"{name}-{index}", f"keyed {name}-{index}: {name!r} is taken"
        keyed[name] = asset
        log.changed(where, f"→ assets → {name} ({how}): STAC assets are an object, not an array")
    document["assets"] = keyed


def _role_as_roles(document: JsonObject, log: Log) -> None:
    assets = document.get("assets")
    if not isinstance(assets, dict):
        return
    for key, asset in assets.items():
        if isinstance(asset, dict) and "role" in asset and "roles" not in asset:
            asset["roles"] = asset.pop("role")
            log.changed(("assets", key, "role"), "→ roles: STAC names an asset's roles so")


def _source_code_asset(document: JsonObject, url: Any, where: Location, log: Log) -> None:
    assets = document.get("assets")
    if not isinstance(assets, dict) or "source_code" in assets:
        drop(where, url, "an asset source_code exists: a person describes the code as one", log)
        return
    assets["source_code"] = {"href": url, "roles": ["mlm:source_code"]}
    log.changed(
        where,
        f"→ assets → source_code (href {json_text(url)}, roles ['mlm:source_code']): MLM "
        "refers to the source code by an asset",
    )


# ---- Item properties ------------------------------------------------------------------------


def _item_properties(document: JsonObject, properties: JsonObject, log: Log) -> None:
    where: Location = ("properties",)
    architecture = _object(properties, "dlm:architecture", where, log)
    if architecture is not None:
        _architecture(architecture, properties, log)
    runtime = _object(properties, "dlm:runtime", where, log)
    if runtime is not None:
        _runtime(runtime, document, properties, log)
    inputs = _object(properties, "dlm:inputs", where, log)
    data = _object(properties, "dlm:data", where, log)
    if "mlm:input" in properties:  # written by the author: never replaced
        _given_too(properties, {"dlm:inputs": inputs, "dlm:data": data}, "mlm:input", log)
    elif inputs is not None or data is not None:
        properties["mlm:input"] = [_input(inputs or {}, data or {}, log)]
    outputs = _object(properties, "dlm:outputs", where, log)
    if "mlm:output" in properties:
        _given_too(properties, {"dlm:outputs": outputs}, "mlm:output", log)
    elif outputs is not None:
        properties["mlm:output"] = [_output(outputs, properties, log)]
    for key in [key for key in properties if key.startswith(PREFIX)]:
        drop((*where, key), properties.pop(key), _WHY.get(key, _NO_COUNTERPART), log)


def _architecture(architecture: JsonObject, properties: JsonObject, log: Log) -> None:
    where = ("properties", "dlm:architecture")
    move(architecture, "type", properties, "mlm:architecture", where, log)
    move(architecture, "total_nb_parameters", properties, "mlm:total_parameters", where, log)
    move(architecture, "pretrained", properties, "mlm:pretrained_source", where, log)
    _rest(architecture, where, log)


def _runtime(runtime: JsonObject, document: JsonObject, properties: JsonObject, log: Log) -> None:
    where = ("properties", "dlm:runtime")
    move(runtime, "framework", properties, "mlm:framework", where, log)
    if isinstance(runtime.get("version"), str):
        move(runtime, "version", properties, "mlm:framework_version", where, log)
    elif "version" in runtime:
        why = (
            "mlm:framework_version is a version text (e.g. '1.5.0'), and a number does not "
            "say one (1.10 reads as 1.1): a person writes it"
        )
        drop((*where, "version"), runtime.pop("version"), why, log)
    if isinstance(runtime.get("model_src_url"), str):
        url = runtime.pop("model_src_url")
        _source_code_asset(document, url, (*where, "model_src_url"), log)
    _rest(runtime, where, log)


def _input(inputs: JsonObject, data: JsonObject, log: Log) -> JsonObject:
    where_inputs = ("properties", "dlm:inputs")
    where_data = ("properties", "dlm:data")
    model_input: JsonObject = {}
    move(inputs, "name", model_input, "name", where_inputs, log, "mlm:input → 0 → ")
    indexes = _bands(data, model_input, log)
    structure: JsonObject = {}
    _tensor(inputs, structure, log)
    for key in ("data_type", "dtype"):  # beta2 wrote dtype, and so do the beta.3 examples
        _data_type(data, key, structure, log)
    if structure:
        model_input["input"] = structure
    _normalization(inputs, model_input, log)
    _selected_bands(inputs, indexes, log)
    if "pre_processing_function" in inputs:
        inputs["pre_processing_function"] = _expression(inputs["pre_processing_function"])
        move(inputs, "pre_processing_function", model_input, "pre_processing_function",
             where_inputs, log, "mlm:input → 0 → ")  # fmt: skip
    _rest(inputs, where_inputs, log)
    _rest(data, where_data, log)
    return model_input


def _bands(data: JsonObject, model_input: JsonObject, log: Log) -> list[Any] | None:
    """The names of ``useful_bands`` become the input's bands; their indexes are returned."""
    if "useful_bands" not in data:
        return None
    where = ("properties", "dlm:data", "useful_bands")
    useful = data.pop("useful_bands")
    named = isinstance(useful, list) and all(
        isinstance(band, dict) and isinstance(band.get("name"), str) for band in useful
    )
    if not named:
        why = "MLM names an input's bands, and not every band here has a name: a person lists them"
        drop(where, useful, why, log)
        return None
    model_input["bands"] = [band["name"] for band in useful]
    log.changed(where, f"names → mlm:input → 0 → bands ({json_text(model_input['bands'])})")
    indexes = [band.get("index") for band in useful]
    if any(index is not None for index in indexes):
        why = "MLM refers to bands by name: their indexes in the source data have no counterpart"
        log.removed((*where, "index"), indexes, why)
    return indexes


def _tensor(inputs: JsonObject, structure: JsonObject, log: Log) -> None:
    if "input_tensors" not in inputs:
        return
    where = ("properties", "dlm:inputs", "input_tensors")
    tensors = inputs.pop("input_tensors")
    tensor = tensors[0] if isinstance(tensors, list) and len(tensors) == 1 else tensors
    channels = [key for key in ("dim", "channels") if isinstance(tensor, dict) and key in tensor]
    sizes = (
        [tensor[key] for key in ("batch", channels[0], "height", "width") if key in tensor]
        if isinstance(tensor, dict) and len(channels) == 1 and len(tensor) == 4
        else []
    )
    if len(sizes) != 4 or not all(isinstance(size, int) for size in sizes):
        why = (
            "not one tensor of batch, dim (or channels), height and width sizes: a person "
            "writes the input's shape and dimension order"
        )
        drop(where, tensors, why, log)
        return
    structure["shape"], structure["dim_order"] = sizes, list(_DIMENSIONS)
    log.changed(
        where,
        f"→ mlm:input → 0 → input: shape {json_text(sizes)}, dim_order "
        f"{json_text(list(_DIMENSIONS))} (DLM's N × C × H × W)",
    )


def _data_type(data: JsonObject, key: str, structure: JsonObject, log: Log) -> None:
    if key not in data:
        return
    where = ("properties", "dlm:data", key)
    value = data.pop(key)
    if "data_type" in structure:
        drop(where, value, f"the data type is given twice: {structure['data_type']!r} kept", log)
    elif isinstance(value, str) and value in _DATA_TYPES:
        structure["data_type"] = value
        log.changed(where, f"→ mlm:input → 0 → input → data_type ({value!r})")
    else:
        why = (
            "MLM takes a raster data type (int8 … float64), and this numpy name is not one "
            "(or depends on the platform): a person writes it"
        )
        drop(where, value, why, log)


def _normalization(inputs: JsonObject, model_input: JsonObject, log: Log) -> None:
    where = ("properties", "dlm:inputs")
    keys = ("normalization:mean", "normalization:std")
    mean, std = (inputs.get(key) for key in keys)
    if "scaling_factor" in inputs:
        for key in ("scaling_factor", *keys):
            if key in inputs:
                drop((*where, key), inputs.pop(key), _SCALED, log)
        return
    paired = (
        isinstance(mean, list)
        and isinstance(std, list)
        and len(mean) == len(std) > 0
        and all(isinstance(n, int | float) and not isinstance(n, bool) for n in mean + std)
    )
    if not paired:
        return  # reported with the rest, with their values
    means, stds = inputs.pop("normalization:mean"), inputs.pop("normalization:std")
    model_input["statistics"] = [{"mean": m, "stddev": s} for m, s in zip(means, stds, strict=True)]
    model_input["norm_type"] = "z-score"
    model_input["norm_by_channel"] = True
    log.changed(
        (*where, "normalization:mean"),
        "normalization:mean and normalization:std → mlm:input → 0 → statistics (mean, "
        "stddev, one per band), norm_type 'z-score', norm_by_channel true",
    )


def _selected_bands(inputs: JsonObject, indexes: list[Any] | None, log: Log) -> None:
    if "selected_bands" not in inputs:
        return
    where = ("properties", "dlm:inputs", "selected_bands")
    value = inputs.pop("selected_bands")
    if indexes is not None and value == indexes:
        log.changed(where, f"{json_text(value)} removed: the useful bands' indexes, named by bands")
        return
    why = (
        f"which bands these indexes select is not said (the useful bands' indexes are "
        f"{json_text(indexes)}): a person checks the input's bands"
    )
    drop(where, value, why, log)


def _output(outputs: JsonObject, properties: JsonObject, log: Log) -> JsonObject:
    where = ("properties", "dlm:outputs")
    model_output: JsonObject = {}
    if "task" in outputs:
        _task(outputs.pop("task"), model_output, properties, log)
    if isinstance(outputs.get("final_layer_size"), list):
        _result(outputs.pop("final_layer_size"), model_output, log)
    if "class_name_mapping" in outputs:
        _classes(outputs, model_output, log)
    if "post_processing_function" in outputs:
        outputs["post_processing_function"] = _expression(outputs["post_processing_function"])
        move(outputs, "post_processing_function", model_output, "post_processing_function",
             where, log, "mlm:output → 0 → ")  # fmt: skip
    _rest(outputs, where, log)
    log.needs_human(
        where,
        "the output's name (mlm:output → 0 → name) and data type (… → result → data_type), "
        "which MLM requires and DLM does not give: a person writes them",
    )
    return model_output


def _given_too(
    properties: JsonObject, objects: dict[str, JsonObject | None], field: str, log: Log
) -> None:
    """The DLM objects that ``field``, given by the document already, would come from."""
    why = f"{field} is given too ({json_text(properties[field])}): a person says which is right"
    for key, value in objects.items():
        if value is not None:
            drop(("properties", key), value, why, log)


def _task(task: Any, model_output: JsonObject, properties: JsonObject, log: Log) -> None:
    where = ("properties", "dlm:outputs", "task")
    if "mlm:tasks" in properties:
        given = json_text(properties["mlm:tasks"])
        drop(where, task, f"mlm:tasks is given too ({given}): a person says which is right", log)
        return
    hyphenated = task.replace(" ", "-") if isinstance(task, str) else None
    if hyphenated not in TASKS:
        drop(where, task, "not an MLM task, hyphenated or not: a person names the task", log)
        return
    model_output["tasks"] = [hyphenated]
    properties["mlm:tasks"] = [hyphenated]
    log.changed(where, f"{task!r} → mlm:tasks and mlm:output → 0 → tasks ([{hyphenated!r}])")


def _result(sizes: list[Any], model_output: JsonObject, log: Log) -> None:
    where = ("properties", "dlm:outputs", "final_layer_size")
    result: JsonObject = {"shape": sizes}
    if len(sizes) == len(_DIMENSIONS):
        result["dim_order"] = list(_DIMENSIONS)
        order = f", dim_order {json_text(list(_DIMENSIONS))} (DLM's N × C × H × W)"
    else:
        order = ""
        log.needs_human(
            where,
            f"{len(sizes)} sizes, not DLM's N × C × H × W: a person writes the output's "
            "dimension order (mlm:output → 0 → result → dim_order)",
        )
    model_output["result"] = result
    log.changed(where, f"→ mlm:output → 0 → result: shape {json_text(sizes)}{order}")


def _classes(outputs: JsonObject, model_output: JsonObject, log: Log) -> None:
    where = ("properties", "dlm:outputs")
    mapping = outputs.pop("class_name_mapping")
    pairs = _class_pairs(mapping)
    if pairs is None:
        why = "not a mapping of class indexes to names: a person writes classification:classes"
        drop((*where, "class_name_mapping"), mapping, why, log)
        return
    model_output["classification:classes"] = [
        {"value": value, "name": name, "description": name} for value, name in pairs
    ]
    log.changed(
        (*where, "class_name_mapping"),
        "→ mlm:output → 0 → classification:classes (index → value, class name → name and "
        "description, which classification v1.1.0 requires)",
    )
    count = outputs.get("number_of_classes")
    if count == len(pairs):
        del outputs["number_of_classes"]
        log.changed((*where, "number_of_classes"), f"{count} removed: the classes listed")
    elif "number_of_classes" in outputs:
        why = f"{len(pairs)} classes are listed: a person says which is right"
        drop((*where, "number_of_classes"), outputs.pop("number_of_classes"), why, log)


def _class_pairs(mapping: Any) -> list[tuple[int, str]] | None:
    """(index, name) of each class: ``[{"index": 0, "class_name": "x"}]``, ``[{"0": "x"}]``,
    ``{"0": "x"}`` or beta.3's ``{"I_0": "x"}``; ``None`` for anything else."""
    entries: list[tuple[Any, Any]] = []
    if isinstance(mapping, dict):
        entries = list(mapping.items())
    elif isinstance(mapping, list):
        for entry in mapping:
            if isinstance(entry, dict) and set(entry) == {"index", "class_name"}:
                entries.append((entry["index"], entry["class_name"]))
            elif isinstance(entry, dict) and len(entry) == 1:
                entries += entry.items()
            else:
                return None
    pairs = [(_class_index(index), name) for index, name in entries]
    if not pairs or any(index is None or not isinstance(name, str) for index, name in pairs):
        return None
    return [(index, name) for index, name in pairs if index is not None]


def _class_index(index: Any) -> int | None:
    if isinstance(index, int) and not isinstance(index, bool):
        return index
    text = index.removeprefix("I_") if isinstance(index, str) else ""
    return int(text) if text.isascii() and text.isdigit() else None


def _collection(document: JsonObject, log: Log) -> None:
    """A Collection's DLM fields (top level, summaries): MLM describes a model in Items."""
    why = "MLM describes a model in its Items (a Collection summarizes their fields)"
    summaries = document.get("summaries")
    holders: list[tuple[Location, JsonObject]] = [((), document)]
    if isinstance(summaries, dict):
        holders.append((("summaries",), summaries))
    for where, holder in holders:
        for key in [key for key in holder if key.startswith(PREFIX)]:
            drop((*where, key), holder.pop(key), why, log)
