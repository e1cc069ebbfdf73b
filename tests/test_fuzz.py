"""Fuzzing the readers with hostile JSON (Hypothesis), from the official v1.5.2 example Items.

(a) Byte-level mutations of the examples' JSON text (flip, replace, insert and delete bytes,
    duplicate a slice, truncate) → ``MLMItem.model_validate_json`` (bytes, and text when the
    bytes are UTF-8).
(b) Structure-level mutations of the parsed examples (replace any node at any depth by hostile
    JSON: NaN, infinities, huge integers, -0.0, lone surrogates, deep nesting, empty
    containers, long strings and lists, bools where numbers are, numbers where strings are…;
    change a value's JSON type; delete a key or an entry; wrap a node in a list; add a key)
    → ``MLMItem.model_validate``, and the same document as JSON text →
    ``MLMItem.model_validate_json``.
(c) The documents of (b) as text with a duplicate key → ``MLMItem.model_validate_json``.

Properties, for every input:

* the only exception is ``pydantic.ValidationError`` (and ``str``/``errors()`` of it work);
* a report holds at most ``MAX_ERRORS`` errors, then one ``too_many_errors`` at the root;
* what is accepted is JSON (finite numbers, valid Unicode, at most ``MAX_DEPTH`` levels) and
  round-trips TYPE-EXACTLY: ``model_dump(mode="json")`` and ``model_dump_json()`` give back the
  input with ``1`` not ``1.0``, ``True`` not ``1``, ``-0.0`` not ``0.0``, no key lost (key order
  free);
* what is refused for being hostile is refused where the hostility is, and only once: each
  non-finite number and each string or key that is not Unicode is one of the errors, with its
  code (unless the report is capped at ``MAX_ERRORS``), and no other error has its location
  (no second error about the same value); a document too deep has a ``json_too_deep`` error at
  the first container too deep of one of its branches (reported once: what lies after it may
  go unreported); text beyond pydantic-core's own parser limit may instead be refused at the
  root (a reader that gets further must locate as it does from a dict).

Bounded for CI (about 60 s on 2 cores in all); ``STAC_MLM_FUZZ_EXAMPLES=N`` runs N examples
per test for a longer hunt. ``pytest -s`` prints what was run, accepted and rejected.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import reprlib
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from conftest import EXAMPLES
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from spec_folder import spec_dir
from strategies import json_values
from test_hostile import INVALID_UNICODE, NON_FINITE, PARSER_DEPTH, TOO_DEEP, TOO_MANY, Loc

from stac_mlm import MAX_DEPTH, MAX_ERRORS, MLMItem

MAX_EXAMPLES = int(os.environ.get("STAC_MLM_FUZZ_EXAMPLES", "1000"))
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)

NAMES = sorted(EXAMPLES)
#: The examples' JSON text exactly as published (indented, key order of the file).
EXAMPLE_BYTES = {name: (spec_dir() / "examples/mlm-v1.5.2" / name).read_bytes() for name in NAMES}


# --- JSON, strictly -------------------------------------------------------------------------


def _not_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def depth_of(document: Any) -> int:
    """How many containers deep ``document`` is (the document itself is level 1)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            values = node.values() if isinstance(node, dict) else node
            stack.extend((value, level + 1) for value in values)
    return deepest


def scan(document: Any) -> tuple[set[tuple[Loc, str]], int]:
    """What the guard must refuse in ``document`` (location, code), and its depth in levels.

    Nothing below the first container too deep is searched, nor the value of a key that is
    not Unicode (the key is the error; nothing under it can be located). Iterative: a
    hostile document may be deeper than Python's recursion limit.
    """
    found: set[tuple[Loc, str]] = set()
    stack: list[tuple[Any, Loc, int]] = [(document, (), 1)]
    while stack:
        node, loc, level = stack.pop()
        if isinstance(node, dict | list) and level > MAX_DEPTH:
            found.add((loc, TOO_DEEP))
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and _not_unicode(key):
                    found.add(((*loc, key), INVALID_UNICODE))
                else:
                    stack.append((value, (*loc, key), level + 1))
        elif isinstance(node, list):
            stack.extend((value, (*loc, index), level + 1) for index, value in enumerate(node))
        elif isinstance(node, float) and not math.isfinite(node):
            found.add((loc, NON_FINITE))
        elif isinstance(node, str) and _not_unicode(node):
            found.add((loc, INVALID_UNICODE))
    return found, depth_of(document)


GUARD_CODES = frozenset({NON_FINITE, INVALID_UNICODE, TOO_DEEP})


def kept(loc: Loc) -> Loc:
    """``loc`` as a ``ValidationError`` keeps it: pydantic-core turns a lone surrogate in a
    location into U+FFFD (a location cannot hold one)."""
    return tuple(
        segment.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        if isinstance(segment, str)
        else segment
        for segment in loc
    )


def difference(expected: Any, actual: Any, loc: Loc = ()) -> str | None:
    """Where ``actual`` is not ``expected`` as JSON, types compared exactly; None if nowhere."""
    if type(actual) is not type(expected):
        was, now = type(expected).__name__, type(actual).__name__
        return f"at {loc}: {expected!r:.80} ({was}) became {actual!r:.80} ({now})"
    if isinstance(expected, dict):
        if expected.keys() != actual.keys():
            lost, added = expected.keys() - actual.keys(), actual.keys() - expected.keys()
            return (
                f"at {loc}: keys lost {sorted(map(repr, lost))}, added {sorted(map(repr, added))}"
            )
        for key, value in expected.items():
            found = difference(value, actual[key], (*loc, key))
            if found:
                return found
        return None
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return f"at {loc}: {len(expected)} entries became {len(actual)}"
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            found = difference(left, right, (*loc, index))
            if found:
                return found
        return None
    if isinstance(expected, float):
        same = expected == actual and math.copysign(1, expected) == math.copysign(1, actual)
        same = same or (math.isnan(expected) and math.isnan(actual))
        return None if same else f"at {loc}: {expected!r} became {actual!r}"
    return None if expected == actual else f"at {loc}: {expected!r:.80} became {actual!r:.80}"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")


def strict_loads(text: str) -> Any:
    return json.loads(text, parse_constant=_refuse_constant)


def shown(value: Any) -> str:
    """A failing input, short enough to read (Hypothesis prints none for large ones)."""
    return SHORT.repr(value)


SHORT = reprlib.Repr()
SHORT.maxstring, SHORT.maxother, SHORT.maxlevel, SHORT.maxdict, SHORT.maxlist = 400, 400, 12, 40, 20


# --- the properties -------------------------------------------------------------------------


class Tally:
    """Counts for the summary ``pytest -s`` prints."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.counts: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()

    def summary(self) -> str:
        codes = ", ".join(f"{code} {count}" for code, count in self.codes.most_common(8))
        return (
            f"\n{self.title}: {self.counts['examples']} examples, {self.counts['reads']} reads, "
            f"{self.counts['accepted']} accepted, {self.counts['rejected']} rejected "
            f"(most frequent codes: {codes or 'none'})"
        )


def read_and_check(
    read: Callable[[], MLMItem], expected: Any, tally: Tally, *, text: bool, parsed: bool = True
) -> bool:
    """Run ``read``; check the properties against ``expected`` (the document it reads, as
    JSON values; ``parsed`` False when the input is not even JSON text). Accepted or not."""
    tally.counts["reads"] += 1
    violations, depth = scan(expected) if parsed else (set(), 0)
    beyond_parser = text and depth > PARSER_DEPTH
    try:
        item = read()
    except ValidationError as error:
        tally.counts["rejected"] += 1
        listed = error.errors(include_url=False)
        assert len(listed) <= MAX_ERRORS + 1, f"{len(listed)} errors: the report is not capped"
        capped = [e for e in listed if e["type"] == TOO_MANY]
        assert capped in ([], [listed[-1]]), "too_many_errors is not the last, single error"
        assert all(e["loc"] == () for e in capped), "too_many_errors is not at the root"
        found = {(tuple(e["loc"]), e["type"]) for e in listed}
        tally.codes.update(code for _, code in found)
        str(error)
        violations = {(kept(loc), code) for loc, code in violations}
        guarded = {loc for loc, code in found if code in GUARD_CODES}
        again = sorted(
            (loc, code) for loc, code in found if loc in guarded and code not in GUARD_CODES
        )
        assert not again, f"a second error about a hostile value: {again}"
        deep = {violation for violation in violations if violation[1] == TOO_DEEP}
        if beyond_parser and ((), TOO_DEEP) in found:
            pass  # text beyond pydantic-core's own parser: refused at the root
        elif deep and not capped:  # reported once, at the first container too deep (what
            # lies after may not be); a report capped at MAX_ERRORS may have cut it
            assert deep & found, f"too deep, not reported at any of {sorted(deep)}; got {found}"
        elif parsed and not capped:  # every error is shown
            missing = violations - found
            assert not missing, f"hostile values not reported: {sorted(missing)}; got {found}"
        return False
    tally.counts["accepted"] += 1
    assert parsed, "accepted input that is not JSON text"
    assert not beyond_parser, f"accepted text {depth} levels deep"
    assert not violations, f"accepted hostile input: {sorted(violations)}"
    dumped = item.model_dump(mode="json")
    problem = difference(expected, dumped)
    assert problem is None, f"model_dump(mode='json') is not the input: {problem}"
    problem = difference(expected, strict_loads(item.model_dump_json()))
    assert problem is None, f"model_dump_json() is not the input: {problem}"
    return True


# --- (a) bytes ------------------------------------------------------------------------------

INTERESTING_BYTES = [
    b'"', b"{", b"}", b"[", b"]", b",", b":", b"\\", b"0", b"-", b"e", b".", b"N",
    b"\x00", b"\x1f", b"\x80", b"\xc3", b"\xed", b"\xff", b"\n", b" ",
]  # fmt: skip
INSERTIONS = [
    b"NaN", b"Infinity", b"-Infinity", b"1e309", b"-1e309", b"-0", b"-0.0", b"1.0", b"1e2",
    b"1" * 400, b"\\ud800", b"\\udfff", b"\\ud83d\\ude00", b"\xed\xa0\x80", b"\xc0\xaf",
    b"true", b"false", b"null", b"[]", b"{}", b'""', b",", b'"custom:x": 1,', b"[" * 300,
    b'"mlm:x": NaN,', b'"id": 5,',
]  # fmt: skip


#: Tokens that replace a whole scalar: the text stays JSON-shaped, the value turns hostile.
VALUE_TOKENS = [
    b"NaN", b"Infinity", b"-Infinity", b"1e309", b"-1e309", b"-0", b"-0.0", b"0.0", b"1.0",
    b"1e2", b"1E-400", b"1" * 400, b"123456789012345678901234567890", b"true", b"false",
    b"null", b"[]", b"{}", b"[[]]", b'""', b'"\\ud800"', b'"Res\\udfffNet"', b'"\\ude00\\ud83d"',
    b'"\\ud83d\\ude00"', b'"\xed\xa0\x80"', b'"\xff"', b'"\\u0000"', b'"' + b"x" * 5000 + b'"',
    b"[" * 150 + b"1" + b"]" * 150, b"[" * 300 + b"1" + b"]" * 300,
]  # fmt: skip
SCALAR = re.compile(rb'\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)')


def _value_offsets(data: bytes) -> list[int]:
    """Offsets just after ``:``, ``,`` and ``[``: where a value (or a key) starts."""
    return [index + 1 for index, byte in enumerate(data) if byte in b":,["]


MUTATIONS = ["token", "token", "token", "flip", "replace", "insert", "delete", "duplicate", "cut"]


@st.composite
def byte_mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(NAMES))
    data = bytearray(EXAMPLE_BYTES[name])
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 2, 3]))):
        kind = draw(st.sampled_from(MUTATIONS))
        if not data:
            data = bytearray(draw(st.binary(max_size=8)))
            continue
        values = _value_offsets(bytes(data)) or [0]
        at = draw(st.integers(0, len(data) - 1) | st.sampled_from(values))
        at = min(at, len(data) - 1)
        if kind == "token":
            token = SCALAR.match(bytes(data), draw(st.sampled_from(values)))
            if token is not None:
                start, end = token.span(1)
                data[start:end] = draw(st.sampled_from(VALUE_TOKENS))
        elif kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "replace":
            data[at : at + 1] = draw(
                st.sampled_from(INTERESTING_BYTES) | st.binary(min_size=1, max_size=1)
            )
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(INSERTIONS) | st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif kind == "duplicate":
            piece = data[at : at + draw(st.integers(1, 64))]
            where = draw(st.integers(0, len(data)))
            data[where:where] = piece
        else:
            del data[at:]
    return name, bytes(data)


def test_byte_mutations_of_the_examples() -> None:
    tally = Tally("byte mutations")

    @FUZZ
    @given(byte_mutations())
    def run(case: tuple[str, bytes]) -> None:
        name, data = case
        tally.counts["examples"] += 1
        note(f"{name}, mutated: {shown(data)}")
        try:
            text: str | None = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        expected: Any = None
        parsed = False
        if text is not None:
            try:
                expected, parsed = json.loads(text), True  # NaN, 1e309, surrogates: hostile JSON
            except (ValueError, RecursionError):
                parsed = False
        read_and_check(
            lambda: MLMItem.model_validate_json(data), expected, tally, text=True, parsed=parsed
        )
        if text is not None:
            read_and_check(
                lambda: MLMItem.model_validate_json(text), expected, tally, text=True, parsed=parsed
            )

    try:
        run()
    finally:
        print(tally.summary())


# --- (b) structure ---------------------------------------------------------------------------

SURROGATE_TEXT = st.text(st.characters(categories=["Cs", "Ll", "Nd", "Zs", "So"]), max_size=6)
HOSTILE_KEYS = (
    st.sampled_from(["custom:x", "mlm:unknown", "", "\ud800", "custom:\udfff", "$comment", "id"])
    | SURROGATE_TEXT
)
HOSTILE_SCALARS = (
    st.sampled_from(
        [
            math.nan,
            math.inf,
            -math.inf,
            10**400,
            -(10**400),
            2**63,
            2**64,
            -(2**63) - 1,
            2**53 + 1,
            -0.0,
            0.0,
            5e-324,
            1.7976931348623157e308,
            True,
            False,
            None,
            0,
            1,
            -1,
            1.0,
            1.5,
            "",
            "\ud800",
            "Res\ud800Net",
            "\udfff",
            "\ude00\ud83d",
            "x" * 10_000,
            "1",
            "true",
            "null",
            "NaN",
        ]
    )
    | SURROGATE_TEXT
    | st.integers()
    | st.floats()
)


def nested(levels: int, segment: str | int, leaf: Any) -> Any:
    value = leaf
    for _ in range(levels):
        value = [value] if segment == 0 else {segment: value}
    return value


#: Deep values: below, at and above MAX_DEPTH wherever they land, or beyond the parser.
DEEP_VALUES = st.builds(
    nested,
    st.integers(1, MAX_DEPTH + 10) | st.just(PARSER_DEPTH + 100),
    st.sampled_from([0, "a"]),
    HOSTILE_SCALARS,
)
HOSTILE_VALUES: st.SearchStrategy[Any] = st.one_of(
    HOSTILE_SCALARS,
    st.sampled_from([[], {}, [[]], [{}], {"": {}}]),
    DEEP_VALUES,
    st.builds(lambda value, count: [value] * count, HOSTILE_SCALARS, st.integers(0, 300)),
    st.recursive(
        HOSTILE_SCALARS,
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(HOSTILE_KEYS, children, max_size=3)
        ),
        max_leaves=8,
    ),
    json_values,
)


def paths(document: Any) -> list[Loc]:
    """Every node's location, the document's own ``()`` last (iterative). Hypothesis favours
    the first entries of a list it samples: the first is a key of the document, not itself."""
    found: list[Loc] = []
    stack: list[tuple[Any, Loc]] = [(document, ())]
    while stack:
        node, loc = stack.pop()
        found.append(loc)
        if isinstance(node, dict):
            stack.extend(((value, (*loc, key)) for key, value in node.items()))
        elif isinstance(node, list):
            stack.extend(((value, (*loc, index)) for index, value in enumerate(node)))
    return [*found[1:], found[0]]


def _node(document: Any, loc: Loc) -> Any:
    for segment in loc:
        document = document[segment]
    return document


def _other_type(value: Any) -> list[Any]:
    """The same value under other JSON types: ``3`` → ``3.0``, ``True``, ``"3"``…"""
    if isinstance(value, bool):
        return [int(value), float(value), json.dumps(value)]
    if isinstance(value, int):
        as_float = [float(value)] if abs(value) <= 2**1000 else []  # 10**400 has no float
        return [*as_float, bool(value), str(value)]
    if isinstance(value, float):
        integral = [int(value)] if math.isfinite(value) and value.is_integer() else []
        return [*integral, str(value), bool(value)]
    if isinstance(value, str):
        return [len(value), float(len(value)), value == "", None, [value]]
    if value is None:
        return [0, "null", False, {}]
    if isinstance(value, list):
        return [{str(index): item for index, item in enumerate(value)}, None]
    return [list(value.values()), None]


CHANGES = ["replace", "retype", "delete", "wrap", "add key"]


@st.composite
def structure_mutations(draw: st.DrawFn) -> Any:
    document: Any = copy.deepcopy(EXAMPLES[draw(st.sampled_from(NAMES))])
    for _ in range(draw(st.integers(1, 3))):
        loc = draw(st.sampled_from(paths(document)))
        kind = draw(st.sampled_from(CHANGES))
        node = _node(document, loc)
        if kind == "replace":  # a copy: a later change must not alter the strategy's constants
            new = copy.deepcopy(draw(HOSTILE_VALUES))
        elif kind == "retype":
            new = draw(st.sampled_from(_other_type(node)))
        elif kind == "wrap":
            new = [node]
        elif kind == "add key" and isinstance(node, dict):
            node[draw(HOSTILE_KEYS)] = copy.deepcopy(draw(HOSTILE_VALUES))
            continue
        elif kind == "delete" and loc:
            del _node(document, loc[:-1])[loc[-1]]
            continue
        else:
            continue
        if loc:
            _node(document, loc[:-1])[loc[-1]] = new
        else:
            document = new
    return document


def _as_text(document: Any) -> str | None:
    """JSON text of ``document`` as a careless writer makes it (NaN bare, surrogates escaped)."""
    try:
        return json.dumps(document)
    except (RecursionError, ValueError):
        return None


def test_structure_mutations_of_the_examples() -> None:
    tally = Tally("structure mutations")

    @FUZZ
    @given(structure_mutations())
    def run(document: Any) -> None:
        tally.counts["examples"] += 1
        note(f"document: {shown(document)}")
        snapshot = copy.deepcopy(document)
        accepted = read_and_check(
            lambda: MLMItem.model_validate(document), snapshot, tally, text=False
        )
        assert difference(snapshot, document) is None, "the input was modified"
        text = _as_text(document)
        if text is None:
            return
        # What the text means: a str holding two surrogate code points is not Unicode, but
        # its JSON text (escapes "\ud800\udc00") reads as one valid character.
        meaning = json.loads(text)
        from_text = read_and_check(
            lambda: MLMItem.model_validate_json(text), meaning, tally, text=True
        )
        same_meaning = scan(meaning)[0] == scan(snapshot)[0]
        if depth_of(snapshot) <= PARSER_DEPTH and same_meaning:
            assert from_text == accepted, "the dict and its JSON text got different verdicts"

    try:
        run()
    finally:
        print(tally.summary())


# --- (c) duplicate keys ----------------------------------------------------------------------


def _write(node: Any, loc: Loc, target: Loc, extra: tuple[str, str]) -> Iterator[str]:
    """JSON text of ``node``, with ``"key": decoy`` written first into the object at ``target``."""
    if isinstance(node, dict):
        members = [f"{json.dumps(extra[0])}: {extra[1]}"] if loc == target else []
        members += [
            f"{json.dumps(key)}: {''.join(_write(value, (*loc, key), target, extra))}"
            for key, value in node.items()
        ]
        yield "{" + ", ".join(members) + "}"
    elif isinstance(node, list):
        items = [
            "".join(_write(value, (*loc, index), target, extra)) for index, value in enumerate(node)
        ]
        yield "[" + ", ".join(items) + "]"
    else:
        yield json.dumps(node)


@st.composite
def duplicate_key_texts(draw: st.DrawFn) -> str:
    document = draw(structure_mutations())
    if depth_of(document) > PARSER_DEPTH:
        document = copy.deepcopy(EXAMPLES[NAMES[0]])
    objects = [loc for loc in paths(document) if isinstance(_node(document, loc), dict)]
    if not objects:
        return json.dumps(document)
    target = draw(st.sampled_from(objects))
    keys = list(_node(document, target))
    key = draw(st.sampled_from(keys) if keys else HOSTILE_KEYS)
    decoy = draw(
        st.sampled_from(["NaN", "1e309", '"\\ud800"', "null", "0", "[]", "{}", '"x"', "true"])
    )
    return "".join(_write(document, (), target, (key, decoy)))


def test_duplicate_keys_in_text() -> None:
    tally = Tally("duplicate keys")

    @FUZZ
    @given(duplicate_key_texts())
    def run(text: str) -> None:
        tally.counts["examples"] += 1
        note(f"text: {shown(text)}")
        expected = json.loads(text)  # the last value of a key wins, as in every JSON reader
        read_and_check(lambda: MLMItem.model_validate_json(text), expected, tally, text=True)

    try:
        run()
    finally:
        print(tally.summary())
