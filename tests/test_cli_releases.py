"""``stac-mlm validate`` on every release, and ``stac-mlm migrate``: output, files, exit codes."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from spec_folder import example_items, official_validator, spec_dir

from stac_mlm.cli import build_parser, migrate_documents, validate
from stac_mlm.releases import MLM_RELEASES, mlm_schema_uri


def run_migrate(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = migrate_documents(build_parser().parse_args(["migrate", *args]), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def copy_examples(version: str, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name in example_items(version):
        files.append(folder / name)
        shutil.copy(spec_dir() / f"examples/mlm-v{version}" / name, folder / name)
    return files


@pytest.mark.parametrize("version", MLM_RELEASES)
def test_validate_reads_each_file_in_its_release_and_says_which(
    version: str, tmp_path: Path
) -> None:
    files = copy_examples(version, tmp_path)
    out = io.StringIO()
    assert validate([str(tmp_path)], out=out) == 0
    assert out.getvalue().splitlines() == [
        f"{file}: OK (MLM v{version} Item)" for file in sorted(files)
    ]


def test_migrate_one_file_writes_the_document_and_reports_on_stderr(tmp_path: Path) -> None:
    (source,) = [f for f in copy_examples("1.2.0", tmp_path) if f.name == "item_basic.json"]
    code, out, err = run_migrate(str(source))
    assert code == 1  # v1.4.0 requires mlm:artifact_type, which the document does not give
    assert (
        err.splitlines()[0]
        == f"{source}: MIGRATED MLM v1.2.0 → v1.5.2: 1 changed, 1 unmigrated, 1 invalid"
    )
    assert f"{source}: UNMIGRATED assets → model → mlm:artifact_type: required on an asset" in err
    assert json.loads(out)["stac_extensions"] == [mlm_schema_uri("1.5.2")]
    assert json.loads(source.read_text()) == example_items("1.2.0")["item_basic.json"]


def test_migrate_with_the_artifact_type_given_is_complete(tmp_path: Path) -> None:
    (source,) = [f for f in copy_examples("1.2.0", tmp_path) if f.name == "item_basic.json"]
    code, out, err = run_migrate(str(source), "--artifact-type", "torch.save")
    assert code == 0, err
    migrated = json.loads(out)
    assert official_validator("1.5.2").is_valid(migrated)
    assert migrated["assets"]["model"]["mlm:artifact_type"] == "torch.save"
    assert "(given by the caller)" in err


def test_migrate_a_folder_into_another_keeps_the_layout(tmp_path: Path) -> None:
    copy_examples("1.3.0", tmp_path / "in" / "nested")
    code, _, err = run_migrate(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--write-invalid")
    written = sorted(path.relative_to(tmp_path / "out") for path in (tmp_path / "out").rglob("*"))
    assert [str(path) for path in written if path.suffix] == [
        f"nested/{name}" for name in sorted(example_items("1.3.0"))
    ]
    assert err.count("MLM v1.3.0 → v1.5.2") == len(example_items("1.3.0"))
    assert code == 1  # no v1.3.0 example says how its model was saved


def test_migrate_in_place_rewrites_the_files_it_can(tmp_path: Path) -> None:
    files = copy_examples("1.4.0", tmp_path)
    code, out, err = run_migrate(str(tmp_path), "--in-place")
    assert (code, out) == (1, "")  # item_multi_io.json: its ndvi dimension needs a person
    for file in files:
        document: dict[str, Any] = json.loads(file.read_text())
        if file.name == "item_multi_io.json":
            assert f"{file}: NOT WRITTEN the result is not valid MLM v1.5.2" in err
            assert document == example_items("1.4.0")[file.name]
        else:
            assert official_validator("1.5.2").is_valid(document), file.name


def test_migrate_in_place_never_writes_an_invalid_result(tmp_path: Path) -> None:
    files = copy_examples("1.0.0", tmp_path)
    code, out, err = run_migrate(str(tmp_path), "--in-place", "--to", "1.4.0")
    assert (code, out) == (1, "")
    for file in files:
        assert f"{file}: NOT WRITTEN the result is not valid MLM v1.4.0" in err
        assert json.loads(file.read_text()) == example_items("1.0.0")[file.name]


def test_migrating_several_documents_needs_a_destination(tmp_path: Path) -> None:
    copy_examples("1.2.0", tmp_path)
    code, out, err = run_migrate(str(tmp_path))
    assert (code, out) == (2, "")
    assert "give -o FOLDER or --in-place" in err


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ({"type": "Feature", "stac_extensions": []}, "declares no MLM"),
        ([1, 2], "not a JSON object"),
    ],
)
def test_what_cannot_be_migrated_exits_2(document: Any, words: str, tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document))
    code, out, err = run_migrate(str(path))
    assert (code, out) == (2, "")
    assert words in err


def test_a_downgrade_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(example_items("1.5.2")["item_basic.json"]))
    code, _, err = run_migrate(str(path), "--to", "1.2.0")
    assert code == 2
    assert "older" in err


OTHER = "https://stac-extensions.github.io/file/v2.1.0/schema.json"
ML_MODEL = "https://stac-extensions.github.io/ml-model/v1.0.0/schema.json"


@pytest.mark.parametrize(
    ("extensions", "to", "where", "message"),
    [
        (
            [OTHER, "https://stac-extensions.github.io/mlm/v1.6.0/schema.json"],
            "1.5.2",
            ("stac_extensions", 1),
            "'https://stac-extensions.github.io/mlm/v1.6.0/schema.json' is not a published MLM "
            "schema URI: v1.6.0 is unpublished",
        ),
        ([OTHER], "1.5.2", ("stac_extensions",), "the document declares no MLM release"),
        (
            [OTHER, ML_MODEL, "dl-model"],
            "1.5.2",
            ("stac_extensions", 1),
            "the document declares DLM v1.0.0-beta.2 and ML-Model v1.0.0: ",
        ),
        (
            [OTHER, mlm_schema_uri("1.5.2")],
            "1.2.0",
            ("stac_extensions", 1),
            "cannot migrate from MLM v1.5.2 to the older v1.2.0",
        ),
    ],
)
def test_a_refusal_is_located_at_the_declaration_that_causes_it(
    extensions: list[str], to: str, where: tuple[str | int, ...], message: str, tmp_path: Path
) -> None:
    """NOT MIGRATED said why, but not where: the location was the document itself."""
    from stac_mlm.migration import MigrationRefusedError, migrate

    document = {**example_items("1.5.2")["item_basic.json"], "stac_extensions": extensions}
    with pytest.raises(MigrationRefusedError) as refused:
        migrate(document, to=to)
    assert refused.value.location == where
    assert str(refused.value).startswith(message)
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document))
    code, _, err = run_migrate(str(path), "--to", to)
    assert code == 2
    said = " → ".join(str(part) for part in where)
    assert err.splitlines()[0].startswith(f"{path}: NOT MIGRATED {said}: {message}")
    code, _, err = run_migrate(str(path), "--to", to, "--format", "json")
    [error] = json.loads(err.splitlines()[0])["errors"]
    assert error["location"] == "/" + "/".join(str(part) for part in where)
    assert error["message"].startswith(message)
