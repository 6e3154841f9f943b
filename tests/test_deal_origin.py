"""Where each deal came from, said wherever a deal is replayed: its lead source and campaign,
or "None recorded" when the CRM left them empty."""

from __future__ import annotations

import json

from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.deal_stats import NONE_RECORDED
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template
from PySide6.QtCore import Qt

from journeyapp.cli import main

TAILSPIN = "deal-sample-tailspin"
CONTOSO = "deal-sample-contoso"


def _sourced_sample():
    playbook = load_template("b2b-saas")
    playbook.apply(
        operations.set_fields(
            playbook, Kind.DEAL, TAILSPIN, lead_source="Webinar", campaign="Q1 webinar"
        )
    )
    return playbook


def test_replay_on_the_command_line_names_the_deals_source_and_campaign(tmp_path, capsys):
    path = tmp_path / "p.journey"
    Store.create(path, _sourced_sample()).close()

    assert main(["replay", str(path), "--deal", TAILSPIN]) == 0
    assert "Source: Webinar · Campaign: Q1 webinar" in capsys.readouterr().out.splitlines()[1]
    assert main(["replay", str(path), "--deal", CONTOSO, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["lead_source"], report["campaign"]) == (NONE_RECORDED, NONE_RECORDED)


def test_the_replay_in_the_app_names_the_deals_source_and_campaign(window):
    playbook = window.document.playbook
    window.apply_edit(
        operations.set_fields(
            playbook, Kind.DEAL, TAILSPIN, lead_source="Webinar", campaign="Q1 webinar"
        )
    )
    window.panels.dock_deals.show()
    panel = window.panels.deals
    panel.show_deal(TAILSPIN)
    assert panel.origin.text() == "Source: Webinar · Campaign: Q1 webinar"
    panel.show_deal(CONTOSO)
    assert panel.origin.text() == f"Source: {NONE_RECORDED} · Campaign: {NONE_RECORDED}"
    panel.show_deal(None)
    assert panel.origin.text() == ""
    tips = {
        panel.deal_list.item(row).data(Qt.ItemDataRole.UserRole): panel.deal_list.item(row)
        for row in range(panel.deal_list.count())
    }
    assert tips[TAILSPIN].toolTip() == "Source: Webinar · Campaign: Q1 webinar"


def test_the_replay_shows_a_source_edited_while_the_deal_is_listed(window):
    """The panel kept each deal's source as the list was filled: after the shown deal's
    source was edited, the replay still named the old one."""
    window.panels.dock_deals.show()
    panel = window.panels.deals
    panel.show_deal(TAILSPIN)
    assert panel.origin.text() == f"Source: {NONE_RECORDED} · Campaign: {NONE_RECORDED}"
    playbook = window.document.playbook
    window.apply_edit(
        operations.set_fields(
            playbook, Kind.DEAL, TAILSPIN, lead_source="Webinar", campaign="Q1 webinar"
        )
    )
    panel.show_deal(TAILSPIN)
    assert panel.origin.text() == "Source: Webinar · Campaign: Q1 webinar"


def test_renaming_the_playbook_leaves_the_replay_where_it_is(window):
    """Any change to the playbook's properties refilled the deal list and took the replay
    back to its first step."""
    window.panels.dock_deals.show()
    panel = window.panels.deals
    panel.show_deal(TAILSPIN)
    panel.scrubber.setValue(2)
    playbook = window.document.playbook
    window.apply_edit(operations.rename(playbook, Kind.META, "meta", "Renamed playbook"))
    assert panel.deal_id == TAILSPIN and panel.scrubber.value() == 2


def test_the_replay_follows_touches_imported_after_it_was_first_shown(window):
    """Where the imported activities end is kept between replays; touches imported since
    must move it, or a step would stay "not measured" though the export now covers it."""
    import dataclasses

    from journeyapp.models.edits import PutEntities
    from journeyapp.models.entities import Deal, DealStep, Touch

    playbook = window.document.playbook
    stages = {s.name: s.id for s in playbook.stages()}
    latest = max(t.when for d in playbook.deals for t in d.touches)
    entered = latest + 30 * 86_400
    path = (
        DealStep(stages["MQL"], "MQL", entered - 2 * 86_400, entered),
        DealStep(stages["SQL"], "SQL", entered, None),
    )
    late = Deal("deal-late", "Late", path=path, touches=(Touch(entered - 86_400 + 1, "call"),))
    window.apply_edit(PutEntities(Kind.DEAL, (late,), label="Import 1 deal"))
    window.panels.dock_deals.show()
    panel = window.panels.deals
    panel.show_deal("deal-late")
    assert "imported end on" in panel.shown.steps[1].first_touch.words
    other = playbook.deals[TAILSPIN]
    later = Touch(entered + 40 * 86_400 + 1, "call")
    window.apply_edit(
        PutEntities(
            Kind.DEAL, (dataclasses.replace(other, touches=(*other.touches, later)),), label="T"
        )
    )
    panel.show_deal(TAILSPIN)
    panel.show_deal("deal-late")
    assert panel.shown.steps[1].sla_breached


def test_a_closed_deal_s_last_step_says_it_closed_there_not_that_it_is_still_there(
    tmp_path, capsys, window
):
    path = tmp_path / "p.journey"
    Store.create(path, _sourced_sample()).close()
    assert main(["replay", str(path), "--deal", CONTOSO]) == 0  # lost
    last = [line for line in capsys.readouterr().out.splitlines() if line[:3].strip()][-2]
    assert last.endswith("Lost: the deal closed here"), last
    panel = window.panels.deals
    panel.show_deal(CONTOSO)
    panel.go(len(window.document.playbook.deals[CONTOSO].path) - 1)
    assert panel.step_label.text().endswith(": the deal closed here")
    assert "still there" not in panel.step_label.text()
