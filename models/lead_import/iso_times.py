"""Many dates written the ISO way (2024-02-26 09:15) read at once: the seconds since 1970 that
``values.time_reader`` gives each of them in UTC, worked out a column at a time.

Only texts of one plain shape are read here (all ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or
``YYYY-MM-DD HH:MM:SS``, in ASCII digits, a space or T between date and time); for anything
else, a day that does not exist or an hour past 23, ``IsoTimes`` gives up and each text is
read by the reader on its own."""

from __future__ import annotations

import re
from datetime import UTC, date, tzinfo
from itertools import repeat
from operator import add, getitem

from journeyapp.models.calendar_days import start_of

_SHAPES = {
    10: re.compile(r"(?:\d{4}-\d\d-\d\d)*", re.ASCII),
    16: re.compile(r"(?:\d{4}-\d\d-\d\d[ T]\d\d:\d\d)*", re.ASCII),
    19: re.compile(r"(?:\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d)*", re.ASCII),
}
_EPOCH = date(1970, 1, 1)
_DAY, _CLOCK = slice(0, 10), slice(11, None)


def _clock_times(seconds: bool) -> dict[str, int]:
    """Each time of day as written ("09:15", or "09:15:30"), with its seconds since midnight."""
    return {
        f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if seconds else ""): (
            hour * 3600 + minute * 60 + second
        )
        for hour in range(24)
        for minute in range(60)
        for second in (range(60) if seconds else (0,))
    }


class IsoTimes:
    """Keeps each day it has read, for the next texts (a million dates fall on a few hundred).
    A date alone starts its day in ``day_zone`` (``values.time_reader``'s rule)."""

    def __init__(self, day_zone: tzinfo = UTC) -> None:
        self._days: dict[str, int] = {}
        self._clocks: dict[int, dict[str, int]] = {}
        self._day_zone = day_zone
        self._day_starts: dict[str, int] = {}

    def column(self, cells: list[str]) -> list[int | None] | None:
        """Each cell's seconds since 1970 as a time in UTC, None for an empty one; None for
        the whole column unless every filled cell is plain."""
        texts = set(cells)
        texts.discard("")
        texts = list(texts)
        seconds = self.seconds(texts)
        if seconds is None:
            return None
        return list(map(dict(zip(texts, seconds, strict=True)).get, cells))

    def seconds(self, texts: list[str]) -> list[int] | None:
        """Each text's seconds since 1970 as a time in UTC; None unless all are plain."""
        if not texts:
            return []
        lengths = set(map(len, texts))
        width = lengths.pop()
        shape = _SHAPES.get(width) if not lengths else None
        if shape is None or shape.fullmatch("".join(texts)) is None:
            return None
        days = list(map(getitem, texts, repeat(_DAY)))
        try:
            for day in set(days).difference(self._days):
                self._days[day] = (date.fromisoformat(day) - _EPOCH).days * 86400
        except ValueError:  # no such day: the reader says so
            return None
        if width == 10:
            return self._starts(days)
        total = list(map(self._days.__getitem__, days))
        clocks = self._clocks.get(width)
        if clocks is None:
            clocks = self._clocks[width] = _clock_times(seconds=width == 19)
        try:
            return list(
                map(add, total, map(clocks.__getitem__, map(getitem, texts, repeat(_CLOCK))))
            )
        except KeyError:  # an hour past 23, a minute past 59
            return None

    def _starts(self, days: list[str]) -> list[int]:
        """When each day begins in the day zone."""
        if self._day_zone is UTC:
            return list(map(self._days.__getitem__, days))
        starts = self._day_starts
        for day in set(days).difference(starts):
            starts[day] = start_of(date.fromisoformat(day), self._day_zone)
        return list(map(starts.__getitem__, days))
