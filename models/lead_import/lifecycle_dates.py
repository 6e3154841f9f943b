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
        # Each distinct date read once: a million rows hold far fewer (a day, or a minute of
        # it, is shared by many leads).
        self.seen: list[dict[str, int]] = [{} for _ in stage_columns]
        self.pick = picker(*(column for _, column in stage_columns))

    def visits(self, cells: list[str], line: int, skipped: list[Skipped]) -> Visits | None:
        """The row's visits; None (and the row skipped, saying why) where a date cannot be
        read or the row has none."""
        texts = self.pick(cells)
        times, stages = [], []
        try:
            every = zip(self.stages, self.seen, self.readers, texts, strict=True)
            for stage, seen, read, text in every:
                if text:
                    when = seen.get(text)
                    if when is None:
                        when = seen[text] = read(text)
                    times.append(when)
                    stages.append(stage)
        except BadValue:
            self._skip_unreadable(texts, line, skipped)
            return None
        if not times:
            skipped.append((line, "no lifecycle stage date"))
            return None
        if times != sorted(times):  # by time; stages entered at the same time in column order
            order = sorted(range(len(times)), key=times.__getitem__)
            times, stages = [times[n] for n in order], [stages[n] for n in order]
        return list(zip(stages, times, [*times[1:], None], strict=True))

    def _skip_unreadable(self, texts: tuple[str, ...], line: int, skipped: list[Skipped]) -> None:
        """Skip the row naming the first of its dates that cannot be read, and why."""
        for name, read, text in zip(self.names, self.readers, texts, strict=True):
            try:
                if text:
                    read(text)
            except BadValue as error:
                skipped.append((line, f"{name}: {error}"))
                return
