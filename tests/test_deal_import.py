"""CRM exports in each documented layout become deals on the map; bad rows are reported."""

# ruff: noqa: E501 - the CSV samples keep the exports' own long lines

from __future__ import annotations

from datetime import datetime

import pytest
from builders import BACK_TO_VERSION_6
from journeyapp.models.change import Kind
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.deal_import.table import UnreadableFile
from journeyapp.models.deal_import.values import BadValue, DateOrder, parse_amount, parse_time
from journeyapp.models.entities import DealOutcome
from journeyapp.models.errors import EditError, PlaybookError
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

from tests import crm_checks
from tests.crm_checks import at, imported, stage_names, without_deals, write

sample = crm_checks.sample  # the shared fixture, found by pytest under this name

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
    """The stage before the first change is entered at the deal's creation (its add_time);
    the won status is a close at its time."""
    text = (
        "deal_id,deal_title,field_key,old_value,new_value,log_time\n"
        "77,Globex,add_time,,2026-01-20 08:00:00,2026-01-20 08:00:00\n"
        "77,Globex,stage_id,SQL,Opportunity: Discovery,2026-02-01 08:00:00\n"
        "77,Globex,value,,,2026-02-02 08:00:00\n"
        "77,Globex,stage_id,Opportunity: Discovery,Opportunity: Proposal,2026-02-10 08:00:00\n"
        "77,Globex,status,open,won,2026-02-20 08:00:00\n"
    )
    imported(sample, write(tmp_path, "changes.csv", text))
    deal = sample.deals["deal-pipedrive-77"]
    assert stage_names(sample, deal) == [
        "SQL",
        "Opportunity: Discovery",
        "Opportunity: Proposal",
        "Won",
    ]
    assert deal.path[0].entered == at("2026-01-20T08:00:00")
    assert deal.path[2].exited == at("2026-02-20T08:00:00")
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
    assert (plan.deals_new, plan.deals_updated, plan.unchanged) == (0, 0, count)
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
    with pytest.raises(EditError, match="would lose steps of their history"):
        import_edit(sample, ignoring)  # a shorter history replaces a deal only when asked
    sample.apply(import_edit(sample, ignoring, replace_shorter=True))
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
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "is a PNG image"),
        ("blob.csv", b"\x01\x02\x00\x03\x04", "not a text file"),
        ("other.csv", b"a,b,c\n1,2,3\n", "not a CRM export"),
        ("wide.csv", b"a," * 5_000_000 + b"\n1,2\n", "more than 4,194,305 columns"),
        (
            "long.csv",
            b"deal_id;stage;entered_at\nD-1;" + b"Closed " * 4000 + b";2026-01-02\n",
            "CRM stage name of 27,999 characters",
        ),
        (
            "huge-cell.csv",
            b'deal_id,stage,entered_at,deal_name\nd1,MQL,2026-01-02,"' + b"x" * 200_000 + b'"\n',
            "has a cell of over 128 KB at line 2",
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
        # CLDR's Canadian English, as a Salesforce report in the en_CA locale writes it
        ("2026-01-05, 9:00 p.m.", at("2026-01-05T21:00:00")),
        ("2026-01-05, 12:30 a.m.", at("2026-01-05T00:30:00")),
        ("1767603600000", at("2026-01-05T09:00:00")),
        ("1767603600", at("2026-01-05T09:00:00")),
        # a spreadsheet's day number, as a date cell formatted "General" is written
        ("46101", at("2026-03-20T00:00:00")),
        ("46113.5", at("2026-04-01T12:00:00")),
        ("46113.374999999998", at("2026-04-01T09:00:00")),
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
        # accounting formats: a negative amount in parentheses, or with its minus after
        ("($1,000.00)", -1000.0, "USD"),
        ("(2.000,00 €)", -2000.0, "EUR"),
        ("1,200.00-", -1200.0, ""),
        ("-$500", -500.0, "USD"),
        # dollars that are not US dollars, and rupees written out
        ("CA$1,500.00", 1500.0, "CAD"),
        ("US$ 2,000", 2000.0, "USD"),
        ("R$ 1.500,00", 1500.0, "BRL"),
        ("A$900", 900.0, "AUD"),
        ("Rs. 1,20,000.00", 120000.0, "INR"),
        # the Unicode minus sign CLDR writes in Swedish, Finnish, Norwegian… amounts
        ("\u22121 234,56 kr", -1234.56, ""),
        ("\u2212500 €", -500.0, "EUR"),
    ],
)
def test_amounts_with_symbols_and_separators(text, amount, currency):
    assert parse_amount(text) == (amount, currency)


def test_a_folder_named_as_the_export_is_refused_as_a_folder(sample, tmp_path):
    with pytest.raises(UnreadableFile, match="is a folder, not an export file"):
        read_export(sample, tmp_path)


def test_nonsense_values_are_refused_in_words():
    with pytest.raises(BadValue, match="not a real date"):
        parse_time("13/45/2026")
    with pytest.raises(BadValue, match="not a date"):
        parse_time("123456789")  # neither a day number nor seconds since 1970 in this century
    with pytest.raises(BadValue, match="not a date"):
        parse_time("0")
    with pytest.raises(BadValue, match="is not a date"):
        parse_time("next Tuesday")
    with pytest.raises(BadValue, match="not an amount"):
        parse_amount("lots")
    with pytest.raises(BadValue, match="is not a date"):
        parse_time("9" * 4400)  # more digits than Python turns into a number
    with pytest.raises(BadValue, match="not an amount"):
        parse_amount("9" * 400)  # read as infinity
    with pytest.raises(BadValue, match="“\\(€ lots\\)” is not an amount"):
        parse_amount("(€ lots)")  # quoted as written, its sign and brackets in it


@pytest.mark.parametrize(
    "cell",
    [
        " " * 120_000 + "x",  # spaces before the end: a trailing "\s*(…)\s*$" tries every start
        "(" + " " * 120_000 + "x",
        "Won " + "(" * 120_000 + ")",
        "Won (" + ")" * 120_000,
    ],
)
def test_stage_names_made_to_backtrack_are_read_in_linear_time(tmp_path, sample, cell):
    """A 393 KB Salesforce export of three rows took 94.5 s before it was refused."""
    import time

    rows = [
        "Id,OpportunityId,CreatedDate,StageName",
        "h1,006A,2026-01-05T09:00:00Z,SQL",
        f'h2,006A,2026-01-07T09:00:00Z,"{cell}"',
        "h3,006A,2026-01-09T09:00:00Z,Closed Won",
    ]
    path = write(tmp_path, "opportunity_history.csv", "\n".join(rows) + "\n")
    started = time.process_time()
    try:
        read_export(sample, path)
    except PlaybookError as refusal:
        assert len(str(refusal)) < 400
    assert time.process_time() - started < 5  # quadratic matching took minutes


@pytest.mark.parametrize(
    ("stage", "plain"),
    [
        ("Closed Won (Sales Pipeline)", "Closed Won"),
        ("  Won (Sales Pipeline)  ", "Won"),
        ("Won ()", "Won"),
        ("Lost (EMEA) (2026)", "Lost (EMEA)"),
        ("Negotiation (with (nested)", "Negotiation (with"),
        ("Proposal", "Proposal"),
    ],
)
def test_the_pipeline_after_a_stage_name_is_taken_off(stage, plain):
    from journeyapp.models.deal_import.formats.records import without_pipeline

    assert without_pipeline(stage) == plain


def test_a_header_of_millions_of_tiny_columns_is_refused_early_in_bounded_memory(tmp_path):
    """381 MB of "a," took 32.6 s and 4.3 GB before it was refused (MemoryError under 3 GB)."""
    import subprocess
    import sys

    path = tmp_path / "wide.csv"
    with path.open("wb") as handle:
        for _ in range(50):
            handle.write(b"a," * (1024 * 1024))  # 100 MB, one line
    probe = (
        "import resource, time\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1500 * 2**20, 1500 * 2**20))\n"
        "from journeyapp.models.deal_import.plan import read_export\n"
        "from journeyapp.models.errors import PlaybookError\n"
        "from journeyapp.models.templates import load_template\n"
        "playbook = load_template('blank')\n"
        "started = time.process_time()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        f"    read_export(playbook, {str(path)!r})\n"
        "except PlaybookError as refusal:\n"
        "    print(refusal)\n"
        "grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before\n"
        "print(round(time.process_time() - started, 2), grown // 1024)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    message, figures = result.stdout.strip().splitlines()
    seconds, grown_mb = figures.split()
    assert message == (
        "wide.csv has a header row over 8 MB long, with more than 4,194,305 columns; "
        "a CRM export has at most 20,000."
    )
    assert float(seconds) < 10
    assert int(grown_mb) < 64  # the file's first 8 MB, not its 100 MB and a list of cells


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1.5E+06", 1_500_000.0), ("2e5", 200_000.0), ("-1.5e3", -1500.0), (".5E3", 500.0)],
)
def test_amounts_in_scientific_notation_keep_their_power_of_ten(text, amount):
    """A CRM amount of 1.5E+06 (as spreadsheets save big numbers) was stored as 1.506."""
    assert parse_amount(text) == (amount, "")


@pytest.mark.parametrize("text", ["1E309", "--1e5", "1e+-5", "1.2.3e4"])
def test_scientific_notation_that_is_no_amount_is_refused(text):
    with pytest.raises(BadValue):
        parse_amount(text)


def test_importing_the_same_export_again_keeps_every_step_note(sample, tmp_path):
    """Re-importing an export erased "what we did", "what we'd do differently" and the
    buyer's words on every deal it updated."""
    from journeyapp.models import retrospective

    path = write(tmp_path, "OpportunityHistory.csv", SALESFORCE)
    imported(sample, path)
    deal_id = "deal-salesforce-006A"
    for step, words in ((0, "Called within the hour"), (2, "Price, they said")):
        sample.apply(retrospective.set_step_note(sample, deal_id, step, did=words))
    notes = dict(sample.deals[deal_id].notes)
    imported(sample, path)
    assert dict(sample.deals[deal_id].notes) == notes
    assert sample.deals[deal_id].notes["2"].did == "Price, they said"


def test_a_note_follows_its_visit_when_a_later_export_adds_an_earlier_one(sample, tmp_path):
    from journeyapp.models import retrospective

    first = "deal_id,stage,entered_at\nd1,SQL,2026-01-05\nd1,Closed Won,2026-02-01\n"
    imported(sample, write(tmp_path, "a.csv", first))
    sample.apply(retrospective.set_step_note(sample, "deal-generic-d1", 1, did="Signed"))
    sample.apply(retrospective.set_step_note(sample, "deal-generic-d1", 0, did="Qualified"))
    fuller = "deal_id,stage,entered_at\nd1,MQL,2026-01-01\n" + first.split("\n", 1)[1]
    imported(sample, write(tmp_path, "b.csv", fuller))
    deal = sample.deals["deal-generic-d1"]
    assert stage_names(sample, deal) == ["MQL", "SQL", "Won"]
    assert {k: n.did for k, n in deal.notes.items()} == {"1": "Qualified", "2": "Signed"}


def test_a_saved_mapping_to_a_deleted_stage_is_decided_again(sample, tmp_path):
    """The mapping printed "→ ignored" but the visits still went onto the deleted stage."""
    from journeyapp.models import operations

    text = "deal_id,stage,entered_at\nd1,Qualified to buy,2026-01-01\nd1,Closed Won,2026-02-01\n"
    path = write(tmp_path, "generic.csv", text)
    imported(sample, path, overrides={"qualified to buy": "MQL"})
    mql = next(s for s in sample.stages() if s.name == "MQL")
    sample.apply(operations.remove_many(sample, [mql.id]))
    again = read_export(sample, path)
    assert again.unmapped == ["Qualified to buy"]
    assert mql.id not in again.mapping.values()
    imported(sample, path, overrides={"qualified to buy": "SQL"})
    assert stage_names(sample, sample.deals["deal-generic-d1"]) == ["SQL", "Won"]


def test_a_closed_stage_in_any_language_closes_the_deal_where_it_is_mapped(sample, tmp_path):
    """Mapping "Fermée perdue" onto the map's Lost stage still left every deal open: won and
    lost were known only from English stage words."""
    text = (
        "deal_id,stage,entered_at\n"
        "d1,Qualifiée,2026-01-01\nd1,Fermée perdue,2026-02-01\n"
        "d2,Qualifiée,2026-01-03\nd2,Fermée gagnée,2026-02-10\n"
        "d3,Qualifiée,2026-01-04\n"
    )
    path = write(tmp_path, "export_fr.csv", text)
    imported(
        sample,
        path,
        overrides={"Qualifiée": "SQL", "Fermée perdue": "Lost", "Fermée gagnée": "Won"},
    )
    outcomes = {d.source_id: d.outcome for d in sample.deals}
    assert outcomes == {"d1": DealOutcome.LOST, "d2": DealOutcome.WON, "d3": DealOutcome.OPEN}


@pytest.mark.parametrize(
    ("cut", "line"),
    [
        (SALESFORCE[: SALESFORCE.index("h6,006B") + 20], 8),  # cut mid-row: too few cells
        (SALESFORCE.replace("h7,006C", 'h7,"006C', 1), 9),  # a quote left open at the end
    ],
)
def test_a_file_cut_short_is_refused_naming_the_line_and_nothing_changes(
    sample, tmp_path, cut, line
):
    """A file cut mid-row imported with exit 0 and "0 row(s) skipped"; the half row was taken
    as data and eleven good deals were replaced by shorter histories."""
    path = write(tmp_path, "OpportunityHistory.csv", SALESFORCE)
    imported(sample, path)
    before = {d.id: d for d in sample.deals}
    cut_path = write(tmp_path, "cut.csv", cut)
    with pytest.raises(PlaybookError) as refusal:
        imported(sample, cut_path)
    message = str(refusal.value)
    assert f"line {line}" in message and "\n" not in message
    assert {d.id: d for d in sample.deals} == before


def test_utf16_text_from_excel_is_read_as_text(sample, tmp_path):
    """Excel's "Unicode Text" (UTF-16, tab-separated) was called binary."""
    text = "deal_id\tstage\tentered_at\r\nd1\tMQL\t2026-01-01\r\nd1\tClosed Won\t2026-02-01\r\n"
    path = tmp_path / "export.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    plan = imported(sample, str(path))
    assert (plan.encoding, plan.delimiter) == ("UTF-16", "\t")
    assert stage_names(sample, sample.deals["deal-generic-d1"]) == ["MQL", "Won"]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF document, not a CRM export"),
        (b"PK\x03\x04\x14\x00\x06\x00", r"is a damaged zip archive"),
    ],
)
def test_a_file_that_is_no_table_says_what_it_is(sample, tmp_path, data, said):
    """A PDF renamed .csv was said to "have a single column"."""
    path = tmp_path / "deals.csv"
    path.write_bytes(data)
    with pytest.raises(PlaybookError, match=said):
        read_export(sample, str(path))


def _day(seconds: int) -> str:
    """The day in the sample's calendar, which its periods are counted in."""
    return datetime.fromtimestamp(seconds, crm_checks.SAMPLE_ZONE).date().isoformat()


def test_day_first_dates_from_uk_excel_are_read_day_first_in_every_row(sample, tmp_path):
    """A UK Excel export came in with every date whose day is 12 or less read month-first: a
    won deal started at Won and went back to Discovery."""
    text = (
        "deal_id,stage,entered_at\nd1,MQL,03/02/2024\nd1,SQL,11/02/2024\nd1,Closed Won,26/02/2024\n"
    )
    imported(sample, write(tmp_path, "uk.csv", text))
    deal = sample.deals["deal-generic-d1"]
    assert [_day(step.entered) for step in deal.path] == ["2024-02-03", "2024-02-11", "2024-02-26"]
    assert stage_names(sample, deal) == ["MQL", "SQL", "Won"]


def test_dates_that_read_both_ways_are_refused_until_the_order_is_said(sample, tmp_path, capsys):
    from journeyapp.models.deal_import.values import DateOrder

    text = "deal_id,stage,entered_at\nd1,MQL,03/02/2024\nd1,Closed Won,11/04/2024\n"
    path = write(tmp_path, "unclear.csv", text)
    with pytest.raises(PlaybookError) as refusal:
        read_export(sample, path)
    assert str(refusal.value) == (
        "unclear.csv's column “entered_at” has dates such as 03/02/2024 that read as well "
        "day-first as month-first; say which with --date-order dmy or --date-order mdy."
    )
    imported(sample, path, date_order=DateOrder.DMY)
    deal = sample.deals["deal-generic-d1"]
    assert [_day(step.entered) for step in deal.path] == ["2024-02-03", "2024-04-11"]


def test_a_column_mixing_day_first_and_month_first_is_refused(sample, tmp_path):
    text = "deal_id,stage,entered_at\nd1,MQL,26/02/2024\nd1,Closed Won,02/27/2024\n"
    with pytest.raises(PlaybookError, match="day-first in some rows, month-first in others"):
        read_export(sample, write(tmp_path, "mixed.csv", text))


@pytest.mark.parametrize(
    ("written", "order", "day"),
    [
        ("26.02.2024", None, "2024-02-26"),
        ("05.02.2024", None, "2024-02-05"),  # dots: written day-first
        ("Feb 05, 2024 09:15 AM", None, "2024-02-05"),
        ("2/5/2024, 9:15 AM", "mdy", "2024-02-05"),  # which order, the user says
        ("2024/02/05", None, "2024-02-05"),
    ],
)
def test_other_date_forms_crms_write_are_read(sample, tmp_path, written, order, day):
    from journeyapp.models.deal_import.values import DateOrder

    text = f'deal_id,stage,entered_at\nd1,MQL,"{written}"\nd1,SQL,"{written}"\n'
    given = DateOrder(order) if order else None
    imported(sample, write(tmp_path, "forms.csv", text), date_order=given)
    assert _day(sample.deals["deal-generic-d1"].path[0].entered) == day


def test_a_date_column_is_read_right_or_refused_never_swapped(tmp_path_factory):
    """Hypothesis: a column written day-first or month-first comes in right, or is refused."""
    from datetime import date

    from hypothesis import given, settings
    from hypothesis import strategies as st

    dates = st.lists(st.dates(date(2000, 1, 1), date(2030, 12, 31)), min_size=1, max_size=8)

    @settings(max_examples=150, deadline=None)
    @given(dates, st.sampled_from(["dmy", "mdy"]))
    def check(days, order):
        playbook = without_deals()
        written = [
            d.strftime("%d/%m/%Y") if order == "dmy" else d.strftime("%m/%d/%Y") for d in days
        ]
        rows = "".join(f"d{n},MQL,{w}\n" for n, w in enumerate(written))
        path = tmp_path_factory.mktemp("dates") / "x.csv"
        path.write_text("deal_id,stage,entered_at\n" + rows)
        try:
            plan = read_export(playbook, path)
        except PlaybookError as refusal:
            assert "--date-order" in str(refusal)
            assert all(d.day <= 12 for d in days)
            return
        playbook.apply(import_edit(playbook, plan))
        for n, d in enumerate(days):
            assert _day(playbook.deals[f"deal-generic-d{n}"].path[0].entered) == d.isoformat()

    check()


def test_german_amounts_keep_their_thousands_in_every_row(sample, tmp_path):
    """ "12.500,00 €" style amounts: a column that writes 1.234,50 € reads 12.500 € as twelve
    thousand five hundred, not 12.5 (German Excel CSV: semicolons, Windows-1252)."""
    text = (
        "deal_id;stage;entered_at;amount\n"
        "d1;MQL;2026-01-01;12.500 €\nd1;SQL;2026-01-05;12.500 €\n"
        "d2;MQL;2026-01-02;1.234,50 €\nd2;SQL;2026-01-06;1.234,50 €\n"
    )
    path = tmp_path / "de.csv"
    path.write_bytes(text.encode("cp1252"))
    plan = imported(sample, str(path))
    amounts = {d.source_id: d.amount for d in sample.deals}
    assert amounts == {"d1": 12500.0, "d2": 1234.5}
    assert plan.number_rule == "amounts read with a comma as the decimal mark (1.234,50 is 1234.50)"


def test_an_amount_column_with_both_decimal_marks_is_refused(sample, tmp_path):
    text = (
        'deal_id,stage,entered_at,amount\nd1,MQL,2026-01-01,"1.234,50"\nd2,MQL,2026-01-02,1234.50\n'
    )
    with pytest.raises(PlaybookError, match="both a comma and a point as the decimal mark"):
        read_export(sample, write(tmp_path, "mixed.csv", text))


def test_a_shorter_history_never_replaces_a_deal_without_being_asked(sample, tmp_path):
    """Re-importing replaced deals' histories with shorter ones without a word."""
    full = (
        "deal_id,stage,entered_at\n"
        "d1,MQL,2026-01-01\nd1,SQL,2026-01-05\nd1,Closed Won,2026-02-01\n"
        "d2,MQL,2026-01-02\nd2,SQL,2026-01-06\n"
    )
    imported(sample, write(tmp_path, "full.csv", full))
    part = "deal_id,stage,entered_at\nd1,MQL,2026-01-01\nd2,MQL,2026-01-02\nd2,SQL,2026-01-06\n"
    plan = imported(sample, write(tmp_path, "part.csv", part))
    assert plan.kept_longer == [("d1", 3, 1)]
    assert stage_names(sample, sample.deals["deal-generic-d1"]) == ["MQL", "SQL", "Won"]
    plan = imported(sample, write(tmp_path, "part.csv", part), replace_shorter=True)
    assert plan.kept_longer == []
    assert stage_names(sample, sample.deals["deal-generic-d1"]) == ["MQL"]


def test_a_reopened_deal_carries_on_past_its_first_close(sample, tmp_path):
    """A reopened deal stopped at its first Closed Lost (Salesforce, Pipedrive)."""
    history = (
        "Id,OpportunityId,CreatedDate,StageName\n"
        "h1,006R,2026-01-05T09:00:00Z,SQL\n"
        "h2,006R,2026-01-20T09:00:00Z,Closed Lost\n"
        "h3,006R,2026-03-02T09:00:00Z,Opportunity: Discovery\n"
        "h4,006R,2026-04-10T09:00:00Z,Closed Won\n"
    )
    imported(sample, write(tmp_path, "OpportunityHistory.csv", history))
    deal = sample.deals["deal-salesforce-006R"]
    assert stage_names(sample, deal) == ["SQL", "Lost", "Opportunity: Discovery", "Won"]
    assert deal.outcome is DealOutcome.WON


def test_salesforce_history_never_names_the_person_who_changed_a_stage_as_the_owner(
    sample, tmp_path
):
    """The owner was CreatedById: whoever made the last stage change, not the owner."""
    imported(sample, write(tmp_path, "OpportunityHistory.csv", SALESFORCE))
    assert {d.owner for d in sample.deals} == {""}


def test_two_hubspot_pipelines_with_stages_of_one_name_stay_apart(sample, tmp_path):
    """Two pipelines whose stages share a name collided into one CRM stage (and one mapping)."""
    text = (
        "Record ID,Deal Name,Deal Stage,"
        'Date entered "Demo (Sales Pipeline)",Date entered "Demo (Partner Pipeline)",'
        'Date entered "Closed Won (Sales Pipeline)"\n'
        "1,New logo,Closed Won,2026-01-02,,2026-02-01\n"
        "2,Via partner,Demo,,2026-01-05,\n"
    )
    path = write(tmp_path, "hubspot.csv", text)
    plan = read_export(sample, path)
    assert set(plan.unmapped) == {"Demo (Sales Pipeline)", "Demo (Partner Pipeline)"}
    imported(
        sample,
        path,
        overrides={"Demo (Sales Pipeline)": "SQL", "Demo (Partner Pipeline)": "MQL"},
    )
    assert stage_names(sample, sample.deals["deal-hubspot-1"]) == ["SQL", "Won"]
    assert stage_names(sample, sample.deals["deal-hubspot-2"]) == ["MQL"]


def test_a_deals_source_and_campaign_come_in_and_survive_the_file(tmp_path):
    """The closed loop's quantitative half: where each deal came from."""
    from journeyapp.export.json_interchange import playbook_to_json, read_json

    store = Store.create(tmp_path / "p.journey", without_deals())
    playbook = store.load()
    hubspot = (
        'Record ID,Deal Name,Original Source,Campaign,Date entered "SQL (Sales Pipeline)"\n'
        "501,Acme,Paid search,Q4 webinar,2026-01-02\n"
        "502,Globex,Organic search,,2026-01-03\n"
    )
    edit = import_edit(playbook, read_export(playbook, write(tmp_path, "h.csv", hubspot)))
    store.commit(playbook, playbook.apply(edit))
    store.close()
    reopened = Store.open(tmp_path / "p.journey", read_only=True)
    deals = {d.source_id: (d.lead_source, d.campaign) for d in reopened.load().deals}
    reopened.close()
    assert deals == {"501": ("Paid search", "Q4 webinar"), "502": ("Organic search", "")}
    json_path = tmp_path / "p.json"
    json_path.write_text(playbook_to_json(playbook))
    assert {d.source_id: d.lead_source for d in read_json(json_path).deals} == {
        "501": "Paid search",
        "502": "Organic search",
    }


def test_a_file_from_before_sources_is_migrated_with_none_recorded(tmp_path):
    """A version-5 file (before lead source and campaign) opens with its deals whole."""
    import sqlite3

    path = tmp_path / "v5.journey"
    Store.create(path, load_template("b2b-saas")).close()
    conn = sqlite3.connect(path)
    conn.executescript(BACK_TO_VERSION_6)
    conn.execute("ALTER TABLE deals DROP COLUMN lead_source")
    conn.execute("ALTER TABLE deals DROP COLUMN campaign")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    store = Store.open(path)
    playbook = store.load()
    store.close()
    sample = load_template("b2b-saas")
    assert len(playbook.deals) == len(sample.deals) > 0
    assert all((d.lead_source, d.campaign) == ("", "") for d in playbook.deals)
    assert {d.id: d.path for d in playbook.deals} == {d.id: d.path for d in sample.deals}
    assert path.with_name("v5.v5-backup.journey").exists()


def test_a_file_cut_at_any_byte_imports_whole_rows_or_nothing_and_never_shortens_a_deal(
    tmp_path_factory,
):
    """Hypothesis: the export cut at any byte is refused, or brings in complete rows only,
    and never gives a deal already in the playbook a shorter history."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    full = SALESFORCE.encode("utf-8")
    folder = tmp_path_factory.mktemp("cuts")
    whole = folder / "whole.csv"
    whole.write_bytes(full)
    base = without_deals()
    base.apply(import_edit(base, read_export(base, whole)))
    lengths = {d.id: len(d.path) for d in base.deals}

    @settings(max_examples=200, deadline=None)
    @given(st.integers(min_value=1, max_value=len(full) - 1))
    def cut_at(at):
        playbook = without_deals()
        playbook.apply(import_edit(playbook, read_export(playbook, whole)))
        before = {d.id: d for d in playbook.deals}
        path = folder / f"cut-{at}.csv"
        path.write_bytes(full[:at])
        try:
            playbook.apply(import_edit(playbook, read_export(playbook, path)))
        except PlaybookError as refusal:
            assert "\n" not in str(refusal)
            assert {d.id: d for d in playbook.deals} == before
            return
        for deal in playbook.deals:
            assert len(deal.path) >= lengths[deal.id], deal.id
        assert set(lengths) == {d.id for d in playbook.deals}

    cut_at()


def test_a_reports_closing_lines_end_the_data_and_are_not_taken_for_a_row_cut_short(
    sample, tmp_path
):
    """Report exports end with a blank line and one-cell lines: the report's name, a
    copyright line, who generated it. They end the rows; a row cut short at the file's end is
    still refused, and one short of its last cells before more rows is read with them empty
    (a spreadsheet leaves their delimiters off), then skipped for the date it lacks."""
    rows = "deal_id,stage,entered_at\r\nd1,MQL,2026-01-01\r\nd1,Closed Won,2026-02-01\r\n"
    footer = (
        '\r\n"Deal History"\r\n"Copyright (c) 2000-2026 salesforce.com, inc. All rights '
        'reserved."\r\n"Confidential Information - Do Not Distribute"\r\n'
        '"Generated By:  Ana Ruiz  3/4/2026 10:15 AM"\r\n"Acme Corp"\r\n'
    )
    plan = imported(sample, write(tmp_path, "report.csv", rows + footer))
    assert (plan.deals_new, plan.skipped) == (1, [])
    plan = read_export(sample, write(tmp_path, "short.csv", rows + "d2,MQL\r\n" + footer))
    assert [line for line, _ in plan.skipped] == [4]
    with pytest.raises(PlaybookError, match="line 4"):
        read_export(sample, write(tmp_path, "cut.csv", rows + "d2,MQL"))


@pytest.mark.parametrize(
    ("written", "amount"),
    [("€ 12.500", 12500.0), ("12.500 €", 12500.0), ("$12,500", 12500.0), ("12.500", 12500.0)],
)
def test_a_column_of_whole_thousands_reads_its_mark_as_grouping(sample, tmp_path, written, amount):
    """Every amount like "€ 12.500" was read as 12.5 unless the euro sign came after it: money
    is not written to three decimal places, so a lone mark before three digits groups them."""
    text = f'deal_id;stage;entered_at;amount\nd1;MQL;2026-01-01;"{written}"\n'
    imported(sample, write(tmp_path, "de.csv", text))
    assert sample.deals["deal-generic-d1"].amount == amount


def test_a_column_grouping_thousands_both_ways_is_refused(sample, tmp_path):
    text = "deal_id;stage;entered_at;amount\nd1;MQL;2026-01-01;12.500\nd2;MQL;2026-01-01;3,000\n"
    with pytest.raises(PlaybookError, match="group thousands with a comma in some rows"):
        read_export(sample, write(tmp_path, "both.csv", text))


def test_crm_stages_are_listed_in_the_order_deals_go_through_them(sample, tmp_path):
    """The stages to place were listed alphabetically: "Closed Lost" before "Demo"."""
    text = (
        "deal_id,stage,entered_at\n"
        "d1,Qualified,2026-01-01\nd1,Demo,2026-01-05\nd1,Closed Lost,2026-02-01\n"
        "d2,Qualified,2026-01-02\nd2,Demo,2026-01-06\nd2,Negotiation,2026-01-20\n"
        "d2,Closed Won,2026-02-03\n"
    )
    plan = read_export(sample, write(tmp_path, "h.csv", text))
    assert plan.crm_stages == ["Qualified", "Demo", "Negotiation", "Closed Lost", "Closed Won"]


@pytest.mark.parametrize(
    ("read", "cell"),
    [
        (lambda text: parse_amount(text), "n/a\nEUR"),
        (lambda text: parse_amount(text), ":\r\n:"),
        (lambda text: parse_time(text), "next\nTuesday"),
        (lambda text: parse_time(text), "31/02\n/2024"),
    ],
)
def test_a_cell_that_cannot_be_read_is_named_on_one_line(read, cell):
    """A quoted cell of several lines made the skipped row's reason span several lines."""
    with pytest.raises(BadValue) as refused:
        read(cell)
    assert "\n" not in str(refused.value) and "\r" not in str(refused.value)


def test_a_date_order_given_against_what_another_column_shows_is_refused(tmp_path, sample):
    """A UK export: entered_at shows day-first (15/01/2026); exited_at holds only dates that
    read both ways. Asked to read it month-first, the import would put those exits months
    away; it says which column shows the order instead, and reads it right when told."""
    path = write(
        tmp_path,
        "deals.csv",
        "deal_id,stage,entered_at,exited_at,outcome\n"
        "D1,SQL,15/01/2026,03/02/2026,\n"
        "D1,Opportunity: Discovery,03/02/2026,09/02/2026,\n"
        "D1,Closed Won,09/02/2026,,won\n",
    )
    with pytest.raises(UnreadableFile) as refused:
        read_export(sample, path, date_order=DateOrder.MDY)
    assert str(refused.value) == (
        "deals.csv's column “entered_at” shows its dates are day-first (15/01/2026), but "
        "--date-order mdy would read “exited_at” month-first; give the order the file's "
        "dates follow: --date-order dmy."
    )
    imported(sample, path, date_order=DateOrder.DMY)
    deal = sample.deals["deal-generic-D1"]
    assert deal.path[0].exited == at("2026-02-03T00:00:00")


def test_a_visit_that_ends_before_it_starts_is_skipped_with_its_line(tmp_path, sample):
    """exited_at two days before entered_at was kept as a stay of minus two days, and
    counted in the medians."""
    path = write(
        tmp_path,
        "deals.csv",
        "deal_id,stage,entered_at,exited_at\n"
        "D1,SQL,2026-01-05,2026-01-12\n"
        "D2,SQL,2026-01-10,2026-01-08\n",
    )
    plan = imported(sample, path)
    assert plan.skipped == [(3, "exited_at is before entered_at")]
    assert [d.source_id for d in sample.deals] == ["D1"]


def test_without_exit_times_a_visit_ends_where_the_next_one_starts(tmp_path, sample):
    """exited_at is optional in the generic layout. Without it every stay read "still there",
    the time to move on out of SQL went unmeasured, and so did the contact process."""
    path = write(
        tmp_path,
        "deals.csv",
        "deal_id,stage,entered_at\n"
        "NX1,MQL,2026-02-26\n"
        "NX1,SQL,2026-03-04\n"
        "NX1,Opportunity: Discovery,2026-03-06\n",
    )
    imported(sample, path)
    steps = sample.deals["deal-generic-NX1"].path
    assert [step.exited for step in steps] == [
        at("2026-03-04T00:00:00"),
        at("2026-03-06T00:00:00"),
        None,
    ]


def test_a_date_alone_is_that_day_in_the_playbooks_calendar_west_of_utc(tmp_path):
    """A deal won on 2025-04-01 in a New York playbook: read as midnight UTC, it was 20:00
    on 31 March there, counted as won in Q1 and replayed as 31 March."""
    from journeyapp.models.calendar_days import day_of
    from journeyapp.models.operations import set_fields

    playbook = without_deals()
    playbook.apply(set_fields(playbook, Kind.META, "meta", time_zone="America/New_York"))
    path = write(
        tmp_path,
        "deals.csv",
        "deal_id,stage,entered_at,exited_at\nd1,SQL,2025-03-20,2025-04-01\nd1,Won,2025-04-01,\n"
        "d2,SQL,03/20/2025 09:30,\n",
    )
    imported(playbook, path)
    new_york = crm_checks.ZoneInfo("America/New_York")
    deal = playbook.deals["deal-generic-d1"]
    assert [day_of(step.entered, new_york).isoformat() for step in deal.path] == [
        "2025-03-20",
        "2025-04-01",
    ]
    assert deal.path[1].entered == crm_checks.day_start("2025-04-01", new_york)
    # A time without a zone is still read as the import says (UTC unless told otherwise).
    assert playbook.deals["deal-generic-d2"].path[0].entered == at("2025-03-20T09:30")


def test_a_date_alone_is_the_playbooks_day_whatever_zone_times_are_read_in(tmp_path):
    """The import wizard always names a zone for times (UTC unless chosen), and with it the
    dates alone went back to midnight UTC: the app and the command line read one file onto
    different days."""
    from zoneinfo import ZoneInfo

    from journeyapp.models.operations import set_fields

    playbook = without_deals()
    playbook.apply(set_fields(playbook, Kind.META, "meta", time_zone="America/New_York"))
    path = write(tmp_path, "deals.csv", "deal_id,stage,entered_at\nd1,Won,2025-04-01\n")
    plan = read_export(playbook, path, zone=ZoneInfo("UTC"))
    playbook.apply(import_edit(playbook, plan))
    new_york = ZoneInfo("America/New_York")
    assert playbook.deals["deal-generic-d1"].path[0].entered == crm_checks.day_start(
        "2025-04-01", new_york
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05T1422", "2024-03-05T14:22"),
        ("20240305T142200", "2024-03-05T14:22"),
        ("2024-03-05T14", "2024-03-05T14:00"),
        ("2024-03-05 14:22", "2024-03-05T14:22"),
    ],
)
def test_an_iso_time_without_a_colon_is_a_time_not_a_date_alone(text, expected):
    """ISO allows a time without colons; read as a date alone, it started the day in the
    playbook's zone, hours off."""
    from zoneinfo import ZoneInfo

    new_york, utc = ZoneInfo("America/New_York"), ZoneInfo("UTC")
    assert parse_time(text, DateOrder.MDY, utc, new_york) == at(expected)
    assert parse_time("2024-03-05", DateOrder.MDY, utc, new_york) == crm_checks.day_start(
        "2024-03-05", new_york
    )


def test_importing_the_same_export_again_changes_nothing_and_is_no_undo_step(tmp_path):
    from journeyapp.models.edit_session import EditSession
    from journeyapp.models.store import Store
    from journeyapp.models.templates import load_template

    path = write(tmp_path, "OpportunityHistory.csv", SALESFORCE)
    store = Store.create(tmp_path / "p.journey", load_template("b2b-saas"))
    playbook = store.load()
    session = EditSession(playbook, store)
    session.apply(import_edit(playbook, read_export(playbook, path)))
    assert session.recorded and session.can_undo
    plan = read_export(playbook, path)
    change = session.apply(import_edit(playbook, plan))
    assert not change.kinds() and not session.recorded
    assert (plan.deals_new, plan.deals_updated, plan.unchanged) == (0, 0, 2)
    assert "deal-salesforce-006A" in playbook.deals
    session.undo()  # the one step there is: the first import
    assert "deal-salesforce-006A" not in playbook.deals
    store.close()


def test_rows_a_spreadsheet_wrote_without_their_empty_last_cells_are_read(sample, tmp_path):
    """Excel, saving a CSV, leaves the delimiters of empty cells at a line's end off some
    rows: those rows are read with the cells empty, not refused as a file cut short."""
    header = "deal_id,stage,entered_at,exited_at,loss_reason\r\n"
    full = "".join(
        f"d{n},MQL,2026-01-0{n},2026-01-1{n},\r\n" for n in range(1, 5)
    )  # the empty loss_reason written with its delimiter
    short = "".join(f"d{n},MQL,2026-01-0{n},2026-01-1{n}\r\n" for n in range(5, 8))
    plan = imported(sample, write(tmp_path, "resaved.csv", header + full + short))
    assert (plan.deals_new, plan.skipped) == (7, [])
