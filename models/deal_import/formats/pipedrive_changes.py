"""Pipedrive deal changes: one row per changed field, with its old and new value.

Built to the deal updates Pipedrive's API gives (``GET /v1/deals/{id}/flow``, its
``dealChange`` items, and ``GET /v1/deals/{id}/changelog``) as they are written out to a
table: ``item_id`` (the deal; ``deal_id`` where the export names it so), ``field_key``,
``old_value``, ``new_value``, ``log_time`` (``time`` in the changelog endpoint,
``timestamp`` on the flow item), ``id`` (the change), and the stage names beside the stage
ids in ``additional_data_old_value_formatted`` / ``additional_data_new_value_formatted``.
Flow items come newest first; a deal's creation is its ``add_time`` change.

``stage_id`` changes carry numbers. Where the file has the names beside them, the stages
are called by their names; where it has not, ``name_stages`` names them from another file
(the deals list export, or a stages table), and a number no file names stays a number,
shown as "stage 3" so that a refusal or the summary says plainly what it is.
"""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter

from journeyapp.models.deal_import.formats.chains import chained_from
from journeyapp.models.deal_import.formats.layout import Format, having, named_columns
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    cell,
    row_time,
    source_columns,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import DealOutcome
from journeyapp.models.frozen_records import frozen_record

DEAL_COLUMNS = ("deal_id", "item_id")
TIME_COLUMNS = ("log_time", "time", "timestamp", "update_time")
CREATED_COLUMNS = ("add_time", "deal_add_time", "Deal created", "Deal - Deal created")
OLD_NAME_COLUMNS = (
    "additional_data_old_value_formatted",
    "additional_data.old_value_formatted",
    "old_value_formatted",
)
NEW_NAME_COLUMNS = (
    "additional_data_new_value_formatted",
    "additional_data.new_value_formatted",
    "new_value_formatted",
)
STAGE_FIELDS = ("stage_id", "stage")
# The stage a closed deal is shown in from its close on: mapped like any CRM stage (to the
# map's won or lost stage unless the user says otherwise).
WON_STAGE, LOST_STAGE = "Won", "Lost"
_NUMBERED = "stage "


@frozen_record
class _Change:
    when: int
    change_id: float  # the change's own id where the export has it, to order a tie
    field: str
    old: str
    new: str
    old_name: str
    new_name: str

    def sort_key(self) -> tuple:
        return (self.when, self.change_id, self.field, self.old, self.new, self.new_name)


def read_pipedrive(table: Table) -> tuple[list[DealRecord], list[Skipped]]:
    columns = Columns(table.header)
    sources = source_columns(columns)
    deal_col, field_col = columns.find(*DEAL_COLUMNS), columns.find("field_key", "field")
    old_col, new_col = columns.find("old_value"), columns.find("new_value")
    old_name_col, new_name_col = columns.find(*OLD_NAME_COLUMNS), columns.find(*NEW_NAME_COLUMNS)
    time_col, created_col = columns.find(*TIME_COLUMNS), columns.find(*CREATED_COLUMNS)
    # "id" is the change's own number only beside a deal column of another name.
    id_col = columns.find("id") if columns.find("id") != deal_col else None
    name_col, amount_col = columns.find("deal_title", "title"), columns.find("value", "amount")
    owner_col = columns.find("owner_name", "deal_owner", "owner")
    changes: dict[str, list[_Change]] = {}
    created: dict[str, int] = {}
    first_line: dict[str, int] = {}
    facts: dict[str, dict[str, tuple[tuple, str]]] = {}  # deal: field → (when…, latest value)
    records: dict[str, DealRecord] = {}
    skipped: list[Skipped] = []
    for line, cells in table.rows:
        deal_id, field = cell(cells, deal_col), cell(cells, field_col).casefold()
        if not deal_id:
            skipped.append((line, f"no {table.header[deal_col]}"))
            continue
        when = row_time(table, cells, time_col, line, skipped)
        if when is None:
            continue
        record = records.setdefault(deal_id, DealRecord(deal_id, line, name=deal_id))
        first_line[deal_id] = min(first_line.get(deal_id, line), line)
        change = _Change(
            when,
            _number(cell(cells, id_col)),
            field,
            cell(cells, old_col),
            cell(cells, new_col),
            cell(cells, old_name_col),
            cell(cells, new_name_col),
        )
        known = facts.setdefault(deal_id, {})
        for key, value in (
            ("title", cell(cells, name_col)),
            ("owner", cell(cells, owner_col)),
            ("source", cell(cells, sources[0])),
            ("campaign", cell(cells, sources[1])),
            ("amount", cell(cells, amount_col)),
        ):
            _keep_latest(known, key, change.sort_key(), value)
        try:
            if created_col is not None and cell(cells, created_col):
                _keep_earliest(created, deal_id, table.time(cell(cells, created_col), created_col))
            if field == "add_time" and change.new:
                _keep_earliest(created, deal_id, table.time(change.new, None))
        except BadValue as error:
            skipped.append((line, f"add_time: {error}"))
        if field in STAGE_FIELDS or field == "status":
            changes.setdefault(deal_id, []).append(change)
        elif field in ("user_id", "org_id"):  # their values are ids: only a name will do
            _keep_latest(known, field, change.sort_key(), change.new_name)
        elif field in _FACT_FIELDS:
            _keep_latest(known, field, change.sort_key(), change.new_name or change.new)
    names = _names_given(change for deal in changes.values() for change in deal)
    kept: list[DealRecord] = []
    for deal_id, record in records.items():
        record.line = first_line[deal_id]
        problem = _fill(record, table, amount_col, facts.get(deal_id, {}))
        if problem:
            skipped.append((record.line, problem))
        visits, status = _visits(changes.get(deal_id, []), created.get(deal_id))
        if status == "deleted":
            skipped.append((record.line, f"deal {deal_id} was deleted in Pipedrive"))
            continue
        if not visits:
            skipped.append((record.line, "no stage change for this deal"))
            continue
        record.visits = visits
        if status in ("won", "lost", "open"):
            record.outcome = DealOutcome(status)
        if status != "lost":  # a reopened deal keeps its old loss reason in Pipedrive
            record.reason = ""
        kept.append(record)
    kept.sort(key=lambda record: record.line)
    name_stages(kept, names)
    return kept, sorted(skipped)


# Fields whose latest value describes the deal (the owner, not whoever made a change).
_FACT_FIELDS = ("title", "value", "currency", "lost_reason", "user_id", "org_id")


def _fill(record: DealRecord, table: Table, amount_col: int | None, known: dict) -> str:
    """The deal's name, owner, account, amount and reason from its latest values; a
    sentence when the amount cannot be read."""

    def latest(*keys: str) -> str:
        return next((known[key][1] for key in keys if known.get(key, (0, ""))[1]), "")

    record.name = latest("title") or record.source_id
    record.owner, record.account = latest("owner", "user_id"), latest("org_id")
    record.lead_source, record.campaign = latest("source"), latest("campaign")
    record.reason = latest("lost_reason")
    column, changed = latest("amount"), latest("value")
    try:
        if column:
            record.amount, record.currency = table.amount(column, amount_col)
        elif changed:
            record.amount, record.currency = table.amount(changed, None)
    except BadValue as error:
        return f"value: {error}"
    record.currency = latest("currency") or record.currency
    return ""


def _keep_latest(known: dict, key: str, order: tuple, value: str) -> None:
    if value and (key not in known or order >= known[key][0]):
        known[key] = (order, value)


def _keep_earliest(times: dict[str, int], deal_id: str, when: int) -> None:
    times[deal_id] = min(times.get(deal_id, when), when)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("inf")


def _names_given(changes) -> dict[str, str]:
    """Stage names the export writes beside the stage ids."""
    names: dict[str, str] = {}
    for change in sorted(changes, key=_Change.sort_key):
        if change.field in STAGE_FIELDS:
            for value, name in ((change.old, change.old_name), (change.new, change.new_name)):
                if value and name:
                    names[value] = name
    return names


def _visits(
    changes: list[_Change], created: int | None
) -> tuple[list[tuple[str, int, int | None]], str]:
    """A deal's stage visits from its stage and status changes, and its last status.

    Won and lost are statuses in Pipedrive, not stages: the deal stays in its stage. From a
    close the deal is shown in a "Won" or "Lost" step (the last stage before it is where it
    was won or lost); a reopened deal goes back to its stage from the reopening and carries on.
    """
    ordered = _in_order(changes)
    stage_changes = [change for change in ordered if change.field in STAGE_FIELDS]
    status_changes = [change.new.casefold() for change in ordered if change.field == "status"]
    if not stage_changes:  # a deal is placed on the map by its stages: none, no path
        return [], status_changes[-1] if status_changes else ""
    first = stage_changes[0]
    stage = first.old if first is not None else ""
    visits: list[list] = []

    def enter(name: str, when: int) -> None:
        if visits and visits[-1][2] is None:
            visits[-1][2] = when
        visits.append([name, when, None])

    # Where the deal was before its first change, and since when. Its creation says when.
    # Without it the entry is unknown: a visit from one second before the change would
    # show a stay of no length that never happened, and replay would count it as a fast
    # pass through the stage. So the path starts at the first change, with the stage the
    # deal moved to; the stage before it is left out rather than given a made-up length.
    if stage and created is not None and created <= first.when:
        enter(stage, created)
    status = ""
    for change in ordered:
        if change.field in STAGE_FIELDS:
            if change.new and change.new != stage:
                stage = change.new
                enter(stage, change.when)
            continue
        new = change.new.casefold()
        if new in ("won", "lost") and status not in ("won", "lost"):
            enter(WON_STAGE if new == "won" else LOST_STAGE, change.when)
        elif new == "open" and status in ("won", "lost") and stage:
            enter(stage, change.when)  # reopened: back in its stage, and on from there
        elif new == "open" and status in ("won", "lost") and visits:
            visits[-1][2] = change.when
        status = new or status
    return [tuple(visit) for visit in visits], status


# Within one second: a reopening first, then stage moves, then a close, so a deal moved
# and lost in the same second is lost in the stage it was moved to.
def _rank(change: _Change) -> int:
    if change.field in STAGE_FIELDS:
        return 1
    return 0 if change.new.casefold() == "open" else 2


def _in_order(changes: list[_Change]) -> list[_Change]:
    """The changes in the order they were made, whatever the order of the rows.

    By time; changes of one field in the same second (a bulk move, an automation) are
    chained old value to new value, so A→B and B→C give A, B, C however they are listed;
    what the chain leaves open is settled by the change's id, then by its values."""
    ordered: list[_Change] = []
    current: dict[str, str] = {}  # the stage and the status each last change left
    changes = sorted(changes, key=lambda change: (change.when, _rank(change), change.sort_key()))
    for _, same_time in groupby(changes, key=lambda change: (change.when, _rank(change))):
        group = list(same_time)
        kind = "stage" if group[0].field in STAGE_FIELDS else "status"  # one rank, one kind
        ordered += chained_from(group, current.get(kind), attrgetter("old"), attrgetter("new"))
        current[kind] = ordered[-1].new
    return ordered


def stage_key(crm_stage: str) -> str:
    """The stage id behind a stage shown as "stage 3"; any other name as it is."""
    if crm_stage.startswith(_NUMBERED) and crm_stage[len(_NUMBERED) :].isdigit():
        return crm_stage[len(_NUMBERED) :]
    return crm_stage


def name_stages(records: list[DealRecord], names: dict[str, str]) -> None:
    """Calls each stage id by its name where ``names`` (stage id → name) has it; an id no
    one names is shown as "stage 3", so that the summary and a refusal say it is a number.

    Called by the reader with the names the export carries, and again with the names
    another file gives (``stage_names_from_deals``, ``stage_names_from_table``)."""
    for record in records:
        record.visits = [(_named(stage, names), start, end) for stage, start, end in record.visits]


def _named(crm_stage: str, names: dict[str, str]) -> str:
    key = stage_key(crm_stage)
    name = names.get(key, "").strip()
    if name:
        return name
    return f"{_NUMBERED}{key}" if key.isdigit() else crm_stage


def stage_names_from_deals(changes: list[DealRecord], deals: list[DealRecord]) -> dict[str, str]:
    """Stage ids named from the deals list export of the same account: a deal's stage there
    is the stage its last change here moved it to."""
    current = {deal.source_id: _current_stage(deal) for deal in deals}
    names: dict[str, str] = {}
    for record in sorted(changes, key=lambda record: record.source_id):
        last = _current_stage(record)
        key = stage_key(last) if last else ""
        if key.isdigit() and current.get(record.source_id):
            names.setdefault(key, current[record.source_id])
    return names


def _current_stage(record: DealRecord) -> str:
    stages = [stage for stage, _, _ in record.visits if stage not in (WON_STAGE, LOST_STAGE)]
    return stages[-1] if stages else ""


def stage_names_from_table(table: Table) -> dict[str, str]:
    """Stage ids and names from a stages table (``GET /v1/stages`` written out: id, name)."""
    columns = Columns(table.header)
    id_col = columns.find("stage_id", "id", "Stage - ID")
    name_col = columns.find("stage_name", "name", "Stage - Name", "stage")
    if id_col is None or name_col is None:
        return {}
    names = {}
    for _, cells in table.rows:
        if cell(cells, id_col) and cell(cells, name_col):
            names[cell(cells, id_col)] = cell(cells, name_col)
    return names


FORMAT = Format(
    name="pipedrive",
    title="Pipedrive deal changes",
    needed=("deal_id", "field_key", "new_value"),
    fits=having(DEAL_COLUMNS, ("field_key", "field"), ("new_value",)),
    date_columns=named_columns(TIME_COLUMNS, CREATED_COLUMNS),
    amount_columns=named_columns(("value", "amount")),
    read=read_pipedrive,
    held=lambda header: sum(
        Columns(header).find(*names) is not None
        for names in (DEAL_COLUMNS, ("field_key", "field"), ("new_value",))
    ),
)
