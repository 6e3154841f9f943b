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
    when: datetime.date | None = last_day
    for handoff in reversed(line):
        span = days.get(handoff.id)
        when = None if when is None or span is None else _earlier(when, span)
        dates[handoff.source] = when
    return dates


def _earlier(day: datetime.date, days: float) -> datetime.date | None:
    try:
        return day - datetime.timedelta(math.ceil(days))
    except OverflowError:  # before the calendar's first day
        return None
