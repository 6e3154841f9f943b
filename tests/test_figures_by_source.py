"""Deal figures by where the deals came from: the Source and Campaign filters, the split by
source, and the map tinted for the chosen source."""

from __future__ import annotations

from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.deal_stats import stage_figures
from journeyapp.models.words import count
from PySide6.QtGui import QPalette

WEBINAR = ("Tailspin", "Northwind", "Contoso")


def _sourced(window) -> list:
    """Three of the sample's deals came from the webinar; the others have no source."""
    playbook = window.document.playbook
    webinar = [d for d in playbook.deals if d.name.startswith(WEBINAR)]
    for deal in list(playbook.deals):
        source, campaign = ("Webinar", "Q1 webinar") if deal in webinar else ("", "")
        window.apply_edit(
            operations.set_fields(
                playbook, Kind.DEAL, deal.id, lead_source=source, campaign=campaign
            )
        )
    return [window.document.playbook.deals[d.id] for d in webinar]


def test_the_source_filter_keeps_that_sources_deals_and_counts_none_recorded(window):
    panel = window.panels.figures
    webinar = _sourced(window)
    sources = [panel.source.itemText(i) for i in range(panel.source.count())]
    assert sources == ["Any source", "Webinar", "None recorded"]
    total = len(window.document.playbook.deals)
    panel.source.setCurrentText("Webinar")
    assert panel.summary.text().startswith(count(len(webinar), "deal") + " from source Webinar:")
    panel.source.setCurrentText("None recorded")
    assert panel.summary.text().startswith(
        count(total - len(webinar), "deal") + " from source None recorded:"
    )
    panel.source.setCurrentIndex(0)
    panel.campaign.setCurrentText("Q1 webinar")
    assert panel.summary.text().startswith(
        count(len(webinar), "deal") + " from campaign Q1 webinar:"
    )
    panel.source.setCurrentText("Webinar")
    assert panel.summary.text().startswith(
        count(len(webinar), "deal") + " from source Webinar, campaign Q1 webinar:"
    )


def test_split_by_source_gives_a_row_per_source_with_thin_rates_greyed(window):
    panel = window.panels.figures
    webinar = _sourced(window)
    panel.split_box.setChecked(True)
    assert panel.source_conversion_table.isVisibleTo(panel)
    assert not panel.handoff_table.isVisibleTo(panel)
    days, conversion = panel.source_days_table, panel.source_conversion_table
    rows = [days.item(r, 0).text() for r in range(days.rowCount())]
    assert rows == ["Webinar", "None recorded"]
    assert days.item(0, 1).text() == str(len(webinar))
    heads = [conversion.horizontalHeaderItem(c).text() for c in range(conversion.columnCount())]
    assert "MQL\n→ SQL" not in heads  # above the opportunities: the leads' rate, in the Funnel
    column = heads.index("SQL\n→ Opportunity:\nDiscovery")
    reached = sum(any(s.stage == "stage-sql" for s in d.path) for d in webinar)
    cell = conversion.item(0, column)
    assert cell.text().endswith(f"/{reached})")
    muted = panel.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert cell.foreground().color() == muted and "90% interval" in cell.toolTip()
    assert panel.flagged.text().startswith("No verdicts at a handoff with a score threshold")
    panel.split_box.setChecked(False)
    assert panel.handoff_table.isVisibleTo(panel)


def test_the_map_tint_shows_the_chosen_sources_deals(window):
    panel = window.panels.figures
    webinar = _sourced(window)
    panel.heat_box.setChecked(True)
    panel.source.setCurrentText("Webinar")
    expected = stage_figures(window.document.playbook, webinar)
    entered = {stage: f.entered for stage, f in expected.items() if f.entered}
    badges = [item for item in panel.heat.items() if hasattr(item, "label")]
    assert len(badges) == len(entered)
    texts = sorted(badge.label.text() for badge in badges)
    assert all(text.startswith("Webinar: ") for text in texts)
    assert sorted(int(t.split(": ")[1].split(" in")[0]) for t in texts) == sorted(entered.values())


def _two_deals_on_one_day(window, owners=("Alice Smith", "alice smith")):
    """Two deals that started on 1 July 2026 in London, the sample's time zone: one at 00:30
    (23:30 UTC on 30 June), one at noon."""
    from journeyapp.models.edits import PutEntities
    from journeyapp.models.entities import Deal, DealOutcome, DealStep

    playbook = window.document.playbook
    sql = next(s for s in playbook.stages() if s.name == "SQL")
    starts = (1782862200, 1782903600)  # 2026-06-30T23:30Z, 2026-07-01T11:00Z
    deals = tuple(
        Deal(f"d-{n}", f"Deal {n}", owner=owner, outcome=DealOutcome.OPEN,
             path=(DealStep(sql.id, "SQL", start, None),))
        for n, (owner, start) in enumerate(zip(owners, starts, strict=True))
    )  # fmt: skip
    window.apply_edit(PutEntities(Kind.DEAL, deals, label="Import 2 deals"))
    return window.panels.figures


def test_started_between_takes_both_days_whole_in_the_playbooks_time_zone(window):
    """1 July to 1 July showed none of the deals that started on 1 July."""
    panel = _two_deals_on_one_day(window)
    panel.since.setText("2026-07-01")
    panel.until.setText("2026-07-01")
    panel.refresh()
    assert panel.summary.text().startswith("2 deals: 0 won, 0 lost")


def test_the_owner_filter_takes_an_owner_however_the_crm_spells_them(window):
    panel = _two_deals_on_one_day(window)
    panel.since.setText("2026-07-01")
    panel.refresh()
    choices = [panel.owner.itemText(i) for i in range(panel.owner.count())]
    assert choices.count("Alice Smith") == 1 and "alice smith" not in choices
    panel.owner.setCurrentText("Alice Smith")
    assert panel.summary.text().startswith("2 deals")


def test_a_deal_size_bound_over_deals_in_several_currencies_says_so(window):
    """¥1,000,000 passed "at least 100,000" beside a $12,000 deal that did not: amounts in
    different currencies were compared as plain numbers, and nothing said so."""
    from journeyapp.models.edits import PutEntities
    from journeyapp.models.entities import Deal, DealOutcome, DealStep

    playbook = window.document.playbook
    sql = next(s for s in playbook.stages() if s.name == "SQL")
    step = (DealStep(sql.id, "SQL", 1782903600, None),)
    deals = (
        Deal("d-usd", "Alpha", amount=12_000, currency="USD", outcome=DealOutcome.OPEN, path=step),
        Deal(
            "d-jpy", "Beta", amount=1_000_000, currency="JPY", outcome=DealOutcome.OPEN, path=step
        ),
    )
    window.apply_edit(PutEntities(Kind.DEAL, deals, label="Import 2 deals"))
    panel = window.panels.figures
    panel.min_amount.setText("100000")
    panel.refresh()
    assert "compares amounts in JPY and USD as plain numbers" in panel.summary.text()
    panel.min_amount.setText("")
    panel.refresh()
    assert "plain numbers" not in panel.summary.text()


def test_a_deal_without_a_source_of_its_own_takes_the_source_of_the_lead_it_came_from(window):
    """A deal export seldom has a source column; the lead export names the deal each lead
    became. Deal figures counted such deals as "None recorded" while the funnel counted the
    same buyers under their leads' source."""
    from journeyapp.models.edits import PutEntities
    from journeyapp.models.entities import DealStep, Lead

    playbook = window.document.playbook
    deal = next(d for d in playbook.deals if d.name.startswith("Tailspin"))
    assert not deal.lead_source
    lead = Lead(
        "lead-1",
        "Tailspin's buyer",
        lead_source="Webinar",
        campaign="Q1 webinar",
        path=(DealStep("stage-mql", "MQL", deal.path[0].entered - 86_400, None),),
        deal=deal.id,
    )
    own = sum(d.lead_source == "Webinar" for d in playbook.deals)
    window.apply_edit(PutEntities(Kind.LEAD, (lead,), label="Import 1 lead"))
    panel = window.panels.figures
    assert "Webinar" in [panel.source.itemText(i) for i in range(panel.source.count())]
    panel.source.setCurrentText("Webinar")
    assert panel.summary.text().startswith(count(own + 1, "deal") + " from source Webinar:")
    panel.source.setCurrentText("None recorded")
    nothing = sum(not d.lead_source for d in playbook.deals) - 1
    assert panel.summary.text().startswith(count(nothing, "deal") + " from source None recorded:")


def test_deals_still_sitting_in_a_stage_count_in_its_tint():
    """Two of three deals had sat in Negotiation for over a year; the tint took only the
    stay that had ended (10 days of 21) and showed the stage on time."""
    from funnel_builders import deal, funnel_playbook, path
    from journeyapp.models.replay import Pace, pace_of

    deals = [
        deal(1, path("2025-01-01", "sql", "won", gaps=(10,)), outcome="won", amount=1e4),
        deal(2, path("2025-01-01", "sql")),
        deal(3, path("2025-01-05", "sql")),
        deal(4, path("2026-02-01", "mql", gaps=(5,))),  # the latest any record knows of
    ]
    playbook = funnel_playbook(deals=deals)
    sql = stage_figures(playbook, playbook.deals)["sql"]
    assert sql.median_days == 10  # the stays that ended, as the table says
    assert len(sql.waiting) == 2 and sql.pace_days > 390
    assert pace_of(sql.pace_days, 21) is Pace.STUCK


def test_the_tints_badges_cover_no_handoffs_label_and_no_other_card(window):
    """A badge below its card covered the label of a handoff leaving the card downwards
    ("No pain or no budget" under Proposal): each now goes where it covers least."""
    panel = window.panels.figures
    panel.heat_box.setChecked(True)
    scene = window.canvas.map_scene
    scene.settle_labels_now()
    badges = [item for item in panel.heat.items() if hasattr(item, "label")]
    assert badges
    labels = [
        item.mapRectToScene(item.label_rect)
        for item in scene.handoff_items.values()
        if not item.label_rect.isEmpty()
    ]
    cards = {stage_id: scene.card_rect(stage_id) for stage_id in scene.stage_items}
    for badge in badges:
        rect = badge.sceneBoundingRect()
        covered = [label for label in labels if label.intersects(rect)]
        assert not covered, badge.label.text()
        others = [card for card in cards.values() if card.intersects(rect)]
        assert not others, badge.label.text()


def test_far_out_the_cached_map_picture_shows_the_tints_badges_where_they_went(window, qtbot):
    """Far out the map is drawn from a cached picture, redrawn where the scene says it
    changed: a badge moved off its first place must be drawn where it went, not where it was."""
    canvas = window.canvas
    canvas.set_zoom(0.2)
    assert canvas.in_overview()

    def seen():
        return canvas.viewport().grab().toImage()

    seen()  # the picture is drawn
    window.panels.figures.heat_box.setChecked(True)
    qtbot.wait(100)
    cached = seen()
    canvas.overview.reset()
    assert cached == seen()


def test_the_handoffs_above_the_opportunities_send_the_reader_to_the_funnel(window):
    from journeyapp.widgets.panels.deal_figures_panel import HANDOFF_COLUMNS, LEAD_LEVEL

    panel = window.panels.figures
    table = panel.handoff_table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    conversion = HANDOFF_COLUMNS.index("Conversion")
    cell = table.item(rows["MQL → SQL"], conversion)
    assert cell.text() == LEAD_LEVEL and "comes from leads" in cell.toolTip()
    below = table.item(rows["SQL → Opportunity: Discovery"], conversion)
    assert below.text().endswith("%")


def test_a_stage_no_deal_entered_is_marked_as_gone_past_in_the_table(window):
    """With a stage put on the main line after the deals moved, the table read "60%" into a
    stage no deal had entered."""
    from journeyapp.widgets.panels.deal_figures_panel import HANDOFF_COLUMNS

    playbook = window.document.playbook
    proposal = playbook.stage("stage-proposal")
    add = operations.add_stage(playbook, "Security review", proposal.phase, proposal.lane)
    window.apply_edit(add)
    window.apply_edit(
        operations.set_fields(playbook, Kind.HANDOFF, "ho-discovery-proposal", target=add.entity.id)
    )
    link = operations.connect(playbook, add.entity.id, "stage-proposal")
    window.apply_edit(link)
    window.apply_edit(
        operations.set_fields(playbook, Kind.HANDOFF, link.entity.id, target_conversion=0.8)
    )
    table = window.panels.figures.handoff_table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    cell = table.item(
        rows["Opportunity: Discovery → Security review"], HANDOFF_COLUMNS.index("Conversion")
    )
    assert cell.text().endswith("% past")
    assert "No deal entered Security review" in cell.toolTip()
