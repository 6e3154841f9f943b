"""The sample a facilitator shows a sales team unedited: it passes its own checks and has none
of the gaps a sales team would spot at once."""

from __future__ import annotations

import datetime

import networkx as nx
from journeyapp.models.entities import BuyingRole, DealOutcome, StageKind
from journeyapp.models.improvement_results import measured_result
from journeyapp.models.replay import closed_at
from journeyapp.models.staleness import stale_stages
from journeyapp.models.templates import load_template
from journeyapp.models.validation import Severity, validate

SAMPLE_DAY = datetime.date(2026, 11, 30)


def test_the_sample_has_customer_success_a_sales_engineer_a_pilot_and_an_outbound_path():
    playbook = load_template("b2b-saas")
    lanes = {lane.id: lane.name for lane in playbook.lanes}
    roles = {role.name: role.team for role in playbook.roles}
    assert lanes[roles["Customer success manager"]] == "Customer Success"
    assert lanes[roles["Sales engineer"]] == "Sales"
    for stage_id in ("stage-onboarding", "stage-expansion"):
        assert lanes[playbook.stage(stage_id).lane] == "Customer Success"
    pilot = next(s for s in playbook.stages() if "Pilot" in s.name)
    assert nx.has_path(playbook.graph, "stage-discovery", pilot.id)
    entries = [s for s in playbook.stages() if s.kind is StageKind.ENTRY]
    assert {lanes[s.lane] for s in entries} == {"Marketing", "Sales"}  # inbound and outbound


def test_every_stage_a_sample_deal_was_lost_at_has_a_path_to_lost():
    playbook = load_template("b2b-saas")
    lost = next(s.id for s in playbook.stages() if s.kind is StageKind.LOST)
    lost_at = {
        deal.path[closed_at(playbook, deal)].stage
        for deal in playbook.deals
        if deal.outcome is DealOutcome.LOST
    }
    assert "stage-discovery" in lost_at and "stage-pilot" in lost_at
    assert all(playbook.handoff_between(stage, lost) for stage in lost_at), lost_at


def test_the_sample_speaks_of_champions_economic_buyers_one_currency_and_its_own_name():
    playbook = load_template("b2b-saas")
    roles = {buyer.role for deal in playbook.deals for buyer in deal.buying_team}
    assert {BuyingRole.CHAMPION, BuyingRole.ECONOMIC_BUYER} <= roles
    assert {deal.currency for deal in playbook.deals} == {"USD"}
    seller = playbook.meta.company.split()[0]
    assert all(seller not in deal.account for deal in playbook.deals)


def test_the_late_stages_have_content_and_one_stage_is_due_for_review():
    playbook = load_template("b2b-saas")
    for stage_id in ("stage-pilot", "stage-proposal", "stage-negotiation"):
        assert playbook.stage(stage_id).content, stage_id
    links = [item.link for stage in playbook.stages() for item in stage.content]
    assert links and not any("example.com/" in link for link in links)
    assert [s.name for s in stale_stages(playbook, SAMPLE_DAY)] == ["Nurture / could not reach"]


def test_the_sample_holds_a_meeting_a_project_and_a_measured_result():
    playbook = load_template("b2b-saas")
    [meeting] = list(playbook.meetings)
    assert meeting.decisions and meeting.attendees
    assert len(playbook.projects) == 1
    measured = [
        result
        for improvement in playbook.improvements
        if (result := measured_result(playbook, improvement, SAMPLE_DAY)) is not None
    ]
    assert measured and measured[0].enough and measured[0].better
    assert measured[0].words in meeting.test_results


def test_the_sample_opens_with_no_errors_and_no_warnings():
    problems = validate(load_template("b2b-saas"))
    assert [p.message for p in problems if p.severity in (Severity.ERROR, Severity.WARNING)] == []
