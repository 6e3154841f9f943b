"""When a touch happened, from the cell an export gives: a moment, or a day alone.

A day alone is kept at midnight UTC, as Salesforce keeps an ActivityDate, whatever zone the
export's times are read in; that is how a touch known by its day is told apart. A moment that
falls exactly on midnight UTC (09:00 in Tokyo, a meeting on the hour) is kept one second
later, so it is never taken for a day alone."""

from __future__ import annotations

from datetime import UTC

from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import DateOrder, is_day_alone, parse_time

DAY = 86400


def touch_moment(table: Table, text: str, column: int) -> int:
    """The cell's touch time, read in its column's day/month order."""
    if is_day_alone(text):
        return parse_time(text, table.orders.get(column, DateOrder.MDY), UTC)
    when = table.time(text, column)
    return when + 1 if when % DAY == 0 else when
