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


def test_a_cross_team_handoff_needs_a_definition_or_a_checklist():
    playbook = tiny_playbook()
    playbook.apply(ops.set_fields(playbook, Kind.HANDOFF, "h2", definition=None, qualification=()))
    (problem,) = _problems_about(playbook, "h2")
    assert problem.severity is Severity.WARNING
    assert "relies on no definition and has no qualification checklist" in problem.message
    playbook.apply(ops.set_fields(playbook, Kind.HANDOFF, "h2", qualification=("Budget",)))
    assert _problems_about(playbook, "h2") == []


def test_a_stage_receiving_another_teams_buyers_needs_entry_and_exit_criteria():
    playbook = tiny_playbook()
    playbook.apply(ops.set_fields(playbook, Kind.STAGE, "sql", exit_criteria="  "))
    (problem,) = _problems_about(playbook, "sql")
    assert problem.severity is Severity.WARNING
    assert "“SQL” receives buyers from another team but has no exit criteria" in problem.message


def _scored(playbook, threshold, *points):
    from journeyapp.models.edits import PutEntities
    from journeyapp.models.entities import ScoringRule

    rules = tuple(ScoringRule(f"r{n}", f"Signal {n}", points=p) for n, p in enumerate(points))
    playbook.apply(PutEntities(Kind.SCORING_RULE, rules, label="Rules"))
    playbook.apply(ops.set_fields(playbook, Kind.HANDOFF, "h2", score_threshold=threshold))
    return _problems_about(playbook, "h2")


def test_a_score_threshold_above_what_the_rules_can_add_up_to_is_an_error():
    (problem,) = _scored(tiny_playbook(), 150, 40, 35, 25, -20)
    assert problem.severity is Severity.ERROR
    assert problem.message == (
        "The score threshold 150 on “MQL” → “SQL” can never be reached: the scoring rules "
        "add up to 100 at most."
    )
    assert _scored(tiny_playbook(), 100, 40, 35, 25, -20) == []  # every rule met reaches it


def test_a_score_threshold_every_lead_reaches_is_a_warning():
    (problem,) = _scored(tiny_playbook(), 0, 40)
    assert problem.severity is Severity.WARNING
    assert "lets every lead through" in problem.message


def test_the_sample_playbook_passes_its_own_checks():
    from journeyapp.models.templates import load_template

    assert validate(load_template("b2b-saas")) == []
