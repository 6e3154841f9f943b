"""What a million-row import relies on, checked on small inputs: the quick ways of reading
rows, voting on a column's date order, checking, putting in and writing entities give what
the cell-by-cell, value-by-value and entity-by-entity ways give, refusals included."""

from __future__ import annotations

import calendar
import csv
import io
import json

import pytest
from crm_checks import CRM, write
from journeyapp.models import codec
from journeyapp.models.change import Kind
from journeyapp.models.deal_import import table as table_module
from journeyapp.models.deal_import.formats.records import cell, picker
from journeyapp.models.deal_import.refusal import UnreadableFile
from journeyapp.models.deal_import.table import table_from_text
from journeyapp.models.deal_import.values import (
    DateOrder,
    DateOrderVote,
    DecimalMarkVote,
    MixedColumn,
    parse_time,
    time_reader,
    times_reader,
)
from journeyapp.models.edits import PutEntities
from journeyapp.models.entities import Deal, DealStep, Lead, StepNote, Touch, Verdict
from journeyapp.models.errors import EditError
from journeyapp.models.lead_import.plan import lead_import_edit, read_leads
from journeyapp.models.limits import MAX_TEXT_CHARS, check_values
from journeyapp.models.schema import TABLES
from journeyapp.models.table_rows import row_encoder
from journeyapp.models.templates import load_template

ROWS = [
    ["  a ", "b", "", " d"],
    ["x", " y ", "z", "w", "extra"],
    ["short"],
    [],
]


@pytest.mark.parametrize(
    "columns",
    [(0, 1, 2, 3), (3, None, 0), (None, None), (1,), (None,), (4, 0)],
)
def test_a_rows_cells_picked_at_once_are_the_cells_read_one_by_one(columns):
    pick = picker(*columns)
    for row in ROWS:
        assert pick(row) == tuple(cell(row, column) for column in columns)


CSV_TEXT = (
    'Id,Note,Date\r\n1,"two\nlines",2024-01-02\r\n2,plain,2024-02-03\n\n'
    '3,"a, comma",03/04/2024\n4,"ends in a quote ""x""",2024-05-06'
)


@pytest.mark.parametrize("batch", [1, 5, 17, 1 << 20])
def test_a_csv_reads_the_same_rows_wherever_its_batches_of_lines_end(monkeypatch, batch):
    monkeypatch.setattr(table_module, "_BATCH_CHARS", batch)
    table = table_from_text(CSV_TEXT)
    expected = list(csv.reader(io.StringIO(CSV_TEXT, newline="")))
    assert [table.header, *(cells for _, cells in table.rows)] == [row for row in expected if row]
    assert [line for line, _ in table_from_text(CSV_TEXT).rows] == [3, 4, 6, 7]


COLUMNS = [
    ["2024-01-02", "", "2024-03-04T10:00:00Z"],  # says nothing of the order
    ["2024-01-02", " 03/04/2024", "03/04/2024", "4/5/2024 9:15 AM"],  # nor does this
    ["03/04/2024", "26/02/2024", "", "1.2.2024"],  # day first
    ["02/26/2024", "3/4/2024"],  # month first
    ["26.02.2024", "03.04.2024"],  # dots: day first
    ["26.02.2024", "03/04/2024"],  # not dots only
    ["26/02/2024", "02/26/2024"],  # both: refused
    ["not a date", "12-13-2024", "13-12-2024 08:00"],  # both, with dashes
    ["", " ", "", "\n 26/02/2024", "  \t3/4/2024"],  # spaces and line breaks before a date
    ["", "\n", "   ", ""],  # nothing but empty cells and spaces
]


def _vote_one_by_one(values):
    vote = DateOrderVote()
    for value in values:
        if value:
            vote.add(value)
    return vote


def _outcome(vote):
    try:
        return vote.result(), vote.examples
    except MixedColumn as mixed:
        return str(mixed), vote.examples


@pytest.mark.parametrize("values", COLUMNS)
def test_a_date_column_looked_at_together_tells_its_order_as_value_by_value(values):
    together = DateOrderVote()
    together.add_all(values)
    assert _outcome(together) == _outcome(_vote_one_by_one(values))


@pytest.mark.parametrize(
    "values", [["1.234,50", "12,5"], ["12.500", "12.500"], ["1,234.50", "1.234,50"], ["900"]]
)
def test_an_amount_column_looked_at_together_tells_its_mark_as_value_by_value(values):
    together, alone = DecimalMarkVote(), DecimalMarkVote()
    together.add_all(values)
    for value in values:
        alone.add(value)
    outcomes = []
    for vote in (together, alone):
        try:
            outcomes.append(vote.result())
        except MixedColumn as mixed:
            outcomes.append(str(mixed))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize(
    "text", ["2024-02-29 23:59", "1969-12-31T23:59:59.750", "1900-01-01", "2024-07-01T12:00:00"]
)
def test_an_iso_time_without_a_zone_is_read_as_utc(text):
    from datetime import datetime

    moment = datetime.fromisoformat(text)
    seconds = calendar.timegm(moment.timetuple())
    # int() of the fraction goes towards zero, as the timestamp did before
    expected = seconds + 1 if moment.microsecond and seconds < 0 else seconds
    assert parse_time(text) == expected


COLUMNS_OF_TIMES = [
    ["2024-02-29 23:59", "1969-12-31T23:59:59.750", "2024-07-01T12:00:00", "2024-07-01T12:00"],
    ["2024-02-29 23:59", "1900-01-01"],  # a date alone: a day of the calendar's zone
    ["2024-02-29T23:59:00+05:30", "2024-03-01 10:00:00Z", "2024-03-01 10:00"],  # zones given
    ["2024-02-29 23:59", "03/04/2024 10:00", "1709251200000"],  # not all ISO
    [],
]


@pytest.mark.parametrize("texts", COLUMNS_OF_TIMES)
@pytest.mark.parametrize("zones", ["UTC", "UTC, days in Paris", "Tokyo"])
def test_a_column_of_times_read_at_once_is_read_as_cell_by_cell(texts, zones):
    from datetime import UTC
    from zoneinfo import ZoneInfo

    zone, days = {
        "UTC": (UTC, UTC),
        "UTC, days in Paris": (UTC, ZoneInfo("Europe/Paris")),
        "Tokyo": (ZoneInfo("Asia/Tokyo"), ZoneInfo("Asia/Tokyo")),
    }[zones]
    one_by_one = time_reader(DateOrder.DMY, zone, days)
    assert times_reader(DateOrder.DMY, zone, days)(texts) == [one_by_one(t) for t in texts]


def test_lifecycle_dates_out_of_column_order_make_a_path_in_time_order(tmp_path):
    export = write(
        tmp_path,
        "contacts.csv",
        "Record ID,First Name,Became a Lead Date,Became a Marketing Qualified Lead Date,"
        "Became a Sales Qualified Lead Date\n"
        "1,Ana,2024-03-10 09:00,2024-03-01 09:00,2024-03-01 09:00\n"
        "2,Ben,2024-03-10 09:00,,not a date\n",
    )
    playbook = load_template("b2b-saas")
    plan = read_leads(playbook, export)
    assert plan.skipped == [(3, "Became a Sales Qualified Lead Date: “not a date” is not a date")]
    (ana,) = plan.records
    assert [stage for stage, _, _ in ana.visits] == [
        "Marketing Qualified Lead",  # first of the two entered at the same time: column order
        "Sales Qualified Lead",
        "Lead",
    ]
    assert [left for _, _, left in ana.visits] == [ana.visits[1][1], ana.visits[2][1], None]


def _lead(number: int, name: str = "Lead") -> Lead:
    return Lead(f"lead-{number}", f"{name} {number}", path=(DealStep("stage-lead", "Lead", 0),))


def test_an_import_with_one_over_long_name_is_refused_as_that_lead_alone_would_be():
    playbook = load_template("b2b-saas")
    long = _lead(7, "x" * MAX_TEXT_CHARS)
    leads = (*[_lead(n) for n in range(5)], long, _lead(8, ""))
    with pytest.raises(EditError) as refused:
        playbook.apply(PutEntities(Kind.LEAD, leads))
    with pytest.raises(EditError) as alone:
        check_values(Kind.LEAD, long)
    assert str(refused.value) == str(alone.value)
    assert len(playbook.leads) == 0  # all or none


def test_an_import_with_an_unnamed_lead_is_refused_before_any_is_put_in():
    playbook = load_template("b2b-saas")
    unnamed = Lead("lead-9", " ", path=(DealStep("stage-lead", "Lead", 0),))
    with pytest.raises(EditError, match="needs a name"):
        playbook.apply(PutEntities(Kind.LEAD, (_lead(1), unnamed)))
    assert len(playbook.leads) == 0


def test_putting_many_replaces_held_ones_in_place_and_adds_new_ones_in_order():
    playbook = load_template("b2b-saas")
    playbook.apply(PutEntities(Kind.LEAD, tuple(_lead(n) for n in range(3))))
    again = (_lead(5, "New"), _lead(1, "Renamed"), _lead(4, "New"), _lead(5, "Twice"))
    playbook.apply(PutEntities(Kind.LEAD, again))
    assert playbook.leads.ids() == ["lead-0", "lead-1", "lead-2", "lead-5", "lead-4"]
    assert playbook.leads["lead-1"].name == "Renamed 1"
    assert playbook.leads["lead-5"].name == "Twice 5"  # the later of the two, as one by one


def _as_the_codec_writes_it(kind: Kind, entity) -> list:
    data = codec.entity_to_dict(entity)
    for column in TABLES[kind].json_columns:
        if data[column] is not None:
            data[column] = json.dumps(data[column], ensure_ascii=False)
    return list(data.values())


def test_each_entity_is_written_to_its_table_as_the_codec_writes_it():
    playbook = load_template("b2b-saas")
    deal = next(iter(playbook.deals))
    lead = Lead(
        "lead-1",
        "Zoë “Z” Ng",
        path=(DealStep("stage-lead", "Lead", -5, 10), DealStep("stage-mql", "MQL", 10)),
        touches=(Touch(12, "call"),),
        verdicts={"h1": Verdict(reason="No budget", comment="línea\n2")},
    )
    noted = Deal(
        "deal-n",
        "Noted",
        amount=1200.0,
        notes={"10": StepNote(did="x"), "2": StepNote(how="y")},
        path=deal.path,
    )
    checked = 0
    for kind in TABLES:
        entities = [playbook.get(kind, i) for i in playbook.ids(kind)]
        entities += {Kind.LEAD: [lead], Kind.DEAL: [noted]}.get(kind, [])
        columns, encode = row_encoder(kind)
        for entity in entities:
            assert encode(entity) == _as_the_codec_writes_it(kind, entity)
            assert list(columns) == list(codec.entity_to_dict(entity))
            checked += 1
    assert checked > 30


def test_a_lead_import_read_twice_gives_equal_leads_and_keeps_the_files_touches(tmp_path):
    playbook = load_template("b2b-saas")
    overrides = {"Opportunity": "Opportunity: Discovery"}
    export = CRM / "hubspot_contacts_lifecycle.csv"
    playbook.apply(lead_import_edit(playbook, read_leads(playbook, export, overrides=overrides)))
    first = {lead.id: lead for lead in playbook.leads}
    touched = next(iter(first))
    playbook.set_fields(Kind.LEAD, touched, {"touches": (Touch(5, "email"),)})
    playbook.apply(lead_import_edit(playbook, read_leads(playbook, export)))
    assert playbook.leads[touched].touches == (Touch(5, "email"),)
    assert {i: lead for i, lead in first.items() if i != touched} == {
        lead.id: lead for lead in playbook.leads if lead.id != touched
    }


def test_the_date_order_a_column_shows_is_used_for_every_row(tmp_path):
    """The Lead column shows no order; the MQL column shows day-first. The order given is
    used for the Lead column, and one against what the MQL column shows is refused (it would
    read 03/04 as 4 March in a file written day-first)."""
    export = write(
        tmp_path,
        "leads.csv",
        "id,Lead date,MQL date\n1,03/04/2024,26/04/2024\n2,05/06/2024,\n",
    )
    with pytest.raises(UnreadableFile, match="--date-order dmy"):
        read_leads(load_template("b2b-saas"), export, date_order=DateOrder.MDY)
    plan = read_leads(load_template("b2b-saas"), export, date_order=DateOrder.DMY)
    by_id = {record.source_id: record for record in plan.records}
    # dates alone: the days of the sample's calendar (Europe/London)
    assert by_id["1"].visits[0][1] == calendar.timegm((2024, 4, 2, 23, 0, 0))
    assert by_id["1"].visits[1][1] == calendar.timegm((2024, 4, 25, 23, 0, 0))


def test_many_entities_with_an_over_long_item_in_a_list_are_refused_as_that_one_alone():
    from dataclasses import replace

    from journeyapp.models.limits import check_all_values

    handoffs = list(load_template("b2b-saas").handoffs())
    check_all_values(Kind.HANDOFF, handoffs)  # the sample's own fit
    long = replace(handoffs[-1], qualification=("fine", "y" * (MAX_TEXT_CHARS + 1)))
    with pytest.raises(EditError) as refused:
        check_all_values(Kind.HANDOFF, [*handoffs[:-1], long])
    with pytest.raises(EditError) as alone:
        check_values(Kind.HANDOFF, long)
    assert str(refused.value) == str(alone.value)
