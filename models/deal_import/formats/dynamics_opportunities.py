"""Dynamics 365 Sales: an Opportunities view exported to Excel (or saved as CSV), one row
per opportunity, no history. Each deal gets a short path: its current Pipeline Phase from
Created On, left at the Actual Close Date when it is closed; Won/Lost come from Status. A
won deal's amount is its Actual Revenue where the view shows it, else the Est. Revenue.

Column names are the view's display names (the Opportunity table reference): Topic,
Potential Customer, Est. Close Date, Est. Revenue, Owner, Status (Open/Won/Lost), Status
Reason, Pipeline Phase, Sales Stage, Created On, Actual Close Date. An Excel export starts
with hidden columns "(Do Not Modify) Opportunity" (the record's GUID), "(Do Not Modify) Row
Checksum" and "(Do Not Modify) Modified On". A German user interface names the columns in
German and Excel saves the CSV with semicolons, in Windows-1252, with German numbers
("12.500,00 €") and dates (15.01.2026).
"""

from __future__ import annotations

from journeyapp.models.deal_import.formats.layout import Format, named_columns
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    cell,
    source_columns,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import DealOutcome

_GUIDS = ("(Do Not Modify) Opportunity", "(Nicht ändern) Verkaufschance")
_TOPICS = ("Topic", "Thema", "Themenbereich")
_CUSTOMERS = ("Potential Customer", "Potenzieller Kunde", "Account", "Firma")
_PHASES = ("Pipeline Phase", "Pipelinephase", "Vertriebsphase")
_SALES_STAGES = ("Sales Stage", "Verkaufsphase")
_STATUSES = ("Status",)
_REASONS = ("Status Reason", "Statusgrund")
_OWNERS = ("Owner", "Besitzer")
_CREATED = ("Created On", "Erstellt am")
_CLOSED = ("Actual Close Date", "Tatsächliches Abschlussdatum")
_EST_CLOSE = ("Est. Close Date", "Geschätztes Abschlussdatum")
_EST_REVENUES = ("Est. Revenue", "Geschätzter Umsatz")
_ACTUAL_REVENUES = ("Actual Revenue", "Tatsächlicher Umsatz")  # booked, once won
_REVENUES = _EST_REVENUES + _ACTUAL_REVENUES
_CAMPAIGNS = ("Source Campaign", "Quellkampagne")

# Status (statecode) in the languages we could confirm: Open/Won/Lost, Offen/Gewonnen/Verloren.
_OUTCOMES = {
    "open": DealOutcome.OPEN,
    "won": DealOutcome.WON,
    "lost": DealOutcome.LOST,
    "offen": DealOutcome.OPEN,
    "gewonnen": DealOutcome.WON,
    "verloren": DealOutcome.LOST,
}


_NOT_KEYS = ("checksum", "prüfsumme", "modified", "geändert")


def _guid_column(columns: Columns, header: list[str]) -> int | None:
    found = columns.find(*_GUIDS)
    if found is not None:
        return found
    # A localized export's hidden key column: "(…) <table name>", neither the checksum nor
    # the modified-on stamp.
    for i, name in enumerate(header):
        folded = name.strip().casefold()
        if folded.startswith("(") and ")" in folded:
            rest = folded.split(")", 1)[1].strip()
            if rest and not any(word in rest for word in _NOT_KEYS):
                return i
    return None


def read_dynamics(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    header = table.header
    columns = Columns(header)
    sources = source_columns(columns)
    campaign_col = columns.find(*_CAMPAIGNS)
    guid_col, topic_col = _guid_column(columns, header), columns.find(*_TOPICS)
    phase_col = columns.find(*_PHASES)
    sales_stage_col = columns.find(*_SALES_STAGES)
    status_col, reason_col = columns.find(*_STATUSES), columns.find(*_REASONS)
    owner_col, customer_col = columns.find(*_OWNERS), columns.find(*_CUSTOMERS)
    created_col, closed_col = columns.find(*_CREATED), columns.find(*_CLOSED)
    estimate_col, actual_col = columns.find(*_EST_REVENUES), columns.find(*_ACTUAL_REVENUES)
    records: dict[str, DealRecord] = {}
    skipped: list[Skipped] = []
    for line, cells in table.rows:
        deal_id = cell(cells, guid_col).strip("{}") or cell(cells, topic_col)
        phase = cell(cells, phase_col) or cell(cells, sales_stage_col)
        if not deal_id:
            skipped.append((line, "no opportunity id or Topic"))
            continue
        if not phase:
            skipped.append((line, "no Pipeline Phase or Sales Stage"))
            continue
        status = cell(cells, status_col)
        outcome = _OUTCOMES.get(status.casefold()) if status else None
        if status and outcome is None:
            skipped.append((line, f"Status “{status[:30]}” is not Open, Won or Lost"))
            continue
        try:
            created_text = cell(cells, created_col)
            if not created_text:
                raise BadValue("no Created On date: nothing to place on a timeline")
            created = table.time(created_text, created_col)
            closed_text = cell(cells, closed_col)
            closed = (
                table.time(closed_text, closed_col)
                if closed_text and outcome in (DealOutcome.WON, DealOutcome.LOST)
                else None
            )
            # A won deal is worth what was booked; until then, what was estimated.
            booked = outcome is DealOutcome.WON and cell(cells, actual_col)
            revenue_col = actual_col if booked or estimate_col is None else estimate_col
            amount, currency = table.amount(cell(cells, revenue_col), revenue_col)
        except BadValue as error:
            skipped.append((line, str(error)))
            continue
        record = DealRecord(deal_id, line, name=cell(cells, topic_col) or deal_id)
        record.take_sources(cells, sources)
        record.campaign = cell(cells, campaign_col) or record.campaign
        record.owner, record.account = cell(cells, owner_col), cell(cells, customer_col)
        record.amount, record.currency = amount, currency
        record.outcome = outcome
        if outcome is DealOutcome.LOST:
            record.reason = cell(cells, reason_col)  # Canceled, Out-Sold
        if closed is not None and closed < created:
            closed = created  # closed on the day it was made, in another zone
        record.visits = [(phase, created, closed)]
        record.snapshot_only = True
        if deal_id in records:
            earlier = records[deal_id].line
            skipped.append((line, f"opportunity {deal_id[:40]} is already on line {earlier}"))
            continue
        records[deal_id] = record
    return list(records.values()), skipped


def _fits(header: list[str]) -> bool:
    columns = Columns(header)
    return (
        columns.find(*_TOPICS) is not None
        and columns.find(*_PHASES, *_SALES_STAGES, *_STATUSES) is not None
        and columns.find(*_CUSTOMERS[:2], *_EST_CLOSE, *_REVENUES, *_GUIDS) is not None
    )


def _held(header: list[str]) -> int:
    columns = Columns(header)
    return sum(
        columns.find(*names) is not None
        for names in (_TOPICS, _PHASES + _SALES_STAGES, _CREATED, _STATUSES)
    )


FORMAT = Format(
    name="dynamics",
    title="Dynamics 365 opportunities",
    needed=("Topic", "Pipeline Phase", "Created On", "Status"),
    fits=_fits,
    date_columns=named_columns(_CREATED, _CLOSED),
    amount_columns=named_columns(_REVENUES),
    read=read_dynamics,
    held=_held,
)
