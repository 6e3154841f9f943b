"""Zoho CRM Stage History: one row per stage a deal reached, with when it was set.

Two exports have this shape. The Stage History related list / module export (Zoho's data
backup names it "Stage History"): Deal Name, Deal Name.id, Stage, Stage Duration (Calendar
Days), Probability (%), Moved To, Amount, Expected Revenue, Closing Date, Modified By,
Modified Time (older accounts: Potential Name, Potential Id, Close Date, Last Modified
Time). And a report on Deals with Stage History, which names the history's own columns
"Stage (Stage History)", "Modified Time (Stage History)", "Amount (Stage History)" beside
the deal's Deal Owner, Account Name, Lead Source, Campaign Source, Reason For Loss and its
current Stage. "Modified By" is whoever moved the stage, never the owner.
"""

from __future__ import annotations

from operator import itemgetter

from journeyapp.models.deal_import.formats.chains import in_order
from journeyapp.models.deal_import.formats.layout import Format
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    cell,
    row_time,
    source_columns,
    visits_from_changes,
    without_pipeline,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import DealOutcome

# The module was "Potentials" before Zoho renamed it "Deals"; accounts may rename it again
# ("Opportunities"), and the export follows the module's name.
_DEAL_IDS = (
    "Deal Name.id",
    "Deal Id",
    "Deal ID",
    "Potential Name.id",
    "Potential Id",
    "POTENTIALID",
    "Opportunity Name.id",
    "Opportunity Id",
)
_DEAL_NAMES = ("Deal Name", "Potential Name", "Opportunity Name")
_HISTORY_STAGES = ("Stage (Stage History)", "Stage")
_HISTORY_TIMES = (
    "Modified Time (Stage History)",
    "Modified Time",
    "Last Modified Time",
    "Modified Time (Potential Stage History)",
)
_HISTORY_AMOUNTS = ("Amount (Stage History)", "Amount")
_OWNERS = ("Deal Owner", "Potential Owner", "Opportunity Owner")
_REASONS = ("Reason For Loss", "Reason for Loss", "Loss Reason")
_CAMPAIGNS = ("Campaign Source",)
# Only the Stage History export has these: a plain Deals export, one row per deal, does not.
_HISTORY_MARKS = (
    "Stage Duration (Calendar Days)",
    "Stage Duration",
    "Duration (Days)",
    "Moved To",
    "Potential Stage History Id",
    "POTENTIALSTAGEHISTORYID",
)

# Zoho's closed stages ("Closed Lost to Competition" is one of its standard stages).
_WON = {"closed won", "closed-won"}
_LOST = {"closed lost", "closed-lost", "closed lost to competition", "closed-lost to competition"}


def zoho_outcome(stage: str) -> DealOutcome | None:
    name = " ".join(without_pipeline(stage).casefold().split())
    if name in _WON:
        return DealOutcome.WON
    if name in _LOST:
        return DealOutcome.LOST
    return None


def _history_columns(header: list[str]) -> tuple[int | None, int | None]:
    """The history's stage and time: the "(Stage History)" ones where a report has both the
    deal's current Stage and the history's."""
    columns = Columns(header)
    return columns.find(*_HISTORY_STAGES), columns.find(*_HISTORY_TIMES)


_NAMED = "\0"  # marks a deal known by its name alone (a report without record ids)


def _named_apart(rows: dict[str, list], account_col: int | None) -> dict[str, list]:
    """A report without record ids knows a deal by its name; one name ("Renewal 2024") held
    by deals of several accounts is "Name (Account)" for each, never one deal of them all."""
    apart: dict[str, list] = {}
    for key, deal_rows in rows.items():
        if not key.startswith(_NAMED):
            apart[key] = deal_rows
            continue
        name = key[len(_NAMED) :]
        by_account: dict[str, list] = {}
        for row in deal_rows:
            by_account.setdefault(cell(row[4], account_col), []).append(row)
        if len(by_account) == 1:
            apart[name] = deal_rows
            continue
        for account, account_rows in by_account.items():
            apart[f"{name} ({account})" if account else name] = account_rows
    return apart


def read_zoho(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    campaign_col = columns.find(*_CAMPAIGNS)
    stage_col, time_col = _history_columns(table.header)
    id_col, name_col = columns.find(*_DEAL_IDS), columns.find(*_DEAL_NAMES)
    amount_col = columns.find(*_HISTORY_AMOUNTS)
    currency_col = columns.find("Currency")
    owner_col, account_col = columns.find(*_OWNERS), columns.find("Account Name")
    reason_col = columns.find(*_REASONS)
    # The deal's current stage, in a report that also has the history's own Stage column.
    current_col = columns.find("Stage") if columns.has("Stage (Stage History)") else None
    moved_col = columns.find("Moved To")
    rows: dict[str, list[tuple[int, str, str, int, list[str]]]] = {}
    skipped: list[Skipped] = []
    for line, cells in table.rows:
        name = cell(cells, name_col)
        deal_id = cell(cells, id_col) or (_NAMED + name if name else "")
        stage = cell(cells, stage_col)
        if not deal_id or not stage:
            skipped.append((line, "no deal or stage"))
            continue
        when = row_time(table, cells, time_col, line, skipped)
        if when is None:
            continue
        rows.setdefault(deal_id, []).append((when, stage, cell(cells, moved_col), line, cells))
    rows = _named_apart(rows, account_col)
    records = []
    for deal_id, deal_rows in rows.items():
        ordered = in_order(
            deal_rows, when=itemgetter(0), enters=itemgetter(1), leads_to=itemgetter(2)
        )
        *_, line, cells = ordered[-1]  # the latest row says what the deal is now
        first_line = min(row[3] for row in deal_rows)
        record = DealRecord(deal_id, first_line, name=cell(cells, name_col) or deal_id)
        record.take_sources(cells, sources)
        record.campaign = cell(cells, campaign_col) or record.campaign
        record.owner, record.account = cell(cells, owner_col), cell(cells, account_col)
        record.reason = cell(cells, reason_col)
        try:
            record.amount, record.currency = table.amount(cell(cells, amount_col), amount_col)
        except BadValue as error:
            skipped.append((line, f"{table.header[amount_col]}: {error}"))
        record.currency = cell(cells, currency_col) or record.currency
        record.visits = visits_from_changes([(row[0], row[1]) for row in ordered])
        record.outcome = zoho_outcome(cell(cells, current_col) or record.visits[-1][0])
        records.append(record)
    return records, skipped


def _fits(header: list[str]) -> bool:
    columns = Columns(header)
    stage_col, time_col = _history_columns(header)
    marked = columns.find(*_HISTORY_MARKS) is not None or any(
        name.strip().casefold().endswith("(stage history)") for name in header
    )
    has_deal = columns.find(*_DEAL_IDS, *_DEAL_NAMES) is not None
    return marked and has_deal and stage_col is not None and time_col is not None


def _date_columns(header: list[str]) -> list[int]:
    _, time_col = _history_columns(header)
    return [time_col] if time_col is not None else []


def _amount_columns(header: list[str]) -> list[int]:
    found = Columns(header).find(*_HISTORY_AMOUNTS)
    return [found] if found is not None else []


def _held(header: list[str]) -> int:
    columns = Columns(header)
    stage_col, time_col = _history_columns(header)
    return (
        (columns.find(*_DEAL_IDS, *_DEAL_NAMES) is not None)
        + (stage_col is not None)
        + (time_col is not None)
        + (columns.find(*_HISTORY_MARKS) is not None)
    )


FORMAT = Format(
    name="zoho",
    title="Zoho CRM Stage History",
    needed=("Deal Name", "Stage", "Modified Time", "Stage Duration (Calendar Days)"),
    fits=_fits,
    date_columns=_date_columns,
    amount_columns=_amount_columns,
    read=read_zoho,
    held=_held,
)
