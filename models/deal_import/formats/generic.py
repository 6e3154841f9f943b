"""The app's own layout: deal_id, stage, entered_at[, exited_at, deal_name, amount, outcome,
loss_reason, loss_type], one row per stage visit.

A million rows are read a batch at a time, a column at a time: each distinct date and
amount is read once, and a deal's name, amount and outcome are taken from its latest row in
time that has one (a history may list a deal newest first) by dictionaries built in C. A
batch holding a row that cannot be read (no id, a bad date, an exit before its entry) is
read row by row, so each such row is skipped with its own reason."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import compress, islice, pairwise
from operator import itemgetter, lt, ne
from typing import Any

from journeyapp.models.deal_import.formats.layout import Format, having, named_columns
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    picked_columns,
    source_columns,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import DealOutcome
from journeyapp.models.errors import quoted_briefly

BATCH_ROWS = 20_000
OUTCOME_WORDS = frozenset(outcome.value for outcome in DealOutcome)
# Other ways an export writes an outcome (its CRM's closed stages, its status words).
OUTCOME_SPELLINGS = {
    "closed won": "won",
    "closedwon": "won",
    "closed-won": "won",
    "closed lost": "lost",
    "closedlost": "lost",
    "closed-lost": "lost",
    "in progress": "open",
}
# Each row's values once read, a column each, in this order.
_FIELDS = (
    "line",
    "deal_id",
    "stage",
    "start",
    "end",
    "name",
    "amount",
    "outcome",
    "reason",
    "loss_type",
    "source",
    "campaign",
)


def _take_latest(
    by_deal: dict[str, Any], when: dict[str, int], rows: _Rows, values: list, present: list
) -> None:
    """Each deal's value where ``present``, from its latest row in time (of rows as late, the
    later in the file): a history listed newest first gives its newest row's. ``rows`` are in
    time order within each deal; ``when`` keeps the time of the row each value came from."""
    if all(present):  # most columns are filled on every row (a deal's name repeated)
        last = rows.last
    elif any(present):
        places = compress(range(len(present)), present)
        last = dict(zip(compress(rows.ids, present), places, strict=True))
    else:
        return
    fresh = dict(zip(last, map(values.__getitem__, last.values()), strict=True))
    fresh_when = dict(zip(last, map(rows.starts.__getitem__, last.values()), strict=True))
    # A deal an earlier batch held too: looked up from the batch's side, the smaller.
    for deal_id in list(filter(by_deal.__contains__, fresh)):
        if when[deal_id] > fresh_when[deal_id]:
            fresh[deal_id], fresh_when[deal_id] = by_deal[deal_id], when[deal_id]
    by_deal.update(fresh)
    when.update(fresh_when)


class _Rows:
    """A batch's deal ids and entry times, put in time order within each deal if they were
    not (``ordered`` puts any other column of the batch in that order), and each deal's
    latest row in the batch (``last``, by its place in that order)."""

    def __init__(self, ids: list[str], starts: list[int], changes: list[int]) -> None:
        self.order = None if _in_time_order(ids, starts, changes) else _by_time(starts)
        self.ids, self.starts = self.ordered(ids), self.ordered(starts)
        self.last = dict(zip(self.ids, range(len(self.ids)), strict=True))

    def ordered(self, column: list) -> list:
        return column if self.order is None else [column[n] for n in self.order]


def _in_time_order(ids: list[str], starts: list[int], changes: list[int]) -> bool:
    """Whether each deal's rows in the batch come together and oldest first (``changes``:
    where the id changes from one row to the next)."""
    if len(changes) + 1 != len(set(ids)):  # a deal's rows apart, others' between them
        return False
    earlier = compress(range(1, len(starts)), map(lt, islice(starts, 1, None), starts))
    return set(earlier) <= set(changes)  # a time going back only where a new deal starts


def _by_time(starts: list[int]) -> list[int]:
    return sorted(range(len(starts)), key=starts.__getitem__)  # stable: file order in ties


def read_generic(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    source_col, campaign_col = source_columns(columns)
    find = columns.find
    entered_col, exited_col = find("entered_at"), find("exited_at")
    amount_col = find("amount")
    wanted = (
        find("deal_id"), find("stage"), entered_col, exited_col, find("deal_name"), amount_col,
        find("outcome"), find("loss_reason", "reason"), find("loss_type", "loss type"),
        source_col, campaign_col,
    )  # fmt: skip
    readers = _Readers(table, entered_col, exited_col, amount_col)
    records: dict[str, DealRecord] = {}
    # Each deal's latest non-empty value of each column from the name on.
    latest: dict[str, dict[str, Any]] = {field: {} for field in _FIELDS[5:]}
    when: dict[str, dict[str, int]] = {field: {} for field in _FIELDS[5:]}  # of each value
    unknown: dict[str, tuple[int, str]] = {}  # outcomes read as none: first line, deal
    skipped: list[Skipped] = []
    for lines, rows in table.batches(BATCH_ROWS):
        cells = picked_columns(rows, wanted)
        read = _read_batch(lines, cells, readers) or _read_rows(lines, cells, readers, skipped)
        _gather(read, records, latest, when, unknown)
    outcomes = {outcome.value: outcome for outcome in DealOutcome}
    for field, attribute in _LATEST_AS:
        for deal_id, value in latest[field].items():
            setattr(records[deal_id], attribute, value)
    for deal_id, (amount, currency) in latest["amount"].items():
        record = records[deal_id]
        record.amount, record.currency = amount, currency
    for deal_id, outcome in latest["outcome"].items():
        records[deal_id].outcome = outcomes[outcome]
    for text, (line, deal_id) in unknown.items():
        said = f"outcome “{quoted_briefly(text.strip(), 30)}” is not won, lost or open"
        records[deal_id].warnings = (
            *records[deal_id].warnings,
            (line, f"{said}: read as none, the deal's outcome follows its stages"),
        )
    entered = itemgetter(1)
    for record in records.values():
        visits = record.visits
        visits.sort(key=entered)
        if len(visits) > 1 and None in map(itemgetter(2), visits[:-1]):
            record.visits = _ended_by_the_next(visits)
    return list(records.values()), skipped


def _ended_by_the_next(visits: list[tuple]) -> list[tuple]:
    """Visits in order, each with no exit given ending where the next one starts: a deal
    that entered Discovery has left SQL (an export without exited_at gives none)."""
    ended = [
        (stage, start, start_next if end is None else end)
        for (stage, start, end), (_, start_next, _) in pairwise(visits)
    ]
    return [*ended, visits[-1]]


# Each deal's latest non-empty value of a column, and the record's field it goes to.
_LATEST_AS = (
    ("name", "name"),
    ("reason", "reason"),
    ("loss_type", "loss_type"),
    ("source", "lead_source"),
    ("campaign", "campaign"),
)


class _Readers:
    """A column's cells read as times or amounts, each distinct cell once."""

    def __init__(self, table: Table, entered: int | None, exited: int | None, amount: int | None):
        self.start, self.end = table.time_reader(entered), table.time_reader(exited)
        self.all_starts = table.times_reader(entered)
        self.all_ends = table.times_reader(exited)
        self.table, self.amount_col = table, amount

    def amount(self, text: str) -> tuple[float | None, str]:
        return self.table.amount(text, self.amount_col)

    def amounts(self, texts: list[str]) -> list[tuple[float | None, str]]:
        return list(map(self.amount, texts))

    def times(self, entered: list[str], exited: list[str]) -> tuple[list[int], list[int | None]]:
        """The times of two columns, one read of each distinct cell (a visit's exit is often
        the next one's entry). Raises BadValue at the first that is no time."""
        starts = _each_once(self.all_starts, entered)
        ends = starts.copy() if self.end is self.start else {}
        fresh = {text for text in exited if text and text not in ends}
        ends.update(_each_once(self.all_ends, fresh))
        ends[""] = None
        return list(map(starts.__getitem__, entered)), list(map(ends.__getitem__, exited))


def _each_once(read_all: Callable[[list[str]], list], texts: Iterable[str]) -> dict[str, Any]:
    distinct = list(set(texts))
    return dict(zip(distinct, read_all(distinct), strict=True))


def _read_batch(lines: list[int], cells: list[list[str]], readers: _Readers) -> dict | None:
    """The batch's values, a column each; None when some row cannot be read."""
    ids, stages, entered, exited, names, amount_texts, outcomes, *rest = cells
    if not all(ids) or not all(stages):
        return None
    try:
        starts, ends = readers.times(entered, exited)
        amounts = list(map(_each_once(readers.amounts, amount_texts).__getitem__, amount_texts))
    except BadValue:
        return None
    if any(end is not None and end < start for start, end in zip(starts, ends, strict=True)):
        return None  # a visit that ends before it starts: skipped with its line
    values = (lines, ids, stages, starts, ends, names, amounts, outcomes, *rest)
    return dict(zip(_FIELDS, values, strict=True))


def _read_rows(
    lines: list[int], cells: list[list[str]], readers: _Readers, skipped: list[Skipped]
) -> dict:
    """The batch read row by row: a row without an id or a stage, or with a cell that is no
    date or amount, is skipped with the reason."""
    kept: list[tuple] = []
    for line, deal_id, stage, entered, exited, name, amount, *rest in zip(
        lines, *cells, strict=True
    ):
        if not deal_id or not stage:
            skipped.append((line, "no deal_id or stage"))
            continue
        try:
            start = readers.start(entered)
            end = readers.end(exited) if exited else None
            money = readers.amount(amount)
        except BadValue as error:
            skipped.append((line, str(error)))
            continue
        if end is not None and end < start:
            skipped.append((line, "exited_at is before entered_at"))
            continue
        kept.append((line, deal_id, stage, start, end, name, money, *rest))
    values = zip(*kept, strict=True) if kept else ([] for _ in _FIELDS)
    return dict(zip(_FIELDS, map(list, values), strict=True))


def _outcome_word(text: str) -> str:
    word = " ".join(text.split()).casefold()
    return OUTCOME_SPELLINGS.get(word, word)


def _gather(
    read: dict[str, Any],
    records: dict[str, DealRecord],
    latest: dict,
    when: dict,
    unknown: dict[str, tuple[int, str]],
) -> None:
    ids, lines = read["deal_id"], read["line"]
    get = records.get
    visits = list(zip(read["stage"], read["start"], read["end"], strict=True))
    # A deal's rows mostly come together: each run of one deal's rows is taken at once,
    # where its id changes found in C.
    changes = list(compress(range(1, len(ids)), map(ne, islice(ids, 1, None), ids)))
    for start, end in zip([0, *changes], [*changes, len(ids)], strict=True) if ids else ():
        deal_id = ids[start]
        record = get(deal_id)
        if record is None:
            record = records[deal_id] = DealRecord(deal_id, lines[start], name=deal_id)
        record.visits += visits[start:end]
    rows = _Rows(ids, read["start"], changes)
    amounts = rows.ordered(read["amount"])
    present = [amount[0] is not None for amount in amounts]
    _take_latest(latest["amount"], when["amount"], rows, amounts, present)
    written = rows.ordered(read["outcome"])
    words = {text: _outcome_word(text) for text in set(written)}
    outcomes = list(map(words.__getitem__, written))
    present = list(map(OUTCOME_WORDS.__contains__, outcomes))
    _take_latest(latest["outcome"], when["outcome"], rows, outcomes, present)
    for text, word in words.items():
        if text.strip() and word not in OUTCOME_WORDS and text not in unknown:
            first = written.index(text)
            unknown[text] = (rows.ordered(read["line"])[first], rows.ids[first])
    for field in ("name", "reason", "loss_type", "source", "campaign"):
        values = rows.ordered(read[field])
        _take_latest(latest[field], when[field], rows, values, values)


FORMAT = Format(
    name="generic",
    title="Generic stage history",
    needed=("deal_id", "stage", "entered_at"),
    fits=having(("deal_id",), ("stage",), ("entered_at",)),
    date_columns=named_columns(("entered_at",), ("exited_at",)),
    amount_columns=named_columns(("amount",)),
    read=read_generic,
    batched=True,
)
