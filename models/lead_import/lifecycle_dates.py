"""A lead row's lifecycle stage dates made visits: the stages it has a date for, in time
order, each left when the next was entered.

Worked out once per table (the date columns' cells picked in one call, each column's dates
read in its day/month order), since a lead export has a million rows."""

from __future__ import annotations

from journeyapp.models.deal_import.formats.records import Skipped, picker
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue

Visits = list[tuple[str, int, int | None]]


class LifecycleDates:
    def __init__(self, table: Table, stage_columns: list[tuple[str, int]]) -> None:
        self.stages = [stage for stage, _ in stage_columns]
        self.names = [table.header[column] for _, column in stage_columns]
        self.readers = [table.time_reader(column) for _, column in stage_columns]
        self.pick = picker(*(column for _, column in stage_columns))

    def visits(self, cells: list[str], line: int, skipped: list[Skipped]) -> Visits | None:
        """The row's visits; None (and the row skipped, saying why) where a date cannot be
        read or the row has none."""
        entered: list[tuple[int, int, str]] = []
        for order, text in enumerate(self.pick(cells)):
            if not text:
                continue
            try:
                entered.append((self.readers[order](text), order, self.stages[order]))
            except BadValue as error:
                skipped.append((line, f"{self.names[order]}: {error}"))
                return None
        if not entered:
            skipped.append((line, "no lifecycle stage date"))
            return None
        entered.sort()
        left = [when for when, _, _ in entered[1:]]
        left.append(None)
        return [
            (stage, when, exited) for (when, _, stage), exited in zip(entered, left, strict=True)
        ]
