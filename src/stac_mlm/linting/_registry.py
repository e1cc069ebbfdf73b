"""The registry of lint rules: each rule is a function registered under a stable code.

A rule reads the raw document (any JSON object, of any MLM release, valid or not) and yields
:class:`Hit`s; it skips whatever it cannot read (a value of the wrong type is validation's
business, not lint's). Codes never change meaning: a retired rule's code is not reused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from stac_mlm.linting._read import Document

Severity = Literal["warning", "info"]
Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Hit:
    """What a rule found: where, what for people, and the value found there (if any)."""

    location: Location
    message: str
    value: Any = None


Check = Callable[[Document], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    """One lint rule: its code, severity, source (section of the text it comes from), what
    it checks (one line, for the README table) and the check itself."""

    code: str
    severity: Severity
    source: str
    checks: str
    check: Check


#: Every rule by code, in the order registered (one module per family registers its own).
RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, source: str, checks: str) -> Callable[[Check], Check]:
    """Register the decorated check under ``code``."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"lint code {code} registered twice")
        RULES[code] = Rule(code, severity, source, checks, check)
        return check

    return register
