"""HubSpot deals export: one row per deal, with per stage a `Date entered "<Stage> (<Pipeline>)"`
and `Date exited …` column, and often `Cumulative time in …` and `Latest time in …`.

HubSpot's stage calculated properties keep only a stage's latest entry and exit: a deal that
went back to a stage it had been in loses the earlier visit. The export still shows it where
the time in the stage over all visits exceeds the latest visit's, where a stage was exited
before it was (last) entered, or where a stage it is in now has a latest time from before
(https://knowledge.hubspot.com/properties/stage-calculated-properties); such deals come in
with what the export has, and a warning says what is missing.
"""

from __future__ import annotations

import functools
import math
import re

from journeyapp.models.deal_import.formats.layout import Format, named_columns
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    cell,
    outcome_of_stage,
    source_columns,
    without_pipeline,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import DealOutcome

_QUOTES = "\"“”'‘’"
# Date entered "Demo (Sales Pipeline)"; the export's labels, in any quote style.
_HUBSPOT_DATE = re.compile(rf"^date (entered|exited) [{_QUOTES}](.+?)[{_QUOTES}]$", re.IGNORECASE)
# Cumulative time in "Demo (Sales Pipeline)" (HH:mm:ss); the unit in brackets may be missing.
_HUBSPOT_TIME = re.compile(
    rf"^(cumulative|latest) time in [{_QUOTES}](.+)[{_QUOTES}](?:\s*\([^()]*\))?$",
    re.IGNORECASE,
)
# The same properties under their internal names (an export of internal names, or the API's):
# hs_v2_date_entered_<stage id>, hs_date_exited_<stage id>, hs_v2_cumulative_time_in_<id>.
_INTERNAL_DATE = re.compile(r"^hs_(?:v2_)?date_(entered|exited)_(.+)$", re.IGNORECASE)
_INTERNAL_TIME = re.compile(r"^hs_v2_(cumulative|latest)_time_in_(.+)$", re.IGNORECASE)

# The default pipeline's stages by their internal ids, shown as HubSpot labels them; a custom
# stage's id (a number) is kept as it is.
DEFAULT_STAGES = {
    "appointmentscheduled": "Appointment Scheduled",
    "qualifiedtobuy": "Qualified To Buy",
    "presentationscheduled": "Presentation Scheduled",
    "decisionmakerboughtin": "Decision Maker Bought-In",
    "contractsent": "Contract Sent",
    "closedwon": "Closed Won",
    "closedlost": "Closed Lost",
}
DEFAULT_PIPELINE = {"default": "Sales Pipeline"}
_PIPELINE_NAMES = ("Pipeline", "pipeline", "Deal pipeline")
_CLOSE_NAMES = ("Close Date", "closedate")


def stage_label(value: str) -> str:
    """A HubSpot stage as its label: a default stage's internal id ("closedwon") becomes
    "Closed Won"; anything else is kept as written, its spaces tidied."""
    text = " ".join(value.split())
    return DEFAULT_STAGES.get(text.casefold(), text)


def pipeline_label(value: str) -> str:
    text = " ".join(value.split())
    return DEFAULT_PIPELINE.get(text.casefold(), text)


@functools.lru_cache(maxsize=4096)
def closed_outcome(stage: str) -> DealOutcome | None:
    """Won or lost where a deal stage is HubSpot's closed won or closed lost, in any pipeline,
    by label ("Closed won", "Closed Lost (Partner Pipeline)") or internal id ("closedwon")."""
    bare = without_pipeline(stage)
    folded = re.sub(r"[\s_-]", "", bare.casefold())
    if folded == "closedwon":
        return DealOutcome.WON
    if folded == "closedlost":
        return DealOutcome.LOST
    return outcome_of_stage(bare)


def _stage_columns(header: list[str]) -> dict[str, dict[str, int]]:
    """Per stage as the header names it: its columns by kind (entered, exited, cumulative,
    latest)."""
    stages: dict[str, dict[str, int]] = {}
    for i, name in enumerate(header):
        name = name.strip()
        match = (
            _HUBSPOT_DATE.match(name)
            or _HUBSPOT_TIME.match(name)
            or _INTERNAL_DATE.match(name)
            or _INTERNAL_TIME.match(name)
        )
        if match:
            stage = stage_label(match.group(2))
            stages.setdefault(stage, {}).setdefault(match.group(1).casefold(), i)
    return {stage: kinds for stage, kinds in stages.items() if "entered" in kinds}


@functools.lru_cache(maxsize=4096)  # a few stages and pipelines, on each of a million rows
def _crm_stage(stage: str, pipeline: str) -> str:
    """The stage as the CRM stage it is: with its pipeline, from the column's own name or else
    from the deal's "Pipeline" cell, so two pipelines' stages of one name stay apart."""
    if pipeline and without_pipeline(stage) == stage:
        return f"{stage} ({pipeline})"
    return stage


_DURATION = re.compile(r"^(?:(\d+)\s*d(?:ays?)?\s*)?(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$")


def _duration(text: str) -> float | None:
    """A time in a stage: "HH:mm:ss" (hours past 24 allowed, days optional), or a plain number
    (HubSpot's own unit; only compared with the same deal's other times). None if unreadable."""
    text = text.strip()
    if not text:
        return None
    match = _DURATION.match(text)
    if match:
        days, hours, minutes, seconds = match.groups()
        return int(days or 0) * 86400 + int(hours) * 3600 + int(minutes) * 60 + float(seconds or 0)
    try:
        number = float(text.replace(",", "").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _visited_twice(cumulative: str, latest: str, current: bool) -> bool:
    """Whether the times in a stage show more than one visit: more time in it over all visits
    than in the latest one, or a latest time while the deal is in the stage now (HubSpot fills
    it then only from an earlier visit)."""
    total, last = _duration(cumulative), _duration(latest)
    if total is not None and last is not None and total - last > max(1.0, last * 1e-6):
        return True
    return current and last is not None and last > 0


def read_hubspot(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    stages = _stage_columns(table.header)
    id_col = columns.find("Record ID", "Deal ID", "hs_object_id")
    name_col, amount_col = columns.find("Deal Name", "dealname"), columns.find("Amount", "amount")
    currency_col = columns.find("Currency", "Deal currency code", "deal_currency_code")
    owner_col = columns.find("Deal owner", "Deal Owner", "hubspot_owner_id")
    reason_col = columns.find("Closed Lost Reason", "closed_lost_reason")
    stage_col = columns.find("Deal Stage", "dealstage")
    pipeline_col = columns.find(*_PIPELINE_NAMES)
    close_col = columns.find(*_CLOSE_NAMES)
    account_col = columns.find(
        "Associated Company",
        "Associated Company (Primary)",
        "Associated Companies",
        "Company name",
    )
    # The stages with a time in them, which alone can show a stage visited twice.
    timed = {stage: kinds for stage, kinds in stages.items() if {"cumulative", "latest"} & {*kinds}}
    readers = _date_readers(table, stages)
    records, skipped = [], []
    for line, cells in table.rows:
        deal_id = cell(cells, id_col) or cell(cells, name_col)
        if not deal_id:
            skipped.append((line, "no Record ID or Deal Name"))
            continue
        record = DealRecord(deal_id, line, name=cell(cells, name_col) or deal_id)
        record.take_sources(cells, sources)
        record.owner, record.reason = cell(cells, owner_col), cell(cells, reason_col)
        record.account = cell(cells, account_col)
        pipeline = pipeline_label(cell(cells, pipeline_col))
        try:
            record.amount, record.currency = table.amount(cell(cells, amount_col), amount_col)
            visits = _visits(cells, readers, pipeline)
        except BadValue as error:
            skipped.append((line, str(error)))
            continue
        record.currency = cell(cells, currency_col) or record.currency
        if not visits:
            skipped.append((line, "no stage has a date entered"))
            continue
        record.visits, twice = _checked(visits)
        record.outcome = closed_outcome(cell(cells, stage_col))
        try:
            record.visits = _closed_on(table, cells, close_col, record)
        except BadValue as error:
            skipped.append((line, str(error)))
            continue
        order = [visit[0] for visit in record.visits]
        current = record.visits[-1][0] if record.visits[-1][2] is None else None
        for stage, kinds in timed.items():
            name = _crm_stage(stage, pipeline)
            if name in order and _visited_twice(
                cell(cells, kinds.get("cumulative")),
                cell(cells, kinds.get("latest")),
                name == current,
            ):
                twice.add(name)
        record.warnings = [
            (line, _twice_sentence(record.name, name)) for name in sorted(twice, key=order.index)
        ]
        records.append(record)
    return records, skipped


def _visits(
    cells: list[str], readers: list[tuple], pipeline: str
) -> list[tuple[str, int, int | None]]:
    """The stages with a date entered, in time order; ``readers`` from ``_date_readers``."""
    visits = []
    for stage, entered, read_entered, exited, read_exited in readers:
        start = cell(cells, entered)
        if not start:
            continue
        end = cell(cells, exited)
        end_at = read_exited(end) if end else None
        visits.append((_crm_stage(stage, pipeline), read_entered(start), end_at))
    return sorted(visits, key=lambda visit: (visit[1], visit[0]))


def _date_readers(table: Table, stages: dict[str, dict[str, int]]) -> list[tuple]:
    """Per stage: its entered column and how its dates are read, and the same for exited
    (None where the export has no such column)."""
    return [
        (stage, kinds["entered"], table.time_reader(kinds["entered"]), kinds.get("exited"),
         table.time_reader(kinds.get("exited")))
        for stage, kinds in stages.items()
    ]  # fmt: skip


def _closed_on(
    table: Table, cells: list[str], close_col: int | None, record: DealRecord
) -> list[tuple[str, int, int | None]]:
    """A won or lost deal whose export has no date for its closed stage (its column left out)
    left the stage it was last in on its Close Date."""
    visits = record.visits
    stage, entered, exited = visits[-1]
    text = cell(cells, close_col)
    if record.outcome is None or exited is not None or not text or closed_outcome(stage):
        return visits
    closed = table.time(text, close_col)
    return [*visits[:-1], (stage, entered, closed)] if closed >= entered else visits


def _checked(
    visits: list[tuple[str, int, int | None]],
) -> tuple[list[tuple[str, int, int | None]], set[str]]:
    """The visits, each left when the next was entered where the export has no exit for it
    (no "Date exited" column) or an exit from before its entry (an earlier visit's, which
    shows the stage was visited twice). Returns the stages seen twice so."""
    twice: set[str] = set()
    kept = []
    for n, (stage, entered, exited) in enumerate(visits):
        if exited is not None and exited < entered:
            twice.add(stage)
            exited = None
        if exited is None and n + 1 < len(visits):
            exited = visits[n + 1][1]
        kept.append((stage, entered, exited))
    return kept, twice


def _twice_sentence(deal: str, stage: str) -> str:
    return (
        f"“{deal}” entered “{stage}” more than once; HubSpot keeps only the latest visit, "
        "so the earlier one is missing"
    )


def _fits(header: list[str]) -> bool:
    return bool(_stage_columns(header))


def _date_columns(header: list[str]) -> list[int]:
    close = Columns(header).find(*_CLOSE_NAMES)
    return sorted(
        [
            i
            for kinds in _stage_columns(header).values()
            for kind, i in kinds.items()
            if kind in ("entered", "exited")
        ]
        + ([close] if close is not None else [])
    )


FORMAT = Format(
    name="hubspot",
    title="HubSpot deals export",
    needed=("Record ID", 'Date entered "<stage>"'),
    fits=_fits,
    date_columns=_date_columns,
    amount_columns=named_columns(("Amount", "amount")),
    read=read_hubspot,
    held=lambda header: _fits(header) + Columns(header).has("Record ID"),
)
