"""The calendar a playbook's periods are counted in: the days of its team's time zone (File →
Playbook Properties), else UTC. A lead dated 1 October in Berlin is in Q4, though its moment
is 22:00 UTC on 30 September."""

from __future__ import annotations

import datetime
import zoneinfo

UTC = datetime.UTC


def calendar_zone(meta) -> datetime.tzinfo:
    """The playbook's time zone (a PlaybookMeta), or UTC where it names none it can use."""
    try:
        return zoneinfo.ZoneInfo(meta.time_zone) if meta.time_zone else UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def day_of(seconds: int, zone: datetime.tzinfo = UTC) -> datetime.date:
    """The calendar day a moment (seconds since 1970, UTC) falls on in ``zone``."""
    return datetime.datetime.fromtimestamp(seconds, zone).date()


def start_of(day: datetime.date, zone: datetime.tzinfo = UTC) -> int:
    """The moment ``day`` begins in ``zone``, in seconds since 1970."""
    return int(datetime.datetime.combine(day, datetime.time(), zone).timestamp())
