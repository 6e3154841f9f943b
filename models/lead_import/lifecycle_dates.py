"""A lead row's lifecycle stage dates made visits: the stages it has a date for, in time
order, each left when the next was entered.

Worked out once per table (the date columns' cells picked in one call, each column's dates
read in its day/month order), since a lead export has a million rows."""

from __future__ import annotations

from collections import deque
from datetime import UTC
from itertools import compress, pairwise, repeat
from operator import and_, is_, is_not, le, lt

from journeyapp.models.deal_import.formats.records import Skipped, picker
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.lead_import.iso_times import IsoTimes

Visits = list[tuple[str, int, int | None]]
_NONE = 2**62  # a missing date, in the columns compared: after every date there is


class LifecycleDates:
    def __init__(self, table: Table, stage_columns: list[tuple[str, int]]) -> None:
        self.stages = [stage for stage, _ in stage_columns]
        self.names = [table.header[column] for _, column in stage_columns]
        self.readers = [table.time_reader(column) for _, column in stage_columns]
        # Each distinct date read once: a million rows hold far fewer (a day, or a minute of
        # it, is shared by many leads).
        self.seen: list[dict[str, int]] = [{} for _ in stage_columns]
        self.pick = picker(*(column for _, column in stage_columns))
        self._iso = IsoTimes(table.day_zone or UTC) if table.zone is UTC else None

    def visits(self, cells: list[str], line: int, skipped: list[Skipped]) -> Visits | None:
        """The row's visits; None (and the row skipped, saying why) where a date cannot be
        read or the row has none."""
        texts = self.pick(cells)
        row_times: list[int | None] = []
        try:
            for seen, read, text in zip(self.seen, self.readers, texts, strict=True):
                when = None
                if text:
                    when = seen.get(text)
                    if when is None:
                        when = seen[text] = read(text)
                row_times.append(when)
        except BadValue:
            self._skip_unreadable(texts, line, skipped)
            return None
        visits = self._reordered(row_times)
        if visits is None:
            skipped.append((line, "no lifecycle stage date"))
        return visits

    def column_visits(self, columns: list[list[str]]) -> list[Visits | None]:
        """``visits`` for a batch of rows, given their stripped date cells a column at a time;
        None for a row ``visits`` must read itself (a date it cannot read, or none)."""
        rows = len(columns[0]) if columns else 0
        times, keys, unreadable = [], [], False
        for seen, read, cells in zip(self.seen, self.readers, columns, strict=True):
            found = self._iso.column(cells) if self._iso is not None else None
            if found is None:
                found = list(map(seen.get, cells))
                new = set(compress(cells, map(is_, found, repeat(None))))
                new.discard("")
                if new:
                    unreadable = self._read_each(new, seen, read) or unreadable
                    found = list(map(seen.get, cells))
            times.append(found)
            keys.append([_NONE if when is None else when for when in found])
        # In column order when each date is no earlier than the one before and every missing
        # one comes after them all: then each visit is left when the next column's is entered.
        dated = list(map(lt, keys[0], repeat(_NONE))) if keys else [False] * rows
        in_order = dated
        for earlier, later in pairwise(keys):
            in_order = list(map(and_, in_order, map(le, earlier, later)))
        # Each row's visits, a column at a time: a visit added to the rows with a date there.
        leaving = [*times[1:], repeat(None)]
        made: list = [[] for _ in range(rows)]
        for stage, entered, left in zip(self.stages, times, leaving, strict=True):
            there = list(map(is_not, entered, repeat(None)))
            visits = zip(repeat(stage), compress(entered, there), compress(left, there))
            deque(map(list.append, compress(made, there), visits), maxlen=0)
        for row in range(rows):
            if not in_order[row]:
                made[row] = self._reordered([column[row] for column in times])
        if unreadable:
            for row in range(rows):
                if made[row] is not None and any(
                    cells[row] and column[row] is None
                    for cells, column in zip(columns, times, strict=True)
                ):
                    made[row] = None
        return made

    @staticmethod
    def _read_each(texts: set[str], seen: dict[str, int], read) -> bool:
        """Read each of ``texts`` into ``seen``; whether some could not be read (those are
        left out)."""
        unreadable = False
        for text in texts:
            try:
                seen[text] = read(text)
            except BadValue:
                unreadable = True
        return unreadable

    def _reordered(self, row_times: list[int | None]) -> Visits | None:
        """A row's visits from its dates, in time order (stages entered at the same time in
        column order); None where it has none."""
        times = [when for when in row_times if when is not None]
        if not times:
            return None
        stages = [
            stage for stage, when in zip(self.stages, row_times, strict=True) if when is not None
        ]
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
