"""The receiving team's working week: which days, from when to when, in which time zone.

The playbook keeps them as the text people type ("Mon-Fri", "09:00", "17:30",
"Europe/Berlin"); these functions read that text and say in one plain sentence
what is wrong with it. A first-touch SLA counts only the hours inside them.
"""

from __future__ import annotations

import re
import zoneinfo
from typing import NamedTuple

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAYS = {name.casefold(): n for n, name in enumerate(DAY_NAMES)}
_DAYS.update(
    {
        full.casefold(): n
        for n, full in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    }
)
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def parse_weekdays(text: str) -> frozenset[int]:
    """The days named by "Mon-Fri", "Mon,Wed,Fri" or "Sun-Thu" (0 is Monday); ValueError if
    they cannot be read."""
    days: set[int] = set()
    for part in text.split(","):
        ends = [_day(end) for end in part.split("-")]
        if len(ends) == 1:
            days.add(ends[0])
        elif len(ends) == 2:
            first, last = ends
            days.update((first + n) % 7 for n in range((last - first) % 7 + 1))
        else:
            raise ValueError(_weekday_refusal(text))
    return frozenset(days)


def _day(word: str) -> int:
    day = _DAYS.get(word.strip().casefold())
    if day is None:
        raise ValueError(f"“{word.strip()}” is not a day of the week; write Mon, Tue, … Sun.")
    return day


def _weekday_refusal(text: str) -> str:
    return f"The working days must read like Mon-Fri or Mon,Wed,Fri, not “{text}”."


def parse_clock(text: str) -> int:
    """Minutes after midnight of a time written "09:00" or "17:30"; ValueError if it is not one."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"A time of day must read like 09:00 or 17:30, not “{text}”.")
    return int(match.group(1)) * 60 + int(match.group(2))


def check_time_zone(name: str) -> None:
    """Refuse a time zone that is not an IANA name such as Europe/Berlin (empty: not set)."""
    if not name:
        return
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"“{name}” is not a time zone this computer knows; use a name like Europe/Berlin."
        ) from None


def weekdays_refusal(text: str) -> str | None:
    """Why ``text`` cannot be the working days, or None if it can."""
    try:
        if not parse_weekdays(text):
            return _weekday_refusal(text)
    except ValueError as error:
        return str(error)
    return None


def clock_refusal(text: str) -> str | None:
    try:
        parse_clock(text)
    except ValueError as error:
        return str(error)
    return None


def time_zone_refusal(text: str) -> str | None:
    try:
        check_time_zone(text)
    except ValueError as error:
        return str(error)
    return None


class BusinessHours(NamedTuple):
    """The working week read from the playbook's properties."""

    days: frozenset[int]  # 0 is Monday
    start: int  # minutes after midnight
    end: int
    time_zone: str  # an IANA name; empty: not set

    @classmethod
    def of(cls, meta) -> BusinessHours:  # a PlaybookMeta (not imported: it declares these)
        return cls(
            parse_weekdays(meta.work_days),
            parse_clock(meta.day_start),
            parse_clock(meta.day_end),
            meta.time_zone,
        )


def day_order_refusal(start: str, end: str) -> str | None:
    """Why a working day from ``start`` to ``end`` cannot be, or None if it can."""
    if clock_refusal(start) or clock_refusal(end):
        return None  # each is refused on its own
    if parse_clock(end) <= parse_clock(start):
        return f"The working day must end after it starts; {end} is not after {start}."
    return None
