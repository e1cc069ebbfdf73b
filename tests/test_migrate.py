"""Migration of MLM Items and Collections to later releases (``stac_mlm.migration``).

The official examples of every release are migrated to every later release and checked by
the official schemas (``spec_folder.full_verdict``: the MLM schema of the target release, and
of any other release still declared, AND the STAC core schema of the document's
``stac_version``) and by the models of the target release (``validate_release``, which
include STAC core; ``MLMItem``/``MLMCollection`` for v1.5.2). Where a migration cannot
produce a valid document without a person's decision, the case is pinned in ``PINNED`` (and
``PINNED_ERRORS``) with the notes expected, and the test then makes the decision the later
official examples made and checks that the result is valid.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from spec_folder import (
    MLM_SCHEMA_URLS,
    example_collection,
    example_items,
    full_errors,
    full_verdict,
)

from stac_mlm import MLMCollection, MLMItem
from stac_mlm.migration import (
    MLM_RELEASES,
    MigrationNote,
    MigrationReport,
    detect_version,
    migrate,
    mlm_schema_uri,
)
from stac_mlm.migration._target import validation_errors
from stac_mlm.releases import validate_release

Location = tuple[str | int, ...]

LATEST = "1.5.2"
CRIM = "https://crim-ca.github.io/mlm-extension/v{}/schema.json"
STAC_EXTENSIONS = "https://stac-extensions.github.io/mlm/v{}/schema.json"
MLM_URI = re.compile(
    r"https://(crim-ca\.github\.io/mlm-extension|stac-extensions\.github\.io/mlm)/v.*"
)


def _documents(version: str) -> dict[str, dict[str, Any]]:
    """The official example Items of ``version``, and its Collection declaring MLM.

    The official ``collection.json`` of every release lists no MLM URI (it cannot be
    migrated as it is: ``test_official_collection_as_published_declares_no_release``), so
    it is taken with the MLM URI of its release added.
    """
    documents = example_items(version)
    collection = example_collection(version)
    collection["stac_extensions"].append(mlm_schema_uri(version))
    documents["collection.json"] = collection
    return documents


EXAMPLES = {version: _documents(version) for version in MLM_RELEASES}
CASES = [(version, name) for version in MLM_RELEASES for name in sorted(EXAMPLES[version])]
STEP_CASES = [
    (version, target, name)
    for version, name in CASES
    for target in MLM_RELEASES[MLM_RELEASES.index(version) + 1 : -1]
]

# --- what cannot be migrated without a person ---------------------------------------------

MODEL_ARTIFACT = ("assets", "model", "mlm:artifact_type")
WEIGHTS_ARTIFACT = ("assets", "weights", "mlm:artifact_type")
SOURCE_ARTIFACT = ("assets", "source_code", "mlm:artifact_type")
SOURCE_CODE_ASSET = ("assets", "source_code")
INPUT_0_BANDS = ("properties", "mlm:input", 0, "bands")
INPUT_1_BANDS = ("properties", "mlm:input", 1, "bands")
INPUT_0_DIMS = ("properties", "mlm:input", 0, "input", "dim_order")
INPUT_1_DIMS = ("properties", "mlm:input", 1, "input", "dim_order")

#: (release, example) -> {location of an unmigrated note: the release whose rule it is}.
#: Why each is impossible without a person:
#: - ``*_ARTIFACT``: v1.4.0 requires ``mlm:artifact_type`` on every ``mlm:model`` asset and
#:   no v1.0-v1.3 example says how its file was saved (``application=pytorch`` fits
#:   ``torch.save``, ``torch.jit.save`` and ``torch.export.save`` alike). For the
#:   ``source_code`` assets the role ``mlm:model`` is the error v1.3.0 fixed in its examples:
#:   only a person can tell that the asset is not the model.
#: - ``SOURCE_CODE_ASSET``: v1.3.0 wants band definitions on every ``mlm:model`` asset; the
#:   same source-code asset with a wrong role has none.
#: - ``INPUT_*_BANDS``: v1.0-v1.2 examples give ``raster:bands`` in Item properties, where
#:   v1.3.0 no longer reads them; moving another extension's field is a person's decision.
#: - ``INPUT_1_DIMS`` (multi_io): an ``ndvi`` dimension of size 1 for bands B04 and B08 (NDVI
#:   is computed by the pre-processing), so no dimension can be said to stack the bands that
#:   v1.5.0 wants named ``"bands"``; the v1.5.0 example renamed it by hand.
#: - ``INPUT_0_DIMS`` (bands_expression before v1.4.0): a ``channel`` dimension of size 13
#:   for 4 bands; the v1.4.0 example corrected the size to 4.
PINNED: dict[tuple[str, str], dict[Location, str]] = {
    ("1.0.0", "item_basic.json"): {MODEL_ARTIFACT: "1.4.0"},
    ("1.0.0", "item_eo_bands.json"): {WEIGHTS_ARTIFACT: "1.4.0", SOURCE_ARTIFACT: "1.4.0"},
    ("1.0.0", "item_multi_io.json"): {
        INPUT_0_BANDS: "1.3.0",
        INPUT_1_BANDS: "1.3.0",
        WEIGHTS_ARTIFACT: "1.4.0",
        INPUT_1_DIMS: "1.5.0",
    },
    ("1.0.0", "item_raster_bands.json"): {
        INPUT_0_BANDS: "1.3.0",
        WEIGHTS_ARTIFACT: "1.4.0",
        SOURCE_ARTIFACT: "1.4.0",
    },
    ("1.1.0", "item_basic.json"): {MODEL_ARTIFACT: "1.4.0"},
    ("1.1.0", "item_eo_and_raster_bands.json"): {
        WEIGHTS_ARTIFACT: "1.4.0",
        SOURCE_ARTIFACT: "1.4.0",
    },
    ("1.1.0", "item_eo_bands.json"): {
        SOURCE_CODE_ASSET: "1.3.0",
        WEIGHTS_ARTIFACT: "1.4.0",
        SOURCE_ARTIFACT: "1.4.0",
    },
    ("1.1.0", "item_eo_bands_summarized.json"): {
        WEIGHTS_ARTIFACT: "1.4.0",
        SOURCE_ARTIFACT: "1.4.0",
    },
    ("1.1.0", "item_multi_io.json"): {
        INPUT_0_BANDS: "1.3.0",
        INPUT_1_BANDS: "1.3.0",
        WEIGHTS_ARTIFACT: "1.4.0",
        INPUT_1_DIMS: "1.5.0",
    },
    ("1.1.0", "item_raster_bands.json"): {
        INPUT_0_BANDS: "1.3.0",
        WEIGHTS_ARTIFACT: "1.4.0",
        SOURCE_ARTIFACT: "1.4.0",
    },
    ("1.2.0", "item_bands_expression.json"): {WEIGHTS_ARTIFACT: "1.4.0", INPUT_0_DIMS: "1.5.0"},
    ("1.2.0", "item_basic.json"): {MODEL_ARTIFACT: "1.4.0"},
    ("1.2.0", "item_eo_and_raster_bands.json"): {
        WEIGHTS_ARTIFACT: "1.4.0",
        SOURCE_ARTIFACT: "1.4.0",
    },
    ("1.2.0", "item_eo_bands.json"): {
        SOURCE_CODE_ASSET: "1.3.0",
        WEIGHTS_ARTIFACT: "1.4.0",
        SOURCE_ARTIFACT: "1.4.0",
    },
    ("1.2.0", "item_eo_bands_summarized.json"): {
        WEIGHTS_ARTIFACT: "1.4.0",
        SOURCE_ARTIFACT: "1.4.0",
    },
    ("1.2.0", "item_multi_io.json"): {
        INPUT_0_BANDS: "1.3.0",
        INPUT_1_BANDS: "1.3.0",
        WEIGHTS_ARTIFACT: "1.4.0",
        INPUT_1_DIMS: "1.5.0",
    },
    ("1.2.0", "item_raster_bands.json"): {
        INPUT_0_BANDS: "1.3.0",
        WEIGHTS_ARTIFACT: "1.4.0",
        SOURCE_ARTIFACT: "1.4.0",
    },
    ("1.3.0", "item_bands_expression.json"): {WEIGHTS_ARTIFACT: "1.4.0", INPUT_0_DIMS: "1.5.0"},
    ("1.3.0", "item_basic.json"): {MODEL_ARTIFACT: "1.4.0"},
    ("1.3.0", "item_eo_and_raster_bands.json"): {
        WEIGHTS_ARTIFACT: "1.4.0",
        SOURCE_ARTIFACT: "1.4.0",
    },
    ("1.3.0", "item_eo_bands.json"): {WEIGHTS_ARTIFACT: "1.4.0"},
    ("1.3.0", "item_eo_bands_summarized.json"): {
        WEIGHTS_ARTIFACT: "1.4.0",
        SOURCE_ARTIFACT: "1.4.0",
    },
    ("1.3.0", "item_multi_io.json"): {WEIGHTS_ARTIFACT: "1.4.0", INPUT_1_DIMS: "1.5.0"},
    ("1.3.0", "item_raster_bands.json"): {WEIGHTS_ARTIFACT: "1.4.0"},
    ("1.4.0", "item_multi_io.json"): {INPUT_1_DIMS: "1.5.0"},
}


#: The official example Collections of v1.0-v1.3 say ``stac_version: "1.0.0-rc.1"``, which no
#: STAC core schema accepts (the v1.4.0 and later ones say "1.0.0"). The migration changes
#: nothing outside MLM, so the result of every target keeps it: one error, at ``stac_version``,
#: and nothing unmigrated (it is not an MLM field). The decision: "1.0.0", as the later
#: official examples say.
RC_STAC_VERSION = "1.0.0-rc.1"
STAC_VERSION_ERROR = MigrationNote(
    ("stac_version",),
    'stac_version must be "1.0.0" or "1.1.0", the STAC versions whose core schemas are checked '
    '(got "1.0.0-rc.1")',
)
PINNED_ERRORS: dict[tuple[str, str], tuple[MigrationNote, ...]] = {
    (version, "collection.json"): (STAC_VERSION_ERROR,)
    for version in ("1.0.0", "1.1.0", "1.2.0", "1.3.0")
}


def _expected_unmigrated(version: str, name: str, target: str) -> set[Location]:
    rules = PINNED.get((version, name), {})
    return {
        location
        for location, since in rules.items()
        if MLM_RELEASES.index(since) <= MLM_RELEASES.index(target)
    }


def _decide_as_the_official_examples_did(
    document: dict[str, Any], notes: tuple[MigrationNote, ...]
) -> dict[str, Any]:
    """What a person does about each pinned note, as the later official examples did."""
    decided = copy.deepcopy(document)
    assets, properties = decided["assets"], decided["properties"]
    for note in notes:  # Roles first: which assets are the model decides the rest.
        if note.location[0] == "assets":
            asset = assets[note.location[1]]
            if "code" in asset["roles"]:
                asset["roles"] = [role for role in asset["roles"] if role != "mlm:model"]
            else:
                asset["mlm:artifact_type"] = "torch.save"
    for note in notes:
        if note.location[-1] == "bands":  # raster:bands moved to the model asset
            for asset in assets.values():
                if "mlm:model" in asset["roles"]:
                    asset["raster:bands"] = copy.deepcopy(properties["raster:bands"])
        elif note.location[-1] == "dim_order":  # the stacking dimension renamed "bands"
            properties["mlm:input"][note.location[2]]["input"]["dim_order"][1] = "bands"
    return decided


def _decide_the_stac_version(document: dict[str, Any]) -> dict[str, Any]:
    """What a person does about ``STAC_VERSION_ERROR``: "1.0.0", as the later examples say."""
    assert document["stac_version"] == RC_STAC_VERSION
    return {**document, "stac_version": "1.0.0"}


def _assert_valid(document: dict[str, Any], version: str) -> None:
    """Valid for the official schemas (MLM ``version`` and STAC core) and for the models."""
    assert full_errors(document, release=version) == []
    validate_release(document, version)
    if version == LATEST:
        model = MLMCollection if document["type"] == "Collection" else MLMItem
        model.model_validate(document)


def _check(version: str, name: str, target: str) -> MigrationReport:
    report = migrate(EXAMPLES[version][name], to=target)
    assert (report.source_version, report.target_version) == (version, target)
    expected = _expected_unmigrated(version, name, target)
    assert {note.location for note in report.unmigrated} == expected
    assert len(report.unmigrated) == len(expected)  # one note per location
    expected_errors = PINNED_ERRORS.get((version, name), ())
    if expected:
        _assert_valid(
            _decide_as_the_official_examples_did(report.document, report.unmigrated), target
        )
    elif expected_errors:
        assert report.errors == expected_errors
        assert not full_verdict(report.document, release=target)
        _assert_valid(_decide_the_stac_version(report.document), target)
    else:
        _assert_valid(report.document, target)
        assert report.errors == ()  # the release's models agree with the official schemas
    return report


@pytest.mark.parametrize(("version", "name"), CASES)
def test_official_example_migrates_to_the_latest_release(version: str, name: str) -> None:
    report = _check(version, name, LATEST)
    decided = (version, name) in PINNED or (version, name) in PINNED_ERRORS
    assert report.ok == (not decided)
    if report.ok:
        assert report.errors == ()


@pytest.mark.parametrize(("version", "target", "name"), STEP_CASES)
def test_official_example_migrates_to_each_later_release(
    version: str, target: str, name: str
) -> None:
    _check(version, name, target)


def test_every_pinned_case_is_an_official_example() -> None:
    assert set(PINNED) <= set(CASES)
    assert set(PINNED_ERRORS) <= set(CASES)
    for version, name in PINNED_ERRORS:
        assert EXAMPLES[version][name]["stac_version"] == RC_STAC_VERSION


# --- nothing outside MLM changes -----------------------------------------------------------


def _outside_mlm(node: Any, path: Location = ()) -> dict[Location, Any]:
    """Every leaf not under an ``mlm:`` key, with its type; MLM schema URIs left out."""
    if path == ("stac_extensions",):
        return {path: [uri for uri in node if not MLM_URI.fullmatch(uri)]}
    if isinstance(node, dict) and node:
        leaves: dict[Location, Any] = {}
        for key, value in node.items():
            if not key.startswith("mlm:"):
                leaves |= _outside_mlm(value, (*path, key))
        return leaves
    if isinstance(node, list) and node:
        return {
            location: leaf
            for index, value in enumerate(node)
            for location, leaf in _outside_mlm(value, (*path, index)).items()
        }
    return {path: (type(node), node)}


@pytest.mark.parametrize(("version", "name"), CASES)
def test_every_key_outside_mlm_is_kept_with_its_value(version: str, name: str) -> None:
    source = EXAMPLES[version][name]
    assert _outside_mlm(migrate(source).document) == _outside_mlm(source)


@pytest.mark.parametrize(("version", "name"), CASES)
def test_the_input_document_is_never_modified(version: str, name: str) -> None:
    source = copy.deepcopy(EXAMPLES[version][name])
    migrate(source)
    assert source == EXAMPLES[version][name]


def test_unknown_keys_comments_and_nulls_inside_mlm_objects_are_kept() -> None:
    document = _item_v1_3(
        norm_type="z-score",
        statistics=[{"mean": 1, "stddev": 2}],
        **{"$comment": "kept", "x-note": None},
    )
    document["properties"]["mlm:output"][0]["x-extra"] = {"a": [0, 0.0, None]}
    document["assets"]["model"]["file:size"] = 0
    document["other:field"] = None
    result = migrate(document).document
    model_input = result["properties"]["mlm:input"][0]
    assert (model_input["$comment"], model_input["x-note"]) == ("kept", None)
    assert result["properties"]["mlm:output"][0]["x-extra"] == {"a": [0, 0.0, None]}
    assert result["assets"]["model"]["file:size"] == 0
    assert result["other:field"] is None


# --- idempotence ---------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "name"), CASES)
def test_migrating_the_result_again_changes_nothing(version: str, name: str) -> None:
    first = migrate(EXAMPLES[version][name]).document
    again = migrate(first)
    assert again.document == first
    assert (again.changes, again.unmigrated) == ((), ())


@pytest.mark.parametrize("name", sorted(EXAMPLES[LATEST]))
def test_latest_examples_are_returned_unchanged(name: str) -> None:
    report = migrate(EXAMPLES[LATEST][name])
    assert report.document == EXAMPLES[LATEST][name]
    assert report.document is not EXAMPLES[LATEST][name]
    assert (report.changes, report.unmigrated, report.errors) == ((), (), ())
    assert report.ok


# --- releases, URIs and errors -------------------------------------------------------------


def test_releases_are_the_published_ones_with_their_schema_uris() -> None:
    assert tuple(MLM_SCHEMA_URLS) == MLM_RELEASES
    assert {version: mlm_schema_uri(version) for version in MLM_RELEASES} == MLM_SCHEMA_URLS
    assert mlm_schema_uri("1.3.0") == CRIM.format("1.3.0")
    assert mlm_schema_uri("1.4.0") == STAC_EXTENSIONS.format("1.4.0")


def test_schema_uri_of_an_unknown_release_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"unknown MLM release '1\.6\.0'"):
        mlm_schema_uri("1.6.0")


@pytest.mark.parametrize(
    ("extensions", "expected"),
    [
        ([CRIM.format("1.2.0")], "1.2.0"),
        ([STAC_EXTENSIONS.format("1.5.1")], "1.5.1"),
        ([STAC_EXTENSIONS.format("1.2.0")], None),  # v1.2.0 was published on the crim host
        ([CRIM.format("1.3.0"), STAC_EXTENSIONS.format("1.4.0")], "1.4.0"),
        ([STAC_EXTENSIONS.format("1.5.0"), CRIM.format("1.1.0")], "1.5.0"),  # the latest
        ([STAC_EXTENSIONS.format("1.6.0"), CRIM.format("1.1.0")], "1.1.0"),
        ([STAC_EXTENSIONS.format("1.6.0")], None),  # not a release
        (["https://stac-extensions.github.io/eo/v1.1.0/schema.json"], None),
        ([STAC_EXTENSIONS.format("1.5.2") + "#"], None),
        ([], None),
        ("not a list", None),
    ],
)
def test_detect_version(extensions: Any, expected: str | None) -> None:
    assert detect_version({"stac_extensions": extensions}) == expected


@pytest.mark.parametrize("document", [{}, None, [], "text"])
def test_detect_version_of_a_document_without_extensions(document: object) -> None:
    assert detect_version(document) is None


def test_official_collection_as_published_declares_no_release() -> None:
    with pytest.raises(ValueError, match="declares no MLM release: stac_extensions lists no MLM"):
        migrate(example_collection(LATEST))


def test_unknown_release_is_an_error() -> None:
    document = _item_v1_3()
    document["stac_extensions"] = [STAC_EXTENSIONS.format("9.9.9")]
    with pytest.raises(ValueError, match="not a published MLM schema URI") as raised:
        migrate(document)
    assert str(raised.value) == (
        f"'{STAC_EXTENSIONS.format('9.9.9')}' is not a published MLM schema URI: v9.9.9 was "
        "never published; the latest published release before it is v1.5.2; to read the "
        "document as v1.5.2, say so (source='1.5.2', or --from 1.5.2)"
    )


def test_migrating_to_an_older_release_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"from MLM v1\.5\.2 to the older v1\.4\.0"):
        migrate(EXAMPLES[LATEST]["item_basic.json"], to="1.4.0")


@pytest.mark.parametrize("target", ["1.6.0", "v1.5.2", "latest"])
def test_migrating_to_an_unknown_release_is_an_error(target: str) -> None:
    with pytest.raises(ValueError, match=rf"cannot migrate to '{target}': not an MLM release"):
        migrate(EXAMPLES["1.0.0"]["item_basic.json"], to=target)


def test_a_document_that_is_not_an_object_is_an_error() -> None:
    with pytest.raises(ValueError, match="is a JSON object, not list"):
        migrate([])  # type: ignore[arg-type]


def test_the_mlm_uri_is_replaced_in_place_and_duplicates_are_dropped() -> None:
    document = _item_v1_3()
    eo = "https://stac-extensions.github.io/eo/v1.1.0/schema.json"
    document["stac_extensions"] = [CRIM.format("1.2.0"), eo, CRIM.format("1.3.0")]
    report = migrate(document, to="1.4.0")
    assert report.document["stac_extensions"] == [STAC_EXTENSIONS.format("1.4.0"), eo]
    assert [note for note in report.changes if note.location[0] == "stac_extensions"] == [
        MigrationNote(
            ("stac_extensions", 0), f"{CRIM.format('1.2.0')} → {STAC_EXTENSIONS.format('1.4.0')}"
        ),
        MigrationNote(
            ("stac_extensions", 2),
            f"{CRIM.format('1.3.0')} removed: {STAC_EXTENSIONS.format('1.4.0')} is declared",
        ),
    ]


def test_the_target_uri_already_declared_is_kept_without_a_note() -> None:
    """A v1.5.2 document that also lists the unpublished v1.6.0: the v1.5.2 URI stays where
    it is (no "v1.5.2 → v1.5.2" change) and the other MLM URI is dropped."""
    document = copy.deepcopy(EXAMPLES[LATEST]["item_basic.json"])
    v1_6_0 = STAC_EXTENSIONS.format("1.6.0")
    document["stac_extensions"].append(v1_6_0)
    report = migrate(document)
    assert report.document == EXAMPLES[LATEST]["item_basic.json"]
    assert report.changes == (
        MigrationNote(
            ("stac_extensions", len(document["stac_extensions"]) - 1),
            f"{v1_6_0} removed: {STAC_EXTENSIONS.format(LATEST)} is declared",
        ),
    )
    assert report.ok


def test_a_release_is_migrated_to_itself_unchanged_even_when_invalid() -> None:
    document = _item_v1_3(norm_type="l2")
    report = migrate(document, to="1.3.0")
    assert report.document == document
    assert (report.changes, report.unmigrated) == ((), ())


# --- the rules, one by one -----------------------------------------------------------------


def _item_v1_3(**model_input: Any) -> dict[str, Any]:
    """A small valid v1.3.0 Item; ``model_input`` adds keys to its one input."""
    return {
        "type": "Feature",
        "stac_version": "1.0.0",
        "stac_extensions": [CRIM.format("1.3.0")],
        "id": "model",
        "geometry": None,
        "properties": {
            "datetime": "2024-01-01T00:00:00Z",
            "mlm:name": "model",
            "mlm:architecture": "ResNet",
            "mlm:tasks": ["classification"],
            "mlm:input": [
                {
                    "name": "image",
                    "bands": [],
                    "input": {
                        "shape": [-1, 3, 64, 64],
                        "dim_order": ["batch", "channel", "height", "width"],
                        "data_type": "float32",
                    },
                    **model_input,
                }
            ],
            "mlm:output": [
                {
                    "name": "class",
                    "tasks": ["classification"],
                    "result": {
                        "shape": [-1, 10],
                        "dim_order": ["batch", "class"],
                        "data_type": "float32",
                    },
                }
            ],
        },
        "assets": {
            "model": {
                "href": "model.pt",
                "roles": ["mlm:model"],
                "mlm:artifact_type": "torch.save",
            }
        },
        "links": [],
    }


def _input_location(key: str) -> Location:
    return ("properties", "mlm:input", 0, key)


def _note(notes: tuple[MigrationNote, ...], location: Location) -> str:
    messages = [note.message for note in notes if note.location == location]
    assert len(messages) == 1, notes
    return messages[0]


def test_the_small_item_is_valid_in_v1_3_and_migrates_cleanly() -> None:
    document = _item_v1_3()
    _assert_valid(document, "1.3.0")
    report = migrate(document)
    assert report.ok
    _assert_valid(report.document, LATEST)


def test_cpu_accelerator_becomes_amd64_wherever_it_is_given() -> None:
    document = copy.deepcopy(EXAMPLES["1.5.0"]["item_basic.json"])
    document["properties"]["mlm:accelerator"] = "cpu"
    document["assets"]["model"]["mlm:accelerator"] = "cpu"
    report = migrate(document, to="1.5.1")
    assert report.document["properties"]["mlm:accelerator"] == "amd64"
    assert report.document["assets"]["model"]["mlm:accelerator"] == "amd64"
    message = _note(report.changes, ("properties", "mlm:accelerator"))
    assert message.startswith("'cpu' → 'amd64': the spec text calls 'cpu' an alias of 'amd64'")
    assert _note(report.changes, ("assets", "model", "mlm:accelerator")) == message
    assert report.unmigrated == ()
    assert report.ok


def test_cpu_accelerator_in_collection_summaries_and_item_assets() -> None:
    collection = copy.deepcopy(EXAMPLES["1.5.0"]["collection.json"])
    collection["summaries"]["mlm:accelerator"] = ["cpu", "cuda"]
    collection["item_assets"]["weights"]["mlm:accelerator"] = "cpu"
    report = migrate(collection)
    assert report.document["summaries"]["mlm:accelerator"] == ["amd64", "cuda"]
    assert report.document["item_assets"]["weights"]["mlm:accelerator"] == "amd64"
    assert _note(report.changes, ("summaries", "mlm:accelerator", 0)).startswith("'cpu' → 'amd64'")
    MLMCollection.model_validate(report.document)
    collection["summaries"]["mlm:accelerator"] = ["amd64", "cpu", None]
    report = migrate(collection)
    assert report.document["summaries"]["mlm:accelerator"] == ["amd64", None]
    assert _note(report.changes, ("summaries", "mlm:accelerator", 1)).startswith(
        "'cpu' removed, 'amd64' is listed"
    )


def test_statistics_with_z_score_become_z_score_value_scaling() -> None:
    statistics = [{"mean": 10, "stddev": 2.5}, {"mean": 0.0, "stddev": 1, "minimum": 0}]
    report = migrate(_item_v1_3(norm_type="z-score", statistics=statistics, norm_by_channel=True))
    model_input = report.document["properties"]["mlm:input"][0]
    assert model_input["value_scaling"] == [
        {"type": "z-score", "mean": 10, "stddev": 2.5},
        {"type": "z-score", "mean": 0.0, "stddev": 1},
    ]
    assert not {"norm_type", "statistics", "norm_by_channel"} & set(model_input)
    assert _note(report.changes, _input_location("norm_type")) == (
        "'z-score' → value_scaling of 2 z-score object(s) (v1.4.0 moved norm_type to "
        "value_scaling objects)"
    )
    assert _note(report.changes, _input_location("statistics")).startswith(
        "→ the mean and stddev of those value_scaling objects"
    )
    assert _note(report.changes, _input_location("norm_by_channel")).startswith("removed (v1.4.0)")
    # The minimum of a z-score statistic is dropped, and said so.
    assert report.unmigrated == (
        MigrationNote(
            ("properties", "mlm:input", 0, "statistics", 1),
            'removed {"minimum": 0}: a z-score value_scaling object holds only mean and stddev',
        ),
    )
    _assert_valid(report.document, LATEST)


def test_statistics_with_min_max_become_min_max_value_scaling() -> None:
    report = migrate(
        _item_v1_3(norm_type="min-max", statistics=[{"minimum": 0, "maximum": 255}]), to="1.4.0"
    )
    assert report.document["properties"]["mlm:input"][0]["value_scaling"] == [
        {"type": "min-max", "minimum": 0, "maximum": 255}
    ]
    assert report.ok
    _assert_valid(report.document, "1.4.0")


def test_incomplete_statistics_are_not_guessed() -> None:
    statistics = [{"mean": 10, "stddev": 2}, {"mean": 3}]
    report = migrate(_item_v1_3(norm_type="z-score", statistics=statistics, norm_by_channel=True))
    model_input = report.document["properties"]["mlm:input"][0]
    assert "value_scaling" not in model_input
    assert _note(report.unmigrated, _input_location("norm_type")) == (
        'removed "z-score": a z-score value_scaling needs mean and stddev, and not every '
        "statistics entry gives both"
    )
    assert _note(report.unmigrated, _input_location("statistics")).startswith(
        'removed [{"mean": 10, "stddev": 2}, {"mean": 3}]: '
    )
    assert _note(report.unmigrated, _input_location("norm_by_channel")) == (
        "removed true: v1.4.0 removed it; the scaling it qualifies is lost"
    )
    _assert_valid(report.document, LATEST)


@pytest.mark.parametrize(
    "norm_type", ["l1", "l2", "l2sqr", "hamming", "hamming2", "type-mask", "relative", "inf"]
)
def test_ambiguous_norm_type_is_removed_and_reported(norm_type: str) -> None:
    report = migrate(_item_v1_3(norm_type=norm_type, statistics=[{"mean": 1, "stddev": 2}]))
    model_input = report.document["properties"]["mlm:input"][0]
    assert not {"norm_type", "statistics", "value_scaling"} & set(model_input)
    assert _note(report.unmigrated, _input_location("norm_type")) == (
        f'removed "{norm_type}": v1.4.0 removed this norm_type as ambiguous about how and where '
        "it applies: write the calculation as a processing expression (value_scaling or "
        "pre_processing_function)"
    )
    assert _note(report.unmigrated, _input_location("statistics")).startswith(
        'removed [{"mean": 1, "stddev": 2}]: v1.4.0 removed it, and without its norm_type'
    )
    assert not report.ok
    _assert_valid(report.document, LATEST)


def test_norm_clip_becomes_a_divide_then_clip_value_scaling() -> None:
    report = migrate(_item_v1_3(norm_type=None, norm_clip=[3000, 0.5, 1e-05]))
    assert report.document["properties"]["mlm:input"][0]["value_scaling"] == [
        {"type": "processing", "format": "gdal-calc", "expression": "clip(A / 3000, 0, 1)"},
        {"type": "processing", "format": "gdal-calc", "expression": "clip(A / 0.5, 0, 1)"},
        {"type": "processing", "format": "gdal-calc", "expression": "clip(A / 1e-05, 0, 1)"},
    ]
    assert _note(report.changes, _input_location("norm_clip")).startswith(
        "→ value_scaling of 3 processing expression(s) 'clip(A / value, 0, 1)' (gdal-calc): "
        "v1.3.0 divides each band by its norm_clip value, then clips to [0, 1]"
    )
    assert report.ok
    _assert_valid(report.document, LATEST)


@pytest.mark.parametrize("norm_clip", [[], [0], ["10"], 3000])
def test_norm_clip_without_divisors_is_reported(norm_clip: Any) -> None:
    report = migrate(_item_v1_3(norm_clip=norm_clip))
    assert "value_scaling" not in report.document["properties"]["mlm:input"][0]
    assert _note(report.unmigrated, _input_location("norm_clip")).endswith(
        "v1.4.0 removed it, and it does not list a non-zero divisor per band"
    )


def test_norm_clip_with_a_statistics_scaling_is_reported() -> None:
    report = migrate(
        _item_v1_3(norm_type="min-max", statistics=[{"minimum": 0, "maximum": 1}], norm_clip=[2])
    )
    assert report.document["properties"]["mlm:input"][0]["value_scaling"] == [
        {"type": "min-max", "minimum": 0, "maximum": 1}
    ]
    assert _note(report.unmigrated, _input_location("norm_clip")).startswith(
        "removed [2]: with a min-max scaling it would need a second value_scaling operation"
    )


def test_null_norm_type_becomes_null_value_scaling() -> None:
    report = migrate(_item_v1_3(norm_type=None, norm_by_channel=False))
    assert report.document["properties"]["mlm:input"][0]["value_scaling"] is None
    assert _note(report.changes, _input_location("norm_type")) == (
        "null → value_scaling: null (v1.4.0)"
    )
    assert report.ok


def test_statistics_without_norm_type_are_ambiguous() -> None:
    report = migrate(_item_v1_3(statistics=[{"mean": 1, "stddev": 2}]))
    assert "value_scaling" not in report.document["properties"]["mlm:input"][0]
    assert "without a norm_type saying how they scale" in _note(
        report.unmigrated, _input_location("statistics")
    )


@pytest.mark.parametrize(
    ("by_channel", "statistics", "bands", "consistent"),
    [
        (True, 3, 3, True),
        (False, 1, 3, True),
        (False, 3, 3, False),
        (True, 1, 3, False),
        (True, 2, 0, True),
        (True, 1, 0, False),
    ],
)
def test_norm_by_channel_is_dropped_only_when_value_scaling_says_the_same(
    by_channel: bool, statistics: int, bands: int, consistent: bool
) -> None:
    document = _item_v1_3(
        norm_type="z-score",
        statistics=[{"mean": 0, "stddev": 1}] * statistics,
        norm_by_channel=by_channel,
    )
    document["properties"]["mlm:input"][0]["bands"] = ["B01", "B02", "B03"][:bands]
    report = migrate(document, to="1.4.0")
    assert len(report.document["properties"]["mlm:input"][0]["value_scaling"]) == statistics
    notes = report.changes if consistent else report.unmigrated
    assert _input_location("norm_by_channel") in {note.location for note in notes}


def test_framework_names_renamed_in_v1_1() -> None:
    document = copy.deepcopy(EXAMPLES["1.0.0"]["item_basic.json"])
    document["properties"]["mlm:framework"] = "Scikit-learn"
    report = migrate(document, to="1.1.0")
    assert report.document["properties"]["mlm:framework"] == "scikit-learn"
    assert _note(report.changes, ("properties", "mlm:framework")) == (
        "'Scikit-learn' → 'scikit-learn': v1.1.0 spells the framework as its own documentation does"
    )
    document["properties"]["mlm:framework"] = "Huggingface"
    assert migrate(document, to="1.1.0").document["properties"]["mlm:framework"] == "Hugging Face"


@pytest.mark.parametrize(
    "framework", ["PyTorch ", "_torch", "torch.", "\u00a0PyTorch", "PyTorch\n"]
)
def test_framework_names_the_v1_1_pattern_rejects_are_reported(framework: str) -> None:
    document = copy.deepcopy(EXAMPLES["1.0.0"]["item_basic.json"])
    document["properties"]["mlm:framework"] = framework
    report = migrate(document, to="1.1.0")
    assert "mlm:framework" not in report.document["properties"]
    assert "v1.1.0 requires a framework name without leading or trailing" in _note(
        report.unmigrated, ("properties", "mlm:framework")
    )
    _assert_valid(report.document, "1.1.0")


@pytest.mark.parametrize("framework", ["PyTorch", "a", "Hugging Face", "pytorch 2.1", "ONNX-1"])
def test_framework_names_the_v1_1_pattern_accepts_are_kept(framework: str) -> None:
    document = copy.deepcopy(EXAMPLES["1.0.0"]["item_basic.json"])
    document["properties"]["mlm:framework"] = framework
    report = migrate(document, to="1.1.0")
    assert report.document["properties"]["mlm:framework"] == framework
    assert report.unmigrated == ()


def test_null_bands_become_an_empty_list_in_v1_1() -> None:
    document = copy.deepcopy(EXAMPLES["1.0.0"]["item_basic.json"])
    document["properties"]["mlm:input"][0]["bands"] = None
    report = migrate(document, to="1.1.0")
    assert report.document["properties"]["mlm:input"][0]["bands"] == []
    assert _note(report.changes, _input_location("bands")).startswith("null → []")
    _assert_valid(report.document, "1.1.0")


def test_channel_dimension_stacking_the_bands_is_renamed_bands() -> None:
    document = copy.deepcopy(EXAMPLES["1.4.0"]["item_raster_bands.json"])
    report = migrate(document, to="1.5.0")
    dims = report.document["properties"]["mlm:input"][0]["input"]["dim_order"]
    assert dims == ["batch", "bands", "height", "width"]
    assert _note(report.changes, (*INPUT_0_DIMS, 1)) == (
        "'channel' → 'bands': since v1.5.0 the dimension stacking the 13 listed bands is named "
        "'bands', and 'channel' is a name for it (the official examples renamed 'channel' so)"
    )


def test_channel_dimension_of_another_size_is_not_renamed() -> None:
    report = migrate(EXAMPLES["1.3.0"]["item_bands_expression.json"])
    dims = report.document["properties"]["mlm:input"][0]["input"]["dim_order"]
    assert dims == ["batch", "channel", "height", "width"]
    assert _note(report.unmigrated, INPUT_0_DIMS) == (
        "since v1.5.0 the dimension stacking the 4 listed bands is named 'bands', and none of "
        '["batch", "channel", "height", "width"] can be told to be it: rename it \'bands\''
    )


def test_bands_dimension_without_bands_is_reported() -> None:
    document = _item_v1_3()
    document["properties"]["mlm:input"][0]["input"]["dim_order"][1] = "bands"
    report = migrate(document)
    assert _note(report.unmigrated, (*INPUT_0_DIMS, 1)) == (
        "since v1.5.0 'bands' is reserved for the dimension stacking the listed bands, and none "
        "are listed: rename the dimension, or list the bands"
    )
    assert [error.location for error in report.errors] == [INPUT_0_DIMS]


def test_variables_dimension_of_an_output_without_variables_is_reported() -> None:
    document = _item_v1_3()
    document["properties"]["mlm:output"][0]["result"]["dim_order"] = ["batch", "variables"]
    report = migrate(document, to="1.5.0")
    assert ("properties", "mlm:output", 0, "result", "dim_order", 1) in {
        note.location for note in report.unmigrated
    }


def test_artifact_type_in_properties_moves_to_every_model_asset_without_one() -> None:
    document = _item_v1_3()
    document["assets"]["model"].pop("mlm:artifact_type")
    document["assets"]["compiled"] = {"href": "model.pt2", "roles": ["mlm:model"]}
    document["assets"]["other"] = {"href": "x.pt", "roles": ["mlm:model"], "mlm:artifact_type": "x"}
    document["properties"]["mlm:artifact_type"] = "torch.save"
    report = migrate(document, to="1.4.0")
    assets = report.document["assets"]
    assert [assets[key]["mlm:artifact_type"] for key in ("model", "compiled", "other")] == [
        "torch.save",
        "torch.save",
        "x",
    ]
    assert "mlm:artifact_type" not in report.document["properties"]
    assert _note(report.changes, ("properties", "mlm:artifact_type")).startswith(
        "moved to assets → model, assets → compiled: since v1.4.0 mlm:artifact_type is given on "
        "the model asset, never in Item properties"
    )
    assert report.ok


def test_artifact_type_on_an_asset_without_the_model_role_is_reported() -> None:
    document = _item_v1_3()
    document["assets"]["code"] = {
        "href": "code.py",
        "roles": ["code"],
        "mlm:artifact_type": "python",
    }
    report = migrate(document)
    assert "mlm:artifact_type" not in report.document["assets"]["code"]
    assert _note(report.unmigrated, ("assets", "code", "mlm:artifact_type")).startswith(
        "removed \"python\": since v1.4.0 only an asset with the 'mlm:model' role gives it"
    )
    _assert_valid(report.document, LATEST)


def test_model_asset_without_artifact_type_is_reported_not_invented() -> None:
    report = migrate(EXAMPLES["1.3.0"]["item_basic.json"])
    assert "mlm:artifact_type" not in report.document["assets"]["model"]
    assert _note(report.unmigrated, MODEL_ARTIFACT).startswith(
        "required on an asset with the 'mlm:model' role since v1.4.0, and the document does "
        "not say it"
    )
    assert [error.location for error in report.errors] == [MODEL_ARTIFACT]
    assert not report.ok


def test_model_wide_fields_on_assets_move_to_properties() -> None:
    document = _item_v1_3()
    document["assets"]["model"]["mlm:hyperparameters"] = {"seed": 1}
    document["assets"]["model"]["mlm:name"] = "model"
    document["assets"]["model"]["mlm:output"] = []
    report = migrate(document, to="1.4.0")
    assert report.document["properties"]["mlm:hyperparameters"] == {"seed": 1}
    assert not {"mlm:hyperparameters", "mlm:name", "mlm:output"} & set(
        report.document["assets"]["model"]
    )
    assert _note(report.changes, ("assets", "model", "mlm:hyperparameters")).startswith(
        "moved to properties"
    )
    assert _note(report.changes, ("assets", "model", "mlm:name")).startswith(
        "removed, properties give the same value"
    )
    assert _note(report.unmigrated, ("assets", "model", "mlm:output")).startswith("removed []: ")
    _assert_valid(report.document, "1.4.0")


def test_undefined_mlm_fields_are_removed_from_v1_4() -> None:
    document = _item_v1_3()
    document["properties"]["mlm:foo"] = 1
    document["assets"]["model"]["mlm:bar"] = None
    report = migrate(document, to="1.4.0")
    assert "mlm:foo" not in report.document["properties"]
    assert "mlm:bar" not in report.document["assets"]["model"]
    assert _note(report.unmigrated, ("properties", "mlm:foo")) == (
        "removed 1: MLM v1.4.0 defines no such field, and since v1.4.0 undefined mlm: fields "
        "are rejected"
    )
    _assert_valid(report.document, "1.4.0")
    # Before v1.4.0 any mlm: key is accepted, and kept.
    document["stac_extensions"] = [CRIM.format("1.2.0")]
    assert migrate(document, to="1.3.0").document["properties"]["mlm:foo"] == 1


def test_an_entrypoint_of_v1_3_is_kept_for_v1_5_with_the_code_role() -> None:
    document = _item_v1_3()
    document["assets"]["code"] = {"href": "m.py", "roles": ["metadata"], "mlm:entrypoint": "m:f"}
    report = migrate(document)
    assert report.document["assets"]["code"]["roles"] == ["metadata", "code"]
    assert _note(report.changes, ("assets", "code", "roles")) == (
        "'code' added: since v1.5.0 an asset giving mlm:entrypoint has the 'code' role"
    )
    assert report.ok
    # v1.4.0 has no mlm:entrypoint: the field is reported, not kept.
    report = migrate(document, to="1.4.0")
    assert "mlm:entrypoint" not in report.document["assets"]["code"]
    assert ("assets", "code", "mlm:entrypoint") in {note.location for note in report.unmigrated}


def test_an_entrypoint_in_properties_is_reported() -> None:
    document = _item_v1_3()
    document["properties"]["mlm:entrypoint"] = "m:f"
    report = migrate(document)
    assert "mlm:entrypoint" not in report.document["properties"]
    assert "never in Item properties" in _note(report.unmigrated, ("properties", "mlm:entrypoint"))
    _assert_valid(report.document, LATEST)


def test_collection_asset_fields_and_summaries() -> None:
    collection = copy.deepcopy(EXAMPLES["1.0.0"]["collection.json"])
    collection["item_assets"]["weights"]["mlm:input"] = []
    collection["item_assets"]["weights"]["mlm:framework"] = "Huggingface"
    collection["summaries"]["mlm:input"] = [[]]
    collection["summaries"]["mlm:foo"] = ["x"]
    collection["summaries"]["mlm:framework"] = ["PyTorch", "Scikit-learn"]
    report = migrate(collection)
    assert report.errors == (STAC_VERSION_ERROR,)  # the v1.0.0 example's "1.0.0-rc.1"
    collection["stac_version"] = "1.0.0"
    report = migrate(collection)
    assert "mlm:input" not in report.document["item_assets"]["weights"]
    assert report.document["item_assets"]["weights"]["mlm:framework"] == "Hugging Face"
    assert report.document["summaries"]["mlm:framework"] == ["PyTorch", "scikit-learn"]
    assert {note.location for note in report.unmigrated} == {
        ("item_assets", "weights", "mlm:input"),
        ("summaries", "mlm:input"),
        ("summaries", "mlm:foo"),
    }
    assert report.errors == ()
    MLMCollection.model_validate(report.document)


def test_band_references_without_band_definitions_are_reported() -> None:
    report = migrate(EXAMPLES["1.2.0"]["item_raster_bands.json"], to="1.3.0")
    assert _note(report.unmigrated, INPUT_0_BANDS) == (
        "the input names 13 band(s), and the Item has no band definitions: since v1.3.0 they are "
        "described by raster:bands (each with a name) or eo:bands on the mlm:model asset, or by "
        "eo:bands or STAC 1.1 bands in properties; properties give raster:bands, but v1.3.0 reads "
        "raster:bands only on the mlm:model asset: move them there"
    )
    assert "raster:bands" in report.document["properties"]  # another extension: untouched


def test_unnamed_raster_bands_on_the_model_asset_are_reported() -> None:
    document = copy.deepcopy(EXAMPLES["1.2.0"]["item_raster_bands.json"])
    bands = document["properties"].pop("raster:bands")
    bands[1].pop("name")
    document["assets"]["weights"]["raster:bands"] = bands
    document["assets"]["source_code"]["roles"].remove("mlm:model")
    report = migrate(document, to="1.3.0")
    assert [note.location for note in report.unmigrated] == [
        ("assets", "weights", "raster:bands", 1)
    ]


# --- the report ----------------------------------------------------------------------------


def test_report_text_has_one_line_per_note() -> None:
    report = migrate(EXAMPLES["1.3.0"]["item_eo_bands.json"])
    lines = report.to_text().splitlines()
    assert lines[0] == "MIGRATED MLM v1.3.0 → v1.5.2: 5 changed, 1 unmigrated, 1 invalid"
    assert len(lines) == 1 + len(report.changes) + len(report.unmigrated) + len(report.errors)
    assert lines[1] == (
        "CHANGED properties → mlm:input → 0 → norm_type: 'z-score' → value_scaling of 13 "
        "z-score object(s) (v1.4.0 moved norm_type to value_scaling objects)"
    )
    assert lines[6].startswith("UNMIGRATED assets → weights → mlm:artifact_type: required on")
    assert lines[7].startswith("INVALID assets → weights → mlm:artifact_type: ")


def test_note_paths_read_as_every_location_for_people() -> None:
    assert MigrationNote(("assets", "model.pt", "roles", 0), "").path() == (
        "assets → model.pt → roles → 0"
    )
    assert MigrationNote((), "").path() == "(document)"


def test_ok_needs_no_unmigrated_note_and_no_error() -> None:
    note = MigrationNote(("a",), "b")
    report = MigrationReport({}, "1.0.0", "1.5.2", (), ())
    assert report.ok
    assert not MigrationReport({}, "1.0.0", "1.5.2", (), (note,)).ok
    assert not MigrationReport({}, "1.0.0", "1.5.2", (), (), (note,)).ok


# --- validation of the result --------------------------------------------------------------


def test_latest_release_is_validated_by_the_models() -> None:
    document = copy.deepcopy(EXAMPLES[LATEST]["item_basic.json"])
    document["properties"]["mlm:accelerator"] = "cpu"
    errors = validation_errors(document, LATEST)
    assert [error.location for error in errors] == [("properties", "mlm:accelerator")]
    collection = copy.deepcopy(EXAMPLES[LATEST]["collection.json"])
    collection["summaries"]["mlm:foo"] = 1
    # STAC core's summaries rule and the MLM rule on mlm: keys, each about its own rule
    assert validation_errors(collection, LATEST) == (
        MigrationNote(
            ("summaries", "mlm:foo"),
            "a summary must be a non-empty array of values, a range object with minimum and "
            "maximum, or a non-empty JSON Schema object (got 1)",
        ),
        MigrationNote(
            ("summaries", "mlm:foo"),
            "\"mlm:foo\" is not a field of the MLM extension: keys starting with 'mlm:' must be "
            "MLM fields (check the spelling) (got 1)",
        ),
    )
    assert not full_verdict(collection, release=LATEST)


def test_older_releases_are_validated_by_their_release_models() -> None:
    report = migrate(EXAMPLES["1.3.0"]["item_basic.json"], to="1.4.0")
    assert [error.location for error in report.errors] == [MODEL_ARTIFACT]
    assert not report.ok
    document = copy.deepcopy(EXAMPLES["1.4.0"]["item_basic.json"])
    document["properties"]["mlm:input"][0]["norm_type"] = None  # kept by v1.4.0: no error
    assert validation_errors(document, "1.4.0") == ()
    document["properties"]["mlm:accelerator"] = "cpu"
    assert [error.location for error in validation_errors(document, "1.4.0")] == [
        ("properties", "mlm:accelerator")
    ]


# --- a decision given by the caller --------------------------------------------------------


def test_a_given_artifact_type_fills_in_each_model_asset_that_lacks_it() -> None:
    document = _item_v1_3()
    del document["assets"]["model"]["mlm:artifact_type"]
    document["assets"]["other"] = {
        "href": "other.onnx",
        "roles": ["mlm:model"],
        "mlm:artifact_type": "onnx",
    }
    report = migrate(document, artifact_type="torch.jit.save")
    assert report.ok, report.to_text()
    assets = report.document["assets"]
    assert assets["model"]["mlm:artifact_type"] == "torch.jit.save"
    assert assets["other"]["mlm:artifact_type"] == "onnx"  # what the author wrote stays
    (note,) = [n for n in report.changes if n.location == ("assets", "model", "mlm:artifact_type")]
    assert note.message == (
        "set to \"torch.jit.save\": required on an asset with the 'mlm:model' role since "
        "v1.4.0 (given by the caller)"
    )
    assert note.decision == "artifact_type"
    _assert_valid(report.document, LATEST)


def test_a_given_artifact_type_is_not_used_before_v1_4() -> None:
    document = _item_v1_3()
    del document["assets"]["model"]["mlm:artifact_type"]
    document["stac_extensions"] = [CRIM.format("1.2.0")]
    report = migrate(document, to="1.3.0", artifact_type="torch.save")
    assert "mlm:artifact_type" not in report.document["assets"]["model"]
    assert report.ok


@pytest.mark.parametrize("version", ["1.2.0", "1.3.0"])
def test_the_basic_example_migrates_completely_given_its_artifact_type(version: str) -> None:
    report = migrate(
        copy.deepcopy(EXAMPLES[version]["item_basic.json"]), artifact_type="torch.save"
    )
    assert report.ok, report.to_text()
    _assert_valid(report.document, LATEST)
