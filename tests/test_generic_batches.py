"""The generic layout is read a batch of rows at a time, a column at a time; whatever the
batch size, each deal gets its latest name, amount and outcome, every visit in time order,
and each unreadable row is skipped with its own line number and reason."""

from __future__ import annotations

from datetime import datetime

import pytest
from journeyapp.models.calendar_days import calendar_zone
from journeyapp.models.deal_import.formats import generic
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.deal_import.table import UnreadableFile, read_table
from journeyapp.models.entities import DealOutcome

from tests.crm_checks import at

EXPORT = (
    "deal_id,stage,entered_at,exited_at,deal_name,amount,outcome,loss_reason,source\n"
    "d1,MQL,2026-01-01 09:00,2026-01-05 09:00,Acme,1000,,,Webinar\n"  # line 2
    'd2,MQL,2026-01-02 09:00,,"Globex\nrenewal",500,open,,\n'  # lines 3-4, known by its last
    ",SQL,2026-01-03 09:00,,Nameless,,,,\n"  # line 5: no deal_id
    "d1,SQL,2026-01-05 09:00,2026-01-20 09:00,,,,,\n"  # line 6: keeps the name
    "d2,SQL,not a date,,Globex,700,,,\n"  # line 7: skipped
    "d3,MQL,2026-01-04 09:00,,Initech,lots,,,\n"  # line 8: no amount
    "d1,Closed Lost,2026-01-20 09:00,,Acme Corp,1200,Lost,Price,\n"  # line 9
    "d2,Closed Won,2026-01-10 09:00,,,,WON,,Referral\n"  # line 10
    "d1,Opportunity: Discovery,2025-12-20 09:00,2026-01-01 09:00,,,,,\n"  # line 11: earlier
    "\n"
)


def _read(tmp_path, batch_rows, monkeypatch):
    monkeypatch.setattr(generic, "BATCH_ROWS", batch_rows)
    path = tmp_path / "history.csv"
    path.write_text(EXPORT, encoding="utf-8")
    records, skipped = generic.read_generic(read_table(path))
    return {record.source_id: record for record in records}, skipped


@pytest.mark.parametrize("batch_rows", [1, 2, 3, 4, 1000])
def test_every_batch_size_gives_the_same_deals_and_skips(tmp_path, monkeypatch, batch_rows):
    records, skipped = _read(tmp_path, batch_rows, monkeypatch)
    assert sorted(skipped) == [
        (5, "no deal_id or stage"),
        (7, "“not a date” is not a date"),
        (8, "“lots” is not an amount"),
    ]
    assert list(records) == ["d1", "d2"]  # in the order first seen
    acme = records["d1"]
    assert acme.line == 2
    assert (acme.name, acme.amount, acme.outcome) == ("Acme Corp", 1200.0, DealOutcome.LOST)
    assert (acme.reason, acme.lead_source) == ("Price", "Webinar")
    assert [stage for stage, _, _ in acme.visits] == [
        "Opportunity: Discovery",
        "MQL",
        "SQL",
        "Closed Lost",
    ]
    assert acme.visits[1] == ("MQL", at("2026-01-01T09:00:00"), at("2026-01-05T09:00:00"))
    assert acme.visits[-1][2] is None
    globex = records["d2"]
    assert (globex.line, globex.name, globex.amount) == (4, "Globex\nrenewal", 500.0)  # ends there
    assert (globex.outcome, globex.lead_source) == (DealOutcome.WON, "Referral")


NEWEST_FIRST = (
    "deal_id,stage,entered_at,exited_at,deal_name,amount,outcome\n"
    "d1,Closed Lost,2026-03-01,,Acme (renamed),15000,lost\n"
    "d2,SQL,2026-02-10,,Globex,700,open\n"
    "d1,Opportunity: Proposal,2026-02-01,2026-03-01,Acme,12000,open\n"
    "d1,SQL,2026-01-10,2026-02-01,Acme,10000,open\n"
    "d2,MQL,2026-01-20,2026-02-10,Globex Ltd,500,\n"
    "d1,MQL,2026-01-05,2026-01-10,Acme,9000,open\n"
)


@pytest.mark.parametrize("batch_rows", [1, 2, 3, 1000])
def test_a_history_listed_newest_first_takes_each_deal_s_latest_visit_s_values(
    tmp_path, monkeypatch, batch_rows
):
    """Many CRMs list a deal's history newest first: its outcome, amount and name are those
    of its latest visit in time, wherever the row stands in the file."""
    monkeypatch.setattr(generic, "BATCH_ROWS", batch_rows)
    path = tmp_path / "history.csv"
    path.write_text(NEWEST_FIRST, encoding="utf-8")
    records = {record.source_id: record for record in generic.read_generic(read_table(path))[0]}
    acme, globex = records["d1"], records["d2"]
    assert (acme.outcome, acme.amount, acme.name) == (DealOutcome.LOST, 15000.0, "Acme (renamed)")
    assert (globex.outcome, globex.amount, globex.name) == (DealOutcome.OPEN, 700.0, "Globex")
    assert [stage for stage, _, _ in acme.visits] == [
        "MQL",
        "SQL",
        "Opportunity: Proposal",
        "Closed Lost",
    ]


@pytest.mark.parametrize("batch_rows", [1, 2, 1000])
def test_a_deal_s_later_rows_in_time_win_across_batches_in_any_order(
    tmp_path, monkeypatch, batch_rows
):
    monkeypatch.setattr(generic, "BATCH_ROWS", batch_rows)
    path = tmp_path / "history.csv"
    path.write_text(
        "deal_id,stage,entered_at,deal_name,amount,outcome\n"
        "d1,SQL,2026-02-01,Middle,200,open\n"
        "d2,MQL,2026-01-01,Other,1,\n"
        "d1,Closed Won,2026-03-01,Latest,300,won\n"
        "d2,SQL,2026-01-02,Other,2,\n"
        "d1,MQL,2026-01-01,Earliest,100,open\n"
        "d1,Opportunity: Proposal,2026-03-01,,,\n",  # as late, later in the file: no values
        encoding="utf-8",
    )
    records = {record.source_id: record for record in generic.read_generic(read_table(path))[0]}
    acme = records["d1"]
    assert (acme.outcome, acme.amount, acme.name) == (DealOutcome.WON, 300.0, "Latest")
    assert records["d2"].amount == 2.0


def test_a_report_footer_ends_the_rows_in_any_batch(tmp_path, monkeypatch):
    monkeypatch.setattr(generic, "BATCH_ROWS", 2)
    path = tmp_path / "report.csv"
    path.write_text(
        "deal_id,stage,entered_at\n"
        "d1,MQL,2026-01-01\n"
        "d1,SQL,2026-01-02\n"
        "d2,MQL,2026-01-03\n"
        "\n"
        "Deal history report\n"
        "Generated by a CRM\n",
        encoding="utf-8",
    )
    records, skipped = generic.read_generic(read_table(path))
    assert [record.source_id for record in records] == ["d1", "d2"]
    assert skipped == []


def test_a_big_generic_export_imports_every_row(sample_playbook, tmp_path):
    """Over several batches: every deal, every visit."""
    rows = ["deal_id,stage,entered_at,exited_at,amount"]
    for n in range(2 * generic.BATCH_ROWS + 7):
        deal, step = divmod(n, 5)
        stage = ("MQL", "SQL", "Opportunity: Discovery", "Opportunity: Proposal", "Closed Won")[
            step
        ]
        entered = f"2026-01-{step + 1:02d} 09:{deal % 60:02d}"
        exited = f"2026-01-{step + 2:02d} 09:{deal % 60:02d}" if step < 4 else ""
        rows.append(f"g{deal},{stage},{entered},{exited},{1000 + deal}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    plan = read_export(sample_playbook, path)
    sample_playbook.apply(import_edit(sample_playbook, plan))
    deals = [deal for deal in sample_playbook.deals if deal.source_system == "generic"]
    assert len(deals) == (2 * generic.BATCH_ROWS + 7 + 4) // 5
    assert sum(len(deal.path) for deal in deals) == 2 * generic.BATCH_ROWS + 7
    last = sample_playbook.deals[f"deal-generic-g{len(deals) - 1}"]
    assert last.amount == 1000 + len(deals) - 1


@pytest.mark.parametrize("batch_rows", [1, 1000])
@pytest.mark.parametrize("line_end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_line_numbers_count_the_line_breaks_inside_quoted_cells(
    tmp_path, monkeypatch, batch_rows, line_end
):
    monkeypatch.setattr(generic, "BATCH_ROWS", batch_rows)
    rows = [
        "deal_id,stage,entered_at,deal_name",
        'd1,MQL,2026-01-01 09:00,"three',
        "line",
        'name"',  # the row ends on line 4
        "d2,MQL,2026-01-02 09:00,Plain",  # 5
        ",SQL,2026-01-03 09:00,No id",  # 6
        'd3,MQL,2026-01-04 09:00,"two',
        'lines"',  # 8
        "d4,MQL,when?,Bad date",  # 9
    ]
    path = tmp_path / "history.csv"
    path.write_bytes((line_end.join(rows) + line_end).encode())
    records, skipped = generic.read_generic(read_table(path))
    assert sorted(skipped) == [(6, "no deal_id or stage"), (9, "“when?” is not a date")]
    assert [(record.source_id, record.line) for record in records] == [
        ("d1", 4),
        ("d2", 5),
        ("d3", 8),
    ]


LATE_TELLING = (
    "deal_id,stage,entered_at,amount\n"
    "d1,MQL,03/04/2024,1.250\n"  # reads either way until line 4 shows the order and mark
    "d1,SQL,05/04/2024,1.250\n"
    "d2,MQL,26/04/2024,12,5\n"
)


@pytest.mark.parametrize("batch_rows", [1, 1000])
def test_rules_shown_late_in_the_file_are_the_whole_columns(
    sample_playbook, tmp_path, monkeypatch, batch_rows
):
    monkeypatch.setattr(generic, "BATCH_ROWS", batch_rows)
    path = tmp_path / "history.csv"
    path.write_text(LATE_TELLING.replace("12,5", '"12,5"'), encoding="utf-8")
    plan = read_export(sample_playbook, path)
    deals = {record.source_id: record for record in plan.records}
    zone = calendar_zone(sample_playbook.meta)  # a date alone starts the playbook's day
    assert deals["d1"].visits[0][1] == datetime(2024, 4, 3, tzinfo=zone).timestamp()
    assert deals["d1"].amount == 1250.0  # the comma is the decimal mark: 1.250 is 1250
    assert deals["d2"].amount == 12.5
    assert not plan.skipped


def test_an_export_of_iso_dates_and_plain_amounts_is_read_once(
    sample_playbook, tmp_path, monkeypatch
):
    from journeyapp.models.deal_import.table import Table

    looks = []
    monkeypatch.setattr(Table, "scan", lambda table, votes: looks.append(votes))
    monkeypatch.setattr(Table, "rewind", lambda table: looks.append("rewind"))
    path = tmp_path / "history.csv"
    path.write_text(EXPORT, encoding="utf-8")
    plan = read_export(sample_playbook, path)
    assert looks == []
    assert len(plan.records) == 2 and len(plan.skipped) == 3


def test_a_day_first_export_is_read_once_its_order_is_shown(sample_playbook, tmp_path, monkeypatch):
    """The first batch shows a day over 12: reading on under month-first would be thrown away
    (each row a bad date), so the read stops there and starts again under the order decided."""
    monkeypatch.setattr(generic, "BATCH_ROWS", 5)
    gathered = []
    gather = generic._gather
    monkeypatch.setattr(
        generic, "_gather", lambda read, *rest: (gathered.append(1), gather(read, *rest))
    )
    rows = [f"d{n},MQL,{n % 28 + 1:02d}/04/2024" for n in range(12, 62)]  # 13/04 first
    path = tmp_path / "history.csv"
    path.write_text("deal_id,stage,entered_at\n" + "\n".join(rows) + "\n", encoding="utf-8")
    plan = read_export(sample_playbook, path)
    assert len(plan.records) == 50 and not plan.skipped
    assert len(gathered) == 10  # the ten batches of the read under day-first, and no others


def test_an_export_with_classic_mac_line_endings_is_read_line_by_line(tmp_path):
    """Excel for Mac's "CSV (Macintosh)" ends each line with a carriage return alone."""
    path = tmp_path / "mac.csv"
    path.write_bytes(
        b"deal_id,stage,entered_at,deal_name\r"
        b"d1,MQL,2026-01-05,Acme\r"
        b"d1,SQL,not a date,Acme\r"
        b'd2,MQL,2026-01-06,"Globex\rrenewal"\r'
    )
    records, skipped = generic.read_generic(read_table(path))
    assert [(record.source_id, record.line) for record in records] == [("d1", 2), ("d2", 5)]
    assert records[1].name == "Globex\nrenewal"
    assert skipped == [(3, "“not a date” is not a date")]


@pytest.mark.parametrize("batch_rows", [1, 2, 1000])
def test_rows_after_what_reads_as_a_report_footer_are_refused_not_dropped(
    tmp_path, monkeypatch, batch_rows
):
    """A blank line and a one-cell line end a report; rows of data after them (a grouped
    report, two exports one after the other) are refused, naming the line, never dropped."""
    monkeypatch.setattr(generic, "BATCH_ROWS", batch_rows)
    path = tmp_path / "grouped.csv"
    path.write_text(
        "deal_id,stage,entered_at\n"
        "d1,MQL,2026-01-01\n"
        "\n"
        "Opportunity Owner: Chen Wu\n"
        "d2,MQL,2026-01-03\n",
        encoding="utf-8",
    )
    with pytest.raises(UnreadableFile, match=r"rows again at line 5, after .* at line 4"):
        generic.read_generic(read_table(path))


@pytest.mark.parametrize("batch_rows", [1, 2, 1000])
def test_a_row_with_more_cells_than_the_header_is_skipped_and_said(
    sample_playbook, tmp_path, monkeypatch, batch_rows
):
    """An unquoted comma in a name shifts every cell after it: the amount would be the
    name's tail. The row is skipped with its reason; a trailing comma is nothing."""
    monkeypatch.setattr(generic, "BATCH_ROWS", batch_rows)
    path = tmp_path / "shifted.csv"
    path.write_text(
        "deal_id,stage,entered_at,deal_name,amount\n"
        "d1,MQL,2026-01-05,Acme, 500 seats,12000\n"
        "d2,MQL,2026-01-06,Globex,800,\n"
        "d3,MQL,2026-01-07,Initech,900\n",
        encoding="utf-8",
    )
    plan = read_export(sample_playbook, path)
    assert plan.skipped == [
        (2, "has 6 cells where the header has 5 (a comma in a cell without quotes around it?)")
    ]
    assert sorted(record.source_id for record in plan.records) == ["d2", "d3"]
    assert {record.source_id: record.amount for record in plan.records}["d2"] == 800.0


def test_two_columns_of_one_name_are_named_in_a_warning(sample_playbook, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text(
        "deal_id,stage,entered_at,Amount,amount\nd1,MQL,2026-01-05,1000,999\n", encoding="utf-8"
    )
    plan = read_export(sample_playbook, path)
    assert plan.warnings == [(1, "columns 4 and 5 are both named “Amount”: column 5 is read")]
    assert plan.records[0].amount == 999.0


def test_a_utf8_export_with_a_few_windows_1252_bytes_keeps_its_accents(tmp_path):
    """Rows pasted in from another export: only their bytes are read as Windows-1252, and
    the summary names their lines."""
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "deal_id,stage,entered_at,deal_name\n"
        "d1,SQL,2026-01-05,Société Générale\n"
        "d2,SQL,2026-01-06,Müller GmbH\n".encode()
        + b"d3,SQL,2026-01-07,Caf\xe9 Noir\n"
    )
    table = read_table(path)
    records, _ = generic.read_generic(table)
    assert [record.name for record in records] == ["Société Générale", "Müller GmbH", "Café Noir"]
    assert table.encoding == "UTF-8, with Windows-1252 bytes on line 4"


def test_a_windows_1252_export_is_read_as_windows_1252_throughout(tmp_path):
    path = tmp_path / "cp1252.csv"
    path.write_bytes(
        "deal_id,stage,entered_at,deal_name\nd1,SQL,2026-01-05,Café €\n".encode("cp1252")
    )
    table = read_table(path)
    assert table.encoding == "Windows-1252"
    assert generic.read_generic(table)[0][0].name == "Café €"


def test_an_outcome_written_as_a_closed_stage_is_read_and_others_are_named(
    sample_playbook, tmp_path
):
    path = tmp_path / "outcomes.csv"
    path.write_text(
        "deal_id,stage,entered_at,outcome\n"
        "d1,Closed Won,2026-01-05,Closed Won\n"
        "d2,MQL,2026-01-06,CLOSED  LOST\n"
        "d3,MQL,2026-01-07,Pending\n"
        "d4,MQL,2026-01-08,Pending\n",
        encoding="utf-8",
    )
    plan = read_export(sample_playbook, path)
    outcome = {record.source_id: record.outcome for record in plan.records}
    assert (outcome["d1"], outcome["d2"], outcome["d3"]) == (
        DealOutcome.WON,
        DealOutcome.LOST,
        None,
    )
    assert plan.warnings == [
        (4, "outcome “Pending” is not won, lost or open: read as none, the deal's outcome "
         "follows its stages")
    ]  # fmt: skip


def test_a_file_ending_without_a_line_break_warns_that_its_last_row_may_be_cut(
    sample_playbook, tmp_path
):
    """Cut short inside its last cell, a file still has every cell: "15000" read as "150"."""
    path = tmp_path / "cut.csv"
    path.write_text(
        "deal_id,stage,entered_at,deal_name,amount\n"
        "d1,SQL,2026-01-05,Acme,12000\n"
        "d2,SQL,2026-01-07,Beta,150",
        encoding="utf-8",
    )
    plan = read_export(sample_playbook, path)
    assert plan.warnings == [
        (
            3,
            "the file ends without a line break, as a file cut short does: check that its "
            "last row is whole",
        )
    ]
    path.write_text(path.read_text(encoding="utf-8") + "00\n", encoding="utf-8")
    assert read_export(sample_playbook, path).warnings == []


def test_stages_entered_at_one_moment_are_in_journey_order_whatever_the_rows_order(tmp_path):
    """Discovery and Proposal entered at 10:00 on 1 July, Negotiation on 5 July: listed oldest
    first, Proposal's row first, and newest first, the three deals read the same."""
    from journeyapp.models.templates import load_template

    from tests.crm_checks import imported, stage_names

    rows = {
        "Discovery": "Opportunity: Discovery,2026-07-01 10:00,2026-07-01 10:00",
        "Proposal": "Opportunity: Proposal,2026-07-01 10:00,2026-07-05 10:00",
        "Negotiation": "Opportunity: Negotiation,2026-07-05 10:00,",
    }
    orders = {
        "T1": ("Discovery", "Proposal", "Negotiation"),
        "T2": ("Proposal", "Discovery", "Negotiation"),
        "T3": ("Negotiation", "Proposal", "Discovery"),
    }
    lines = ["deal_id,stage,entered_at,exited_at"]
    lines += [f"{deal},{rows[name]}" for deal, names in orders.items() for name in names]
    path = tmp_path / "ties.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    playbook = load_template("b2b-saas")
    imported(playbook, path, format="generic")
    for deal_id in orders:
        deal = playbook.deals[f"deal-generic-{deal_id}"]
        assert stage_names(playbook, deal) == [
            "Opportunity: Discovery",
            "Opportunity: Proposal",
            "Opportunity: Negotiation",
        ], deal_id
        assert [s.exited for s in deal.path] == [
            at("2026-07-01T10:00"),
            at("2026-07-05T10:00"),
            None,
        ], deal_id
