"""A deal's path on the map, figures across deals, fuzzed exports, and the import command."""

from __future__ import annotations

import dataclasses
import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from journeyapp.models.change import Kind
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.deal_stats import DealFilter, handoff_figures, parting_point, stage_figures
from journeyapp.models.entities import Deal, DealOutcome, DealStep, Touch
from journeyapp.models.errors import PlaybookError
from journeyapp.models.operations import set_fields
from journeyapp.models.replay import Pace, replay
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

from journeyapp.cli import main

DAY = 86400


def by_name(playbook, name):
    return next(s for s in playbook.stages() if s.name == name)


def deal_through(playbook, names_and_days, outcome=DealOutcome.LOST, reason="", **fields):
    steps, when = [], 1_767_225_600
    for name, days in names_and_days:
        exited = None if days is None else when + int(days * DAY)
        steps.append(DealStep(by_name(playbook, name).id, name, when, exited))
        when = exited or when
    return Deal(
        f"d{len(names_and_days)}{outcome.value}{reason}",
        "Acme",
        outcome=outcome,
        stated_reason=reason,
        path=steps,
        **fields,
    )


def test_a_replay_flags_moves_the_map_has_no_path_for_and_reads_the_pace():
    playbook = load_template("b2b-saas")
    sql = by_name(playbook, "SQL")
    deal = deal_through(
        playbook,
        [
            ("SQL", sql.expected_days * 3),
            ("Opportunity: Discovery", 1),
            ("SQL", 2),
            ("Opportunity: Negotiation", 5),
            ("Lost", None),
        ],
        reason="No budget",
    )
    steps = replay(playbook, deal).steps
    assert steps[0].pace is Pace.STUCK
    assert steps[1].arrived_by is not None and not steps[1].off_map_move
    assert steps[2].backward and steps[2].revisit
    assert steps[3].off_map_move  # SQL → Negotiation: the map has no path here
    assert replay(playbook, deal).off_map_moves == 2  # and Discovery → SQL
    assert replay(playbook, deal).ending == "Lost at Opportunity: Negotiation: No budget"


def test_a_replay_measures_the_sla_on_first_touch_and_survives_a_deleted_stage():
    """Twice the SLA in MQL before the move to SQL is no breach: the SLA runs from the
    handoff into SQL to sales' first touch, and this deal records none."""
    playbook = load_template("b2b-saas")
    mql, sql = by_name(playbook, "MQL"), by_name(playbook, "SQL")
    handoff = playbook.handoff_between(mql.id, sql.id)
    slow = handoff.sla_hours / 24 * 2
    deal = deal_through(playbook, [("MQL", slow), ("SQL", 1), ("Won", None)], DealOutcome.WON)
    gone = DealStep("stage-gone", "Old stage", deal.path[0].entered - DAY, deal.path[0].entered)
    deal = dataclasses.replace(deal, path=(gone, *deal.path))
    steps = replay(playbook, deal).steps
    assert not steps[0].on_map and "no longer on the map" in steps[0].stage_name
    assert not steps[2].sla_breached and steps[2].first_touch.words.startswith("Time to move on")
    playbook.apply(set_fields(playbook, Kind.META, "meta", time_zone=""))  # plain hours
    late = dataclasses.replace(deal, touches=(Touch(steps[2].entered + 2 * DAY, "call"),))
    assert replay(playbook, late).steps[2].sla_breached  # called two days into a 24-hour SLA
    assert replay(playbook, deal).ending == "Won"


def test_stage_and_handoff_figures_and_where_won_and_lost_part():
    playbook = load_template("b2b-saas")
    won = [
        deal_through(
            playbook, [("SQL", 2), ("Opportunity: Discovery", 10), ("Won", None)], DealOutcome.WON
        )
    ]
    lost = [
        deal_through(playbook, [("SQL", 4), ("Lost", None)], reason="r1"),
        deal_through(playbook, [("SQL", 6), ("Lost", None)], reason="r2"),
    ]
    figures = stage_figures(playbook, won + lost)
    sql = figures[by_name(playbook, "SQL").id]
    assert (sql.entered, sql.left, sql.lost_here, sql.won_here) == (3, 3, 2, 0)
    assert sql.median_days == 4 and sql.p90_days == 6
    discovery = by_name(playbook, "Opportunity: Discovery").id
    handoffs = handoff_figures(playbook, won + lost)
    to_discovery = next(
        f
        for f in handoffs.values()
        if f.source == by_name(playbook, "SQL").id and f.target == discovery
    )
    assert to_discovery.conversion == 1 / 3
    parting = parting_point(playbook, won, lost)
    assert parting.stage == by_name(playbook, "SQL").id
    # the won deal went on from SQL to Discovery; both lost ones went from SQL to the close
    assert (parting.won_moved_on, parting.lost_moved_on, parting.gap) == (1.0, 0.0, 1.0)
    assert [
        d for d in won + lost if DealFilter(outcomes=frozenset({DealOutcome.WON})).keeps(d)
    ] == won
    assert not DealFilter(min_amount=10).keeps(won[0])


cells = st.text(alphabet=string.ascii_letters + string.digits + " ,;\t\"'\n/:-.€$", max_size=30)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.sampled_from(
        [
            "Id,OpportunityId,CreatedDate,StageName,Amount,IsDeleted",
            "deal_id,stage,entered_at,exited_at,amount,outcome",
            "deal_id,field_key,old_value,new_value,log_time",
            'Record ID,Deal Name,Amount,Date entered "SQL (P)",Date exited "SQL (P)"',
            "opportunity_id,deal_stage,engage_date,close_date,close_value",
            "anything,at,all",
        ]
    ),
    body=st.lists(st.lists(cells, min_size=1, max_size=7), max_size=6),
)
@example(  # a line of empty cells, shorter than the header, in a Salesforce export
    header="Id,OpportunityId,CreatedDate,StageName,Amount,IsDeleted", body=[["", ""]]
)
def test_any_csv_imports_or_is_refused_cleanly_and_a_refusal_changes_nothing(
    tmp_path_factory, header, body
):
    playbook = load_template("b2b-saas")
    before = load_template("b2b-saas")
    path = tmp_path_factory.mktemp("fuzz") / "export.csv"
    path.write_text(
        header + "\n" + "\n".join(",".join(row) for row in body) + "\n", encoding="utf-8"
    )
    try:
        plan = read_export(playbook, path)
        edit = import_edit(playbook, plan)
    except PlaybookError as refusal:
        assert str(refusal).endswith(".") and "\n" not in str(refusal)
        assert playbook == before
        return
    playbook.apply(edit)
    playbook.revert(edit)
    assert playbook == before


def test_the_import_command_reports_dry_runs_and_refuses_unmapped_stages_in_one_line(
    tmp_path, capsys
):
    file = tmp_path / "p.journey"
    Store.create(file, load_template("b2b-saas")).close()
    csv = tmp_path / "h.csv"
    csv.write_text(
        "deal_id,stage,entered_at\nd1,SQL,2026-01-01\nd1,Closed Won,2026-02-01\nd2,,2026-01-01\n"
    )
    sample_deals = len(Store.open(file).load().deals)
    assert main(["import-deals", str(file), str(csv), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Would import 1 deal " in out and "line 4: no deal_id or stage" in out
    assert len(Store.open(file).load().deals) == sample_deals
    assert main(["import-deals", str(file), str(csv)]) == 0
    assert len(Store.open(file).load().deals) == sample_deals + 1
    csv.write_text("deal_id,stage,entered_at\nd9,Qualified,2026-01-01\n")
    assert main(["import-deals", str(file), str(csv)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "“Qualified”" in error
    assert main(["import-deals", str(file), str(csv), "--map", "Qualified=MQL"]) == 0
    assert main(["import-deals", str(file), str(csv), "--map", "no equals sign"]) == 2


@pytest.mark.parametrize(
    ("rows", "lost_at"),
    [
        # The CRM says "lost" in an outcome column; no closing row.
        (
            "d1,MQL,2026-01-01,lost\nd1,SQL,2026-01-05,lost\n"
            "d1,Opportunity: Discovery,2026-01-10,lost\n",
            "Opportunity: Discovery",
        ),
        # The same deal with a closing row.
        (
            "d1,MQL,2026-01-01,\nd1,SQL,2026-01-05,\nd1,Opportunity: Discovery,2026-01-10,\n"
            "d1,Closed Lost,2026-01-20,\n",
            "Opportunity: Discovery",
        ),
    ],
)
def test_a_lost_deal_is_lost_in_the_last_stage_it_was_really_in(tmp_path, capsys, rows, lost_at):
    """Replay used steps[:-1] and Deal figures path[-2]: both took the last row for a closing
    stage, so a deal the CRM marked lost without one was lost a stage early."""
    import json

    from journeyapp.models.deal_import.plan import import_edit, read_export
    from journeyapp.models.deal_stats import stage_figures
    from journeyapp.models.replay import replay
    from journeyapp.models.templates import load_template

    from journeyapp.cli import main

    playbook = load_template("b2b-saas")
    playbook.drop_entities(Kind.DEAL, playbook.deals.ids())
    csv = tmp_path / "deals.csv"
    csv.write_text("deal_id,stage,entered_at,outcome\n" + rows)
    playbook.apply(import_edit(playbook, read_export(playbook, csv)))
    deal = playbook.deals["deal-generic-d1"]
    assert deal.outcome is DealOutcome.LOST
    assert replay(playbook, deal).ending == f"Lost at {lost_at}"
    figures = stage_figures(playbook, [deal])
    lost_here = {playbook.stage(s).name: f.lost_here for s, f in figures.items() if f.lost_here}
    assert lost_here == {lost_at: 1}
    path = tmp_path / "p.journey"
    from journeyapp.models.store import Store

    Store.create(path, playbook).close()
    capsys.readouterr()
    assert main(["replay", str(path), "--deal", "d1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ending"] == f"Lost at {lost_at}"


def test_p90_days_is_the_nearest_rank_not_one_rank_past_it():
    """Ten stays of 1 to 10 days gave 10, the longest, as the 90th percentile."""
    from journeyapp.models.deal_stats import StageFigures

    assert StageFigures("s", days=[float(d) for d in range(1, 11)]).p90_days == 9
    assert StageFigures("s", days=[float(d) for d in range(1, 21)]).p90_days == 18
    assert StageFigures("s", days=[3.0]).p90_days == 3
    assert StageFigures("s", days=[float(d) for d in range(1, 12)]).p90_days == 10


def test_replay_gives_each_step_the_day_it_was_where_the_team_is(tmp_path, capsys):
    """Entered SQL at 00:30 on 1 July in London (the sample's zone), 23:30 UTC on 30 June:
    the replay listed it as 30 June."""
    import json

    from journeyapp.models.store import Store

    from journeyapp.cli import main

    playbook = load_template("b2b-saas")
    playbook.drop_entities(Kind.DEAL, playbook.deals.ids())
    csv = tmp_path / "deals.csv"
    csv.write_text("deal_id,stage,entered_at\nd1,SQL,2026-06-30T23:30:00Z\n")
    playbook.apply(import_edit(playbook, read_export(playbook, csv)))
    path = tmp_path / "p.journey"
    Store.create(path, playbook).close()
    capsys.readouterr()
    assert main(["replay", str(path), "--deal", "d1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["steps"][0]["entered"] == "2026-07-01"


def test_stage_figures_count_deals_and_a_close_said_by_status_alone():
    """Entered said 2 for one deal that came back to Discovery, beside "of 1" on the handoffs;
    a deal lost by its status alone neither left its last stage nor reached Lost, though the
    handoffs counted it as moved to Lost."""
    playbook = load_template("b2b-saas")
    back = deal_through(
        playbook,
        [("SQL", 2), ("Opportunity: Discovery", 3), ("Opportunity: Proposal", 4),
         ("Opportunity: Discovery", 5), ("Lost", None)],
        reason="back",
    )  # fmt: skip
    by_status = deal_through(playbook, [("SQL", 2), ("Opportunity: Discovery", 3)])
    figures = stage_figures(playbook, [back, by_status])
    discovery = figures[by_name(playbook, "Opportunity: Discovery").id]
    lost = figures[by_name(playbook, "Lost").id]
    assert (discovery.entered, discovery.left, discovery.lost_here) == (2, 2, 2)
    assert sorted(discovery.days) == [3, 3, 5]  # each stay is still a stay
    assert lost.entered == 2


def test_won_and_lost_deals_never_part_at_a_close():
    """A won deal lost once and reopened made "part at Lost: 100% of the won deals moved on
    from there, against 0%"."""
    playbook = load_template("b2b-saas")
    reopened = deal_through(
        playbook,
        [("SQL", 1), ("Opportunity: Discovery", 2), ("Lost", 10),
         ("Opportunity: Discovery", 2), ("Opportunity: Proposal", 3), ("Won", None)],
        DealOutcome.WON,
    )  # fmt: skip
    lost = deal_through(
        playbook,
        [("SQL", 1), ("Opportunity: Discovery", 2), ("Opportunity: Proposal", 3), ("Lost", None)],
    )
    parting = parting_point(playbook, [reopened], [lost])
    assert parting.stage == by_name(playbook, "Opportunity: Proposal").id
    assert (parting.won_moved_on, parting.lost_moved_on) == (1.0, 0.0)


def test_an_open_deal_sitting_in_a_stage_past_its_expected_days_is_stuck_now():
    """Three hundred days into a 14-day stage, the open deal's step read "no expected days",
    grey, while a deal that spent 24 days there and left was red."""
    playbook = load_template("b2b-saas")
    sitting = deal_through(
        playbook, [("SQL", 2), ("Opportunity: Proposal", None)], DealOutcome.OPEN
    )
    entered = sitting.path[-1].entered
    step = replay(playbook, sitting, now=entered + 300 * DAY).steps[-1]
    assert step.days is None and step.so_far == 300
    assert step.pace is Pace.STUCK
    early = replay(playbook, sitting, now=entered + 3 * DAY).steps[-1]
    assert early.pace is Pace.ON_TIME
