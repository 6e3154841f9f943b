"""Validation finds each kind of gap, in a sentence a facilitator understands, naming the thing."""

from __future__ import annotations

from builders import tiny_playbook
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.entities import Raci, StageKind
from journeyapp.models.validation import Severity, validate


def _problems_about(playbook, entity_id):
    return [p for p in validate(playbook) if p.id == entity_id]


def test_a_complete_playbook_has_no_problems():
    assert validate(tiny_playbook()) == []


def test_a_stage_no_path_leads_to_is_unreachable():
    playbook = tiny_playbook()
    playbook.apply(ops.remove_handoff(playbook, "h1"))
    [problem] = _problems_about(playbook, "mql")
    assert problem.severity is Severity.ERROR
    assert problem.kind is Kind.STAGE
    assert "No path leads to “MQL” from “Visitor”" in problem.message


def test_a_recycle_target_counts_as_a_path():
    playbook = tiny_playbook()
    edit = ops.add_stage(playbook, "Nurture", "aware", "mkt", y=150)
    playbook.apply(edit)
    nurture = edit.entity.id
    playbook.apply(ops.connect(playbook, nurture, "mql"))
    assert any("No path leads" in p.message for p in _problems_about(playbook, nurture))
    playbook.apply(ops.set_fields(playbook, Kind.HANDOFF, "h2", recycle_to=nurture))
    assert _problems_about(playbook, nurture) == []


def test_a_non_terminal_stage_with_no_way_out_is_a_dead_end():
    playbook = tiny_playbook()
    playbook.apply(ops.set_fields(playbook, Kind.STAGE, "won", kind=StageKind.STEP))
    [problem] = _problems_about(playbook, "won")
    assert problem.severity is Severity.ERROR
    assert "“Won” has no way out" in problem.message


def test_terminal_stages_need_no_way_out():
    playbook = tiny_playbook()
    assert playbook.outgoing("lost") == []
    assert _problems_about(playbook, "lost") == []


def test_an_activity_needs_exactly_one_accountable_and_a_responsible():
    playbook = tiny_playbook()
    playbook.apply(ops.set_raci(playbook, "a1", "sdr", Raci.A))
    messages = [p.message for p in _problems_about(playbook, "a1")]
    assert "2 roles are Accountable for “Review the lead” in “MQL”; exactly one should be." in (
        messages
    )
    assert "Nobody is Responsible for “Review the lead” in “MQL”." in messages
    playbook.apply(ops.set_raci(playbook, "a1", "ops", None))
    playbook.apply(ops.set_raci(playbook, "a1", "sdr", Raci.R))
    messages = [p.message for p in _problems_about(playbook, "a1")]
    assert messages == ["Nobody is Accountable for “Review the lead” in “MQL”."]


def test_a_cross_team_handoff_needs_a_trigger_and_an_sla():
    playbook = tiny_playbook()
    playbook.apply(ops.set_fields(playbook, Kind.HANDOFF, "h2", trigger=" ", sla_hours=None))
    messages = [p.message for p in _problems_about(playbook, "h2")]
    assert len(messages) == 2
    assert any("has no trigger" in m for m in messages)
    assert any("has no SLA" in m for m in messages)
    assert all(p.severity is Severity.ERROR for p in _problems_about(playbook, "h2"))


def test_a_definition_missing_a_sign_off_is_a_warning_naming_the_team():
    playbook = tiny_playbook()
    playbook.apply(ops.set_fields(playbook, Kind.DEFINITION, "def-mql", sales_signoff=None))
    [problem] = _problems_about(playbook, "def-mql")
    assert problem.severity is Severity.WARNING
    assert problem.message == "The definition of “MQL” is not signed off by sales."


def test_a_role_assigned_nowhere_is_a_warning():
    playbook = tiny_playbook()
    edit = ops.add_role(playbook, "VP Sales", "sales")
    playbook.apply(edit)
    [problem] = _problems_about(playbook, edit.entity.id)
    assert problem.severity is Severity.WARNING
    assert "“VP Sales” is not assigned to any activity" in problem.message


def test_errors_come_before_warnings():
    playbook = tiny_playbook()
    playbook.apply(ops.add_role(playbook, "Idle"))
    playbook.apply(ops.remove_handoff(playbook, "h1"))
    severities = [p.severity for p in validate(playbook)]
    assert severities == sorted(severities, key=lambda s: s is Severity.WARNING)
    assert Severity.ERROR in severities and Severity.WARNING in severities
