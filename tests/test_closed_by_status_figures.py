"""Deals an export closes by their status alone (no Won or Lost row: Dynamics views, HubSpot
deals without closed-stage columns, the generic layout's outcome column) count as closing
from their last stage, when they left it, in every figure, as they do in the funnel."""

from __future__ import annotations

import datetime

from funnel_builders import DAY, deal, funnel_playbook, path, seconds
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.entities import Improvement, ImprovementMeasure, ImprovementStatus
from journeyapp.models.improvement_results import measured_result

TODAY = datetime.date(2026, 11, 30)


def _through_sql(number: int, day: str, outcome: str, closed_by_row: bool) -> dict:
    """Entered SQL on ``day``, left it 5 days later closed ``outcome``: with a Won or Lost
    row, or by its status alone (its last step SQL, exited when it closed)."""
    steps = path("2026-01-01", "visitor", "mql")
    sql_at = seconds(day)
    steps[-1][3] = sql_at
    steps.append(["sql", "SQL", sql_at, sql_at + 5 * DAY])
    if closed_by_row:
        steps.append([outcome, outcome.upper(), sql_at + 5 * DAY, None])
    return deal(number, steps, outcome=outcome)


def test_a_handoff_test_counts_deals_won_by_their_status_as_converted():
    during = [("2026-09-02", "won"), ("2026-09-10", "won"), ("2026-09-15", "lost")]
    during += [("2026-09-20", "won")]
    before = [("2026-08-10", "won"), ("2026-08-20", "lost"), ("2026-08-25", "won")]
    deals = [_through_sql(n, day, won, closed_by_row=False) for n, (day, won) in enumerate(during)]
    deals += [
        _through_sql(10 + n, day, won, closed_by_row=True) for n, (day, won) in enumerate(before)
    ]
    playbook = funnel_playbook(deals=deals)
    improvement = Improvement(
        id="imp-1",
        title="Mutual close plan",
        target_kind=Kind.HANDOFF,
        target="h3",  # SQL → Won
        status=ImprovementStatus.TESTING,
        started="2026-09-01",
        test_ends="2026-09-30",
        measure=ImprovementMeasure.CONVERSION,
    )
    playbook.apply(operations.AddEntity(Kind.IMPROVEMENT, improvement))
    result = measured_result(playbook, playbook.improvements["imp-1"], TODAY)
    assert (result.during.deals, result.during.value) == (4, 3 / 4)
    assert (result.before.deals, result.before.value) == (3, 2 / 3)
    assert result.better


def test_the_agenda_dates_a_win_by_its_close_not_by_entering_its_last_stage():
    from journeyapp.models.meeting_agenda import agenda_for
    from journeyapp.models.review_entities import Cadence

    # Entered SQL on 20 July, won when it left SQL on 25 July (5 days): a row-less close.
    # Entered SQL on 29 July, won on 3 August.
    deals = [
        _through_sql(1, "2026-07-20", "won", closed_by_row=False),
        _through_sql(2, "2026-07-29", "won", closed_by_row=False),
        _through_sql(3, "2026-07-29", "lost", closed_by_row=True),
    ]
    playbook = funnel_playbook(deals=deals)
    july = agenda_for(playbook, Cadence.MONTHLY, datetime.date(2026, 7, 31))
    august = agenda_for(playbook, Cadence.MONTHLY, datetime.date(2026, 8, 31))
    assert any(line.startswith("Won ") and "Deal 1" in line for line in july.numbers)
    assert not any("Deal 2" in line for line in july.numbers)
    assert any(line.startswith("Won ") and "Deal 2" in line for line in august.numbers)
    assert any(line.startswith("Lost ") and "Deal 3" in line for line in august.numbers)


def test_won_and_lost_deals_part_where_the_won_ones_went_on_to_their_close():
    from journeyapp.models.deal_stats import parting_point

    won = [_through_sql(n, "2026-09-02", "won", closed_by_row=False) for n in range(3)]
    lost_at_sql = _through_sql(3, "2026-09-02", "lost", closed_by_row=True)
    lost_at_mql = [
        deal(4 + n, path("2026-09-01", "visitor", "mql", "lost"), outcome="lost") for n in range(2)
    ]
    playbook = funnel_playbook(deals=[*won, lost_at_sql, *lost_at_mql])
    deals = {d.id: d for d in playbook.deals}
    parting = parting_point(
        playbook,
        [deals[f"deal-{n}"] for n in range(3)],
        [deals[f"deal-{n}"] for n in range(3, 6)],
    )
    assert parting.stage == "sql"
    assert (parting.won_moved_on, parting.lost_moved_on) == (1.0, 0.0)


def _sample_with(deals: list[list[tuple[str, int]]], outcome: str = "open"):
    """The sample map with only these deals, each a list of (stage id, day entered)."""
    from journeyapp.models.codec import playbook_from_dict, playbook_to_dict
    from journeyapp.models.templates import load_template

    data = playbook_to_dict(load_template("b2b-saas"))
    start = seconds("2026-09-01")
    data["deals"] = [
        deal(
            n,
            [[stage, stage, start + day * DAY, None] for stage, day in steps],
            outcome=outcome,
        )
        for n, steps in enumerate(deals)
    ]
    for record in data["deals"]:
        for before, after in zip(record["path"], record["path"][1:], strict=False):
            before[3] = after[2]
    return playbook_from_dict(data)


def test_deal_figures_leave_the_rates_above_opportunities_to_the_leads():
    from journeyapp.models.deal_stats import handoff_figures

    steps = [("stage-lead", 0), ("stage-mql", 3), ("stage-sql", 6), ("stage-discovery", 9)]
    playbook = _sample_with([steps, steps[1:]])
    figures = handoff_figures(playbook, list(playbook.deals))
    assert figures["ho-mql-sql"].lead_level and figures["ho-mql-sql"].conversion is None
    assert figures["ho-lead-mql"].lead_level and figures["ho-lead-mql"].conversion is None
    assert not figures["ho-sql-discovery"].lead_level
    assert figures["ho-sql-discovery"].conversion == 1.0


def test_a_deal_that_skipped_a_stage_went_past_it_as_the_funnel_counts():
    from journeyapp.models.deal_stats import handoff_figures

    through = [("stage-discovery", 0), ("stage-proposal", 5), ("stage-negotiation", 9)]
    skipped = [("stage-discovery", 0), ("stage-negotiation", 7)]
    stayed = [("stage-discovery", 0)]
    playbook = _sample_with([through, through, skipped, stayed])
    figures = handoff_figures(playbook, list(playbook.deals))
    past_discovery = figures["ho-discovery-proposal"]
    assert (past_discovery.reached_source, past_discovery.moved) == (4, 3)


def test_replay_figures_on_the_sample_give_no_top_of_funnel_rate_from_deals(tmp_path, capsys):
    from journeyapp.cli import main

    path = tmp_path / "s.journey"
    assert main(["new", str(path), "--template", "b2b-saas"]) == 0
    capsys.readouterr()
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    assert "MQL → SQL: measured on leads, not deals (target 45%)" in out
    assert "MQL → SQL: 100%" not in out and "Lead → MQL: 100%" not in out


def _with_a_stage_added_before_won():
    """Deals that went SQL → Won before a Demo stage was put between them on the map."""
    from funnel_builders import funnel_data
    from journeyapp.models.codec import playbook_from_dict

    deals = [_through_sql(n, "2026-09-01", "won", closed_by_row=True) for n in range(3)]
    deals += [_through_sql(10 + n, "2026-09-01", "lost", closed_by_row=True) for n in range(2)]
    data = funnel_data(deals=deals)
    data["stages"].append({"id": "demo", "name": "Demo", "phase": "decide", "lane": "sales"})
    for handoff in data["handoffs"]:
        if handoff["id"] == "h3":
            handoff["target"] = "demo"
    data["handoffs"].append(
        {"id": "h9", "source": "demo", "target": "won", "target_conversion": 0.5}
    )
    return playbook_from_dict(data)


def test_a_stage_no_deal_entered_is_said_to_be_gone_past_not_converted_into():
    """A stage added since the deals closed read "SQL → Demo: 60% of 5", as if three deals
    had moved into a stage none of them ever entered."""
    from journeyapp.models.deal_stats import handoff_figures

    playbook = _with_a_stage_added_before_won()
    figures = handoff_figures(playbook, playbook.deals)
    into_demo = figures["h3"]
    assert (into_demo.reached_source, into_demo.moved) == (5, 3)  # they went on past SQL
    assert into_demo.target_entered == 0
    assert figures["h9"].reached_source == 0


def test_the_replay_command_says_no_deal_entered_the_stage_it_counts_them_past(tmp_path, capsys):
    from journeyapp.models.store import Store

    from journeyapp.cli import main

    path = tmp_path / "added.journey"
    Store.create(path, _with_a_stage_added_before_won()).close()
    assert main(["replay", str(path)]) == 0
    (line,) = [row for row in capsys.readouterr().out.splitlines() if row.startswith("SQL → Demo")]
    assert "no deal entered Demo" in line and "60%" in line
