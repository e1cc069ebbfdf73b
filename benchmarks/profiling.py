"""Where the time of one call goes, by cProfile: the Python functions it runs, by self time.

cProfile times Python functions and built-in calls only. pydantic-core's Rust work is
charged to the innermost profiled caller: the top-level ``validate_json`` for most of it,
but a wrap validator's ``handler(data)`` is no profiled call, so the Rust validation of the
subtree a wrap validator wraps shows up as that wrap validator's self time. The profiler
also slows every Python call down; :mod:`ablation` gives the undistorted costs.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FunctionKey = tuple[str, int, str]  # (file, line, name), as pstats keys them

_PACKAGE_MARKERS = ("/site-packages/", "/src/")
_STDLIB_MARKER = "/lib/python3."


@dataclass(frozen=True)
class HotSpot:
    function: str
    calls_per_call: float  # calls of this function per profiled call
    self_share: float  # of all profiled time
    inclusive_share: float


@dataclass(frozen=True)
class Profile:
    calls: int
    seconds_per_call: float  # with the profiler on
    hot_spots: list[HotSpot]
    areas: dict[str, float]  # self time by package or file, built-ins charged to their caller


def describe(key: FunctionKey) -> str:
    """``package/module.py:line name``, or the built-in's own name."""
    file, line, name = key
    if file == "~":
        return name
    for marker in _PACKAGE_MARKERS:
        if marker in file:
            file = file.rsplit(marker, 1)[1]
            break
    else:
        if _STDLIB_MARKER in file:
            file = "stdlib/" + file.rsplit("/", 1)[1]
    return f"{file}:{line} {name}"


def area(key: FunctionKey) -> str:
    """The file a Python function is in; pydantic-core for its Rust entry points."""
    file, _, name = key
    if file == "~":
        return "pydantic-core (Rust)" if "pydantic_core" in name else "built-ins"
    described = describe(key).split(":", 1)[0]
    return (
        described
        if described.startswith(("stac_mlm/", "stac_pydantic/"))
        else (described.split("/", 1)[0])
    )


def _callers_area(raw: dict[FunctionKey, Any], key: FunctionKey) -> dict[str, float]:
    """A built-in's self time, split over the areas of the functions that called it."""
    shares: dict[str, float] = {}
    for caller, stats in raw[key][4].items():
        shares[area(caller)] = shares.get(area(caller), 0.0) + stats[2]
    return shares


def _areas(raw: dict[FunctionKey, Any], total: float) -> dict[str, float]:
    areas: dict[str, float] = {}
    for key, (_, _, self_time, _, _) in raw.items():
        charged = _callers_area(raw, key) if area(key) == "built-ins" else {area(key): self_time}
        for name, seconds in charged.items():
            areas[name] = areas.get(name, 0.0) + seconds / total
    return dict(sorted(areas.items(), key=lambda item: item[1], reverse=True))


def profile(call: Callable[[], object], calls: int, top: int) -> Profile:
    """Run ``call`` ``calls`` times under cProfile; the ``top`` functions by self time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler)
    raw: dict[FunctionKey, Any] = stats.stats  # type: ignore[attr-defined]
    total: float = stats.total_tt  # type: ignore[attr-defined]
    ranked = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)[:top]
    hot_spots = [
        HotSpot(describe(key), calls_made / calls, self_time / total, inclusive / total)
        for key, (_, calls_made, self_time, inclusive, _) in ranked
    ]
    return Profile(calls, total / calls, hot_spots, _areas(raw, total))
