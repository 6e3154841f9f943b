"""When each stage's volume is needed: a period's won deals close by its last day, so the
buyers before them must arrive earlier by the measured median days between stages."""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence

from journeyapp.models.entities import Handoff


def needed_by(
    line: Sequence[Handoff], last_day: datetime.date, days: Mapping[str, float | None]
) -> dict[str, datetime.date | None]:
    """For each main-line stage, the date its volume must be reached so that the deals won from
    it close by ``last_day``; ``days`` gives each handoff's median days (None: not measured,
    and then no date for that stage or any before it)."""
    dates: dict[str, datetime.date | None] = {line[-1].target: last_day}
    before: float | None = 0.0  # days before ``last_day``, summed unrounded
    for handoff in reversed(line):
        span = days.get(handoff.id)
        before = None if before is None or span is None else before + span
        dates[handoff.source] = None if before is None else _earlier(last_day, before)
    return dates


def _earlier(day: datetime.date, days: float) -> datetime.date | None:
    """``days`` before ``day``, a part of a day counted whole (the volume is needed earlier,
    never later)."""
    try:
        return day - datetime.timedelta(math.ceil(days - 1e-9))  # float sums run over whole days
    except OverflowError:  # before the calendar's first day
        return None
