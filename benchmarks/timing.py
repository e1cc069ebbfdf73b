"""Per-call times the way ``python -m timeit`` takes them: autoranged loops, several repeats.

The median of the repeats is reported: unlike the minimum it is not the one lucky run, and
unlike the mean it ignores the repeat that a background process disturbed.
"""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    repeat: int  # timed repeats; the median is reported
    min_time: float  # seconds each repeat lasts at least (timeit's autorange uses 0.2)


NORMAL = Settings(repeat=7, min_time=0.2)
QUICK = Settings(repeat=3, min_time=0.01)


def _loops_for(timer: timeit.Timer, min_time: float) -> int:
    """timeit's autorange (1, 2, 5, 10, 20, 50... loops) with a configurable minimum time."""
    scale = 1
    while True:
        for factor in (1, 2, 5):
            number = scale * factor
            if timer.timeit(number) >= min_time:
                return number
        scale *= 10


def seconds_per_call(call: Callable[[], object], settings: Settings) -> float:
    """Median seconds per call; ``timeit`` switches the garbage collector off while timing."""
    timer = timeit.Timer(call)
    number = _loops_for(timer, settings.min_time)
    totals = timer.repeat(repeat=settings.repeat, number=number)
    return statistics.median(total / number for total in totals)
