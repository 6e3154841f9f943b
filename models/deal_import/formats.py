"""The CRM export layouts we read, each turned into deal records with their stage visits.

- salesforce: OpportunityHistory, one row per change, values after the change.
- hubspot: one row per deal, `Date entered "<Stage> (<Pipeline>)"` / `Date exited …` columns.
- pipedrive: deal changes, one row per changed field with old and new value.
- generic: deal_id, stage, entered_at[, exited_at, deal_name, amount, outcome, loss_reason].
- snapshot: current stage with engage and close dates, no history (two-point paths).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import DealOutcome

FORMATS = ("salesforce", "hubspot", "pipedrive", "generic", "snapshot")
WON_WORDS = ("closed won", "won")
LOST_WORDS = ("closed lost", "lost")
_HUBSPOT_DATE = re.compile(r'^date (entered|exited) ["“”\'](.+?)["“”\']$', re.IGNORECASE)


@dataclass
class DealRecord:
    source_id: str
    line: int
    name: str = ""
    amount: float | None = None
    currency: str = ""
    owner: str = ""
    account: str = ""
    outcome: DealOutcome | None = None  # None: read from the last stage
    reason: str = ""
    visits: list[tuple[str, int, int | None]] = field(default_factory=list)
    snapshot_only: bool = False
    lead_source: str = ""
    campaign: str = ""

    def take_sources(self, cells: list[str], where: tuple[int | None, int | None]) -> None:
        """The lead source and campaign from their columns (see ``source_columns``)."""
        self.lead_source = _cell(cells, where[0]) or self.lead_source
        self.campaign = _cell(cells, where[1]) or self.campaign


def source_columns(columns: Columns) -> tuple[int | None, int | None]:
    """Where the lead source and the campaign are, under whichever of their usual names the
    file has (HubSpot's "Original Source", Salesforce's LeadSource, a generic "source")."""
    return columns.find(*SOURCE_NAMES), columns.find(*CAMPAIGN_NAMES)


SOURCE_NAMES = (
    "Original Source",
    "Original Traffic Source",
    "LeadSource",
    "Lead Source",
    "lead_source",
    "source",
    "Deal - Source",
    "Source",
)
CAMPAIGN_NAMES = (
    "Campaign",
    "Primary Campaign",
    "Primary Campaign Source",
    "CampaignId",
    "campaign",
    "Deal - Campaign",
)


Skipped = tuple[int, str]  # line number, reason


def without_pipeline(crm_stage: str) -> str:
    """The stage name without a trailing "(Sales Pipeline)", trimmed.

    Written out rather than as a regular expression: a pattern with ``\\s*`` around the
    brackets backtracks, and a cell of spaces a few hundred kilobytes long took minutes.
    """
    name = crm_stage.strip()
    if name.endswith(")"):
        opening = name.rfind("(")
        if opening != -1 and ")" not in name[opening + 1 : -1]:
            return name[:opening].rstrip()
    return name


@functools.lru_cache(maxsize=4096)
def outcome_of_stage(crm_stage: str) -> DealOutcome | None:
    name = without_pipeline(crm_stage).casefold()
    if name in WON_WORDS:
        return DealOutcome.WON
    if name in LOST_WORDS:
        return DealOutcome.LOST
    return None


class Columns:
    """Finds columns by any of their names, ignoring case and spaces."""

    def __init__(self, header: list[str]) -> None:
        self.index = {self._fold(name): i for i, name in enumerate(header)}

    @staticmethod
    def _fold(name: str) -> str:
        return re.sub(r"[\s_]", "", name.strip().strip('"').casefold())

    def find(self, *names: str) -> int | None:
        return next((self.index[self._fold(n)] for n in names if self._fold(n) in self.index), None)

    def has(self, *names: str) -> bool:
        return all(self._fold(n) in self.index for n in names)


# The columns each format is read by, as a refusal names them.
NEEDED = {
    "salesforce": ("OpportunityId", "StageName", "CreatedDate"),
    "hubspot": ("Record ID", 'Date entered "<stage>"'),
    "pipedrive": ("deal_id", "field_key", "new_value"),
    "generic": ("deal_id", "stage", "entered_at"),
    "snapshot": ("deal_stage", "engage_date"),
}


def closest_format(header: list[str]) -> tuple[str, int]:
    """The format whose needed columns the header holds most of, and how many it holds."""
    columns = Columns(header)
    hubspot_dates = any(_HUBSPOT_DATE.match(name.strip()) for name in header)

    def held(fmt: str) -> int:
        return sum(
            hubspot_dates if name.startswith("Date entered") else columns.has(name)
            for name in NEEDED[fmt]
        )

    best = max(NEEDED, key=held)
    return best, held(best)


def date_columns(fmt: str, header: list[str]) -> list[int]:
    """The columns of dates the format reads, each to be given its day/month order."""
    columns = Columns(header)
    if fmt == "hubspot":
        return [i for i, name in enumerate(header) if _HUBSPOT_DATE.match(name.strip())]
    names = {
        "salesforce": [("CreatedDate",)],
        "pipedrive": [("log_time", "time", "update_time")],
        "generic": [("entered_at",), ("exited_at",)],
        "snapshot": [("engage_date",), ("close_date",)],
    }[fmt]
    found = [columns.find(*options) for options in names]
    return [i for i in found if i is not None]


def amount_columns(fmt: str, header: list[str]) -> list[int]:
    """The columns of amounts the format reads, each to be given its decimal mark."""
    names = {
        "salesforce": ("Amount",),
        "hubspot": ("Amount",),
        "pipedrive": ("value", "amount"),
        "generic": ("amount",),
        "snapshot": ("close_value", "amount"),
    }[fmt]
    found = Columns(header).find(*names)
    return [] if found is None else [found]


def fits(fmt: str, header: list[str]) -> bool:
    """Whether the header has the columns the format is read by."""
    columns = Columns(header)
    if fmt == "salesforce":
        return columns.has("OpportunityId", "StageName", "CreatedDate")
    if fmt == "hubspot":
        return any(_HUBSPOT_DATE.match(name.strip()) for name in header)
    if fmt == "pipedrive":
        return columns.has("deal_id", "new_value") or columns.has("deal_id", "field_key")
    if fmt == "generic":
        return columns.has("deal_id", "stage", "entered_at")
    return columns.find("deal_stage") is not None and columns.find("engage_date") is not None


def detect(header: list[str]) -> str | None:
    return next((fmt for fmt in NEEDED if fits(fmt, header)), None)


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _visits_from_changes(changes: list[tuple[int, str]]) -> list[tuple[str, int, int | None]]:
    """Ordered (time, stage) changes as visits: a repeat of the same stage is no new visit.
    A deal reopened after a close carries on: its path goes through the close and past it."""
    visits: list[list] = []
    for when, stage in sorted(changes, key=lambda change: change[0]):
        if visits and visits[-1][0] == stage:
            continue
        if visits:
            visits[-1][2] = when
        visits.append([stage, when, None])
    return [tuple(visit) for visit in visits]


# -- Salesforce OpportunityHistory ---------------------------------------------------


def read_salesforce(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    deal_col, stage_col = columns.find("OpportunityId"), columns.find("StageName")
    created_col, amount_col = columns.find("CreatedDate"), columns.find("Amount")
    deleted_col, currency_col = columns.find("IsDeleted"), columns.find("CurrencyIsoCode")
    # No owner: CreatedById is whoever made each stage change, not the opportunity's owner
    # (that is in Opportunity.csv, beside the history).
    owner_col = columns.find("OwnerId")
    changes: dict[str, list[tuple[int, str]]] = {}
    latest: dict[str, tuple[int, int, list[str]]] = {}  # deal: (time, line, cells)
    skipped: list[Skipped] = []
    deleted_values = {"1", "true", "TRUE", "True"}
    names: dict[str, str] = {}  # one string per stage name, not one per row
    width = len(table.header)
    reader = table.reader
    try:
        for cells in reader:  # a million rows: read inline, not through helpers
            line = reader.line_num
            if not cells:
                continue
            if len(cells) < width:
                if any(cell.strip() for cell in cells):
                    raise table.cut_short(line, len(cells))
                continue  # a line of empty cells: nothing on it
            deal_id = cells[deal_col].strip()
            stage = cells[stage_col].strip()
            if not deal_id or not stage:
                skipped.append((line, "no OpportunityId or StageName"))
                continue
            if (
                deleted_col is not None
                and deleted_col < len(cells)
                and cells[deleted_col].strip() in deleted_values
            ):
                continue  # deleted in Salesforce: not part of the history
            try:
                when = table.time(cells[created_col], created_col)
            except BadValue as error:
                skipped.append((line, f"CreatedDate: {error}"))
                continue
            stage = names.setdefault(stage, stage)
            history = changes.get(deal_id)
            if history is None:
                changes[deal_id] = [(when, stage)]
                latest[deal_id] = (when, line, cells)
            else:
                history.append((when, stage))
                if when >= latest[deal_id][0]:
                    latest[deal_id] = (when, line, cells)
    except csv.Error as error:
        raise table.broken(error) from None
    records = []
    for deal_id, deal_changes in changes.items():
        _, line, cells = latest[deal_id]
        record = DealRecord(deal_id, line, name=deal_id, owner=_cell(cells, owner_col))
        record.take_sources(cells, sources)
        try:
            record.amount, record.currency = table.amount(_cell(cells, amount_col), amount_col)
        except BadValue as error:
            skipped.append((line, f"Amount: {error}"))
        record.currency = _cell(cells, currency_col) or record.currency
        record.visits = _visits_from_changes(deal_changes)
        records.append(record)
    return records, skipped


# -- HubSpot deals export ------------------------------------------------------------


def read_hubspot(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    entered: dict[str, int] = {}
    exited: dict[str, int] = {}
    for i, name in enumerate(table.header):
        match = _HUBSPOT_DATE.match(name.strip())
        if match:
            # "Won (Sales Pipeline)": the pipeline is kept, so two pipelines' stages of one
            # name stay apart (and are mapped apart).
            stage = " ".join(match.group(2).split())
            (entered if match.group(1).lower() == "entered" else exited)[stage] = i
    id_col = columns.find("Record ID", "Deal ID", "hs_object_id")
    name_col, amount_col = columns.find("Deal Name", "dealname"), columns.find("Amount")
    owner_col, reason_col = (
        columns.find("Deal owner", "Deal Owner"),
        columns.find("Closed Lost Reason", "closed_lost_reason"),
    )
    stage_col = columns.find("Deal Stage", "dealstage")
    account_col = columns.find("Associated Company", "Company name")
    records, skipped = [], []
    for line, cells in table.rows:
        deal_id = _cell(cells, id_col) or _cell(cells, name_col)
        if not deal_id:
            skipped.append((line, "no Record ID or Deal Name"))
            continue
        record = DealRecord(deal_id, line, name=_cell(cells, name_col) or deal_id)
        record.take_sources(cells, sources)
        record.owner, record.reason = _cell(cells, owner_col), _cell(cells, reason_col)
        record.account = _cell(cells, account_col)
        try:
            record.amount, record.currency = table.amount(_cell(cells, amount_col), amount_col)
            visits = []
            for stage, column in entered.items():
                start = _cell(cells, column)
                if start:
                    end = _cell(cells, exited.get(stage))
                    end_at = table.time(end, exited[stage]) if end else None
                    visits.append((stage, table.time(start, column), end_at))
        except BadValue as error:
            skipped.append((line, str(error)))
            continue
        record.visits = sorted(visits, key=lambda visit: visit[1])
        record.outcome = outcome_of_stage(_cell(cells, stage_col)) if stage_col else None
        if not record.visits:
            skipped.append((line, "no stage has a date entered"))
            continue
        records.append(record)
    return records, skipped


# -- Pipedrive deal changes -----------------------------------------------------------


def read_pipedrive(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    deal_col, field_col = columns.find("deal_id"), columns.find("field_key", "field")
    old_col, new_col = columns.find("old_value"), columns.find("new_value")
    time_col = columns.find("log_time", "time", "update_time")
    name_col, amount_col = columns.find("deal_title", "title"), columns.find("value", "amount")
    changes: dict[str, list[tuple[int, str]]] = {}
    status: dict[str, tuple[int, str]] = {}
    records: dict[str, DealRecord] = {}
    skipped: list[Skipped] = []
    for line, cells in table.rows:
        deal_id, changed = _cell(cells, deal_col), _cell(cells, field_col).casefold()
        if not deal_id:
            skipped.append((line, "no deal_id"))
            continue
        try:
            when = table.time(_cell(cells, time_col), time_col)
        except BadValue as error:
            skipped.append((line, f"log_time: {error}"))
            continue
        record = records.setdefault(deal_id, DealRecord(deal_id, line, name=deal_id))
        record.take_sources(cells, sources)
        record.name = _cell(cells, name_col) or record.name
        if amount_col is not None and _cell(cells, amount_col):
            try:
                record.amount, record.currency = table.amount(_cell(cells, amount_col), amount_col)
            except BadValue as error:
                skipped.append((line, f"value: {error}"))
        if changed in ("stage_id", "stage"):
            history = changes.setdefault(deal_id, [])
            old = _cell(cells, old_col)
            if not history and old:
                history.append((when - 1, old))  # where it was before the first change
            history.append((when, _cell(cells, new_col)))
        elif changed == "status":
            status[deal_id] = (when, _cell(cells, new_col).casefold())
    for deal_id, record in records.items():
        record.visits = _visits_from_changes(changes.get(deal_id, []))
        if deal_id in status and status[deal_id][1] in ("won", "lost"):
            record.outcome = DealOutcome(status[deal_id][1])
    kept = [r for r in records.values() if r.visits]
    skipped += [(r.line, "no stage change for this deal") for r in records.values() if not r.visits]
    return kept, skipped


# -- generic stage history, and snapshot-only pipelines -------------------------------


def read_generic(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    cols = {
        name: columns.find(name)
        for name in ("deal_id", "stage", "entered_at", "exited_at", "deal_name", "amount")
    }
    outcome_col, reason_col = columns.find("outcome"), columns.find("loss_reason", "reason")
    records: dict[str, DealRecord] = {}
    skipped: list[Skipped] = []
    for line, cells in table.rows:
        deal_id, stage = _cell(cells, cols["deal_id"]), _cell(cells, cols["stage"])
        if not deal_id or not stage:
            skipped.append((line, "no deal_id or stage"))
            continue
        try:
            start = table.time(_cell(cells, cols["entered_at"]), cols["entered_at"])
            end_text = _cell(cells, cols["exited_at"])
            end = table.time(end_text, cols["exited_at"]) if end_text else None
            amount = table.amount(_cell(cells, cols["amount"]), cols["amount"])
        except BadValue as error:
            skipped.append((line, str(error)))
            continue
        record = records.setdefault(deal_id, DealRecord(deal_id, line, name=deal_id))
        record.take_sources(cells, sources)
        record.name = _cell(cells, cols["deal_name"]) or record.name
        if amount[0] is not None:
            record.amount, record.currency = amount
        outcome = _cell(cells, outcome_col).casefold()
        if outcome in ("won", "lost", "open"):
            record.outcome = DealOutcome(outcome)
        record.reason = _cell(cells, reason_col) or record.reason
        record.visits.append((stage, start, end))
    for record in records.values():
        record.visits.sort(key=lambda visit: visit[1])
    return list(records.values()), skipped


def read_snapshot(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    id_col = columns.find("opportunity_id", "deal_id", "id")
    stage_col, engage_col = columns.find("deal_stage"), columns.find("engage_date")
    close_col, value_col = columns.find("close_date"), columns.find("close_value", "amount")
    owner_col, account_col = columns.find("sales_agent", "owner"), columns.find("account")
    records, skipped = [], []
    for line, cells in table.rows:
        deal_id, stage = _cell(cells, id_col), _cell(cells, stage_col)
        if not deal_id or not stage:
            skipped.append((line, "no id or deal_stage"))
            continue
        record = DealRecord(deal_id, line, name=deal_id, snapshot_only=True)
        record.take_sources(cells, sources)
        record.owner, record.account = _cell(cells, owner_col), _cell(cells, account_col)
        try:
            record.amount, record.currency = table.amount(_cell(cells, value_col), value_col)
            engaged = _cell(cells, engage_col)
            closed = _cell(cells, close_col)
            if engaged and stage.casefold() not in ("engaging", "prospecting") and closed:
                engaged_at = table.time(engaged, engage_col)
                closed_at = table.time(closed, close_col)
                record.visits = [("Engaging", engaged_at, closed_at)]
                record.visits.append((stage, closed_at, None))
            elif engaged:
                record.visits = [(stage, table.time(engaged, engage_col), None)]
            else:
                skipped.append((line, "no engage_date: nothing to place on a timeline"))
                continue
        except BadValue as error:
            skipped.append((line, str(error)))
            continue
        records.append(record)
    return records, skipped


READERS: dict[str, Callable[[Table], tuple[list[DealRecord], list[Skipped]]]] = {
    "salesforce": read_salesforce,
    "hubspot": read_hubspot,
    "pipedrive": read_pipedrive,
    "generic": read_generic,
    "snapshot": read_snapshot,
}
