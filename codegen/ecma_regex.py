"""Translate the schema's ECMA-262 patterns into the same language in pydantic's Rust dialect.

JSON Schema patterns are ECMA-262 regular expressions. Pydantic runs patterns with the
Rust ``regex`` crate, whose ``\\s``, ``\\d`` and ``.`` mean more (Unicode) than ECMA's, and
which has no look-around. Each construct is rewritten into an explicit equivalent, so a
pattern accepts exactly the strings the official schema accepts; a construct with no safe
rewrite fails generation instead of being silently approximated.
"""

from __future__ import annotations

# ECMA-262 WhiteSpace and LineTerminator code points: what ECMA's \s matches.
_SPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# ECMA's "." matches anything but a LineTerminator.
_DOT = r"[^\n\r\u2028\u2029]"
_IN_CLASS = {"s": _SPACE, "d": "0-9", "w": "A-Za-z0-9_"}
_OUTSIDE = {
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": "[A-Za-z0-9_]",
    "W": "[^A-Za-z0-9_]",
}

#: Patterns with look-around, each with an equivalent written without it.
#: ``^(?=X).*X$`` (first and last character in X) is ``^X(.*X)?$``.
EQUIVALENT_PATTERNS = {
    r"^(?=[^\s._\-]).*[^\s._\-]$": r"^[^\s._\-](.*[^\s._\-])?$",
}


class UntranslatablePatternError(ValueError):
    """A pattern uses a construct that has no exact rewrite here."""


def to_rust(pattern: str) -> str:
    """The Rust-dialect pattern that accepts exactly what the ECMA-262 ``pattern`` accepts."""
    pattern = EQUIVALENT_PATTERNS.get(pattern, pattern)
    out: list[str] = []
    in_class = False
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            escape = pattern[position + 1]
            out.append(_escape(escape, in_class, pattern))
            position += 2
            continue
        if char == "(" and pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), position):
            raise UntranslatablePatternError(f"look-around in {pattern!r}: add an equivalent")
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif char == "." and not in_class:
            char = _DOT
        out.append(char)
        position += 1
    return "".join(out)


def _escape(escape: str, in_class: bool, pattern: str) -> str:
    if (escape == "b" and not in_class) or escape == "B":
        raise UntranslatablePatternError(f"word boundary in {pattern!r}")
    table = _IN_CLASS if in_class else _OUTSIDE
    if escape in table:
        return table[escape]
    if in_class and escape in _OUTSIDE:
        raise UntranslatablePatternError(f"\\{escape} inside a class in {pattern!r}")
    return "\\" + escape
