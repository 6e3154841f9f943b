"""HubSpot deal property history: one row per value a deal property took, with the record,
the property, the value and when it was set (Settings › Properties › a property › Export
property history, https://knowledge.hubspot.com/properties/export-property-history; the
same fields as the CRM API's propertiesWithHistory: value, timestamp, sourceType …).

Only the deal stage's rows give visits; every change is kept, so a deal that went back to a
stage, or was reopened after it closed, carries on through each visit. Other properties'
rows (the deal's name, amount, reason lost, pipeline) give the deal's latest value of each.
"""

from __future__ import annotations

from journeyapp.models.deal_import.formats.hubspot_deals import pipeline_label, stage_label
from journeyapp.models.deal_import.formats.layout import Format, having, named_columns
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

ID_NAMES = ("Record ID", "Deal ID", "dealId", "deal_id", "Object ID", "objectId", "hs_object_id")
PROPERTY_NAMES = ("Property", "Property name", "Property internal name", "property_name")
VALUE_NAMES = ("Value", "New value", "Property value", "value")
TIME_NAMES = (
    "Timestamp",
    "Updated at",
    "Date updated",
    "Change date",
    "Date",
    "timestamp",
)
NAME_NAMES = ("Deal Name", "dealname")
PIPELINE_NAMES = ("Pipeline",)

# A property as the file names it, by its internal name or its label, folded.
_STAGE = {"dealstage", "deal stage"}
_PIPELINE = {"pipeline"}
_NAME = {"dealname", "deal name"}
_AMOUNT = {"amount"}
_REASON = {"closed_lost_reason", "closed lost reason"}
_OWNER = {"hubspot_owner_id", "deal owner"}
_LEAD_SOURCE = {"hs_analytics_source", "original source", "original traffic source"}


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_hubspot_history(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns, change_log=True)
    id_col, property_col = columns.find(*ID_NAMES), columns.find(*PROPERTY_NAMES)
    value_col, time_col = columns.find(*VALUE_NAMES), columns.find(*TIME_NAMES)
    name_col, pipeline_col = columns.find(*NAME_NAMES), columns.find(*PIPELINE_NAMES)
    stages: dict[str, list[tuple[int, str]]] = {}
    pipelines: dict[str, list[tuple[int, str]]] = {}
    # Per deal, its properties' and columns' latest (time, value, line).
    latest: dict[str, dict[str, tuple[int, str, int]]] = {}
    records: dict[str, DealRecord] = {}
    skipped: list[Skipped] = []
    for line, cells in table.rows:
        deal_id, changed = cell(cells, id_col), _fold(cell(cells, property_col))
        if not deal_id or not changed:
            skipped.append((line, f"no {table.header[id_col if not deal_id else property_col]}"))
            continue
        when = row_time(table, cells, time_col, line, skipped)
        if when is None:
            continue
        record = records.get(deal_id)
        if record is None or line < record.line:  # the deal's first line, whatever the order
            records[deal_id] = record = record or DealRecord(deal_id, line, name=deal_id)
            record.line = line
        value = cell(cells, value_col)
        if changed in _STAGE and value:
            stages.setdefault(deal_id, []).append((when, stage_label(value)))
        elif changed in _PIPELINE and value:
            pipelines.setdefault(deal_id, []).append((when, pipeline_label(value)))
        # The latest value of the deal's other properties, and of the columns beside them
        # (a name, a source); ties go to the larger value, never to the row order.
        known = latest.setdefault(deal_id, {})
        for key, text in (
            (changed, value),
            ("#name", cell(cells, name_col)),
            ("#pipeline", cell(cells, pipeline_col)),
            ("#source", cell(cells, sources[0])),
            ("#campaign", cell(cells, sources[1])),
        ):
            if text and (key not in known or known[key][:2] < (when, text)):
                known[key] = (when, text, line)
    kept = []
    for deal_id, record in records.items():
        changes = stages.get(deal_id)
        if not changes:
            skipped.append((record.line, "no deal stage change for this deal"))
            continue
        value = {key: got[1] for key, got in latest[deal_id].items()}
        record.name = next((value[k] for k in ("#name", *_NAME) if value.get(k)), deal_id)
        record.reason = next((value[k] for k in _REASON if value.get(k)), "")
        record.owner = next((value[k] for k in _OWNER if value.get(k)), "")
        record.lead_source = next(
            (value[k] for k in ("#source", *_LEAD_SOURCE) if value.get(k)), ""
        )
        record.campaign = value.get("#campaign", "")
        amount = next((k for k in _AMOUNT if value.get(k)), None)
        if amount is not None:
            try:
                record.amount, record.currency = table.amount(value[amount], None)
            except BadValue as error:
                skipped.append((latest[deal_id][amount][2], f"amount: {error}"))
        fixed = pipeline_label(value.get("#pipeline", ""))
        named = [
            (when, _in_pipeline(stage, pipelines.get(deal_id), fixed, when))
            for when, stage in changes
        ]
        # Same-time changes in name order, so the visits never depend on the rows' order.
        record.visits = visits_from_changes(sorted(named))
        kept.append(record)
    return sorted(kept, key=lambda record: record.source_id), skipped


def _in_pipeline(stage: str, pipelines: list[tuple[int, str]] | None, fixed: str, when: int) -> str:
    """The stage with the pipeline the deal was in when it entered it ("Demo (Partner
    Pipeline)"), from the pipeline's own history or a "Pipeline" column; as it is without."""
    pipeline = fixed
    if pipelines:
        ordered = sorted(pipelines)
        pipeline = ordered[0][1]
        for at, name in ordered:
            if at <= when:
                pipeline = name
    if not pipeline or without_pipeline(stage) != stage:
        return stage
    return f"{stage} ({pipeline})"


def _fits(header: list[str]) -> bool:
    return having(ID_NAMES, PROPERTY_NAMES, VALUE_NAMES, TIME_NAMES)(header)


FORMAT = Format(
    name="hubspot-history",
    title="HubSpot deal property history",
    needed=("Record ID", "Property", "Value", "Timestamp"),
    fits=_fits,
    date_columns=named_columns(TIME_NAMES),
    amount_columns=lambda header: [],
    read=read_hubspot_history,
    held=lambda header: sum(
        Columns(header).find(*names) is not None
        for names in (ID_NAMES, PROPERTY_NAMES, VALUE_NAMES, TIME_NAMES)
    ),
)
