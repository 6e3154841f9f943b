"""A closed deal whose close date is still to come (an expected close date, or a typo): the
import says so with a count, naming the deals, instead of taking it in without a word."""

from __future__ import annotations

import datetime

from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.entities import DealOutcome

from journeyapp.cli import main
from tests.crm_checks import without_deals, write

DEALS = (
    "deal_id,stage,entered_at,exited_at,deal_name,outcome\n"
    "D1,SQL,2026-10-06T14:00:00Z,,Juliet,lost\n"
    "D1,Closed Lost,2026-12-31T14:00:00Z,,Juliet,lost\n"
    "D2,SQL,2026-10-07T14:00:00Z,,Kilo,lost\n"
    "D2,Closed Lost,2026-12-31,,Kilo,lost\n"
    "D3,SQL,2026-10-05T14:00:00Z,,Lima,won\n"
    "D3,Closed Won,2026-11-20T14:00:00Z,,Lima,won\n"
    "D4,SQL,2026-10-05T14:00:00Z,,Mike,open\n"
    "D4,MQL,2027-01-10T14:00:00Z,,Mike,open\n"
)
TODAY = int(datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC).timestamp())


def test_closed_deals_dated_after_today_are_warned_of_with_a_count(tmp_path):
    playbook = without_deals()
    plan = read_export(playbook, write(tmp_path, "deals.csv", DEALS))
    playbook.apply(import_edit(playbook, plan, now=TODAY))
    # Still imported as the CRM has them: lost is what its status says.
    assert playbook.deals["deal-generic-D1"].outcome is DealOutcome.LOST
    # Only the two closed deals: Lima closed in the past, Mike is still open.
    assert plan.closes_later == ["Juliet", "Kilo"]
    assert "2 closed deals have a close date still to come" in plan.closes_later_sentence()
    assert "“Juliet”, “Kilo”" in plan.closes_later_sentence()


def test_the_import_summary_says_how_many_deals_close_after_today(tmp_path, capsys):
    playbook_path = tmp_path / "p.journey"
    assert main(["new", str(playbook_path)]) == 0
    later = (datetime.date.today() + datetime.timedelta(days=29)).isoformat()
    csv = write(
        tmp_path,
        "deals.csv",
        f"deal_id,stage,entered_at,outcome\nD1,SQL,2026-01-05,lost\nD1,Closed Lost,{later},lost\n",
    )
    capsys.readouterr()
    assert main(["import-deals", str(playbook_path), csv, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 closed deal has a close date still to come" in out
