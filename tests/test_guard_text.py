"""The JSON guard's shortcut for text (``_guard.json_text_is_plain``) never clears a value
the guard would refuse: what it says about the text holds for the value read from it."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import from_json

from stac_mlm import MAX_DEPTH
from stac_mlm._guard import json_text_is_plain, json_value_violations

#: Numbers written the ways that reach or pass the largest double, and plain ones.
NUMBERS = st.sampled_from(
    ["1e309", "-1E+309", "1e308", "1.7976931348623157e308", "9" * 320, "9" * 250 + ".5e60",
     "0.1e999", "1e-400", "1e99", "12", "-0.5", "1E+99", "1e0309"]
)  # fmt: skip
KEYS = st.sampled_from(["a", "e000", "[", "{{", "mlm:name"])
SCALARS = NUMBERS | st.sampled_from(['"e123"', '"[[[["', "true", "null", '"x"'])


def nested(text: str, depth: int, key: str) -> str:
    """``text`` inside ``depth`` arrays or objects."""
    for level in range(depth):
        text = f"[{text}]" if level % 2 else f"{{{json.dumps(key)}: {text}}}"
    return text


@given(st.lists(SCALARS, max_size=5), st.integers(0, MAX_DEPTH + 20), KEYS)
def test_cleared_text_reads_as_plain_json(scalars: list[str], depth: int, key: str) -> None:
    text = nested(f"[{', '.join(scalars)}]", depth, key).encode()
    value = from_json(text, allow_inf_nan=False)
    if json_text_is_plain(text):
        assert json_value_violations(value) == []


def test_what_it_refuses() -> None:
    assert json_text_is_plain(b'{"a": [1.5e38, 1e99, -2, "e"]}')
    assert not json_text_is_plain(b"[1.5e308]")  # cannot overflow, but walked: 3 digits
    assert not json_text_is_plain(b"[1e309]")  # reads as infinity
    assert not json_text_is_plain(b"[1E+400]")
    assert not json_text_is_plain(("[" + "9" * 310 + ".0]").encode())
    deep = nested("1", MAX_DEPTH + 1, "a")
    assert not json_text_is_plain(deep)  # str input too
    assert json_text_is_plain(nested("1", MAX_DEPTH, "a"))
