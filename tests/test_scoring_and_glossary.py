"""The lead-scoring maths, the glossary's sign-offs, and the ranges numbers must keep."""

from __future__ import annotations

import pytest
from journeyapp.models import glossary, limits, operations
from journeyapp.models.change import Kind
from journeyapp.models.entities import Condition, ScoreCategory, ScoringRule
from journeyapp.models.errors import EditError
from journeyapp.models.scoring import attributes, describe_rule, rule_is_met, score_lead
from journeyapp.models.validation import validate

from tests.builders import tiny_playbook


def rule(attribute, condition, value, points):
    return ScoringRule("r", attribute, Condition(condition), value, points)


RULES = [
    rule("Company size", "at least", "200", 15),
    rule("Industry", "is one of", "Software, Healthcare", 10),
    rule("Job title", "contains", "director", 10),
    rule("Visited pricing", "is", "yes", 20),
    rule("Email domain", "is one of", "gmail.com, yahoo.com", -20),
]


def test_a_lead_scores_the_points_of_every_rule_it_meets():
    lead = {
        "company size": "1,200",
        "Industry": " healthcare ",
        "Job Title": "Sales Director EMEA",
        "Visited pricing": "YES",
    }
    score = score_lead(RULES, lead)
    assert score.total == 15 + 10 + 10 + 20
    assert [r.attribute for r in score.met] == [
        "Company size",
        "Industry",
        "Job title",
        "Visited pricing",
    ]


def test_negative_rules_take_points_away_and_the_threshold_is_inclusive():
    lead = {"Visited pricing": "yes", "Email domain": "gmail.com", "Company size": "250"}
    score = score_lead(RULES, lead)
    assert score.total == 20 - 20 + 15
    assert score.lands_above(15)
    assert not score.lands_above(16)


@pytest.mark.parametrize(
    ("condition", "value", "lead_value", "met"),
    [
        ("at least", "200", "199", False),
        ("at least", "200", "200", True),
        ("at most", "50", "50.0", True),
        ("at most", "50", "fifty", False),  # not a number: the rule cannot be met
        ("is", "yes", "yes please", False),
        ("contains", "pricing", "Visited PRICING page", True),
        ("is one of", "a, b", "c", False),
    ],
)
def test_each_condition_compares_as_a_person_would(condition, value, lead_value, met):
    assert rule_is_met(rule("x", condition, value, 1), {"x": lead_value}) is met


def test_a_blank_or_missing_attribute_meets_no_rule():
    assert score_lead(RULES, {}).total == 0
    assert score_lead(RULES, {"Company size": "  "}).total == 0


def test_the_walk_through_names_each_attribute_once_and_reads_as_a_line():
    named = attributes([*RULES, rule("company size ", "at most", "10", -5)])
    assert named == ["Company size", "Industry", "Job title", "Visited pricing", "Email domain"]
    assert describe_rule(RULES[0]) == "Company size at least 200: +15"
    assert describe_rule(RULES[4]).endswith(": -20")


def test_a_numeric_rule_with_a_word_for_its_value_is_refused():
    playbook = tiny_playbook()
    with pytest.raises(EditError, match="compares numbers"):
        playbook.apply(
            operations.add_scoring_rule(
                playbook, attribute="Company size", condition=Condition.AT_LEAST, value="big"
            )
        )
    edit = operations.add_scoring_rule(
        playbook,
        attribute="Company size",
        condition=Condition.AT_LEAST,
        value="200",
        points=15,
        category=ScoreCategory.FIRMOGRAPHIC,
    )
    playbook.apply(edit)
    assert len(playbook.scoring_rules) == 1
    playbook.revert(edit)
    assert len(playbook.scoring_rules) == 0


def test_rewording_a_signed_definition_clears_both_sign_offs_and_undo_restores_them():
    playbook = tiny_playbook()
    before = tiny_playbook()
    edit = glossary.set_wording(playbook, "def-mql", text="A lead that scored 65 or more.")
    playbook.apply(edit)
    mql = playbook.definitions["def-mql"]
    assert mql.marketing_signoff is None and mql.sales_signoff is None
    assert "sign-offs cleared" in edit.label
    assert any(p.kind is Kind.DEFINITION for p in validate(playbook))
    playbook.revert(edit)
    assert playbook == before


def test_saving_the_same_words_keeps_the_sign_offs():
    playbook = tiny_playbook()
    playbook.apply(glossary.set_wording(playbook, "def-mql", text="A lead marketing vouches for."))
    assert playbook.definitions["def-mql"].sales_signoff is not None


def test_signing_off_needs_a_name_and_a_known_team():
    playbook = tiny_playbook()
    playbook.apply(glossary.set_wording(playbook, "def-mql", text="New words"))
    with pytest.raises(EditError, match="name cannot be empty"):
        glossary.sign_off(playbook, "def-mql", "sales", "  ", "2026-11-23")
    with pytest.raises(EditError, match="marketing or sales"):
        glossary.sign_off(playbook, "def-mql", "finance", "Kim", "2026-11-23")
    for team in glossary.TEAMS:
        playbook.apply(glossary.sign_off(playbook, "def-mql", team, "Kim", "2026-11-23"))
    assert not [p for p in validate(playbook) if p.kind is Kind.DEFINITION]


def test_a_term_is_unique_and_a_definition_in_use_is_not_deleted():
    playbook = tiny_playbook()
    with pytest.raises(EditError, match="already a definition"):
        glossary.add_definition(playbook, " mql ")
    with pytest.raises(EditError, match="relied on by 1 handoff"):
        glossary.remove_definition(playbook, "def-mql")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target_conversion", 1.5, "between 0% and 100%"),
        ("sla_hours", 0, "more than 0"),
        ("score_threshold", -1, "between 0 and"),
        ("contact_attempts", 0, "between 1 and"),
    ],
)
def test_handoff_numbers_outside_their_range_are_refused(field, value, message):
    playbook = tiny_playbook()
    with pytest.raises(EditError, match=message):
        playbook.apply(operations.set_fields(playbook, Kind.HANDOFF, "h2", **{field: value}))
    assert playbook == tiny_playbook()


@pytest.mark.parametrize(
    ("typed", "hours"), [("24", 24), ("24h", 24), ("36 hours", 36), ("2d", 48), ("", None)]
)
def test_an_sla_is_read_from_hours_or_days(typed, hours):
    assert limits.parse_hours(typed) == hours


@pytest.mark.parametrize("typed", ["soon", "24 minutes", "-3", "1e9x"])
def test_a_non_numeric_sla_is_refused_in_one_sentence(typed):
    with pytest.raises(EditError, match="number of hours"):
        limits.parse_hours(typed)


def test_percentages_are_read_and_kept_in_range():
    assert limits.parse_percent("35%") == pytest.approx(0.35)
    assert limits.parse_percent(" ") is None
    with pytest.raises(EditError, match="between 0% and 100%"):
        limits.parse_percent("120")
    with pytest.raises(EditError, match="percentage"):
        limits.parse_percent("a third")
    with pytest.raises(EditError, match="whole number"):
        limits.parse_whole("6.5", "The number of attempts")


def test_marking_a_stage_reviewed_records_who_and_when():
    playbook = tiny_playbook()
    playbook.apply(operations.mark_reviewed(playbook, "mql", " Dana ", "2026-11-23"))
    stage = playbook.stage("mql")
    assert (stage.last_reviewed, stage.last_reviewed_by) == ("2026-11-23", "Dana")
    with pytest.raises(EditError):
        operations.mark_reviewed(playbook, "mql", "", "2026-11-23")


def test_activities_move_within_their_stage_only():
    playbook = tiny_playbook()
    playbook.apply(operations.add_activity(playbook, "mql", "Enrich the record"))
    second = playbook.activities_of("mql")[1].id
    playbook.apply(operations.move_activity_within_stage(playbook, second, -1))
    assert [a.name for a in playbook.activities_of("mql")] == [
        "Enrich the record",
        "Review the lead",
    ]
    with pytest.raises(EditError, match="cannot move further"):
        operations.move_activity_within_stage(playbook, second, -1)
