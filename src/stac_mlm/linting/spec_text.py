"""Lint rules from the MLM v1.5.2 specification text (``README.md``): codes ``MLM0xx``.

Each rule is a "should", "recommended" or a rule of the text the official schema does not
check (README "Where the spec text and the schema disagree"), read on one document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from stac_mlm._item_rules import has_role
from stac_mlm._predecessors import kept_predecessor_parts
from stac_mlm._spec import MLM_RELEASES, detect_version
from stac_mlm._stac_core._values import is_number
from stac_mlm.enums import Framework, Task
from stac_mlm.linting._read import Document, objects, strings, structure
from stac_mlm.linting._registry import Hit, rule

_TEXT = "MLM README: "
_IOS = ("mlm:input", "mlm:output")


def _structures(document: Document) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Every input and result structure, located."""
    for field in _IOS:
        for where, entry in document.ios(field):
            found = structure(entry)
            if found is not None:
                yield where + found[0], found[1]


@rule(
    "MLM001",
    "warning",
    _TEXT + "Input Structure Object",
    "a shape dimension is 0 (the text: > 0 or -1; the schema allows 0)",
)
def shape_zero(document: Document) -> Iterator[Hit]:
    for where, shaped in _structures(document):
        shape = shaped.get("shape")
        for index, size in enumerate(shape if isinstance(shape, list) else []):
            if is_number(size) and size == 0:
                yield Hit(
                    (*where, "shape", index),
                    "a dimension must be greater than 0, or -1 for a variable size",
                    size,
                )


@rule(
    "MLM002",
    "warning",
    _TEXT + "Input Structure Object",
    "shape and dim_order have different lengths (never compared by the schema)",
)
def shape_dim_order_lengths(document: Document) -> Iterator[Hit]:
    for where, shaped in _structures(document):
        shape, order = shaped.get("shape"), shaped.get("dim_order")
        if isinstance(shape, list) and isinstance(order, list) and len(shape) != len(order):
            yield Hit(
                (*where, "dim_order"),
                f"dim_order names {len(order)} dimension(s) but shape has {len(shape)}: "
                "dim_order is the order of the shape dimensions by name",
                order,
            )


def _band_names(bands: Any) -> list[str]:
    """The names of band definitions (raster, eo or STAC 1.1 band objects)."""
    return [band["name"] for _, band in objects(bands) if isinstance(band.get("name"), str)]


def defined_band_names(document: Document) -> set[str]:
    """Every band name an Item defines: ``eo:bands``, ``raster:bands`` and ``bands``, in
    properties and on every asset."""
    names: set[str] = set()
    for _, scope in document.scopes():
        for key in ("eo:bands", "raster:bands", "bands"):
            names.update(_band_names(scope.get(key)))
    return names


def referenced_names(entry: dict[str, Any], key: str) -> list[str]:
    """The names an input or output references under ``bands`` or ``variables``; one that
    carries an ``expression`` is excepted: it makes a virtual band or variable (MLM text,
    "Model Band or Variable Object": "a derived-data operation [...] that produces a virtual
    band"), as the schema's band checks except it."""
    references = entry.get(key)
    names = []
    for reference in references if isinstance(references, list) else []:
        if isinstance(reference, dict) and "expression" in reference:
            continue
        name = reference.get("name") if isinstance(reference, dict) else reference
        if isinstance(name, str):
            names.append(name)
    return names


@rule(
    "MLM003",
    "warning",
    _TEXT + "Bands and Variables",
    "a band named by an input or output has no band definition of that name",
)
def band_names_resolve(document: Document) -> Iterator[Hit]:
    yield from _unresolved(
        document,
        "bands",
        defined_band_names(document),
        "band name(s) match no band definition's name in the Item (eo:bands, raster:bands "
        "or bands, in properties or on an asset)",
    )


def _unresolved(document: Document, key: str, defined: set[str], what: str) -> Iterator[Hit]:
    """Each input and output whose ``key`` (bands, variables) names some not in ``defined``."""
    for field in _IOS:
        for where, entry in document.ios(field):
            missing = [name for name in referenced_names(entry, key) if name not in defined]
            if missing:
                yield Hit((*where, key), f"{len(missing)} {what}", missing)


def _cube_variables(document: Document) -> set[str]:
    names: set[str] = set()
    for _, scope in document.scopes():
        variables = scope.get("cube:variables")
        if isinstance(variables, dict):
            names.update(variables)
    return names


@rule(
    "MLM004",
    "warning",
    _TEXT + "Data Variables",
    "a variable named by an input or output is not a key of cube:variables",
)
def variable_names_resolve(document: Document) -> Iterator[Hit]:
    yield from _unresolved(
        document,
        "variables",
        _cube_variables(document),
        "variable name(s) are not keys of cube:variables",
    )


@rule(
    "MLM005",
    "warning",
    _TEXT + "Data Variables",
    "cube:variables is given without cube:dimensions beside it",
)
def cube_dimensions(document: Document) -> Iterator[Hit]:
    for where, scope in document.scopes():
        if "cube:variables" in scope and "cube:dimensions" not in scope:
            yield Hit(
                (*where, "cube:variables"),
                "every variable object requires dimensions, so cube:dimensions should be given too",
            )


def _in_effect(document: Document, scope: dict[str, Any]) -> dict[str, Any]:
    """The fields in effect in ``scope``: an asset's own, else the Item's ("Notes": the
    Item-level value is used for the assets that do not override it)."""
    return {**document.properties, **scope}


@rule(
    "MLM006",
    "warning",
    _TEXT + "Accelerator Type Enum",
    'mlm:accelerator is "cpu" (the text\'s alias of amd64, which the schema refuses)',
)
def accelerator_cpu(document: Document) -> Iterator[Hit]:
    for where, scope in document.scopes():
        if scope.get("mlm:accelerator") == "cpu":
            yield Hit(
                (*where, "mlm:accelerator"),
                'the text lists "cpu" as an alias of "amd64", but the schema accepts only '
                '"amd64": write "amd64"',
                "cpu",
            )


@rule(
    "MLM007",
    "warning",
    _TEXT + "Model Output Object",
    "an output gives classification_classes (the examples' misspelling of classification:classes)",
)
def classification_classes_typo(document: Document) -> Iterator[Hit]:
    for where, entry in document.ios("mlm:output"):
        if "classification_classes" in entry:
            yield Hit(
                (*where, "classification_classes"),
                "classification_classes is not a field: the classes go in "
                "classification:classes (the official examples misspell it; it is never "
                "read as classes)",
            )


@rule(
    "MLM008",
    "info",
    _TEXT + "Item Properties and Collection Fields",
    "mlm:pretrained is true and mlm:pretrained_source is not given",
)
def pretrained_source_given(document: Document) -> Iterator[Hit]:
    for where, scope in document.scopes():
        fields = _in_effect(document, scope)
        if scope.get("mlm:pretrained") is True and "mlm:pretrained_source" not in fields:
            yield Hit(
                (*where, "mlm:pretrained"),
                "the model was pretrained: give mlm:pretrained_source (a dataset name or "
                "URL) if it is known",
                True,
            )


@rule(
    "MLM009",
    "warning",
    _TEXT + "Item Properties and Collection Fields",
    "mlm:pretrained is false and mlm:pretrained_source is not an explicit null",
)
def pretrained_source_null(document: Document) -> Iterator[Hit]:
    for where, scope in document.scopes():
        fields = _in_effect(document, scope)
        if (
            scope.get("mlm:pretrained") is False
            and fields.get("mlm:pretrained_source", 0) is not None
        ):
            yield Hit(
                (*where, "mlm:pretrained_source"),
                "trained from scratch (mlm:pretrained is false): mlm:pretrained_source "
                "should be set to null explicitly",
                fields.get("mlm:pretrained_source"),
            )


@rule(
    "MLM010",
    "info",
    _TEXT + "Accelerator Type Enum",
    'mlm:accelerator is "amd64" and mlm:accelerator_constrained is not true',
)
def amd64_constrained(document: Document) -> Iterator[Hit]:
    for where, scope in document.scopes():
        constrained = _in_effect(document, scope).get("mlm:accelerator_constrained")
        if scope.get("mlm:accelerator") == "amd64" and constrained is not True:
            yield Hit(
                (*where, "mlm:accelerator_constrained"),
                'a model with mlm:accelerator "amd64" uses no accelerator: set '
                "mlm:accelerator_constrained to true to say so",
                constrained,
            )


@rule(
    "MLM011",
    "info",
    _TEXT + "Accelerator Type Enum",
    "mlm:accelerator is null and mlm:accelerator_constrained is true",
)
def null_accelerator_constrained(document: Document) -> Iterator[Hit]:
    for where, scope in document.scopes():
        if (
            "mlm:accelerator" in scope
            and scope["mlm:accelerator"] is None
            and scope.get("mlm:accelerator_constrained") is True
        ):
            yield Hit(
                (*where, "mlm:accelerator_constrained"),
                "with mlm:accelerator null there is no accelerator to be constrained to: "
                "set mlm:accelerator_constrained to false or leave it out",
                True,
            )


_TASKS = frozenset(Task)
_NORMALIZED = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _tasks(document: Document) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every task named, located: ``mlm:tasks`` and each output's ``tasks``."""
    tasks = document.properties.get("mlm:tasks")
    for index, task in enumerate(tasks if isinstance(tasks, list) else []):
        if isinstance(task, str):
            yield ("properties", "mlm:tasks", index), task
    for where, entry in document.ios("mlm:output"):
        tasks = entry.get("tasks")
        for index, task in enumerate(tasks if isinstance(tasks, list) else []):
            if isinstance(task, str):
                yield (*where, "tasks", index), task


@rule(
    "MLM012",
    "info",
    _TEXT + "Task Enum",
    "a task is not one of the Task Enum values (allowed, to be used sparingly)",
)
def task_known(document: Document) -> Iterator[Hit]:
    for where, task in _tasks(document):
        if task not in _TASKS and _NORMALIZED.fullmatch(task):
            yield Hit(
                where, "not one of the Task Enum values: other tasks should be used sparingly", task
            )


@rule(
    "MLM013",
    "warning",
    _TEXT + "Task Enum",
    "a task name is not lowercase with hyphens instead of spaces",
)
def task_normalized(document: Document) -> Iterator[Hit]:
    for where, task in _tasks(document):
        if task not in _TASKS and not _NORMALIZED.fullmatch(task):
            yield Hit(where, "task names should be lowercase, with hyphens instead of spaces", task)


@rule("MLM014", "warning", _TEXT + "Model Output Object", "an output's task is not in mlm:tasks")
def output_tasks_subset(document: Document) -> Iterator[Hit]:
    model_tasks = strings(document.properties.get("mlm:tasks"))
    if not isinstance(document.properties.get("mlm:tasks"), list):
        return
    for where, task in _tasks(document):
        if where[1] == "mlm:output" and task not in model_tasks:
            yield Hit(where, "the tasks of an output should be a subset of mlm:tasks", task)


_SPATIAL = ({"height", "width"}, {"y", "x"}, {"h", "w"})


@rule(
    "MLM015",
    "info",
    _TEXT + "Task Enum",
    'a "classification" output has spatial result dimensions (semantic-segmentation)',
)
def most_specific_task(document: Document) -> Iterator[Hit]:
    for where, entry in document.ios("mlm:output"):
        found = structure(entry)
        order = set(strings(found[1].get("dim_order"))) if found else set()
        tasks = strings(entry.get("tasks"))
        if "classification" in tasks and any(pair <= order for pair in _SPATIAL):
            yield Hit(
                (*where, "tasks"),
                "the result is pixel-wise (its dim_order has spatial dimensions): the most "
                'specific task is "semantic-segmentation", not "classification"',
                entry.get("tasks"),
            )


def _squashed(name: str) -> str:
    return re.sub(r"[\s_-]", "", name).lower()


_FRAMEWORKS = {_squashed(framework): framework.value for framework in Framework}


@rule(
    "MLM016",
    "warning",
    _TEXT + "Framework",
    "mlm:framework is a common framework spelled differently (pytorch for PyTorch)",
)
def framework_spelling(document: Document) -> Iterator[Hit]:
    for where, scope in document.scopes():
        framework = scope.get("mlm:framework")
        if isinstance(framework, str):
            common = _FRAMEWORKS.get(_squashed(framework))
            if common is not None and common != framework:
                yield Hit(
                    (*where, "mlm:framework"),
                    f'write the common name "{common}"',
                    framework,
                )


@rule(
    "MLM017",
    "warning",
    _TEXT + "Bands and Variables",
    "an input or output names the same name in bands and in variables",
)
def distinct_band_variable_names(document: Document) -> Iterator[Hit]:
    for field in _IOS:
        for where, entry in document.ios(field):
            both = sorted(
                set(referenced_names(entry, "bands")) & set(referenced_names(entry, "variables"))
            )
            if both:
                yield Hit(
                    (*where, "variables"),
                    "bands and variables should use distinct names, to tell them apart",
                    both,
                )


@rule(
    "MLM018",
    "info",
    _TEXT + "Bands and Variables",
    "an input gives neither bands nor variables (an empty array says none apply)",
)
def explicit_bands(document: Document) -> Iterator[Hit]:
    for where, entry in document.ios("mlm:input"):
        if "bands" not in entry and "variables" not in entry:
            yield Hit(where, 'give "bands": [] (or the bands or variables used) to be explicit')


_NULLABLE = ("value_scaling", "resize_type", "pre_processing_function")


def _nullable(document: Document) -> tuple[str, ...]:
    """The nullable input fields of the document's release: value_scaling came with
    v1.4.0 (replacing norm_type), and is not asked of a document of an older one."""
    version = detect_version(document.raw)
    if version is not None and MLM_RELEASES.index(version) < MLM_RELEASES.index("1.4.0"):
        return _NULLABLE[1:]
    return _NULLABLE


@rule(
    "MLM019",
    "info",
    _TEXT + "Model Input Object",
    "an input leaves out value_scaling, resize_type or pre_processing_function (null)",
)
def explicit_nulls(document: Document) -> Iterator[Hit]:
    for where, entry in document.ios("mlm:input"):
        missing = [key for key in _nullable(document) if key not in entry]
        if missing:
            yield Hit(
                where,
                f"{', '.join(missing)} not given: null written explicitly tells users that "
                "none applies",
            )  # no value: nothing is found, and the message names what is missing


def _scaled_size(entry: dict[str, Any]) -> int | None:
    """How many value scaling objects the input needs: its bands, or its channel size."""
    bands = entry.get("bands")
    if isinstance(bands, list) and bands:
        return len(bands)
    found = structure(entry)
    if found is None:
        return None
    shape, order = found[1].get("shape"), found[1].get("dim_order")
    if isinstance(shape, list) and isinstance(order, list) and len(shape) == len(order):
        for name in ("bands", "channel"):
            if (
                name in order
                and is_number(shape[order.index(name)])
                and shape[order.index(name)] > 0
            ):
                return int(shape[order.index(name)])
    return None


@rule(
    "MLM020",
    "warning",
    _TEXT + "Value Scaling Object",
    "value_scaling holds neither 1 object nor one per band or channel",
)
def value_scaling_count(document: Document) -> Iterator[Hit]:
    for where, entry in document.ios("mlm:input"):
        scaling = entry.get("value_scaling")
        size = _scaled_size(entry)
        if isinstance(scaling, list) and size is not None and len(scaling) not in (1, size):
            yield Hit(
                (*where, "value_scaling"),
                f"{len(scaling)} value scaling object(s) for {size} band(s) or channel(s): "
                "give one per band or channel, or a single one for all",
                len(scaling),
            )


#: The common dimension names of the text, with the short forms it gives in parentheses.
DIMENSION_NAMES = frozenset(
    {
        "batch", "B", "channel", "C", "bands", "variables", "temperature", "T", "pressure",
        "P", "time", "t", "latitude", "lat", "longitude", "lon", "altitude", "alt", "height",
        "h", "width", "w", "depth", "D", "x", "y", "z", "token", "class", "score",
        "confidence", "embedding",
    }
)  # fmt: skip


@rule(
    "MLM021", "info", _TEXT + "Dimension Order", "a dim_order name is not one of the common names"
)
def common_dimension_names(document: Document) -> Iterator[Hit]:
    for where, shaped in _structures(document):
        order = shaped.get("dim_order")
        for index, name in enumerate(order if isinstance(order, list) else []):
            if isinstance(name, str) and name not in DIMENSION_NAMES:
                yield Hit(
                    (*where, "dim_order", index),
                    "not one of the common dimension names (batch, channel, bands, height, "
                    "width, time, …): use them where they apply",
                    name,
                )


@rule(
    "MLM022",
    "warning",
    _TEXT + "Assets Objects",
    "several mlm:model assets share one mlm:artifact_type",
)
def distinct_artifact_types(document: Document) -> Iterator[Hit]:
    seen: dict[Any, str] = {}
    for key, asset in document.model_assets():
        artifact = asset.get("mlm:artifact_type")
        if isinstance(artifact, str) and artifact in seen:
            yield Hit(
                ("assets", key, "mlm:artifact_type"),
                f"asset {seen[artifact]!r} has the same mlm:artifact_type: several model "
                "assets should be told apart by it",
                artifact,
            )
        elif isinstance(artifact, str):
            seen[artifact] = key


_WEIGHT_ROLES = ("mlm:weights", "mlm:checkpoint", "mlm:compiled")


@rule(
    "MLM023",
    "info",
    _TEXT + "Model Asset",
    "an mlm:model asset has none of the roles mlm:weights, mlm:checkpoint, mlm:compiled",
)
def model_asset_kind_role(document: Document) -> Iterator[Hit]:
    for key, asset in document.model_assets():
        if not any(has_role(asset, role) for role in _WEIGHT_ROLES):
            yield Hit(
                ("assets", key, "roles"),
                "say what the model file holds: mlm:weights or mlm:checkpoint (weights "
                "loaded by a model definition) or mlm:compiled (loaded directly)",
                asset.get("roles"),
            )


def media_type(asset: dict[str, Any]) -> tuple[str, dict[str, str]] | None:
    """An asset's media type as (type/subtype in lower case, parameters), or ``None``."""
    value = asset.get("type")
    if not isinstance(value, str):
        return None
    base, *parameters = (part.strip() for part in value.split(";"))
    named = dict(p.partition("=")[::2] for p in parameters if "=" in p)
    return base.lower(), {name.strip().lower(): v.strip() for name, v in named.items()}


@rule(
    "MLM024",
    "warning",
    _TEXT + "Model Artifact Media-Type",
    "an mlm:model asset has a custom application/x-… media type (servers may refuse it)",
)
def custom_media_type(document: Document) -> Iterator[Hit]:
    for key, asset in document.model_assets():
        found = media_type(asset)
        if found is not None and found[0].startswith("application/x-"):
            yield Hit(
                ("assets", key, "type"),
                "custom media types should be avoided (a server may answer 406 Not "
                "Acceptable): use application/octet-stream with a framework parameter, such "
                'as "application/octet-stream; framework=pytorch"',
                asset["type"],
            )


@rule(
    "MLM025",
    "info",
    _TEXT + "Model Artifact Media-Type",
    "an mlm:model asset of type application/octet-stream has no framework parameter",
)
def framework_parameter(document: Document) -> Iterator[Hit]:
    for key, asset in document.model_assets():
        found = media_type(asset)
        if (
            found is not None
            and found[0] == "application/octet-stream"
            and "framework" not in found[1]
        ):
            yield Hit(
                ("assets", key, "type"),
                'name the framework in the media type: "application/octet-stream; '
                "framework=pytorch\" (the text's form)",
                asset["type"],
            )


def code_assets(document: Document) -> Iterator[tuple[str, dict[str, Any]]]:
    """Source code assets: role ``mlm:source_code`` or ``code``."""
    for key, asset in document.assets():
        if has_role(asset, "mlm:source_code") or has_role(asset, "code"):
            yield key, asset


_HTML_VIEW = re.compile(r"^https?://(www\.)?(github\.com|gitlab\.com)/[^/]+/[^/]+/(-/)?blob/")


@rule(
    "MLM026",
    "warning",
    _TEXT + "Source Code Asset",
    "a source code asset links a web page showing a file (github.com/…/blob/…)",
)
def raw_source(document: Document) -> Iterator[Hit]:
    for key, asset in code_assets(document):
        href = asset.get("href")
        if isinstance(href, str) and _HTML_VIEW.match(href):
            yield Hit(
                ("assets", key, "href"),
                "the HTML rendering of a source file should be avoided: link its raw "
                "contents (raw.githubusercontent.com, or /raw/ instead of /blob/)",
                href,
            )


_REPOSITORY_ROOT = re.compile(
    r"^(https?://|git@)(www\.)?(github\.com|gitlab\.com|bitbucket\.org)[/:][^/]+/[^/@#?]+?(\.git)?/?$"
)


@rule(
    "MLM027",
    "info",
    _TEXT + "Source Code Asset",
    "a source code asset links a repository without a commit, tag or branch",
)
def pinned_source(document: Document) -> Iterator[Hit]:
    for key, asset in code_assets(document):
        href = asset.get("href")
        if isinstance(href, str) and _REPOSITORY_ROOT.match(href):
            yield Hit(
                ("assets", key, "href"),
                "a repository link should name a commit, release, branch or tag, so that "
                "it resolves to the code of this model",
                href,
            )


@rule("MLM028", "info", _TEXT + "Source Code Asset", "a source code asset has no media type")
def source_media_type(document: Document) -> Iterator[Hit]:
    for key, asset in code_assets(document):
        if not isinstance(asset.get("type"), str):
            yield Hit(
                ("assets", key),
                "give the media type of the code (text/x-python for a Python script, "
                "text/html for a repository)",
            )


_ASSET_NAMES = {
    "mlm:model": "mlm:model",
    "mlm:source_code": "mlm:source_code",
    "mlm:container": "mlm:container",
    "mlm:training-runtime": "mlm:training",
    "mlm:inference-runtime": "mlm:inference",
}


@rule(
    "MLM029",
    "info",
    _TEXT + "Assets Objects",
    "an MLM asset is not named by its field name (mlm:model, mlm:source_code, …)",
)
def asset_names(document: Document) -> Iterator[Hit]:
    for key, asset in document.assets():
        for role, name in _ASSET_NAMES.items():
            if has_role(asset, role) and key != name and name not in dict(document.assets()):
                yield Hit(
                    ("assets", key),
                    f'the asset with the role {role} is recommended under the name "{name}", '
                    "to be found quickly",
                    key,
                )
                break


@rule(
    "MLM030",
    "info",
    _TEXT + "Assets Objects",
    "an Item has no source code asset and no container asset",
)
def sidecar_assets(document: Document) -> Iterator[Hit]:
    if not any(document.model_assets()):
        return
    roles = ("mlm:source_code", "code", "mlm:container", "runtime")
    if not any(has_role(asset, role) for _, asset in document.assets() for role in roles):
        yield Hit(
            ("assets",),
            "a source code asset (role mlm:source_code) or a container asset (role runtime) "
            "is strongly recommended, to help users run the model",
        )


@rule(
    "MLM031",
    "info",
    _TEXT + "Description",
    "stac_extensions declares the MLM extension and nothing else",
)
def not_only_mlm(document: Document) -> Iterator[Hit]:
    extensions = document.extensions()
    if extensions and all("/mlm/" in uri or "/mlm-extension/" in uri for uri in extensions):
        yield Hit(
            ("stac_extensions",),
            "MLM delegates bands, classes, files and processing to other extensions: an MLM "
            "document should almost never declare MLM alone",
            extensions,
        )


@rule(
    "MLM032",
    "warning",
    _TEXT + "Bands and Statistics",
    "eo:bands is in properties but on no mlm:model asset (the eo schema then refuses it)",
)
def eo_bands_on_asset(document: Document) -> Iterator[Hit]:
    models = list(document.model_assets())
    if "eo:bands" in document.properties and models and not any("eo:bands" in a for _, a in models):
        yield Hit(
            ("properties", "eo:bands"),
            "eo:bands should be given on the mlm:model asset, alone or besides properties",
        )


_CLASS_TASKS = frozenset(
    {
        "classification", "scene-classification", "detection", "object-detection",
        "segmentation", "semantic-segmentation", "instance-segmentation",
        "panoptic-segmentation",
    }
)  # fmt: skip


@rule(
    "MLM033",
    "info",
    _TEXT + "Model Output Object",
    "an output of a classifying task gives no classification:classes",
)
def output_classes(document: Document) -> Iterator[Hit]:
    for where, entry in document.ios("mlm:output"):
        classifying = _CLASS_TASKS & set(strings(entry.get("tasks")))
        if classifying and not {"classification:classes", "classification_classes"} & set(entry):
            yield Hit(
                where,
                f"an output of task {sorted(classifying)[0]} should list its classes in "
                "classification:classes",
            )


#: The generic roles the text recommends beside each MLM role ("MLM Asset Roles").
GENERIC_ROLES = {
    "mlm:inference-runtime": ("runtime",),
    "mlm:training-runtime": ("runtime",),
    "mlm:checkpoint": ("weights", "checkpoint"),
    "mlm:weights": ("weights", "checkpoint"),
    "mlm:model": ("model",),
    "mlm:source_code": ("code",),
}


@rule(
    "MLM034",
    "info",
    _TEXT + "MLM Asset Roles",
    "an asset has an MLM role without its generic role (mlm:model and model, …)",
)
def generic_roles(document: Document) -> Iterator[Hit]:
    for key, asset in document.assets():
        wanted = [
            f"{role} → {' or '.join(generic)}"
            for role, generic in GENERIC_ROLES.items()
            if has_role(asset, role) and not any(has_role(asset, g) for g in generic)
        ]
        if wanted:
            yield Hit(
                ("assets", key, "roles"),
                f"add the generic role(s) beside the MLM ones ({'; '.join(wanted)})",
                asset.get("roles"),
            )


@rule(
    "MLM035",
    "warning",
    "MLM CHANGELOG: v1.0.0 Deprecated",
    "an MLM document keeps DLM or ML-Model (their URI in stac_extensions, dlm: or ml-model: "
    "fields), which MLM replaced",
)
def predecessor_kept(document: Document) -> Iterator[Hit]:
    for where, value in kept_predecessor_parts(document.raw):
        if where[0] == "stac_extensions":
            yield Hit(
                where,
                "the document declares an extension MLM replaced besides MLM: STAC validators "
                "check it against that schema too; remove it once its fields are MLM fields",
                value,
            )
        else:
            yield Hit(where, _kept_field_message(str(where[-1])), value)


def _kept_field_message(key: str) -> str:
    """What to do with a field of DLM or ML-Model that an MLM document keeps."""
    dlm = key.startswith("dlm:")
    name, guide = ("DLM", "dlm.md") if dlm else ("ML-Model", "ml-model.md")
    refused = " (MLM v1.0.0 to v1.3.0 refuse dlm: keys)" if dlm else ""
    return (
        f"a field of {name}, the extension MLM replaced: MLM does not read it{refused}; give "
        f"what it says as the MLM fields that replace it (MLM's legacy guide {guide} maps "
        "each one), then remove it"
    )
