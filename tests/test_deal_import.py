"""CRM exports in each documented layout become deals on the map; bad rows are reported."""

# ruff: noqa: E501 - the CSV samples keep the exports' own long lines

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from journeyapp.models.change import Kind
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.deal_import.table import UnreadableFile
from journeyapp.models.deal_import.values import BadValue, parse_amount, parse_time
from journeyapp.models.entities import DealOutcome
from journeyapp.models.errors import EditError
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def imported(playbook, path, **kwargs):
    plan = read_export(playbook, path, **kwargs)
    playbook.apply(import_edit(playbook, plan))
    return plan


def without_deals():
    """The sample map, with none of its sample deals, so each test counts its own."""
    playbook = load_template("b2b-saas")
    playbook.drop_entities(Kind.DEAL, playbook.deals.ids())
    return playbook


@pytest.fixture
def sample():
    return without_deals()


def stage_names(playbook, deal):
    return [playbook.stage(step.stage).name for step in deal.path]


SALESFORCE = """Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,CloseDate,Probability,ForecastCategory,FromOpportunityStageName,CurrencyIsoCode,IsDeleted
h3,006A,005u,2026-01-12T09:00:00.000Z,Opportunity: Discovery,15000,3000,2026-03-01,20,Pipeline,SQL,EUR,0
h1,006A,005u,2026-01-05T09:00:00.000Z,SQL,12000,1200,2026-03-01,10,Pipeline,,EUR,0
h2,006A,005u,2026-01-07T09:00:00.000Z,SQL,15000,1500,2026-03-01,10,Pipeline,SQL,EUR,0
h9,006A,005u,2026-01-09T09:00:00.000Z,Opportunity: Proposal,15000,1500,2026-03-01,10,Pipeline,SQL,EUR,1
h4,006A,005u,2026-02-20T09:00:00.000Z,Closed Lost,15000,0,2026-02-20,0,Omitted,Opportunity: Discovery,EUR,0
h5,006B,005v,2026-01-10 09:00:00,SQL,8000,800,2026-04-01,10,Pipeline,,USD,0
h6,006B,005v,1/20/2026,Closed Won,8000,8000,2026-02-01,100,Closed,SQL,USD,0
h7,006C,005v,not a date,SQL,1,1,2026-04-01,10,Pipeline,,USD,0
"""


def test_salesforce_history_orders_rows_skips_deleted_and_repeats_and_ends_on_close(
    sample, tmp_path
):
    plan = imported(sample, write(tmp_path, "OpportunityHistory.csv", SALESFORCE))
    assert plan.format == "salesforce"
    lost = sample.deals["deal-salesforce-006A"]
    assert stage_names(sample, lost) == ["SQL", "Opportunity: Discovery", "Lost"]
    assert lost.path[0].entered == at("2026-01-05T09:00:00")
    assert lost.path[0].exited == at("2026-01-12T09:00:00")  # the repeat on the 7th is no visit
    assert (lost.outcome, lost.amount, lost.currency) == (DealOutcome.LOST, 15000.0, "EUR")
    won = sample.deals["deal-salesforce-006B"]
    assert won.outcome is DealOutcome.WON
    assert won.path[-1].entered == at("2026-01-20T00:00:00")  # M/D/YYYY
    assert plan.skipped == [(9, "CreatedDate: “not a date” is not a date")]


def test_hubspot_export_reads_entered_and_exited_columns_in_either_quote_style(sample, tmp_path):
    text = (
        "Record ID,Deal Name,Amount,Close Date,Deal Stage,Closed Lost Reason,"
        'Date entered "SQL (Sales Pipeline)",Date exited "SQL (Sales Pipeline)",'
        "Date entered “Opportunity: Discovery (Sales Pipeline)”,"
        "Date entered 'Closed Lost (Sales Pipeline)'\n"
        '901,Acme renewal,"$40,000.00",2026-03-02,Closed Lost,Chose a competitor,'
        "2026-01-02 10:00:00,2026-01-09 10:00:00,2026-01-09 10:00:00,2026-03-02 10:00:00\n"
    )
    imported(sample, write(tmp_path, "hubspot.csv", text))
    deal = sample.deals["deal-hubspot-901"]
    assert deal.name == "Acme renewal"
    assert stage_names(sample, deal) == ["SQL", "Opportunity: Discovery", "Lost"]
    assert (deal.amount, deal.currency) == (40000.0, "USD")
    assert (deal.outcome, deal.stated_reason) == (DealOutcome.LOST, "Chose a competitor")


def test_pipedrive_changes_give_the_stage_before_the_first_change_and_the_status(sample, tmp_path):
    text = (
        "deal_id,deal_title,field_key,old_value,new_value,log_time\n"
        "77,Globex,stage_id,SQL,Opportunity: Discovery,2026-02-01 08:00:00\n"
        "77,Globex,value,,,2026-02-02 08:00:00\n"
        "77,Globex,stage_id,Opportunity: Discovery,Opportunity: Proposal,2026-02-10 08:00:00\n"
        "77,Globex,status,open,won,2026-02-20 08:00:00\n"
    )
    imported(sample, write(tmp_path, "changes.csv", text))
    deal = sample.deals["deal-pipedrive-77"]
    assert stage_names(sample, deal) == ["SQL", "Opportunity: Discovery", "Opportunity: Proposal"]
    assert deal.outcome is DealOutcome.WON


def test_generic_history_with_semicolons_cp1252_and_euro_amounts(sample, tmp_path):
    text = (
        "deal_id;stage;entered_at;exited_at;deal_name;amount;outcome;loss_reason\n"
        "g1;SQL;2026-01-01;2026-01-05;Müller GmbH;1.234,50 €;lost;Budget gone\n"
        "g1;Opportunity: Discovery;2026-01-05;2026-01-30;Müller GmbH;1.234,50 €;lost;Budget gone\n"
        "g2;SQL;1767225600000;;Initech;900;open;\n"
    )
    plan = imported(sample, write(tmp_path, "generic.csv", text, "cp1252"))
    assert (plan.encoding, plan.delimiter) == ("Windows-1252", ";")
    deal = sample.deals["deal-generic-g1"]
    assert deal.name == "Müller GmbH"
    assert (deal.amount, deal.currency) == (1234.5, "EUR")
    assert (deal.outcome, deal.stated_reason) == (DealOutcome.LOST, "Budget gone")
    assert sample.deals["deal-generic-g2"].path[0].entered == 1767225600  # epoch ms


def test_snapshot_tables_import_as_two_point_paths_marked_as_such(sample, tmp_path):
    text = (
        "\ufeffopportunity_id\tsales_agent\taccount\tdeal_stage\tengage_date\tclose_date\tclose_value\n"
        "1C1I7A6R\tMoses Frase\tCancity\tWon\t2016-10-20\t2017-03-01\t1054\n"
        "Z063OYW0\tDarcel Schlecht\tIsdom\tEngaging\t2016-10-25\t\t\n"
    )
    plan = imported(
        sample, write(tmp_path, "sales_pipeline.csv", text), overrides={"Engaging": "SQL"}
    )
    assert (plan.format, plan.encoding, plan.delimiter) == ("snapshot", "UTF-8 with BOM", "\t")
    won = sample.deals["deal-snapshot-1C1I7A6R"]
    assert won.snapshot_only and len(won.path) == 2
    assert stage_names(sample, won) == ["SQL", "Won"]
    assert won.owner == "Moses Frase"


def test_importing_the_same_file_again_updates_and_keeps_the_retrospective(sample, tmp_path):
    path = write(tmp_path, "OpportunityHistory.csv", SALESFORCE)
    imported(sample, path)
    count = len(sample.deals)
    sample.set_fields(
        Kind.DEAL, "deal-salesforce-006A", {"root_cause": "We never met the economic buyer."}
    )
    plan = imported(sample, path)
    assert len(sample.deals) == count
    assert (plan.deals_new, plan.deals_updated) == (0, count)
    assert sample.deals["deal-salesforce-006A"].root_cause == "We never met the economic buyer."


def test_an_unmapped_crm_stage_must_be_mapped_or_ignored_and_mappings_are_reused(sample, tmp_path):
    text = "deal_id,stage,entered_at\nd1,Qualified to buy,2026-01-01\nd1,Closed Won,2026-02-01\n"
    path = write(tmp_path, "generic.csv", text)
    plan = read_export(sample, path)
    assert plan.unmapped == ["Qualified to buy"]
    with pytest.raises(EditError, match=r"1 CRM stage.*“Qualified to buy”"):
        import_edit(sample, plan)
    imported(sample, path, overrides={"qualified to buy": "MQL"})
    assert stage_names(sample, sample.deals["deal-generic-d1"]) == ["MQL", "Won"]
    again = read_export(sample, path)  # next quarter: the saved mapping is used
    assert again.unmapped == [] and again.new_mappings == []
    ignoring = read_export(sample, path, overrides={"Qualified to buy": None})
    sample.apply(import_edit(sample, ignoring))
    assert stage_names(sample, sample.deals["deal-generic-d1"]) == ["Won"]
    with pytest.raises(EditError, match="no stage called “Nowhere”"):
        read_export(sample, path, overrides={"Qualified to buy": "Nowhere"})


def test_one_import_is_one_undo_step_and_survives_reopening_the_file(tmp_path):
    store = Store.create(tmp_path / "p.journey", without_deals())
    playbook = store.load()
    before = store.load()
    edit = import_edit(playbook, read_export(playbook, write(tmp_path, "h.csv", SALESFORCE)))
    store.commit(playbook, playbook.apply(edit))
    reopened = Store.open(tmp_path / "p.journey").load()
    assert reopened == playbook
    assert len(reopened.deals) == 2
    store.commit(playbook, playbook.revert(edit))
    assert playbook == before
    assert Store.open(tmp_path / "p.journey").load() == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "empty"),
        ("notes.csv", b"just one column\nof words\n", "single column"),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a text file"),
        ("other.csv", b"a,b,c\n1,2,3\n", "not a CRM export"),
        ("wide.csv", b"a," * 5_000_000 + b"\n1,2\n", "5,000,001 columns"),
        (
            "long.csv",
            b"deal_id;stage;entered_at\nD-1;" + b"Closed " * 4000 + b";2026-01-02\n",
            "CRM stage name of 27,999 characters",
        ),
    ],
)
def test_a_file_that_is_no_crm_export_is_refused_in_one_sentence(
    sample, tmp_path, name, data, message
):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=message):
        read_export(sample, path)
    assert len(sample.deals) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-05T09:00:00.000Z", at("2026-01-05T09:00:00")),
        ("2026-01-05 09:00:00", at("2026-01-05T09:00:00")),
        ("1/5/2026", at("2026-01-05T00:00:00")),
        ("1/5/2026 9:00 PM", at("2026-01-05T21:00:00")),
        ("1767603600000", at("2026-01-05T09:00:00")),
    ],
)
def test_dates_in_every_documented_form(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$1,234.50", 1234.5, "USD"),
        ("1.234,50 €", 1234.5, "EUR"),
        ("EUR 900", 900.0, "EUR"),
        ("12,000", 12000.0, ""),
        ("", None, ""),
    ],
)
def test_amounts_with_symbols_and_separators(text, amount, currency):
    assert parse_amount(text) == (amount, currency)


def test_nonsense_values_are_refused_in_words():
    with pytest.raises(BadValue, match="not a real date"):
        parse_time("13/45/2026")
    with pytest.raises(BadValue, match="is not a date"):
        parse_time("next Tuesday")
    with pytest.raises(BadValue, match="not an amount"):
        parse_amount("lots")
    with pytest.raises(BadValue, match="is not a date"):
        parse_time("9" * 4400)  # more digits than Python turns into a number
    with pytest.raises(BadValue, match="not an amount"):
        parse_amount("9" * 400)  # read as infinity
