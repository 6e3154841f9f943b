"""Close opportunity status changes: the OpportunityStatusChange activities
(/activity/status_change/opportunity/), one row per change, with the API's field names as
columns: opportunity_id, lead_id, lead_name, old_status_label, new_status_label,
old_status_type, new_status_type (active/won/lost), user_id, user_name, date_created,
activity_at, opportunity_value (in cents, as Close stores it), opportunity_value_formatted
("$3,000"), opportunity_value_currency.

user_name is whoever changed the status, never taken for the owner; an
opportunity_user_name column (the opportunity's own user), where an export adds it, is.
"""

from __future__ import annotations

from operator import itemgetter

from journeyapp.models.deal_import.formats.chains import in_order
from journeyapp.models.deal_import.formats.layout import Format, having
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    cell,
    source_columns,
    visits_from_changes,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import DealOutcome

_TIMES = ("activity_at", "date_created")
_FORMATTED = ("opportunity_value_formatted",)
_CENTS = ("opportunity_value",)
_OWNERS = ("opportunity_user_name", "opportunity_owner_name", "opportunity_owner")
_OUTCOMES = {"won": DealOutcome.WON, "lost": DealOutcome.LOST, "active": DealOutcome.OPEN}
_STATUS_CHANGE = "opportunitystatuschange"


def _time_columns(columns: Columns) -> list[int]:
    return [i for i in (columns.find(name) for name in _TIMES) if i is not None]


def read_close(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    opp_col, type_col = columns.find("opportunity_id"), columns.find("_type", "type")
    old_col, new_col = columns.find("old_status_label"), columns.find("new_status_label")
    new_type_col = columns.find("new_status_type")
    times = _time_columns(columns)
    name_col = columns.find("lead_name", "lead_display_name")
    owner_col = columns.find(*_OWNERS)
    formatted_col, cents_col = columns.find(*_FORMATTED), columns.find(*_CENTS)
    currency_col = columns.find("opportunity_value_currency")
    period_col = columns.find("opportunity_value_period", "value_period")
    rows: dict[str, list[tuple[int, str, str, int, list[str]]]] = {}  # time, old, new, …
    skipped: list[Skipped] = []
    for line, cells in table.rows:
        kind = cell(cells, type_col).casefold()
        if kind and kind != _STATUS_CHANGE:
            continue  # another kind of activity in a wider export: not part of the history
        deal_id, new = cell(cells, opp_col), cell(cells, new_col)
        if not deal_id or not new:
            skipped.append((line, "no opportunity_id or new_status_label"))
            continue
        column = next((i for i in times if cell(cells, i)), times[0] if times else None)
        try:
            when = table.time(cell(cells, column), column)
        except BadValue as error:
            name = table.header[column] if column is not None else "date_created"
            skipped.append((line, f"{name}: {error}"))
            continue
        rows.setdefault(deal_id, []).append((when, cell(cells, old_col), new, line, cells))
    records = []
    for deal_id, deal_rows in rows.items():
        ordered = in_order(
            deal_rows, when=itemgetter(0), enters=itemgetter(1), leads_to=itemgetter(2)
        )
        *_, line, cells = ordered[-1]  # the latest change says how it stands
        lead = cell(cells, name_col)
        first_line = min(row[3] for row in deal_rows)
        record = DealRecord(deal_id, first_line, name=lead or deal_id, account=lead)
        record.take_sources(cells, sources)
        record.owner = cell(cells, owner_col)
        try:
            record.amount, record.currency = _value(table, cells, formatted_col, cents_col)
        except BadValue as error:
            skipped.append((line, f"opportunity_value: {error}"))
        record.currency = cell(cells, currency_col) or record.currency
        _annualised(record, cell(cells, period_col), line)
        first_when, first_old = ordered[0][0], ordered[0][1]
        # Where it was before the first change; when it got there the export does not say
        # (a stay that short is no time in the stage: see deal_stats.MEASURED_STAY).
        history = [(first_when - 1, first_old)] if first_old else []
        history += [(row[0], row[2]) for row in ordered]
        record.visits = visits_from_changes(history)
        record.outcome = _OUTCOMES.get(cell(cells, new_type_col).casefold())
        records.append(record)
    return records, skipped


# Close keeps a value per period; its own totals count a month's value twelve times.
_PER_YEAR = {"monthly": 12, "month": 12, "annual": 1, "annually": 1, "yearly": 1}


def _annualised(record: DealRecord, period: str, line: int) -> None:
    """A monthly value as a year's, the way Close totals it, with a word in the warnings;
    one-time and annual values as they are."""
    times = _PER_YEAR.get(period.strip().casefold().replace("_", " "), 1)
    if times == 1 or record.amount is None:
        return
    monthly = record.amount
    record.amount = monthly * times
    record.warnings = [
        *record.warnings,
        (line, f"a monthly value of {monthly:,g} is counted as {record.amount:,g} a year"),
    ]


def _value(
    table: Table, cells: list[str], formatted_col: int | None, cents_col: int | None
) -> tuple[float | None, str]:
    """The amount from "$3,000" where the export has it, else from the value in cents."""
    formatted = cell(cells, formatted_col)
    if formatted:
        return table.amount(formatted, formatted_col)
    amount, currency = table.amount(cell(cells, cents_col), cents_col)
    return (None if amount is None else amount / 100), currency


def _date_columns(header: list[str]) -> list[int]:
    return _time_columns(Columns(header))


def _amount_columns(header: list[str]) -> list[int]:
    columns = Columns(header)
    found = (columns.find(*_FORMATTED), columns.find(*_CENTS))
    return [i for i in found if i is not None]


FORMAT = Format(
    name="close",
    title="Close opportunity status changes",
    needed=("opportunity_id", "new_status_label", "date_created"),
    fits=having(("opportunity_id",), ("new_status_label",), _TIMES),
    date_columns=_date_columns,
    amount_columns=_amount_columns,
    read=read_close,
)
