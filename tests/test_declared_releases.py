"""Documents that declare a release that was never published, summaries of older releases,
and ``migrate -o`` writing only valid results (issue 10, items 3 and 5).

stac-model 0.7 (the spec repository's own Python package, on PyPI) writes
``https://stac-extensions.github.io/mlm/v1.6.0/schema.json``: no such release is published.
Some catalogs write v1.2.0 on the stac-extensions host, where it never was. Each is refused,
located at the URI, with the nearest published release named and why; the caller can say
which release the document follows (``source=``, ``--from``), and the report says so.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from spec_folder import example_items, full_errors, full_verdict

from stac_mlm import MLMCollection, load, migrate
from stac_mlm.aggregate import SummaryAccumulator
from stac_mlm.cli import build_parser, migrate_documents, summarize, validate
from stac_mlm.releases import mlm_schema_uri

Document = dict[str, Any]

V1_6_0 = "https://stac-extensions.github.io/mlm/v1.6.0/schema.json"
V1_2_0_ON_THE_OTHER_HOST = "https://stac-extensions.github.io/mlm/v1.2.0/schema.json"
EO = "https://stac-extensions.github.io/eo/v1.1.0/schema.json"

STAC_MODEL_0_7_SAID = (
    f"'{V1_6_0}' is not a published MLM schema URI: v1.6.0 is unpublished; stac-model 0.7 "
    "writes it for v1.5.2 documents; to read the document as v1.5.2, say so "
    "(source='1.5.2', or --from 1.5.2)"
)
OTHER_HOST_SAID = (
    f"'{V1_2_0_ON_THE_OTHER_HOST}' is not a published MLM schema URI: v1.2.0 was published at "
    "https://crim-ca.github.io/mlm-extension/v1.2.0/schema.json; to read the document as "
    "v1.2.0, say so (source='1.2.0', or --from 1.2.0)"
)


def stac_model_0_7_item() -> Document:
    """A v1.5.2 Item as stac-model 0.7 writes it: the v1.6.0 URI, after another extension."""
    item = example_items("1.5.2")["item_basic.json"]
    item["stac_extensions"] = [EO, V1_6_0]
    return item


def other_host_item() -> Document:
    """A crim-ca v1.2.0 Item whose URI names the stac-extensions host."""
    item = example_items("1.2.0")["item_basic.json"]
    item["stac_extensions"] = [V1_2_0_ON_THE_OTHER_HOST]
    return item


def _only_error(error: ValidationError) -> tuple[Any, str, str]:
    (details,) = error.errors()
    return details["loc"], details["type"], details["msg"]


# --- load --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "location", "message"),
    [
        (stac_model_0_7_item(), ("stac_extensions", 1), STAC_MODEL_0_7_SAID),
        (other_host_item(), ("stac_extensions", 0), OTHER_HOST_SAID),
    ],
    ids=["stac-model 0.7", "other host"],
)
def test_load_names_the_nearest_published_release(
    document: Document, location: tuple[Any, ...], message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        load(document)
    assert _only_error(raised.value) == (location, "mlm_release_unknown", message)


def test_load_with_the_release_given_reads_it_as_that_release() -> None:
    item = stac_model_0_7_item()
    read = load(item, source="1.5.2")
    assert read.mlm_version == "1.5.2"
    assert read.model_dump(mode="json")["stac_extensions"] == [EO, mlm_schema_uri("1.5.2")]
    assert item["stac_extensions"] == [EO, V1_6_0]  # the input is not modified
    assert load(other_host_item(), source="1.2.0").mlm_version == "1.2.0"


def test_load_with_a_release_given_keeps_the_rules_of_that_release() -> None:
    with pytest.raises(ValidationError) as raised:
        load(other_host_item(), source="1.5.2")  # v1.2.0 says nothing of mlm:artifact_type
    assert _only_error(raised.value)[:2] == (
        ("assets", "model", "mlm:artifact_type"),
        "mlm_artifact_type_required",
    )


def test_a_release_given_never_overrides_a_published_one() -> None:
    item = example_items("1.3.0")["item_basic.json"]
    with pytest.raises(ValidationError) as raised:
        load(item, source="1.5.2")
    assert _only_error(raised.value) == (
        ("stac_extensions", 0),
        "mlm_release_conflict",
        "the document declares MLM v1.3.0 ('https://crim-ca.github.io/mlm-extension/v1.3.0/"
        "schema.json', a published release) and the caller says it follows v1.5.2: a "
        "published declaration is never overridden (to read it as v1.3.0, leave source / "
        "--from out)",
    )
    assert load(item, source="1.3.0").mlm_version == "1.3.0"  # the same release: as read


def test_a_release_given_must_be_one() -> None:
    with pytest.raises(ValueError, match=r"unknown MLM release '1\.6\.0'"):
        load(stac_model_0_7_item(), source="1.6.0")


# --- migrate -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [(stac_model_0_7_item(), STAC_MODEL_0_7_SAID), (other_host_item(), OTHER_HOST_SAID)],
    ids=["stac-model 0.7", "other host"],
)
def test_migrate_refuses_a_release_never_published(document: Document, message: str) -> None:
    with pytest.raises(ValueError, match="is not a published MLM schema URI") as raised:
        migrate(document)
    assert str(raised.value) == message


def test_migrate_a_stac_model_0_7_document_with_its_release_given() -> None:
    report = migrate(stac_model_0_7_item(), source="1.5.2")
    assert report.ok
    assert (report.source_version, report.target_version) == ("1.5.2", "1.5.2")
    assert [(note.path(), note.message) for note in report.changes] == [
        (
            "stac_extensions → 1",
            "read as MLM v1.5.2, as given by the caller; the document declares v1.6.0 "
            "(v1.6.0 is unpublished; stac-model 0.7 writes it for v1.5.2 documents)",
        ),
        ("stac_extensions → 1", f"{V1_6_0} → {mlm_schema_uri('1.5.2')}"),
    ]
    assert report.document == example_items("1.5.2")["item_basic.json"] | {
        "stac_extensions": [EO, mlm_schema_uri("1.5.2")]
    }
    assert full_verdict(report.document), full_errors(report.document)


def test_migrate_a_stac_model_0_7_document_turns_its_cpu_into_amd64() -> None:
    """stac-model 0.7 writes ``"cpu"``, which no schema accepts: read as v1.5.2 (so that no
    step runs), the document still gets ``amd64``, as the README says."""
    item = stac_model_0_7_item()
    item["properties"]["mlm:accelerator"] = "cpu"
    report = migrate(item, source="1.5.2")
    assert report.ok, report.to_text()
    assert [(note.path(), note.message) for note in report.changes][1] == (
        "properties → mlm:accelerator",
        "'cpu' → 'amd64': the spec text calls 'cpu' an alias of 'amd64', and no schema up to "
        "v1.5.2 accepts 'cpu'",
    )
    assert report.document["properties"]["mlm:accelerator"] == "amd64"
    assert full_verdict(report.document), full_errors(report.document)


def test_migrate_a_document_of_the_other_host_with_its_release_given() -> None:
    report = migrate(other_host_item(), source="1.2.0", artifact_type="torch.save")
    assert report.ok, report.to_text()
    assert report.to_text().splitlines()[:2] == [
        "MIGRATED MLM v1.2.0 → v1.5.2: 3 changed, 0 unmigrated, 0 invalid",
        "CHANGED stac_extensions → 0: read as MLM v1.2.0, as given by the caller; the "
        "document declares v1.2.0 (v1.2.0 was published at "
        "https://crim-ca.github.io/mlm-extension/v1.2.0/schema.json)",
    ]
    assert report.document["stac_extensions"] == [mlm_schema_uri("1.5.2")]
    assert full_verdict(report.document), full_errors(report.document)


def test_migrate_with_a_conflicting_release_given_is_an_error() -> None:
    with pytest.raises(ValueError, match="a published declaration is never overridden"):
        migrate(example_items("1.4.0")["item_basic.json"], source="1.5.2")


def test_migrate_with_the_declared_release_given_changes_nothing_more() -> None:
    item = example_items("1.4.0")["item_basic.json"]
    assert migrate(item, source="1.4.0") == migrate(item)


def test_a_document_declaring_no_mlm_release_is_refused_with_a_release_given() -> None:
    item = example_items("1.5.2")["item_basic.json"]
    item["stac_extensions"] = [EO]
    with pytest.raises(ValueError, match="declares no MLM release"):
        migrate(item, source="1.5.2")


# --- the command line --------------------------------------------------------------------


def _write(path: Path, document: Any) -> str:
    path.write_text(json.dumps(document))
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    parsed = build_parser().parse_args(list(args))
    out, err = io.StringIO(), io.StringIO()
    if parsed.command == "validate":
        code = validate(parsed.paths, out=out, err=err, form=parsed.format, source=parsed.source)
    elif parsed.command == "migrate":
        code = migrate_documents(parsed, out=out, err=err)
    else:
        code = summarize(parsed, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_validate_a_stac_model_0_7_document(tmp_path: Path) -> None:
    path = _write(tmp_path / "item.json", stac_model_0_7_item())
    assert run("validate", path)[:2] == (
        1,
        f"{path}: INVALID stac_extensions → 1: {STAC_MODEL_0_7_SAID}\n",
    )
    assert run("validate", path, "--from", "1.5.2")[:2] == (
        0,
        f"{path}: OK (MLM v1.5.2 Item, read as MLM v1.5.2 as given by the caller; the "
        "document declares v1.6.0)\n",
    )


def test_validate_from_a_release_a_document_contradicts(tmp_path: Path) -> None:
    path = _write(tmp_path / "old.json", example_items("1.3.0")["item_basic.json"])
    code, out, _ = run("validate", path, "--from", "1.5.2")
    assert code == 1
    assert out.startswith(f"{path}: INVALID stac_extensions → 0: the document declares MLM v1.3.0")


def test_migrate_from_a_release(tmp_path: Path) -> None:
    path = _write(tmp_path / "item.json", stac_model_0_7_item())
    code, out, err = run("migrate", path)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == f"{path}: NOT MIGRATED stac_extensions → 1: {STAC_MODEL_0_7_SAID}"
    code, out, err = run("migrate", path, "--from", "1.5.2")
    assert code == 0, err
    assert err.splitlines()[:2] == [
        f"{path}: MIGRATED MLM v1.5.2 → v1.5.2: 2 changed, 0 unmigrated, 0 invalid",
        f"{path}: CHANGED stac_extensions → 1: read as MLM v1.5.2, as given by the caller; "
        "the document declares v1.6.0 (v1.6.0 is unpublished; stac-model 0.7 writes it for "
        "v1.5.2 documents)",
    ]
    assert json.loads(out)["stac_extensions"] == [EO, mlm_schema_uri("1.5.2")]


# --- summarize ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.2.0", "1.3.0", "1.4.0"])
def test_summaries_refuse_an_item_of_an_older_release(version: str) -> None:
    item = example_items(version)["item_basic.json"]
    with pytest.raises(ValidationError) as raised:
        SummaryAccumulator().add(item)
    assert _only_error(raised.value) == (
        ("stac_extensions", 0),
        "mlm_release_not_summarized",
        f"an MLM v{version} Item: summaries are made from MLM v1.5.2 Items; migrate it first",
    )
    with pytest.raises(ValidationError, match="migrate it first"):
        MLMCollection.from_items([item], id="m", description="d", license="MIT")


def test_summaries_refuse_an_item_declaring_a_release_never_published() -> None:
    with pytest.raises(ValidationError) as raised:
        SummaryAccumulator().add(stac_model_0_7_item())
    assert _only_error(raised.value) == (
        ("stac_extensions", 1),
        "mlm_release_unknown",
        f"'{V1_6_0}' is not a published MLM schema URI: v1.6.0 is unpublished; stac-model 0.7 "
        "writes it for v1.5.2 documents; migrate it first, saying which release it follows",
    )


def test_summarize_says_which_release_and_the_command_that_upgrades_it(tmp_path: Path) -> None:
    folder = tmp_path / "items"
    folder.mkdir()
    paths = {
        version: _write(folder / f"v{version}.json", example_items(version)["item_basic.json"])
        for version in ("1.2.0", "1.3.0", "1.4.0", "1.5.2")
    }
    paths["0.7"] = _write(folder / "stac model.json", stac_model_0_7_item())
    options = ["--id", "m", "--description", "d", "--license", "MIT"]
    code, out, err = run("summarize", str(folder), *options)
    assert code == 1
    assert err.splitlines() == [
        f"{paths['0.7']}: INVALID stac_extensions → 1: '{V1_6_0}' is not a published MLM "
        "schema URI: v1.6.0 is unpublished; stac-model 0.7 writes it for v1.5.2 documents; "
        "migrate it first, saying which release it follows: stac-mlm migrate "
        f"'{paths['0.7']}' --from 1.5.2 --in-place",
        *(
            f"{paths[version]}: INVALID stac_extensions → 0: an MLM v{version} Item: summaries "
            f"are made from MLM v1.5.2 Items; migrate it first: stac-mlm migrate "
            f"{paths[version]} --in-place (it leaves 1 value(s) to a person, e.g. assets → "
            "model → mlm:artifact_type: its report says which, and its decisions, such as "
            "--artifact-type, answer some)"
            for version in ("1.2.0", "1.3.0")
        ),
        f"{paths['1.4.0']}: INVALID stac_extensions → 0: an MLM v1.4.0 Item: summaries are "
        f"made from MLM v1.5.2 Items; migrate it first: stac-mlm migrate {paths['1.4.0']} "
        "--in-place",
        "5 documents: 1 valid, 4 invalid",
    ]
    assert json.loads(out)["summaries"]["mlm:name"] == ["example-model"]


def test_the_command_summarize_names_upgrades_the_item(tmp_path: Path) -> None:
    path = _write(tmp_path / "old.json", example_items("1.4.0")["item_basic.json"])
    options = ["--id", "m", "--description", "d", "--license", "MIT"]
    command = run("summarize", path, *options)[2].splitlines()[0].split(": stac-mlm ")[-1]
    assert run(*command.split())[0] == 0  # stac-mlm migrate PATH --in-place
    assert run("summarize", path, *options)[0] == 0


def test_the_command_summarize_names_says_when_it_leaves_a_decision(tmp_path: Path) -> None:
    """A v1.2.0 Item needs mlm:artifact_type, which only a person can give: the command said
    is not presented as complete on its own (run as written, it exits 1)."""
    path = _write(tmp_path / "old.json", example_items("1.2.0")["item_basic.json"])
    options = ["--id", "m", "--description", "d", "--license", "MIT"]
    line = run("summarize", path, *options)[2].splitlines()[0]
    assert line.endswith(
        f"stac-mlm migrate {path} --in-place (it leaves 1 value(s) to a person, e.g. assets → "
        "model → mlm:artifact_type: its report says which, and its decisions, such as "
        "--artifact-type, answer some)"
    )
    assert run("migrate", path, "--in-place")[0] == 1  # indeed incomplete without a decision
    assert run("migrate", path, "--in-place", "--artifact-type", "torch.save")[0] == 0
    assert run("summarize", path, *options)[0] == 0


def test_the_command_summarize_names_works_for_a_file_named_like_an_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-old.json`` given as ``./-old.json`` is reported as ``-old.json``: the command said
    must not hand that name to stac-mlm as an option."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "-old.json", example_items("1.4.0")["item_basic.json"])
    options = ["--id", "m", "--description", "d", "--license", "MIT"]
    err = run("summarize", "./-old.json", *options)[2]
    command = err.splitlines()[0].split(": stac-mlm ")[-1]
    assert command == "migrate ./-old.json --in-place"
    assert run(*command.split())[0] == 0
    assert run("summarize", "./-old.json", *options)[0] == 0


# --- migrate -o writes only valid results --------------------------------------------------


def test_migrate_o_does_not_write_an_invalid_result(tmp_path: Path) -> None:
    source = _write(tmp_path / "old.json", example_items("1.2.0")["item_basic.json"])
    target = tmp_path / "new.json"
    code, out, err = run("migrate", source, "-o", str(target))
    assert (code, out) == (1, "")  # as before: the result is invalid
    assert not target.exists()
    assert err.splitlines()[-2:] == [
        f"{source}: NOT WRITTEN the result is not valid MLM v1.5.2: -o writes only valid "
        "results (--write-invalid writes it anyway)",
        "1 document: 1 invalid; 1 file not written",
    ]


def test_migrate_o_writes_an_invalid_result_when_asked(tmp_path: Path) -> None:
    source = _write(tmp_path / "old.json", example_items("1.2.0")["item_basic.json"])
    target = tmp_path / "new.json"
    code, _, err = run("migrate", source, "-o", str(target), "--write-invalid")
    assert code == 1
    assert "NOT WRITTEN" not in err
    assert err.splitlines()[-1] == "1 document: 1 invalid"
    assert json.loads(target.read_text())["stac_extensions"] == [mlm_schema_uri("1.5.2")]


def test_migrate_o_writes_the_valid_files_of_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder / "a_old.json", example_items("1.2.0")["item_basic.json"])
    _write(folder / "b_new.json", example_items("1.4.0")["item_basic.json"])
    search = {"type": "FeatureCollection", "features": [example_items("1.4.0")["item_basic.json"]]}
    search["features"].append(example_items("1.2.0")["item_basic.json"])
    _write(folder / "c_search.json", search)
    code, _, err = run("migrate", str(folder), "-o", str(tmp_path / "out"), "--format", "json")
    assert code == 1
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["b_new.json"]
    *records, totals = [json.loads(line) for line in err.splitlines()]
    assert totals["totals"]["files_not_written"] == 2
    assert [
        (Path(r["path"]).name, r["written"] is None, r.get("not_written")) for r in records
    ] == [
        (
            "a_old.json",
            True,
            "the result is not valid MLM v1.5.2: -o writes only valid results "
            "(--write-invalid writes it anyway)",
        ),
        ("b_new.json", False, None),
        *[
            (
                "c_search.json",
                True,
                "1 of its 2 results are not valid MLM v1.5.2: -o writes only valid results "
                "(--write-invalid writes it anyway)",
            )
        ]
        * 2,
    ]


def test_write_invalid_goes_with_o(tmp_path: Path) -> None:
    source = _write(tmp_path / "old.json", example_items("1.2.0")["item_basic.json"])
    assert run("migrate", source, "--in-place", "--write-invalid")[::2] == (
        2,
        "stac-mlm migrate: --write-invalid goes with -o (--in-place never writes an invalid "
        "result)\n",
    )


@pytest.mark.parametrize(
    ("uri", "why"),
    [
        (
            "https://stac-extensions.github.io/mlm/v1.6.0/schema.json",
            "v1.6.0 is unpublished; stac-model 0.7 writes it for v1.5.2 documents",
        ),
        (
            "https://stac-extensions.github.io/mlm/v1.2.0/schema.json",
            "v1.2.0 was published at https://crim-ca.github.io/mlm-extension/v1.2.0/schema.json",
        ),
    ],
)
def test_a_uri_never_published_beside_a_published_release_is_refused_there(
    uri: str, why: str
) -> None:
    """Accepted before (v1.6.0 beside v1.5.2), or refused at stac_extensions as a second
    release asking for its published URI (v1.2.0 on the other host)."""
    item = example_items()["item_basic.json"]
    item["stac_extensions"] = [*item["stac_extensions"], uri]
    index = len(item["stac_extensions"]) - 1
    with pytest.raises(ValidationError) as caught:
        load(item)
    (line,) = caught.value.errors()
    assert line["loc"] == ("stac_extensions", index)
    assert line["msg"] == (
        f"'{uri}' is not a published MLM schema URI ({why}): remove it, the document "
        "declares a published release"
    )
