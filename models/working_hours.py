"""Hours between two instants, counted inside the playbook's working week.

An SLA of 24 hours given on a Friday evening runs through Monday and Tuesday,
not through the weekend. The working day is read in the playbook's time zone,
so a day across a change to or from summer time still counts its own hours.
When the playbook sets no time zone, the week cannot be placed on the clock:
plain hours are counted, and the words say so.
"""

from __future__ import annotations

import datetime
import zoneinfo

from journeyapp.models.business_hours import BusinessHours
from journeyapp.models.calendar_days import day_of, start_of
from journeyapp.models.frozen_records import frozen_record

HOUR = 3600
DAY = 86400
PLAIN_HOURS_NOTE = "plain hours: the playbook sets no usable business hours"


@frozen_record
class HoursClock:
    """Counts hours between instants (seconds since 1970, UTC): working hours when ``week``
    is set, plain hours otherwise; ``zone`` is where its days are, with a week or without."""

    week: BusinessHours | None = None
    zone: str = ""

    @classmethod
    def of(cls, meta) -> HoursClock:
        """The clock a playbook's properties set (a PlaybookMeta)."""
        if not meta.time_zone:
            return cls(None)
        try:
            week = BusinessHours.of(meta)
            zoneinfo.ZoneInfo(week.time_zone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):  # a clock never fails on text
            return cls(None)
        # A day ending before it starts (a file written by hand; the fields refuse it) would
        # hold no working hours at all: plain hours, said as such, rather than all met in 0.
        return cls(week if week.end > week.start else None, week.time_zone)

    @property
    def working(self) -> bool:
        return self.week is not None

    @property
    def unit(self) -> str:
        """How its hours are named: "working h" or "h"."""
        return "working h" if self.working else "h"

    def day_bounds(self, midnight_utc: int) -> tuple[int, int]:
        """The calendar day a date stands for (given as its midnight UTC), from its start to
        the next day's, where the team works: in the working week's zone, else in UTC."""
        if not self.zone:
            return midnight_utc, midnight_utc + DAY
        day = day_of(midnight_utc)
        zone = zoneinfo.ZoneInfo(self.zone)
        return start_of(day, zone), start_of(day + datetime.timedelta(days=1), zone)

    def hours(self, start: int, end: int) -> float:
        """The hours from ``start`` to ``end`` that fall in the working week (0 if end is not
        after start)."""
        if end <= start:
            return 0.0
        if self.week is None:
            return (end - start) / HOUR
        week = self.week
        zone = zoneinfo.ZoneInfo(week.time_zone)
        first = datetime.datetime.fromtimestamp(start, zone).date()
        last = datetime.datetime.fromtimestamp(end, zone).date()
        seconds = 0.0
        day = first
        while day <= last:
            if day.weekday() in week.days:
                opens = _instant(day, week.start, zone)
                closes = _instant(day, week.end, zone)
                seconds += max(0.0, min(end, closes) - max(start, opens))
            day += datetime.timedelta(days=1)
        return seconds / HOUR


def _instant(day: datetime.date, minutes: int, zone: zoneinfo.ZoneInfo) -> float:
    """The instant a local clock in ``zone`` shows ``minutes`` after midnight on ``day``."""
    local = datetime.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
    return local.replace(tzinfo=zone).timestamp()
