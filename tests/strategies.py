"""Hypothesis strategies for MLM v1.5.2 Items that the official schema accepts.

They explore the value space the schema allows (integral floats for integers, nulls
where allowed, other extensions' keys at every level, string or object bands, every
value-scaling variant) so that round-trip and verdict properties meet real variety.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from stac_mlm import MLM_SCHEMA_URI, Accelerator, DataType, ResizeType, Task

Json = Any

finite_floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
json_scalars = (
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | finite_floats | st.text(max_size=8)
)
json_values: st.SearchStrategy[Json] = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=6,
)
#: Keys no MLM or STAC model defines: other extensions, comments, custom fields.
foreign_keys = st.from_regex(r"(x|ext|custom):[a-z]{1,6}", fullmatch=True) | st.just("$comment")


def with_foreign_keys(
    base: st.SearchStrategy[dict[str, Json]],
) -> st.SearchStrategy[dict[str, Json]]:
    return st.tuples(base, st.dictionaries(foreign_keys, json_values, max_size=2)).map(
        lambda pair: {**pair[1], **pair[0]}
    )


def json_integers(minimum: int) -> st.SearchStrategy[int | float]:
    """An integer as draft-07 sees it: ``3`` or ``3.0``."""
    return st.integers(minimum, 10**12) | st.integers(minimum, 10**6).map(float)


numbers = st.integers(-(10**9), 10**9) | finite_floats
names = st.text(min_size=1, max_size=12)
dimension_names = st.from_regex(r"[a-z_-]{1,8}", fullmatch=True).filter(
    lambda name: name not in {"bands", "variables"}
)
data_types = st.sampled_from([member.value for member in DataType])
tasks = st.lists(
    st.sampled_from([member.value for member in Task]), min_size=1, max_size=3, unique=True
)


# STAC core wants UTC: "Z" or "+00:00" (a lower-case "t" passes its date-time check).
DATETIMES = [
    "2024-01-01T00:00:00Z",
    "2024-01-01T02:00:00+00:00",
    "2024-01-01T00:00:00.500Z",
    "2024-01-01t00:00:00Z",
]


def optional(**strategies: st.SearchStrategy[Json]) -> st.SearchStrategy[dict[str, Json]]:
    """A dict holding any subset of the given keys."""
    return st.fixed_dictionaries({}, optional=strategies)


@st.composite
def structure(draw: st.DrawFn, bands: bool) -> dict[str, Json]:
    dims = draw(st.lists(dimension_names, min_size=1, max_size=4, unique=True))
    if bands:
        dims.insert(draw(st.integers(0, len(dims))), "bands")
    shape = draw(st.lists(json_integers(-1), min_size=1, max_size=5))
    return draw(
        with_foreign_keys(
            st.just({"shape": shape, "dim_order": dims, "data_type": draw(data_types)})
        )
    )


processing_expression = with_foreign_keys(
    st.fixed_dictionaries(
        {"format": st.text(max_size=8), "expression": json_values},
        optional={"description": st.text(max_size=8)},
    )
)
processing_functions = (
    st.none()
    | processing_expression
    | st.lists(st.none() | processing_expression, min_size=1, max_size=2)
)


def _scaling(kind: str, **required: st.SearchStrategy[Json]) -> st.SearchStrategy[dict[str, Json]]:
    return with_foreign_keys(st.fixed_dictionaries({"type": st.just(kind), **required}))


value_scaling_objects = st.one_of(
    _scaling("min-max", minimum=numbers, maximum=numbers),
    _scaling("z-score", mean=numbers, stddev=numbers),
    _scaling("clip", minimum=numbers, maximum=numbers),
    _scaling("clip-min", minimum=numbers),
    _scaling("clip-max", maximum=numbers),
    _scaling("offset", value=numbers),
    _scaling("scale", value=numbers),
    processing_expression.map(lambda expression: {**expression, "type": "processing"}),
)

band_objects = st.builds(lambda name: {"name": name}, names) | st.builds(
    lambda name, fmt, expression: {"name": name, "format": fmt, "expression": expression},
    names,
    st.text(min_size=1, max_size=6),
    json_values,
)
band_references = st.lists(names | band_objects, min_size=1, max_size=4)


@st.composite
def model_input(draw: st.DrawFn) -> dict[str, Json]:
    bands = draw(st.none() | band_references)
    document = {"name": draw(names), "input": draw(structure(bands=bands is not None))}
    if bands is not None:
        document["bands"] = bands
    elif draw(st.booleans()):
        document["bands"] = []
    document |= draw(
        optional(
            description=names,
            value_scaling=st.none() | st.lists(value_scaling_objects, min_size=1, max_size=3),
            resize_type=st.none() | st.sampled_from([member.value for member in ResizeType]),
            pre_processing_function=processing_functions,
        )
    )
    return draw(with_foreign_keys(st.just(document)))


classification_classes = st.just([]) | st.lists(
    st.fixed_dictionaries(
        {"value": st.integers(0, 255), "description": st.text(max_size=8)},
        optional={
            "name": st.text(max_size=8),
            "color_hint": st.from_regex(r"[0-9A-Fa-f]{6}", fullmatch=True),
        },
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda item: item["value"],
)


@st.composite
def model_output(draw: st.DrawFn) -> dict[str, Json]:
    document = {"name": draw(names), "tasks": draw(tasks), "result": draw(structure(bands=False))}
    document |= draw(
        optional(
            description=names,
            **{"classification:classes": classification_classes},
            post_processing_function=processing_functions,
        )
    )
    return draw(with_foreign_keys(st.just(document)))


def _band_names(inputs: list[dict[str, Json]]) -> list[str]:
    return [
        ref if isinstance(ref, str) else ref["name"]
        for entry in inputs
        for ref in entry.get("bands", [])
    ]


@st.composite
def mlm_items(draw: st.DrawFn) -> dict[str, Json]:
    """A whole MLM Item (STAC 1.1 bands when the inputs name bands)."""
    inputs = draw(st.lists(model_input(), min_size=1, max_size=2))
    properties = {
        "datetime": draw(st.sampled_from(DATETIMES)),
        "mlm:name": draw(
            st.from_regex(r"[a-zA-Z][a-zA-Z0-9_. -]{1,10}[a-zA-Z0-9]", fullmatch=True)
        ),
        "mlm:architecture": draw(st.text(max_size=10)),
        "mlm:tasks": draw(tasks),
        "mlm:input": inputs,
        "mlm:output": draw(st.lists(model_output(), min_size=1, max_size=2)),
    }
    properties |= draw(
        optional(
            **{
                "mlm:framework": st.sampled_from(
                    ["PyTorch", "scikit-learn", "Hugging Face", "my framework", "R"]
                ),
                "mlm:framework_version": st.sampled_from(["2.1.0", "0.1.0-rc.1+build.5"]),
                "mlm:memory_size": json_integers(0),
                "mlm:total_parameters": json_integers(0),
                "mlm:pretrained": st.booleans(),
                "mlm:pretrained_source": st.none() | st.text(max_size=8),
                "mlm:batch_size_suggestion": json_integers(0),
                "mlm:accelerator": st.none()
                | st.sampled_from([member.value for member in Accelerator]),
                "mlm:accelerator_constrained": st.booleans(),
                "mlm:accelerator_summary": st.text(max_size=8),
                "mlm:accelerator_count": json_integers(1),
                "mlm:hyperparameters": st.dictionaries(
                    st.from_regex(r"[0-9a-zA-Z_.-]{1,8}", fullmatch=True),
                    json_values,
                    min_size=1,
                    max_size=3,
                ),
            }
        )
    )
    document: dict[str, Json] = {
        "type": "Feature",
        "stac_version": "1.0.0",
        "stac_extensions": [MLM_SCHEMA_URI],
        "id": draw(st.text(min_size=1, max_size=8)),
        "geometry": None,
        "links": [],
    }
    bands = _band_names(inputs)
    if bands:
        document["stac_version"] = "1.1.0"
        properties["bands"] = [{"name": band} for band in bands]
    model_asset = {
        "href": "model.bin",
        "roles": ["mlm:model"],
        "mlm:artifact_type": draw(st.text(min_size=1, max_size=8)),
    }
    model_asset |= draw(
        optional(
            **{"mlm:compile_method": st.text(min_size=1, max_size=4), "mlm:accelerator": st.none()}
        )
    )
    if bands:  # STAC 1.1 core: bands in properties only when some asset has bands too
        model_asset["bands"] = [{"name": band} for band in bands]
    assets = {"model": draw(with_foreign_keys(st.just(model_asset)))}
    if draw(st.booleans()):
        assets["code"] = {"href": "run.py", "roles": ["code"], "mlm:entrypoint": "run:main"}
    document["properties"] = draw(with_foreign_keys(st.just(properties)))
    document["assets"] = assets
    return draw(with_foreign_keys(st.just(document)))
