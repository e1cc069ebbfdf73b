"""Exported JSON Schemas: valid, and deciding exactly as the official schemas.

The official verdict is that of ``spec_folder.full_verdict``: the MLM schema of every declared
MLM release (v1.5.2 always: the exported schemas are those of ``MLMItem`` and
``MLMCollection``, v1.5.2 documents) AND the STAC core schema of the document's
``stac_version``. On the official examples, the corpus (``tests/corpus.py``), the multi-fault
corpus (``tests/multifault.py``) and Hypothesis documents, the exported schemas reject exactly
the documents the official schemas reject: no false rejection, no missed rejection.

One exception, by construction: a document that declares a second MLM release besides v1.5.2
must also satisfy that release's schema, which the exported v1.5.2 schema cannot hold. Those
documents are left out of the comparison, counted, and read by the models instead, which
check every declared release.

The exported schemas decide without asserting any ``format`` (draft 2020-12 only annotates
formats): the same comparisons also run with ``date-time`` asserted as the oracle asserts it,
with the same result.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

import pytest
import regress
from conftest import EXAMPLES
from corpus import derived_documents
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from multifault import multi_fault_documents
from pydantic import ValidationError
from spec_folder import (
    _date_time_checker,
    declared_releases,
    example_collection,
    example_items,
    exported_schema_validator,
    full_errors,
    full_verdict,
)
from strategies import json_values, mlm_items
from test_properties import _paths as paths

from stac_mlm import MLM_SCHEMA_URI, MLMCollection, MLMItem
from stac_mlm._stac_core.datetime import DATETIME_PATTERN as _DATETIME_PATTERN
from stac_mlm._stac_core.datetime import is_stac_datetime as _is_stac_datetime
from stac_mlm.cli import main
from stac_mlm.json_schema import EXPORT_DIR, KINDS, export, json_schema
from stac_mlm.releases import MLM_RELEASES, mlm_schema_uri

Document = dict[str, Any]
Case = tuple[str, Any]

#: The exported schemas describe v1.5.2 documents of one kind, whatever they declare.
AS_MLM: dict[str, dict[str, Any]] = {
    "item": {"release": "1.5.2", "kind": "item"},
    "collection": {"release": "1.5.2", "kind": "collection"},
}
MODELS: dict[str, Any] = {"item": MLMItem, "collection": MLMCollection}


@cache
def validator(kind: str, *, formats: bool = False) -> Draft202012Validator:
    """The exported schema of ``kind``; with ``formats``, ``date-time`` asserted as the oracle
    asserts it (rfc3339-validator), as a validator asked to assert formats would."""
    checker = _date_time_checker() if formats else None
    return exported_schema_validator(json_schema(kind), format_checker=checker)


def exported_verdict(kind: str, document: Any) -> bool:
    return bool(validator(kind).is_valid(document))


def model_verdict(kind: str, document: Any) -> bool:
    try:
        MODELS[kind].model_validate(document)
    except ValidationError:
        return False
    return True


def declares_a_second_release(document: Any) -> bool:
    """Declares v1.5.2 and another MLM release, whose schema the export cannot hold. (One
    that declares only another release is invalid: the v1.5.2 schemas want their URI.)"""
    releases = declared_releases(document)
    return "1.5.2" in releases and len(releases) > 1


def shown(document: Any, kind: str) -> str:
    errors = full_errors(document, **AS_MLM[kind])
    return errors[0][:200] if errors else "valid"


# --------------------------------------------------------------------------------------------
# The documents
# --------------------------------------------------------------------------------------------


def official_items() -> list[Case]:
    """The official example Items of every release (older ones declare only their release)."""
    return [
        (f"official v{version}:{name}", document)
        for version in MLM_RELEASES
        for name, document in example_items(version).items()
    ]


def official_collections() -> list[Case]:
    """The official example Collection of every release: as published (no MLM declared, old
    releases at STAC "1.0.0-rc.1"), declaring MLM v1.5.2, and so at STAC 1.0.0 and 1.1.0."""
    cases: list[Case] = []
    for version in MLM_RELEASES:
        published = example_collection(version)
        declared = copy.deepcopy(published)
        declared["stac_extensions"].append(MLM_SCHEMA_URI)
        cases += [(f"v{version}:published", published), (f"v{version}:declared", declared)]
        for stac_version in ("1.0.0", "1.1.0"):
            cases.append(
                (f"v{version}:declared@{stac_version}", {**declared, "stac_version": stac_version})
            )
    return cases


def built_collection(stac_version: str = "1.0.0") -> Document:
    """A Collection summarizing the official v1.5.2 Items, with an MLM model asset."""
    built: Document = MLMCollection.from_items(
        EXAMPLES.values(), id="c", description="d", license="MIT"
    ).model_dump(mode="json")
    built["assets"] = {"weights": copy.deepcopy(EXAMPLES["item_basic.json"]["assets"]["model"])}
    built["stac_version"] = stac_version
    return built


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(document)
    node = changed
    for key in path[:-1]:
        node = node[key]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return changed


DELETE = object()
#: The values a single change puts anywhere: every JSON type, and values the rules look at.
VALUES: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    1.5,
    "",
    "x",
    [],
    {},
    "1.1.0",
    "mlm:model",
    ["mlm:model"],
    "2024-01-01T00:00:00Z",
    "2024-02-30T00:00:00Z",
    [0, 0, 1, 1],
    [["2020-01-01T00:00:00Z", None]],
    {"minimum": 1, "maximum": 2},
    {"type": "string"},
)


@cache
def collection_single_changes() -> tuple[Case, ...]:
    """Collections (the official v1.5.2 one declaring MLM, the built one, each at STAC 1.0.0
    and 1.1.0) with one value replaced or one key deleted; each change at one base, the bases
    taking turns."""
    declared = dict(official_collections())["v1.5.2:declared"]
    bases = {
        "official@1.0.0": {**declared, "stac_version": "1.0.0"},
        "official@1.1.0": {**declared, "stac_version": "1.1.0"},
        "built@1.0.0": built_collection("1.0.0"),
        "built@1.1.0": built_collection("1.1.0"),
    }
    cases: list[Case] = []
    turn = 0
    for name, base in bases.items():
        for path in paths(base):
            for value in (*VALUES, DELETE):
                turn += 1
                if turn % len(bases) != list(bases).index(name) or (
                    value is DELETE and isinstance(path[-1], int)
                ):
                    continue
                changed = replaced(base, path, value)
                if changed != base:
                    where = "/".join(map(str, path))
                    label = "deleted" if value is DELETE else json.dumps(value)
                    cases.append((f"{name}:{where}={label}", changed))
    return tuple(cases)


def in_a_deviation_zone(case_id: str, document: Any) -> str | None:
    """Where ``MLMCollection`` is stricter than the official verdict, and its exported
    schema with it:

    the values inside MLM summaries are typed (``mlm:tasks`` an array of task names...), as
    the README's "Collections and summaries" says: the official summaries check is broken
    (stac-extensions/mlm#218) and not part of the verdict.
    """
    where = case_id.split(":", 1)[1]
    if where.startswith("summaries/mlm:"):
        return "typed MLM summaries"
    return None


# --------------------------------------------------------------------------------------------
# The comparison
# --------------------------------------------------------------------------------------------


def compare(
    kind: str, sources: Mapping[str, Iterable[Case]], *, formats: bool = False
) -> tuple[list[str], Counter[tuple[str, str]], list[Case]]:
    """The exported schema against the official verdict on every document of ``sources``:
    the problems (false and missed rejections), the counts per source (``valid``,
    ``invalid``, ``rejected`` of the invalid ones, ``false rejections``) and the documents
    declaring a second release (left out)."""
    schema = validator(kind, formats=formats)
    problems = []
    counts: Counter[tuple[str, str]] = Counter()
    second: list[Case] = []
    for source, cases in sources.items():
        for case_id, document in cases:
            if declares_a_second_release(document):
                second.append((case_id, document))
                continue
            official = full_verdict(document, **AS_MLM[kind])
            accepted = schema.is_valid(document)
            counts[source, "valid" if official else "invalid"] += 1
            if official and not accepted:
                counts[source, "false rejections"] += 1
                first = next(iter(schema.iter_errors(document)))
                problems.append(
                    f"false rejection, {source} {case_id}: {first.json_path}: {first.message}"
                )
            elif not official and not accepted:
                counts[source, "rejected"] += 1
            elif not official:
                problems.append(f"missed rejection, {source} {case_id}: {shown(document, kind)}")
    return problems, counts, second


def totals(counts: Counter[tuple[str, str]], source: str | None = None) -> Counter[str]:
    """The counts of one source, or of all of them."""
    total: Counter[str] = Counter()
    for (name, what), count in counts.items():
        if source in (None, name):
            total[what] += count
    return total


def summary(kind: str, sources: Iterable[str], counts: Counter[tuple[str, str]]) -> str:
    lines = [f"exported {kind} schema against the official schemas:"]
    for source in (*sources, None):
        total = totals(counts, source)
        lines.append(
            f"  {source or 'all'}: {total['valid']} valid, {total['invalid']} invalid; "
            f"rejected {total['rejected']}/{total['invalid']}, "
            f"false rejections {total['false rejections']}"
        )
    return "\n".join(lines)


@cache
def item_comparison(*, formats: bool) -> tuple[list[str], Counter[tuple[str, str]], list[Case]]:
    return compare("item", item_sources(), formats=formats)


def item_sources() -> dict[str, list[Case]]:
    return {
        "official examples": official_items(),
        "corpus": list(derived_documents()),
        "multi-fault corpus": [(case.id, case.document) for case in multi_fault_documents()],
    }


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_exported_schema_is_valid_json_schema(kind: str) -> None:
    Draft202012Validator.check_schema(json_schema(kind))


def test_committed_exports_are_up_to_date() -> None:
    assert export(check=True) == 0
    assert sorted(path.name for path in EXPORT_DIR.glob("*.json")) == sorted(
        f"{kind}.schema.json" for kind in KINDS
    )


@pytest.mark.parametrize("formats", [False, True], ids=["formats-annotated", "date-time-asserted"])
def test_item_schema_rejects_exactly_what_the_official_schemas_reject(
    formats: bool, record_property: Callable[[str, object], None]
) -> None:
    sources = item_sources()
    problems, counts, second = item_comparison(formats=formats)
    total = totals(counts)
    second_valid = sum(full_verdict(document, **AS_MLM["item"]) for _, document in second)
    text = summary("item", sources, counts) + (
        f"\n  left out, declaring a second MLM release: {len(second)} "
        f"({second_valid} valid, {len(second) - second_valid} invalid)"
    )
    record_property("rejected", f"{total['rejected']}/{total['invalid']}")
    record_property("false_rejections", total["false rejections"])
    record_property("left_out_second_release", len(second))
    print(text)
    assert problems == [], "\n".join([text, *problems])
    assert total["false rejections"] == 0
    assert total["rejected"] == total["invalid"] > 1000, text
    assert total["valid"] > 500, text
    # the v1.5.2 examples; those of older releases do not declare v1.5.2
    examples = totals(counts, "official examples")
    assert (examples["valid"], examples["invalid"]) == (
        len(EXAMPLES),
        len(official_items()) - len(EXAMPLES),
    )


def test_documents_declaring_a_second_release_are_read_by_the_models() -> None:
    """Left out of the comparison: ``MLMItem`` checks the schema of every declared release
    and gives the official verdict on each. The exported schema never rejects one that the
    official schemas accept (it holds the v1.5.2 and STAC core rules), and what it rejects,
    the models reject."""
    _, _, second = item_comparison(formats=False)
    assert len(second) >= 20
    verdicts = Counter(full_verdict(document, **AS_MLM["item"]) for _, document in second)
    assert verdicts[True] > 0, verdicts
    assert verdicts[False] > 0, verdicts
    problems = []
    for case_id, document in second:
        official = full_verdict(document, **AS_MLM["item"])
        ours = model_verdict("item", document)
        exported = exported_verdict("item", document)
        if ours != official:
            problems.append(f"{case_id}: official {official}, MLMItem {ours}")
        if official and not exported:
            problems.append(f"{case_id}: valid, rejected by the exported schema")
    assert not problems, "\n".join(problems)


def test_exported_datetime_pattern_decides_as_the_oracle() -> None:
    """``format: date-time`` (asserted as the oracle asserts it) and the core schemas' pattern
    ``(\\+00:00|Z)$`` together, decided by one ECMA-262 pattern in the export: every date of
    years around the Gregorian leap rules, every time boundary, and edits of valid texts."""
    pattern = regress.Regex(_DATETIME_PATTERN)
    utc = regress.Regex(r"(\+00:00|Z)$")
    checker = _date_time_checker()
    texts = [
        f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"
        for year in (0, 1, 4, 99, 100, 400, 1900, 2000, 2023, 2024, 2100, 9996, 9999)
        for month in range(14)
        for day in range(33)
    ]
    texts += [
        f"2024-01-01T{hour:02d}:{minute:02d}:{second:02d}{suffix}"
        for hour in (0, 9, 19, 23, 24)
        for minute in (0, 59, 60)
        for second in (0, 59, 60)
        for suffix in ("Z", "z", "+00:00", "-00:00", "+01:00", ".5Z", ".Z", "Z\n", "")
    ]
    texts += ["2024-01-01t00:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00.123456789Z"]
    texts += ["２024-01-01T00:00:00Z", "2024-01-01T00:00:0\u0660Z", "2024-01-01\u0131T00:00:00Z"]
    disagreements = [
        text
        for text in texts
        if (pattern.find(text) is not None)
        != (checker.conforms(text, "date-time") and utc.find(text) is not None)
        or (pattern.find(text) is not None) != _is_stac_datetime(text)
    ]
    assert not disagreements
    assert sum(pattern.find(text) is not None for text in texts) > 1000


SINGLE_CHANGE = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SINGLE_CHANGE
@given(mlm_items())
def test_generated_items_are_accepted(document: Document) -> None:
    assert full_verdict(document, **AS_MLM["item"])
    assert validator("item").is_valid(document)


@SINGLE_CHANGE
@given(mlm_items(), st.data())
def test_generated_items_changed_once_anywhere_get_the_official_verdict(
    document: Document, data: st.DataObject
) -> None:
    path = data.draw(st.sampled_from(paths(document)))
    value = data.draw(json_values | st.sampled_from(VALUES))
    changed = replaced(document, path, value)
    assume(changed != document and not declares_a_second_release(changed))
    official = full_verdict(changed, **AS_MLM["item"])
    assert validator("item").is_valid(changed) == official, (path, shown(changed, "item"))


def test_collection_schema_on_the_official_and_built_collections(
    record_property: Callable[[str, object], None],
) -> None:
    sources = {
        "official collections": official_collections(),
        "built collections": [
            ("built@1.0.0", built_collection("1.0.0")),
            ("built@1.1.0", built_collection("1.1.0")),
        ],
    }
    for formats in (False, True):
        problems, counts, second = compare("collection", sources, formats=formats)
        text = summary("collection", sources, counts)
        assert problems == [], "\n".join([text, *problems])
    assert second == []
    total = totals(counts)
    record_property("rejected", f"{total['rejected']}/{total['invalid']}")
    print(text)
    # Invalid: the 8 as published (no MLM declared), and those of v1.0-v1.3 declaring MLM but
    # still at STAC "1.0.0-rc.1"; valid: the 20 others and the 2 built ones.
    assert (total["invalid"], total["rejected"]) == (12, 12)
    assert (total["valid"], total["false rejections"]) == (22, 0)


def test_collection_schema_on_single_changes(
    record_property: Callable[[str, object], None],
) -> None:
    """Exact outside the zones where ``MLMCollection`` is knowingly stricter than the official
    verdict (:func:`in_a_deviation_zone`), and ``MLMCollection`` with it. Inside them, never
    less strict than the official schemas (every document they reject is rejected), and the
    exported schema gives the model's verdict."""
    zones: Counter[str] = Counter()
    outside: list[Case] = []
    problems = []
    for case_id, document in collection_single_changes():
        official = full_verdict(document, **AS_MLM["collection"])
        exported = exported_verdict("collection", document)
        ours = model_verdict("collection", document)
        zone = in_a_deviation_zone(case_id, document)
        if zone is None:
            outside.append((case_id, document))
            if ours != official:
                problems.append(f"{case_id}: official {official}, MLMCollection {ours}")
            continue
        zones[zone] += 1
        if not official and exported:
            problems.append(f"{zone}, {case_id}: accepted, officially invalid")
        if exported != ours:
            problems.append(f"{zone}, {case_id}: exported {exported}, MLMCollection {ours}")
    compared, counts, second = compare("collection", {"single changes": outside})
    text = summary("collection", ["single changes"], counts) + "".join(
        f"\n  left out, {zone}: {count}" for zone, count in sorted(zones.items())
    )
    total = totals(counts)
    record_property("rejected", f"{total['rejected']}/{total['invalid']}")
    print(text)
    assert compared == [], "\n".join([text, *compared])
    assert problems == [], "\n".join([text, *problems])
    assert second == []
    assert total["rejected"] == total["invalid"] > 300, text
    assert total["valid"] > 100, text
    assert total["false rejections"] == 0, text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mlm_items(), min_size=1, max_size=3), st.sampled_from(["1.0.0", "1.1.0"]))
def test_collections_built_from_generated_items_are_accepted(
    items: list[Document], stac_version: str
) -> None:
    built = MLMCollection.from_items(items, id="c", description="d", license="MIT")
    document = {**built.model_dump(mode="json"), "stac_version": stac_version}
    assert full_verdict(document, **AS_MLM["collection"]), full_errors(
        document, **AS_MLM["collection"]
    )
    assert validator("collection").is_valid(document)
    assert model_verdict("collection", document)


def test_collection_schema_accepts_what_the_model_accepts() -> None:
    schema = validator("collection")
    built = MLMCollection.from_items(EXAMPLES.values(), id="c", description="d", license="MIT")
    assert schema.is_valid(built.model_dump(mode="json"))
    official = example_collection()
    assert not schema.is_valid(official)  # does not declare MLM
    official["stac_extensions"].append(MLM_SCHEMA_URI)
    assert schema.is_valid(official)
    wrong: list[Document] = [{"mlm:input": []}, {"mlm:task": ["classification"]}, {"platform": "x"}]
    for summaries in wrong:
        broken = copy.deepcopy(official)
        broken["summaries"] = summaries
        assert not schema.is_valid(broken), summaries
    older = copy.deepcopy(official)
    older["stac_extensions"] = [mlm_schema_uri("1.4.0")]
    assert not schema.is_valid(older)  # a v1.4.0 Collection is not a v1.5.2 one


def _titles(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["title"]] if isinstance(node.get("title"), str) else []
        return own + [title for value in node.values() for title in _titles(value)]
    if isinstance(node, list):
        return [title for value in node for title in _titles(value)]
    return []


def test_reads_well_for_people() -> None:
    schema = json_schema("item")
    assert not [title for title in _titles(schema) if "Mlm" in title or ":" in title]
    fields = schema["$defs"]["MLMItemProperties"]["properties"]
    assert fields["mlm:framework_version"]["title"] == "Framework version"
    assert fields["mlm:total_parameters"]["description"]
    assert fields["mlm:architecture"]["examples"] == ["ResNet", "VGG", "GAN", "Vision Transformer"]
    # the official schema's own pattern, not the equivalent the Rust engine runs
    assert fields["mlm:name"]["pattern"] == r"^[a-zA-Z][a-zA-Z0-9_.\-\s]+[a-zA-Z0-9]$"


def test_schema_command(tmp_path: Any) -> None:
    out = tmp_path / "item.json"
    assert main(["schema", "item", "-o", str(out)]) == 0
    assert json.loads(out.read_text()) == json_schema("item")


#: Pairs of schemas the exporter merges ("a and b" as one schema object), each with values
#: that tell a wrong merge apart: keywords that depend on each other (additionalProperties
#: on properties, if/then/else, contains) must not be merged across schemas.
MERGED_PAIRS: list[tuple[Document, Document, list[Any]]] = [
    (
        {"properties": {"a": {"type": "string"}}, "additionalProperties": False},
        {"properties": {"b": {"type": "integer"}}},
        [{"a": "x"}, {"b": 1}, {"a": "x", "b": 1}, {"c": 1}],
    ),
    (
        {"additionalProperties": {"type": "string"}},
        {"properties": {"a": {"type": "integer"}}},
        [{"a": 1}, {"a": "x"}, {"b": "x"}, {"b": 1}],
    ),
    (
        {"additionalProperties": True, "properties": {"a": {"type": ["string", "null"]}}},
        {"properties": {"a": {"type": "string", "minLength": 1}}, "required": ["a"]},
        [{}, {"a": None}, {"a": ""}, {"a": "x"}],
    ),
    (
        {"if": {"required": ["a"]}, "then": {"required": ["b"]}},
        {"if": {"required": ["b"]}, "then": {"required": ["c"]}, "else": {"maxProperties": 0}},
        [{}, {"a": 1}, {"a": 1, "b": 1}, {"a": 1, "b": 1, "c": 1}, {"c": 1}],
    ),
    (
        {"type": ["integer", "string"], "contains": {"const": 1}},
        {"type": "number", "contains": {"const": 2}, "minimum": 0},
        [1, 1.0, 1.5, -1, "x", [1, 2]],
    ),
    (
        {"items": {"type": "number"}, "minItems": 1},
        {"items": {"type": "integer"}, "minItems": 2, "maxItems": 3},
        [[1], [1, 2], [1.5, 2], [1, 2, 3, 4], "x"],
    ),
]


@pytest.mark.parametrize(("first", "second", "values"), MERGED_PAIRS)
@settings(max_examples=40, deadline=None)
@given(extra=json_values)
def test_merged_schemas_decide_as_their_all_of(
    first: Document, second: Document, values: list[Any], extra: Any
) -> None:
    from stac_mlm._schema_merge import _Merger

    merged = _Merger({}, {}).merge(copy.deepcopy(first), copy.deepcopy(second))
    both = Draft202012Validator({"allOf": [first, second]})
    one = Draft202012Validator(merged)
    for value in [*values, extra]:
        assert one.is_valid(value) == both.is_valid(value), (merged, value)
