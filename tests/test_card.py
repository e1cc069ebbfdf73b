"""stac_mlm.card: a model card for every official example Item of every release, read back by
a CommonMark parser (markdown-it-py) with the structure the Item implies; values escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pydantic import ValidationError
from spec_folder import PROJECT_ROOT, example_items, spec_dir

import stac_mlm
from stac_mlm.cli import main
from stac_mlm.model_card import escape

RELEASES = ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.5.1", "1.5.2"]
PARSER = MarkdownIt("commonmark").enable("table")


def _text(inline: Any) -> str:
    return "".join(child.content for child in inline.children or [])


def blocks(markdown: str) -> list[tuple[Any, ...]]:
    """The card as blocks: ``("h1", text)``, ``("p", text)``, ``("table", [rows of cells])``."""
    found: list[tuple[Any, ...]] = []
    tokens = PARSER.parse(markdown)
    table: list[list[str]] | None = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            found.append((token.tag, _text(tokens[index + 1])))
        elif token.type == "paragraph_open":
            found.append(("p", _text(tokens[index + 1])))
        elif token.type == "table_open":
            table = []
        elif token.type == "tr_open" and table is not None:
            table.append([])
        elif token.type in ("th_open", "td_open") and table is not None:
            table[-1].append(_text(tokens[index + 1]))
        elif token.type == "table_close" and table is not None:
            found.append(("table", table))
            table = None
        elif token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            found.append((token.type,))
    return found


def _items() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (release, name, document)
        for release in RELEASES
        for name, document in example_items(release).items()
    ]


@pytest.mark.parametrize(
    ("release", "name", "document"), _items(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_official_example_gives_a_card_with_its_structure(
    release: str, name: str, document: dict[str, Any]
) -> None:
    markdown = stac_mlm.card(document)
    found = blocks(markdown)
    properties = document["properties"]
    assert found[0] == ("h1", properties["mlm:name"])
    headings = [block for block in found if block[0] in ("h1", "h2", "h3")]
    h2 = [text for level, text in headings if level == "h2"]
    assert h2[:2] == ["Inputs", "Outputs"]
    assert "Getting the weights" in h2
    h3 = [text for level, text in headings if level == "h3"]
    names = [entry["name"] for entry in properties["mlm:input"] + properties["mlm:output"]]
    assert h3 == names
    tables = [block[1] for block in found if block[0] == "table"]
    for table in tables:
        assert len({len(row) for row in table}) == 1, table  # every row has the header's cells
    summary = dict(row for row in tables[0][1:])
    assert summary["MLM release"] == f"v{release}"
    assert summary["Tasks"] == ", ".join(properties["mlm:tasks"])
    listed = [
        [str(found["name"]) for found in classes]
        for output in properties["mlm:output"]
        if (classes := output.get("classification:classes", output.get("classification_classes")))
    ]
    class_tables = [t for t in tables if t[0] == ["Value", "Name", "Description", "Colour"]]
    assert [[row[1] for row in table[1:]] for table in class_tables] == listed
    weights = [t for t in tables if t[0][:2] == ["Asset", "Link"] and "Artifact type" in t[0]]
    models = [k for k, a in document["assets"].items() if "mlm:model" in a.get("roles", [])]
    assert [row[0] for row in weights[0][1:]] == models
    assert [row[1] for row in weights[0][1:]] == [document["assets"][k]["href"] for k in models]
    assert not [block for block in found if block[0].endswith("_open")]  # no list, no quote


def test_a_card_shows_the_colours_and_lineage() -> None:
    document = example_items("1.5.2")["item_eo_bands.json"]
    output = document["properties"]["mlm:output"][0]
    del output["classification_classes"]
    output["classification:classes"] = [
        {"value": 0, "name": "Annual Crop", "description": "Crops", "color_hint": "FF00AA"},
        {"value": 1, "name": "Forest", "description": "Trees | more trees"},
    ]
    document["links"].append(
        {"rel": "derived_from", "href": "https://example.com/m.json", "mlm:name": "base"}
    )
    found = blocks(stac_mlm.card(document))
    tables = [block[1] for block in found if block[0] == "table"]
    classes = next(t for t in tables if t[0] == ["Value", "Name", "Description", "Colour"])
    assert classes[1:] == [
        ["0", "Annual Crop", "Crops", "#FF00AA"],
        ["1", "Forest", "Trees | more trees", ""],
    ]
    lineage = next(t for t in tables if t[0][0] == "Link" and "Split" in t[0])
    assert lineage[1:] == [
        [
            "https://earth-search.aws.element84.com/v1/collections/sentinel-2-l2a",
            "",
            "",
            "train",
            "",
        ],
        ["https://example.com/m.json", "", "base", "", ""],
    ]
    assert ("h2", "Lineage") in found


HOSTILE = [
    "a | b",
    "`code` and ``more``",
    "# not a heading",
    "- not a list",
    "1. not a list",
    "> not a quote",
    "*stars* _under_ ~tilde~",
    "<script>alert(1)</script>",
    "[link](https://example.com) ![image](x.png)",
    "&amp; &#35; \\ back\\slash",
    "line\nbreak\n\n\nparagraph",
    "---",
    "| --- |",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_values_are_escaped_and_read_back_as_written(value: str) -> None:
    document = example_items("1.5.2")["item_basic.json"]
    document["properties"]["description"] = value
    document["properties"]["mlm:architecture"] = value
    document["properties"]["mlm:input"][0]["name"] = value
    document["assets"]["model"]["href"] = value
    document["properties"]["mlm:hyperparameters"] = {"note": value}
    found = blocks(stac_mlm.card(document))
    collapsed = " ".join(value.split())
    assert found[:2] == [("h1", "example-model"), ("p", collapsed)]
    summary = dict(row for row in found[2][1][1:])
    assert summary["Architecture"] == collapsed
    assert ("h3", collapsed) in found
    weights = next(b[1] for b in found if b[0] == "table" and "Artifact type" in b[1][0])
    assert weights[1][1] == collapsed
    hyperparameters = next(b[1] for b in found if b[0] == "table" and b[1][0] == ["Name", "Value"])
    assert hyperparameters[1] == ["note", collapsed]
    assert not [block for block in found if block[0].endswith("_open")]


def _shown(text: str) -> str:
    """What a card shows of ``text``: white space collapsed, a control character as its
    escape (``\\x1b``)."""
    collapsed = " ".join(text.split())
    return "".join(
        f"\\x{ord(c):02x}" if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in collapsed
    )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30) | st.text(st.characters(max_codepoint=160), max_size=30))
def test_escape_reads_back_as_the_text_in_a_table_cell(text: str) -> None:
    markdown = f"| h |\n| --- |\n| {escape(text)} |\n"
    (table,) = [b[1] for b in blocks(markdown) if b[0] == "table"]
    assert table == [["h"], [_shown(text)]]


def test_control_characters_never_reach_the_card() -> None:
    """An escape sequence in a value would act on the terminal the card is printed on; NUL
    would be read as U+FFFD: each is shown as its escape, and reads back so."""
    document = example_items("1.5.2")["item_basic.json"]
    document["properties"]["description"] = "red \x1b[31m alert\x07 nul\x00 del\x7f"
    markdown = stac_mlm.card(document)
    assert not [c for c in markdown if (ord(c) < 32 and c != "\n") or 127 <= ord(c) < 160]
    assert blocks(markdown)[1] == ("p", "red \\x1b[31m alert\\x07 nul\\x00 del\\x7f")


def test_an_invalid_item_is_refused_with_its_errors() -> None:
    document = example_items("1.5.2")["item_basic.json"]
    del document["properties"]["mlm:name"]
    with pytest.raises(ValidationError, match="mlm:name"):
        stac_mlm.card(document)


def test_a_collection_is_refused() -> None:
    collection = json.loads((spec_dir() / "examples/mlm-v1.5.2/collection.json").read_text())
    collection["stac_extensions"].append("https://stac-extensions.github.io/mlm/v1.5.2/schema.json")
    with pytest.raises(ValueError, match="made from an MLM Item"):
        stac_mlm.card(collection)


def test_a_typed_item_gives_the_card_of_its_document() -> None:
    document = example_items("1.5.2")["item_basic.json"]
    assert stac_mlm.card(stac_mlm.MLMItem.model_validate(document)) == stac_mlm.card(document)


def test_the_readme_shows_the_card_of_item_basic() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    shown = re.search(r"(?ms)^```markdown\n(.*?)^```", readme)
    assert shown is not None
    assert shown.group(1) == stac_mlm.card(example_items("1.5.2")["item_basic.json"])


def test_card_command_writes_the_card(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = example_items("1.5.2")["item_basic.json"]
    (tmp_path / "item.json").write_text(json.dumps(document))
    target = tmp_path / "MODEL_CARD.md"
    assert main(["card", str(tmp_path / "item.json"), "-o", str(target)]) == 0
    assert target.read_text() == stac_mlm.card(document)
    assert main(["card", str(tmp_path / "item.json")]) == 0
    assert capsys.readouterr().out == stac_mlm.card(document)
    assert main(["card", str(tmp_path / "item.json"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == stac_mlm.card(document)


@pytest.mark.parametrize("name", sorted(example_items("1.5.2")))
def test_card_command_on_every_official_example_gives_markdown_a_parser_reads(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``stac-mlm card`` on the official v1.5.2 file itself (not a copy read through the
    library): the Markdown markdown-it-py reads is the library's card, headed by the model."""
    path = spec_dir() / "examples" / "mlm-v1.5.2" / name
    assert main(["card", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    document = json.loads(path.read_text())
    assert captured.out == stac_mlm.card(document)
    found = blocks(captured.out)
    assert found[0] == ("h1", document["properties"]["mlm:name"])
    assert [b for b in found if b[0] == "h2"][:2] == [("h2", "Inputs"), ("h2", "Outputs")]


def test_card_command_says_why_it_cannot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = example_items("1.5.2")["item_basic.json"]
    del document["properties"]["mlm:name"]
    (tmp_path / "bad.json").write_text(json.dumps(document))
    assert main(["card", str(tmp_path / "bad.json")]) == 1
    err = capsys.readouterr().err
    assert err == f"{tmp_path / 'bad.json'}: INVALID properties → mlm:name: Field required\n"
    collection = tmp_path / "collection.json"
    collection.write_text((spec_dir() / "examples/mlm-v1.5.2/collection.json").read_text())
    assert main(["card", str(collection)]) == 2
    assert "UNSUPPORTED a model card is made from an MLM Item" in capsys.readouterr().err
    assert main(["card", str(tmp_path / "missing.json")]) == 2
    assert "UNREADABLE" in capsys.readouterr().err
    (tmp_path / "two.jsonl").write_text(json.dumps(document) + "\n" + json.dumps(document) + "\n")
    assert main(["card", str(tmp_path / "two.jsonl")]) == 2
    assert "holds 2 documents; give one Item" in capsys.readouterr().err
    (tmp_path / "models").mkdir()
    for name in ("a.json", "b.json"):  # a folder of two Items: not the first one silently
        (tmp_path / "models" / name).write_text(
            json.dumps(example_items("1.5.2")["item_basic.json"])
        )
    assert main(["card", str(tmp_path / "models")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == f"stac-mlm card: {tmp_path / 'models'}: holds several files; give one Item\n"
    )
