"""Every MLM release read in its own version, against the official schemas.

The official verdict is that of ``spec_folder.full_verdict``: the MLM schema of every MLM
release the document declares (and of the release of the model reading it) AND the STAC core
schema of its ``stac_version``. For each release: every official example Item loads in its
release and writes back exactly as read; the release's Item model, and ``stac_mlm.load``
(the model of the latest declared release), give the official verdict on every document of
the corpus derived from that release's examples (``tests/corpus.py``), and write back exactly
every document they accept. ``MLMItem`` (v1.5.2) is covered by ``test_differential.py``.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from corpus import derived_documents
from pydantic import ValidationError
from spec_folder import (
    MLM_SCHEMA_URLS,
    example_collection,
    example_items,
    full_errors,
    full_verdict,
    mlm_validator,
)

import stac_mlm
from stac_mlm.releases import MLM_RELEASES, item_model, load, mlm_schema_uri, validate_release

Document = dict[str, Any]

OLDER_RELEASES = [version for version in MLM_RELEASES if version != "1.5.2"]
EXAMPLES = [
    pytest.param(version, name, document, id=f"v{version}:{name}")
    for version in MLM_RELEASES
    for name, document in example_items(version).items()
]
MIN_CORPUS_SIZE = 800
MIN_PER_VERDICT = 250


@cache
def official_verdicts(version: str) -> tuple[bool, ...]:
    """The verdict for the release's Item model: its MLM schema applies even undeclared."""
    return tuple(
        full_verdict(document, release=version, kind="item")
        for _, document in derived_documents(version)
    )


@cache
def load_verdicts(version: str) -> tuple[bool, ...]:
    """The verdict for ``load``: the MLM schemas the document declares, its ``type``'s kind."""
    return tuple(full_verdict(document) for _, document in derived_documents(version))


def canonical(document: Any) -> str:
    return json.dumps(document, sort_keys=True)


def faithful_dump(model: Any) -> Document:
    dump: Document = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return dump


def verdict(version: str | None, document: Document) -> tuple[bool, str]:
    """Our verdict: the release's Item model, or ``load`` when ``version`` is None."""
    try:
        read = load(document) if version is None else item_model(version).model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        return False, f"{'/'.join(map(str, first['loc']))}: {first['msg']}"
    except Exception as error:  # anything but a ValidationError is a defect
        pytest.fail(f"{type(error).__name__} instead of a ValidationError: {error}")
    if canonical(faithful_dump(read)) != canonical(document):
        return True, "accepted, but not written back as read"
    return True, "accepted"


def test_every_release_is_known_with_its_official_uri() -> None:
    assert tuple(MLM_SCHEMA_URLS) == MLM_RELEASES
    for version, url in MLM_SCHEMA_URLS.items():
        assert mlm_schema_uri(version) == url
        assert item_model(version).mlm_schema_uri == url
        assert item_model(version).mlm_version == version


@pytest.mark.parametrize(("version", "name", "document"), EXAMPLES)
def test_official_example_loads_in_its_release_and_round_trips(
    version: str, name: str, document: Document
) -> None:
    assert full_verdict(document), full_errors(document)
    read = load(document)
    assert read.mlm_version == version
    assert isinstance(read, item_model(version))
    assert faithful_dump(read) == document
    assert canonical(faithful_dump(load(json.dumps(document)))) == canonical(document)


def agreement(version: str, reader: str, verdicts: tuple[bool, ...], record_property: Any) -> None:
    """One line per disagreement: the official verdict, ours and our first error; the summary
    (documents valid and invalid, agreement N/N) printed (``-s``) and recorded (junitxml)."""
    cases = derived_documents(version)
    disagreements = []
    for (case_id, document), official in zip(cases, verdicts, strict=True):
        ours, why = verdict(version if reader == "model" else None, document)
        if ours != official or why == "accepted, but not written back as read":
            disagreements.append(f"{case_id}: official {official}, ours {ours} ({why})")
    valid = verdicts.count(True)
    agreed = len(cases) - len(disagreements)
    summary = (
        f"v{version} corpus ({reader}): {valid} valid, {len(cases) - valid} invalid; "
        f"agreement {agreed}/{len(cases)}"
    )
    record_property("agreement", f"{agreed}/{len(cases)}")
    record_property("valid_invalid", f"{valid}/{len(cases) - valid}")
    print(summary)
    assert not disagreements, "\n".join([summary, *disagreements])


@pytest.mark.parametrize("version", OLDER_RELEASES)
def test_release_agrees_with_the_official_schemas(version: str, record_property: Any) -> None:
    """The release's Item model: its MLM schema (and any other declared) and STAC core."""
    agreement(version, "model", official_verdicts(version), record_property)


@pytest.mark.parametrize("version", MLM_RELEASES)
def test_load_agrees_with_the_official_schemas(version: str, record_property: Any) -> None:
    """``load``: the model of the latest declared release, of the kind ``type`` names."""
    agreement(version, "load", load_verdicts(version), record_property)


@pytest.mark.parametrize("version", OLDER_RELEASES)
def test_release_corpus_is_large_and_balanced(version: str) -> None:
    verdicts = list(official_verdicts(version))
    assert len(verdicts) >= MIN_CORPUS_SIZE
    assert verdicts.count(True) >= MIN_PER_VERDICT
    assert verdicts.count(False) >= MIN_PER_VERDICT


def _example(version: str, name: str = "item_basic.json") -> Document:
    return json.loads(json.dumps(example_items(version)[name]))


def _error(version: str, document: Document) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        item_model(version).model_validate(document)
    errors = caught.value.errors()
    assert len(errors) == 1, errors
    return dict(errors[0])


@pytest.mark.parametrize("version", ["1.0.0", "1.1.0"])
def test_v1_0_and_v1_1_need_the_model_role_on_every_asset(version: str) -> None:
    document = _example(version)
    document["assets"]["readme"] = {"href": "README.md", "roles": ["metadata"]}
    error = _error(version, document)
    assert error["loc"] == ("assets", "readme", "roles")
    assert error["type"] == "mlm_model_role_required"
    assert "every asset must have the role 'mlm:model'" in error["msg"]


@pytest.mark.parametrize("version", ["1.2.0", "1.3.0"])
def test_v1_2_and_v1_3_need_one_model_asset(version: str) -> None:
    document = _example(version)
    document["assets"]["readme"] = {"href": "README.md", "roles": ["metadata"]}
    assert item_model(version).model_validate(document)
    for asset in document["assets"].values():
        asset["roles"] = ["data"]
    error = _error(version, document)
    assert (error["loc"], error["type"]) == (("assets",), "mlm_model_asset_missing")


@pytest.mark.parametrize("version", ["1.0.0", "1.1.0", "1.2.0", "1.3.0"])
def test_before_v1_4_unknown_mlm_keys_pass_and_dlm_keys_do_not(version: str) -> None:
    document = _example(version)
    document["properties"]["mlm:unknown"] = 1
    assert faithful_dump(item_model(version).model_validate(document)) == document
    document["properties"]["dlm:name"] = "old"
    error = _error(version, document)
    assert error["loc"] == ("properties", "dlm:name")
    assert error["type"] == "mlm_legacy_prefix"
    assert "'dlm:'" in error["msg"]


@pytest.mark.parametrize("version", ["1.0.0", "1.3.0"])
def test_before_v1_4_the_five_model_fields_are_required(version: str) -> None:
    document = _example(version)
    del document["properties"]["mlm:architecture"]
    error = _error(version, document)
    assert (error["loc"], error["type"]) == (("properties", "mlm:architecture"), "missing")
    assert "Field required" in error["msg"]


@pytest.mark.parametrize("version", ["1.3.0", "1.4.0"])
def test_v1_3_and_v1_4_need_definitions_of_the_input_bands(version: str) -> None:
    document = _example(version, "item_eo_bands.json")
    document["stac_extensions"] = [
        uri for uri in document["stac_extensions"] if "/eo/" not in uri and "/raster/" not in uri
    ]
    error = _error(version, document)
    assert (error["loc"], error["type"]) == (
        ("properties", "mlm:input"),
        "mlm_band_definitions_missing",
    )


def test_v1_4_forbids_unknown_mlm_keys_and_needs_the_artifact_type() -> None:
    document = _example("1.4.0")
    document["properties"]["mlm:norm_type"] = "z-score"
    error = _error("1.4.0", document)
    assert (error["loc"], error["type"]) == (("properties", "mlm:norm_type"), "mlm_unknown_field")


@pytest.mark.parametrize("version", MLM_RELEASES)
def test_a_key_named_like_a_field_is_not_the_field(version: str) -> None:
    """``mlm_artifact_type`` is an unknown key, kept as read, never ``mlm:artifact_type``."""
    document = _example(version)
    for asset in document["assets"].values():
        asset["mlm_artifact_type"] = "kept"
        asset["mlm_entrypoint"] = "kept"
    assert full_verdict(document, release=version)
    assert faithful_dump(item_model(version).model_validate(document)) == document


def test_load_reads_the_declared_release_and_names_it() -> None:
    document = _example("1.2.0")
    read = load(document)
    assert type(read).__module__ == "stac_mlm.releases.v1_2_0"
    assert read.mlm_version == "1.2.0"
    assert stac_mlm.load is load


def test_load_takes_the_latest_of_two_declared_releases() -> None:
    document = _example("1.5.2")
    document["stac_extensions"].insert(0, mlm_schema_uri("1.2.0"))
    assert load(document).mlm_version == "1.5.2"


@pytest.mark.parametrize(
    ("change", "location", "kind", "words"),
    [
        (
            lambda d: d.update(stac_extensions=[]),
            ("stac_extensions",),
            "mlm_release_unknown",
            "no MLM",
        ),
        (
            lambda d: (
                d["stac_extensions"].append(
                    "https://stac-extensions.github.io/mlm/v9.9.9/schema.json"
                )
                or d["stac_extensions"].remove(mlm_schema_uri("1.5.2"))
            ),
            ("stac_extensions", 0),
            "mlm_release_unknown",
            "v9.9.9 was never published; the latest published release before it is v1.5.2",
        ),
        (lambda d: d.update(type="Catalog"), ("type",), "mlm_document_type", "STAC Item"),
    ],
)
def test_load_says_what_is_wrong(
    change: Any, location: tuple[str, ...], kind: str, words: str
) -> None:
    document = _example("1.5.2")
    change(document)
    with pytest.raises(ValidationError) as caught:
        load(document)
    (error,) = caught.value.errors()
    assert (error["loc"], error["type"]) == (location, kind)
    assert words in error["msg"]


@pytest.mark.parametrize("value", [[], "not json", b"[1]", 3])
def test_load_rejects_what_is_not_a_json_object(value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        load(value)
    assert caught.value.errors()[0]["loc"] == ()


def test_validate_release_reads_a_document_as_another_release() -> None:
    document = _example("1.2.0")
    with pytest.raises(ValidationError) as caught:
        validate_release(document, "1.5.2")
    assert any(error["loc"] == ("stac_extensions",) for error in caught.value.errors())
    with pytest.raises(ValueError, match=r"unknown MLM release '2\.0\.0'"):
        validate_release(document, "2.0.0")


#: The official example Collections of MLM v1.0-v1.3 say ``stac_version: "1.0.0-rc.1"``, a
#: version no STAC core schema accepts; those of v1.4 and later say "1.0.0".
RC_COLLECTIONS = ("1.0.0", "1.1.0", "1.2.0", "1.3.0")


def _collection(version: str) -> Document:
    """The official example Collection of ``version``, declaring it (they declare no MLM), with
    a STAC version that a core schema accepts ("1.0.0-rc.1" becomes "1.0.0")."""
    document = example_collection(version)
    document["stac_extensions"].append(mlm_schema_uri(version))
    if version in RC_COLLECTIONS:
        assert document["stac_version"] == "1.0.0-rc.1"
        document["stac_version"] = "1.0.0"
    return document


@pytest.mark.parametrize("version", MLM_RELEASES)
def test_collection_of_each_release_loads_and_round_trips(version: str) -> None:
    """The official example Collections declare no MLM: declared, they read in their release."""
    document = _collection(version)
    assert full_verdict(document), full_errors(document)
    read = load(document)
    assert read.mlm_version == version
    assert type(read).__name__ == "MLMCollection"
    assert faithful_dump(read) == document


@pytest.mark.parametrize("version", RC_COLLECTIONS)
def test_collection_of_a_release_candidate_stac_version_is_refused(version: str) -> None:
    """As published (``stac_version: "1.0.0-rc.1"``, MLM declared), only STAC core refuses it:
    one error, at ``stac_version``."""
    document = _collection(version)
    document["stac_version"] = "1.0.0-rc.1"
    assert mlm_validator(version, "collection").is_valid(document)
    assert full_errors(document) == ["STAC core: no core schema for stac_version '1.0.0-rc.1'"]
    with pytest.raises(ValidationError) as caught:
        load(document)
    (error,) = caught.value.errors()
    assert (error["loc"], error["type"]) == (("stac_version",), "stac_version")
    assert '(got "1.0.0-rc.1")' in error["msg"]


@pytest.mark.parametrize("version", OLDER_RELEASES)
def test_collection_assets_follow_their_release(version: str) -> None:
    document = _collection(version)
    document["assets"] = {"weights": {"href": "model.pt", "mlm:accelerator": "not-an-accelerator"}}
    with pytest.raises(ValidationError) as caught:
        load(document)
    (error,) = caught.value.errors()
    assert error["loc"] == ("assets", "weights", "mlm:accelerator")
    assert mlm_validator(version, "collection").is_valid(document) is False
    assert not full_verdict(document)


@pytest.mark.parametrize(
    "uri",
    [
        "http://stac-extensions.github.io/mlm/v1.5.2/schema.json",
        "https://stac-extensions.github.io/mlm/v1.5.2/schema.json#",
        "https://stac-extensions.github.io/mlm/v1.5.2/",
    ],
)
def test_load_names_a_uri_that_is_almost_the_mlm_one(uri: str) -> None:
    document = _example("1.5.2")
    document["stac_extensions"] = [uri]
    with pytest.raises(ValidationError) as caught:
        load(document)
    (error,) = caught.value.errors()
    assert error["loc"] == ("stac_extensions",)
    assert f"'{uri}' is not one as published (the schema compares URIs exactly)" in error["msg"]
    assert not full_verdict(document)
