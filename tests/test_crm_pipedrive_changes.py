"""Pipedrive deal changes (the deal flow's dealChange items, the deal changelog): stage ids
named, the first stage entered at the deal's creation, won/lost statuses as closes, and the
same deals whatever the order of the rows."""

from __future__ import annotations

import csv
import functools
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from journeyapp.models.deal_import.formats.pipedrive_changes import (
    name_stages,
    read_pipedrive,
    stage_names_from_deals,
    stage_names_from_table,
)
from journeyapp.models.deal_import.formats.pipedrive_deals import read_pipedrive_deals
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.deal_import.table import UnreadableFile, read_table, table_from_text
from journeyapp.models.entities import DealOutcome
from journeyapp.models.errors import EditError
from journeyapp.models.replay import closed_at

from tests import crm_checks
from tests.crm_checks import CRM, at, days, imported, stage_names, without_deals, write

sample = crm_checks.sample  # the shared fixture, found by pytest under this name

FLOW = str(CRM / "pipedrive_deal_flow.csv")
IDS_ONLY = str(CRM / "pipedrive_changelog_ids.csv")
ON_THE_MAP = {
    "Qualified": "SQL",
    "Contact Made": "Opportunity: Discovery",
    "Proposal Made": "Opportunity: Proposal",
    "Negotiations Started": "Opportunity: Negotiation",
}


def test_a_reopened_deal_by_hand_goes_through_its_loss_and_on_to_its_win(sample):
    """Deal 201: created 5 Jan in Qualified, Contact Made 12 Jan, Proposal Made 26 Jan, lost
    9 Feb, reopened 2 Mar, Negotiations Started 10 Mar, won 1 Apr; newest row first."""
    plan = imported(sample, FLOW, overrides=ON_THE_MAP)
    assert plan.format == "pipedrive"
    deal = sample.deals["deal-pipedrive-201"]
    assert stage_names(sample, deal) == [
        "SQL",
        "Opportunity: Discovery",
        "Opportunity: Proposal",
        "Lost",
        "Opportunity: Proposal",
        "Opportunity: Negotiation",
        "Won",
    ]
    assert deal.path[0].entered == at("2026-01-05T09:00:00")  # its add_time
    assert days(deal) == [7.0, 14.0, 14.0, 21.0, 8.0, 22.0, None]
    assert deal.outcome is DealOutcome.WON
    assert stage_names(sample, deal)[closed_at(sample, deal)] == "Opportunity: Negotiation"
    # The owner set on the deal, never user 42 who made the changes; no loss reason once won.
    assert (deal.name, deal.owner, deal.stated_reason) == ("Acme renewal", "Dana Owner", "")
    assert (deal.amount, deal.currency) == (15000.0, "USD")


def test_a_deal_without_its_creation_starts_at_its_first_change_not_a_second_before(sample):
    """Deal 202's creation is not in the file: when it entered Qualified is unknown, so the
    path starts where its first change took it, with no made-up stay in Qualified. It was
    moved to Negotiations Started and lost in one second: lost there."""
    imported(sample, FLOW, overrides=ON_THE_MAP)
    deal = sample.deals["deal-pipedrive-202"]
    assert stage_names(sample, deal) == [
        "Opportunity: Discovery",
        "Opportunity: Proposal",
        "Opportunity: Negotiation",
        "Lost",
    ]
    assert deal.path[0].entered == at("2026-01-10T09:00:00")
    assert days(deal) == [7.0, 15.0, 0.0, None]
    assert deal.outcome is DealOutcome.LOST
    assert stage_names(sample, deal)[closed_at(sample, deal)] == "Opportunity: Negotiation"


def test_two_moves_in_one_second_are_chained_and_an_open_deal_stays_open(sample):
    imported(sample, FLOW, overrides=ON_THE_MAP)
    deal = sample.deals["deal-pipedrive-203"]
    assert stage_names(sample, deal) == [
        "SQL",
        "Opportunity: Discovery",
        "Opportunity: Proposal",
    ]
    assert days(deal) == [7.0, 0.0, None]
    assert (deal.outcome, closed_at(sample, deal)) == (DealOutcome.OPEN, None)


def test_the_layout_is_found_by_its_columns_and_by_its_name(sample):
    assert read_export(sample, FLOW).format == "pipedrive"
    assert read_export(sample, IDS_ONLY).format == "pipedrive"
    explicit = read_export(sample, FLOW, format="pipedrive", overrides=ON_THE_MAP)
    assert sorted(r.source_id for r in explicit.records) == ["201", "202", "203"]


def test_a_deals_list_named_as_deal_changes_is_refused_in_a_sentence(sample):
    before = len(sample.deals)
    with pytest.raises(UnreadableFile) as refusal:
        read_export(sample, str(CRM / "pipedrive_deals.csv"), format="pipedrive")
    assert str(refusal.value).endswith("fit the pipedrive-deals format best.")
    assert len(sample.deals) == before


def test_stage_ids_no_file_names_are_shown_as_numbers_and_refused_as_such(sample):
    plan = read_export(sample, IDS_ONLY)
    assert plan.unmapped == ["stage 7", "stage 8", "stage 9"]
    with pytest.raises(EditError) as refusal:
        import_edit(sample, plan)
    assert "“stage 7”" in str(refusal.value)
    assert len(sample.deals) == 0
    imported(
        sample,
        IDS_ONLY,
        overrides={"stage 7": "SQL", "stage 8": "Opportunity: Discovery", "stage 9": "MQL"},
    )
    lost = sample.deals["deal-pipedrive-301"]
    assert stage_names(sample, lost) == ["SQL", "Opportunity: Discovery", "MQL", "Lost"]
    assert days(lost) == [7.0, 14.0, 14.0, None]


def test_stage_ids_are_named_from_the_deals_list_or_a_stages_table():
    changes, _ = read_pipedrive(read_table(IDS_ONLY))
    deals_text = (
        "Deal - ID,Deal - Title,Deal - Stage,Deal - Status,Deal - Deal created\n"
        "301,Hooli,Negotiations Started,Lost,2026-03-02 10:00:00\n"
        "302,Pied Piper,Contact Made,Open,2026-03-03 10:00:00\n"
    )
    deals, _ = read_pipedrive_deals(table_from_text(deals_text))
    names = stage_names_from_deals(changes, deals)
    assert names == {"9": "Negotiations Started", "8": "Contact Made"}
    name_stages(changes, names)
    hooli = next(r for r in changes if r.source_id == "301")
    assert [stage for stage, _, _ in hooli.visits] == [
        "stage 7",
        "Contact Made",
        "Negotiations Started",
        "Lost",
    ]
    stages = table_from_text("id,order_nr,name,pipeline_id\n7,1,Qualified,1\n8,2,Contact Made,1\n")
    name_stages(changes, stage_names_from_table(stages))
    assert hooli.visits[0][0] == "Qualified"


def _rows(path: str) -> tuple[str, list[str]]:
    lines = Path(path).read_text().splitlines()
    return lines[0], lines[1:]


def _deals(text: str) -> list[tuple]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "changes.csv"
        path.write_text(text)
        plan = read_export(without_deals(), str(path), overrides=ON_THE_MAP)
    return sorted(
        (r.source_id, r.name, r.owner, r.amount, r.currency, r.reason, r.outcome, r.visits)
        for r in plan.records
    )


FLOW_HEADER, FLOW_ROWS = _rows(FLOW)


@functools.cache
def _flow_deals() -> list[tuple]:
    return _deals("\n".join([FLOW_HEADER, *FLOW_ROWS]) + "\n")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(FLOW_ROWS))
def test_the_flow_rows_in_any_order_give_the_same_deals(rows):
    assert _deals("\n".join([FLOW_HEADER, *rows]) + "\n") == _flow_deals()


# The changelog endpoint's rows carry no change id: changes in one second are put in order
# by their values alone.
TIES = [
    ["5", "stage_id", "", "1", "2026-05-01 09:00:00"],
    ["5", "stage_id", "1", "2", "2026-05-04 09:00:00"],
    ["5", "stage_id", "2", "3", "2026-05-04 09:00:00"],
    ["5", "stage_id", "3", "4", "2026-05-04 09:00:00"],
    ["5", "status", "open", "lost", "2026-05-06 09:00:00"],
    ["5", "stage_id", "4", "2", "2026-05-06 09:00:00"],
    ["5", "status", "lost", "open", "2026-05-08 09:00:00"],
    ["5", "status", "open", "won", "2026-05-08 09:00:00"],
    ["5", "stage_id", "2", "3", "2026-05-08 09:00:00"],
]


def _ties_text(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [["deal_id", "field_key", "old_value", "new_value", "time"], *rows]
    )
    return out.getvalue()


def _visits(text: str) -> tuple:
    (record,), _ = read_pipedrive(table_from_text(text))
    return record.outcome, record.visits


def test_changes_in_one_second_follow_each_other_by_their_values():
    """Created in 1 on 1 May; moved 1→2→3→4 in one second on 4 May; moved to 2 and lost in
    one second on 6 May (lost in 2); reopened, moved to 3 and won in one second on 8 May."""
    outcome, visits = _visits(_ties_text(TIES))
    assert outcome is DealOutcome.WON
    assert [stage for stage, _, _ in visits] == [
        "stage 1",
        "stage 2",
        "stage 3",
        "stage 4",
        "stage 2",
        "Lost",
        "stage 2",
        "stage 3",
        "Won",
    ]
    assert visits[0][1] == at("2026-05-01T09:00:00")


@settings(max_examples=60, deadline=None)
@given(st.permutations(TIES))
def test_changes_in_one_second_in_any_order_give_the_same_path(rows):
    assert _visits(_ties_text(rows)) == _visits(_ties_text(TIES))


def test_a_deleted_deal_is_left_out_with_its_reason(sample, tmp_path):
    text = (
        "deal_id,field_key,old_value,new_value,time\n"
        "9,stage_id,1,2,2026-01-02 09:00:00\n"
        "9,status,open,deleted,2026-01-03 09:00:00\n"
    )
    plan = read_export(sample, write(tmp_path, "changes.csv", text))
    assert plan.records == []
    assert plan.skipped == [(2, "deal 9 was deleted in Pipedrive")]


def test_the_deals_list_given_as_companion_names_the_stage_numbers_before_they_are_mapped(
    sample, tmp_path
):
    """Import-deals --companion: the changelog's stage numbers get the names the deals list
    export shows, so they are mapped by name (and automatic matches work)."""
    deals_list = tmp_path / "deals.csv"
    deals_list.write_text(
        "Deal - ID,Deal - Title,Deal - Stage,Deal - Status,Deal - Deal created\n"
        "301,Hooli,Negotiations Started,Lost,2026-03-02 10:00:00\n"
        "302,Pied Piper,Contact Made,Open,2026-03-03 10:00:00\n",
        encoding="utf-8",
    )
    plan = read_export(sample, IDS_ONLY, companion=deals_list)
    assert sorted(plan.unmapped) == ["Contact Made", "Negotiations Started", "stage 7"]
    assert plan.companion_rule == "stage names from deals.csv for 2 stage numbers"
    stages = tmp_path / "stages.csv"
    stages.write_text("id,name\n7,Qualified\n", encoding="utf-8")
    assert "Qualified" in read_export(sample, IDS_ONLY, companion=stages).unmapped
    nothing = tmp_path / "other.csv"
    nothing.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="names none of the stage numbers"):
        read_export(sample, IDS_ONLY, companion=nothing)
    assert len(sample.deals) == 0
