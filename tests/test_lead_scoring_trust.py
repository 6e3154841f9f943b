"""Lead scoring both teams trust: fit and engagement apart, the fit gate, hand-raisers,
negative signals, fading behaviour, the challenge log, the model's sign-offs, the
definitions' example leads in check, and the backtest against imported leads."""

from __future__ import annotations

import datetime

import pytest
from journeyapp.models import scoring_edits
from journeyapp.models.change import Kind
from journeyapp.models.codec import entity_to_dict, playbook_from_dict, playbook_to_dict
from journeyapp.models.entities import (
    Condition,
    Deal,
    DealOutcome,
    DealStep,
    ExampleLead,
    Lead,
    LeadFact,
    ScoreCategory,
    ScoringRule,
    Verdict,
    VerdictOutcome,
)
from journeyapp.models.errors import EditError
from journeyapp.models.limits import check_values
from journeyapp.models.scoring import faded, iso_day, score_facts, score_lead
from journeyapp.models.scoring_backtest import backtest
from journeyapp.models.store import Store
from journeyapp.models.templates import SAMPLE, load_template
from journeyapp.models.validation import Severity, validate

from tests.builders import SIGNED, tiny_data

FIT, BEHAVIOUR = ScoreCategory.FIRMOGRAPHIC, ScoreCategory.BEHAVIOURAL


def rule(rule_id, attribute, condition, value, points, category=FIT, **flags):
    return ScoringRule(rule_id, attribute, Condition(condition), value, points, category, **flags)


ICP = rule("icp", "Company size", "between", "50-2,000", 10, gate=True)
TITLE = rule("title", "Job title", "contains one of", "Director, VP, Head of", 15)
PRICING = rule("pricing", "Visited pricing", "is", "yes", 20, BEHAVIOUR, half_life_days=30)
DEMO = rule("demo", "Requested demo", "is", "yes", 30, BEHAVIOUR, routes=True)
STUDENT = rule("student", "Job title", "contains one of", "student, intern", -40)
UNSUBSCRIBED = rule("unsub", "Unsubscribed", "is", "yes", -15, BEHAVIOUR)
RULES = [ICP, TITLE, PRICING, DEMO, STUDENT, UNSUBSCRIBED]


# -- the score ---------------------------------------------------------------------------


def test_fit_and_engagement_are_scored_apart_and_add_up():
    score = score_lead(
        RULES, {"Company size": "300", "Job title": "VP Sales", "Visited pricing": "yes"}
    )
    assert (score.fit, score.engagement, score.total) == (25, 20, 45)


def test_a_lead_outside_the_fit_gate_never_passes_and_its_behaviour_does_not_count():
    agency = {"Company size": "5", "Job title": "Director", "Visited pricing": "yes"}
    score = score_lead(RULES, agency)
    assert score.gates_missed == (ICP,)
    assert score.engagement == 0
    assert [r.id for r in score.held_back] == ["pricing"]
    assert not score.passes(0)  # not even a threshold every score reaches lets it through


def test_the_gate_takes_both_ends_of_its_range():
    for size, inside in (("49", False), ("50", True), ("2,000", True), ("2001", False)):
        assert (not score_lead([ICP], {"Company size": size}).gates_missed) is inside


def test_a_hand_raiser_routes_at_once_whatever_the_score_once_through_the_gate():
    asked = score_lead(RULES, {"Company size": "300", "Requested demo": "yes"})
    assert asked.total == 40
    assert asked.passes(100)
    assert asked.routed_by == (DEMO,)
    outside = score_lead(RULES, {"Company size": "3", "Requested demo": "yes"})
    assert not outside.passes(0)


def test_negative_signals_take_points_away_from_fit_and_engagement():
    lead = {"Company size": "300", "Job title": "Student intern", "Unsubscribed": "yes"}
    score = score_lead(RULES, lead)
    assert (score.fit, score.engagement) == (10 - 40, -15)
    assert not score.passes(0)


def test_behaviour_points_halve_every_half_life_after_the_activity():
    lead, on = {"Company size": "300", "Visited pricing": "yes"}, datetime.date(2026, 11, 30)
    for happened, points in (("2026-11-30", 20), ("2026-10-31", 10), ("2026-10-01", 5)):
        score = score_lead(RULES, lead, {"Visited pricing": happened}, on)
        assert score.engagement == points, happened
    assert score_lead(RULES, lead, {"Visited pricing": "2026-10-01"}).engagement == 20  # no date


def test_fading_rounds_half_points_away_from_zero_and_never_fades_a_fit_rule():
    fading = rule("x", "Unsubscribed", "is", "yes", -15, BEHAVIOUR, half_life_days=30)
    on = datetime.date(2026, 11, 30)
    assert faded(fading, "2026-10-31", on) == -8  # -7.5
    assert faded(TITLE, "2020-01-01", on) == 15


def test_a_rule_refuses_a_gate_on_behaviour_fading_on_fit_and_a_range_it_cannot_read():
    with pytest.raises(EditError, match="Only a fit"):
        check_values(
            Kind.SCORING_RULE, rule("x", "Visited pricing", "is", "yes", 5, BEHAVIOUR, gate=True)
        )
    with pytest.raises(EditError, match="no half-life"):
        check_values(Kind.SCORING_RULE, rule("x", "Industry", "is", "Retail", 5, half_life_days=30))
    with pytest.raises(EditError, match="give two, lowest first"):
        check_values(Kind.SCORING_RULE, rule("x", "Company size", "between", "2000-50", 5))


def test_facts_score_with_their_dates():
    facts = (
        LeadFact("Company size", "300"),
        LeadFact("Visited pricing", "yes", "2026-10-31"),
    )
    assert score_facts(RULES, facts, datetime.date(2026, 11, 30)).total == 10 + 10


# -- a playbook with the model ----------------------------------------------------------------


def example(name, *facts, on="2026-11-30"):
    return ExampleLead(name, on, tuple(LeadFact(*fact) for fact in facts))


OPS_LEAD = example(
    "Ops lead at a 300-person retailer",
    ("Company size", "300"),
    ("Job title", "Head of Ops"),
    ("Visited pricing", "yes", "2026-11-28"),
)
AGENCY = example(
    "5-person agency",
    ("Company size", "5"),
    ("Visited pricing", "yes", "2026-11-28"),
    ("Job title", "Director"),
)


def scored_data(threshold=40, examples=(OPS_LEAD,), non_examples=(AGENCY,), rules=RULES):
    data = tiny_data()
    data["handoffs"][1]["score_threshold"] = threshold
    data["scoring_rules"] = [entity_to_dict(r) for r in rules]
    definition = data["definitions"][0]
    definition["example_leads"] = [entity_to_dict(e) for e in examples]
    definition["non_example_leads"] = [entity_to_dict(e) for e in non_examples]
    data["meta"]["scoring_marketing_signoff"] = SIGNED
    data["meta"]["scoring_sales_signoff"] = SIGNED
    return data


def scored_playbook(**options):
    return playbook_from_dict(scored_data(**options))


def errors(playbook):
    return [p.message for p in validate(playbook) if p.severity is Severity.ERROR]


def test_check_passes_when_the_examples_score_as_the_definition_claims():
    assert errors(scored_playbook()) == []


def test_check_names_an_example_that_does_not_pass_with_its_score_and_rules():
    (message,) = errors(scored_playbook(threshold=50))
    assert message.startswith(
        "“Ops lead at a 300-person retailer”, an example of “MQL”, "
        "does not pass “MQL” → “SQL” (threshold 50)"
    )
    assert "fit 25 + engagement 19 = 44" in message  # pricing two days ago: 20 × 0.5^(2/30)
    assert "Company size between 50-2,000 (+10)" in message
    assert "Visited pricing is yes (+19)" in message


def test_check_names_a_non_example_that_passes():
    hand_raising_student = example(
        "Student who asked for a demo", ("Company size", "300"), ("Requested demo", "yes")
    )
    (message,) = errors(scored_playbook(non_examples=(hand_raising_student,)))
    assert "a non-example of “MQL”, passes “MQL” → “SQL”" in message
    assert "routes at once (Requested demo)" in message


def test_check_refuses_a_threshold_above_the_most_a_lead_can_score():
    assert errors(scored_playbook(threshold=75, examples=())) == []
    (message,) = errors(scored_playbook(threshold=76, examples=()))
    assert "can never be reached: the scoring rules add up to 75 at most" in message


def test_check_warns_of_a_threshold_at_or_below_what_every_lead_through_the_gate_scores():
    def warnings(threshold):
        playbook = scored_playbook(
            threshold=threshold, examples=(), non_examples=(), rules=[ICP, PRICING]
        )
        return [p.message for p in validate(playbook) if "every lead through" in p.message]

    (message,) = warnings(10)
    assert "every lead that meets the fit gate scores 10 at the least" in message
    assert warnings(11) == []


# -- edits: the challenge log and the model's sign-offs ------------------------------------


def test_changing_a_rule_clears_both_sign_offs_and_undo_brings_them_back():
    playbook = scored_playbook()
    edit = scoring_edits.change_rule(playbook, "pricing", points=25)
    assert edit.label == "Change the points of “Visited pricing” (scoring sign-offs cleared)"
    playbook.apply(edit)
    assert playbook.scoring_rules["pricing"].points == 25
    assert playbook.meta.scoring_sales_signoff is None
    assert playbook.meta.scoring_marketing_signoff is None
    playbook.revert(edit)
    assert playbook.meta.scoring_sales_signoff.name == "Pat"
    assert playbook.scoring_rules["pricing"].points == 20


def test_recording_a_challenge_keeps_who_what_and_when_and_clears_the_sign_offs():
    playbook = scored_playbook()
    edit = scoring_edits.add_challenge(
        playbook,
        "pricing",
        "sales",
        "Dana",
        "Pricing visits by students",
        "Keep, fade over 30 days",
        "2026-11-20",
    )
    playbook.apply(edit)
    (challenge,) = playbook.scoring_rules["pricing"].challenges
    assert (challenge.team, challenge.name, challenge.decision, challenge.date) == (
        "sales",
        "Dana",
        "Keep, fade over 30 days",
        "2026-11-20",
    )
    assert playbook.meta.scoring_sales_signoff is None
    assert edit.label.startswith("Record sales' challenge to “Visited pricing”")


def test_a_challenge_needs_a_team_a_name_and_an_argument():
    playbook = scored_playbook()
    for team, name, argument, words in (
        ("finance", "Kim", "x", "marketing or sales"),
        ("sales", " ", "x", "who challenged"),
        ("sales", "Kim", "", "argument"),
    ):
        with pytest.raises(EditError, match=words):
            scoring_edits.add_challenge(playbook, "pricing", team, name, argument, "", "2026-11-20")


def test_signing_the_model_is_one_step_and_an_unchanged_rule_clears_nothing():
    playbook = scored_playbook()
    playbook.apply(scoring_edits.withdraw_sign_off(playbook, "sales"))
    assert playbook.meta.scoring_sales_signoff is None
    playbook.apply(scoring_edits.sign_off(playbook, "sales", "Dana", "2026-12-01"))
    assert playbook.meta.scoring_sales_signoff.name == "Dana"
    same = scoring_edits.change_rule(playbook, "pricing", points=20)
    assert "cleared" not in same.label


def test_the_model_sign_offs_and_the_example_leads_survive_the_file(tmp_path):
    playbook = scored_playbook()
    path = tmp_path / "scored.journey"
    Store.create(path, playbook).close()
    store = Store.open(path)
    try:
        again = store.load()
    finally:
        store.close()
    assert playbook_to_dict(again) == playbook_to_dict(playbook)
    assert again.meta.scoring_sales_signoff.name == "Pat"
    assert again.definitions["def-mql"].example_leads[0].facts[2].date == "2026-11-28"


# -- the backtest --------------------------------------------------------------------------

DAY = 86_400
NOV_30 = int(datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC).timestamp())


def lead(number, size, title, pricing, deal=None, verdict=None):
    facts = [LeadFact("Company size", size), LeadFact("Job title", title)]
    if pricing:
        facts.append(LeadFact("Visited pricing", "yes", "2026-11-30"))
    verdicts = {"h2": Verdict(verdict)} if verdict else {}
    path = (DealStep("mql", "MQL", NOV_30), DealStep("sql", "SQL", NOV_30))
    return Lead(
        f"lead-{number}",
        f"Lead {number}",
        path=path,
        deal=deal,
        facts=tuple(facts),
        verdicts=verdicts,
    )


def test_backtest_counts_won_and_rejected_leads_and_draws_precision_and_recall():
    # Scores: 1 → 45 won, 2 → 25 won, 3 → 30 rejected, 4 → 10 rejected, 5 → 15 (gate missed:
    # its fit counts, its pricing visit does not, and it never passes).
    playbook = scored_playbook(threshold=30, examples=(), non_examples=())
    for number, outcome in ((1, DealOutcome.WON), (2, DealOutcome.WON)):
        playbook.insert_entity(Kind.DEAL, Deal(f"deal-{number}", f"Deal {number}", outcome=outcome))
    for entry in (
        lead(1, "300", "VP Sales", True, deal="deal-1"),
        lead(2, "300", "Director", False, deal="deal-2"),
        lead(3, "300", "Analyst", True, verdict=VerdictOutcome.REJECTED),
        lead(4, "300", "Analyst", False, verdict=VerdictOutcome.REJECTED),
        lead(5, "5", "VP Sales", True),
        Lead("lead-6", "No facts"),
    ):
        playbook.insert_entity(Kind.LEAD, entry)
    result = backtest(playbook, playbook.handoff("h2"))
    assert (result.scored, result.unscored, result.won, result.rejected) == (5, 1, 2, 2)
    assert (result.won_passed, result.rejected_passed) == (1, 1)  # at 30: leads 1 and 3 pass
    assert [p.threshold for p in result.points] == [10, 15, 25, 30, 45]
    by_threshold = {p.threshold: (p.passed, p.precision, p.recall) for p in result.points}
    assert by_threshold[10] == (4, 2 / 4, 1.0)
    assert by_threshold[15] == (3, 2 / 3, 1.0)
    assert by_threshold[25] == (3, 2 / 3, 1.0)
    assert by_threshold[30] == (2, 1 / 2, 1 / 2)
    assert by_threshold[45] == (1, 1.0, 1 / 2)
    assert result.nothing_to_backtest() is None


def test_backtest_says_why_there_is_nothing_to_learn_from():
    playbook = scored_playbook(examples=(), non_examples=())
    assert (
        "no leads have been imported"
        in backtest(playbook, playbook.handoff("h2")).nothing_to_backtest()
    )
    playbook.insert_entity(Kind.LEAD, Lead("lead-1", "No facts"))
    assert (
        "none of the 1 imported leads has the columns the rules look at"
        in backtest(playbook, playbook.handoff("h2")).nothing_to_backtest()
    )
    playbook.insert_entity(Kind.LEAD, lead(2, "300", "VP", True))
    assert (
        "none of the 1 scored leads became a won deal"
        in backtest(playbook, playbook.handoff("h2")).nothing_to_backtest()
    )


def test_leads_without_the_gates_column_or_any_counting_rules_are_not_scored():
    """A HubSpot export's "Original Source" was the only fact its leads had: the backtest
    said "310 leads scored; 0 of 5 won leads would have passed", blaming the model for
    columns the export never had (none could pass the company-size gate)."""
    playbook = scored_playbook(threshold=30, examples=(), non_examples=())
    playbook.insert_entity(Kind.DEAL, Deal("deal-1", "Deal 1", outcome=DealOutcome.WON))
    sourced = (LeadFact("Lead source", "Trade show"),)
    playbook.insert_entity(Kind.LEAD, Lead("lead-1", "Won", deal="deal-1", facts=sourced))
    titled = (LeadFact("Job title", "VP Sales"),)  # a counting rule's, but not the gate's
    playbook.insert_entity(Kind.LEAD, Lead("lead-2", "Titled", facts=titled))
    result = backtest(playbook, playbook.handoff("h2"))
    assert (result.scored, result.unscored) == (0, 2)
    assert "none of the 2 imported leads has" in result.nothing_to_backtest()


def test_a_blank_gate_cell_in_an_export_that_has_the_column_fails_the_gate():
    """A won lead whose Company size cell was blank was left out as "without the columns",
    and the backtest said 2 of 2 won leads would have passed where the model passes 2 of 3:
    the export had the column, and that lead misses the gate."""
    playbook = scored_playbook(threshold=30, examples=(), non_examples=())
    for number in (1, 2, 3):
        playbook.insert_entity(
            Kind.DEAL, Deal(f"deal-{number}", f"Deal {number}", outcome=DealOutcome.WON)
        )
    for entry in (
        lead(1, "300", "VP Sales", True, deal="deal-1"),
        lead(2, "300", "VP Sales", True, deal="deal-2"),
        Lead("lead-3", "Blank size", deal="deal-3", facts=(LeadFact("Job title", "VP Sales"),)),
    ):
        playbook.insert_entity(Kind.LEAD, entry)
    result = backtest(playbook, playbook.handoff("h2"))
    assert (result.scored, result.won, result.won_passed) == (3, 3, 2)


# -- the sample ------------------------------------------------------------------------------


def test_the_sample_scores_its_definitions_examples_as_they_claim():
    playbook = load_template(SAMPLE)
    assert errors(playbook) == []
    mql = playbook.definitions["def-mql"]
    names = [lead.name for lead in mql.example_leads + mql.non_example_leads]
    assert any("300-person retailer" in name for name in names)
    assert any("VP Finance" in name for name in names)
    assert any("5-person agency" in name for name in names)
    users = [h for h in playbook.handoffs() if h.definition == "def-mql" and h.score_threshold]
    assert users
    for handoff in users:
        for lead, should_pass in [(e, True) for e in mql.example_leads] + [
            (e, False) for e in mql.non_example_leads
        ]:
            score = score_facts(playbook.scoring_rules, lead.facts, iso_day(lead.scored_on))
            assert score.passes(handoff.score_threshold) is should_pass, lead.name


def test_the_sample_model_has_a_gate_a_hand_raiser_a_challenge_and_both_sign_offs():
    playbook = load_template(SAMPLE)
    rules = list(playbook.scoring_rules)
    assert any(r.gate for r in rules) and any(r.routes for r in rules)
    assert any(r.points < 0 for r in rules) and any(r.half_life_days for r in rules)
    assert any(r.challenges for r in rules)
    assert playbook.meta.scoring_marketing_signoff and playbook.meta.scoring_sales_signoff


# -- leads imported with the columns the rules look at ------------------------------------


def test_a_lead_import_keeps_the_columns_the_rules_look_at_as_facts(tmp_path):
    from journeyapp.models.lead_import.plan import lead_import_edit, read_leads

    playbook = load_template(SAMPLE)
    path = tmp_path / "leads.csv"
    path.write_text(
        "id,name,owner,Lead date,MQL date,Job Title,company size,Favourite colour\n"
        "L-1,Ana Silva,Dana Lee,2026-01-05,2026-01-07,VP Finance,1500,green\n"
        "L-2,Ben Okafor,Dana Lee,2026-01-06,,,,blue\n",
        encoding="utf-8",
    )
    playbook.apply(lead_import_edit(playbook, read_leads(playbook, path)))
    ana, ben = (
        next(lead for lead in playbook.leads if lead.source_id == i) for i in ("L-1", "L-2")
    )
    assert ana.facts == (LeadFact("Job title", "VP Finance"), LeadFact("Company size", "1500"))
    assert ben.facts == ()  # empty cells are not facts; unknown columns are not kept
    score = score_facts(playbook.scoring_rules, ana.facts)
    assert score.fit == 10 + 15 + 10


def _imported_facts(tmp_path, name, text):
    from journeyapp.models.lead_import.plan import lead_import_edit, read_leads

    playbook = load_template(SAMPLE)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    playbook.apply(lead_import_edit(playbook, read_leads(playbook, path, overrides=OPPORTUNITY)))
    return playbook, {
        lead.name: dict((f.attribute, f.value) for f in lead.facts) for lead in playbook.leads
    }


OPPORTUNITY = {"Opportunity": "SQL"}


def test_a_hubspot_contacts_export_gives_the_facts_under_hubspots_own_column_names(tmp_path):
    """HubSpot names the size "Number of Employees" in bands, the title "Job Title", and has
    the e-mail address, not its domain."""
    playbook, facts = _imported_facts(
        tmp_path,
        "hubspot-contacts.csv",
        "Record ID,First Name,Last Name,Email,Job Title,Number of Employees,Industry,"
        "Lifecycle Stage,Became a Lead Date,Became a Marketing Qualified Lead Date\n"
        "201,Ana,Silva,ana.silva@Harbor-Goods.com,VP Finance,500-1000,Retail,"
        "Marketing Qualified Lead,2026-01-05 09:12,2026-01-07 14:00\n"
        "202,Ben,Okafor,ben@gmail.com,Student,1-5,,Lead,2026-01-06 08:00,\n",
    )
    assert facts["Ana Silva"] == {
        "Company size": "500-1000",
        "Industry": "Retail",
        "Job title": "VP Finance",
        "Email domain": "harbor-goods.com",
    }
    assert facts["Ben Okafor"] == {
        "Company size": "1-5",
        "Job title": "Student",
        "Email domain": "gmail.com",
    }
    ana = next(lead for lead in playbook.leads if lead.name == "Ana Silva")
    met = {
        r.attribute + " " + r.condition.value
        for r in score_facts(playbook.scoring_rules, ana.facts).met
    }
    # A band of 500 to 1,000 is inside the 50–2,000 gate and at least 200 all through.
    assert {"Company size between", "Company size at least"} <= met


def test_a_salesforce_lead_export_gives_the_facts_under_its_field_names(tmp_path):
    _, facts = _imported_facts(
        tmp_path,
        "sf_Lead.csv",
        '"Id","LastName","FirstName","Name","Company","Title","Email","Industry",'
        '"NumberOfEmployees","Visited_Pricing__c","Status","LeadSource","IsConverted",'
        '"CreatedDate"\n'
        '"00Q5g00000AbCdEEAV","Silva","Ana","Ana Silva","Acme","Head of Operations",'
        '"ana@acme.com","Software","250","yes","Working - Contacted","Web","false",'
        '"2026-01-05T09:12:00.000Z"\n',
    )
    assert facts["Ana Silva"] == {
        "Company size": "250",
        "Industry": "Software",
        "Job title": "Head of Operations",
        "Email domain": "acme.com",
        "Visited pricing": "yes",
        "Lead source": "Web",
    }


@pytest.mark.parametrize(
    ("size", "between_50_and_2000", "at_least_200"),
    [
        ("100-500", True, False),
        ("500-1000", True, True),
        ("1000+", False, True),
        ("1-5", False, False),
    ],
)
def test_a_crm_size_band_meets_a_rule_only_if_all_of_it_does(
    size, between_50_and_2000, at_least_200
):
    between = rule("r1", "Company size", "between", "50-2000", 10)
    at_least = rule("r2", "Company size", "at least", "200", 15)
    lead = {"Company size": size}
    met = score_lead([between, at_least], lead).met
    assert (between in met, at_least in met) == (between_50_and_2000, at_least_200)


# -- a definition's example leads, edited ----------------------------------------------------


def test_adding_an_example_lead_clears_the_definitions_sign_offs_and_is_scored_at_its_threshold():
    from journeyapp.models.example_leads import add_example_lead, example_results

    playbook = load_template(SAMPLE)
    mql = playbook.definitions["def-mql"]
    assert mql.marketing_signoff is not None and mql.sales_signoff is not None
    before = len(mql.example_leads)
    agency = ExampleLead(
        "Agency that asked for a demo",
        "2026-10-15",
        (
            LeadFact("Company size", "8"),
            LeadFact("Job title", "Founder"),
            LeadFact("Requested demo", "yes", "2026-10-14"),
        ),
    )
    edit = add_example_lead(playbook, "def-mql", agency, example=True)
    assert edit.label == (
        "Add example lead “Agency that asked for a demo” to “MQL” (sign-offs cleared)"
    )
    playbook.apply(edit)
    mql = playbook.definitions["def-mql"]
    assert mql.example_leads[-1] == agency and len(mql.example_leads) == before + 1
    assert mql.marketing_signoff is None and mql.sales_signoff is None
    (result,) = [r for r in example_results(playbook, "def-mql") if r.lead == agency]
    # The demo request routes at once, but only through the fit gate, which 8 people miss.
    assert (result.passes, result.agrees) == (False, False)
    assert any("Agency that asked for a demo" in p.message for p in validate(playbook))
    playbook.revert(edit)
    assert len(playbook.definitions["def-mql"].example_leads) == before
    assert playbook.definitions["def-mql"].sales_signoff is not None


def test_changing_and_deleting_a_non_example_lead_are_named_steps():
    from journeyapp.models.example_leads import change_example_lead, remove_example_lead

    playbook = load_template(SAMPLE)
    seeker = playbook.definitions["def-mql"].non_example_leads[1]
    renamed = ExampleLead("Job seeker", seeker.scored_on, seeker.facts)
    edit = change_example_lead(playbook, "def-mql", False, 1, renamed)
    assert edit.label == "Change non-example lead “Job seeker” of “MQL” (sign-offs cleared)"
    playbook.apply(edit)
    assert playbook.definitions["def-mql"].non_example_leads[1].name == "Job seeker"
    edit = remove_example_lead(playbook, "def-mql", False, 0)
    assert edit.label.startswith("Delete non-example lead “5-person agency")
    playbook.apply(edit)
    assert [lead.name for lead in playbook.definitions["def-mql"].non_example_leads] == [
        "Job seeker"
    ]


@pytest.mark.parametrize(
    ("lead", "sentence"),
    [
        (ExampleLead("  ", "2026-10-15"), "An example lead needs a name"),
        (ExampleLead("Ana", "15/10/2026"), "“15/10/2026” is not a date"),
        (ExampleLead("Ana", "", (LeadFact("", "300"),)), "has a value but no attribute"),
        (ExampleLead("Ana", "", (LeadFact("Visited pricing", "yes", "last week"),)), "“last week”"),
    ],
)
def test_an_example_lead_that_cannot_be_scored_is_refused_in_a_sentence(lead, sentence):
    from journeyapp.models.example_leads import add_example_lead

    playbook = load_template(SAMPLE)
    with pytest.raises(EditError, match=sentence):
        add_example_lead(playbook, "def-mql", lead, example=True)


# -- the playbooks -----------------------------------------------------------------------------


def _challenged_sample():
    playbook = load_template(SAMPLE)
    rule_id = playbook.scoring_rules.ids()[0]
    playbook.apply(
        scoring_edits.add_challenge(
            playbook,
            rule_id,
            "sales",
            "Priya <Shah>",
            "Agencies <b>inflate</b> size",
            "Keep",
            "2026-11-02",
        )
    )
    return playbook, playbook.scoring_rules[rule_id]


def test_the_pdf_shows_the_gate_the_challenges_the_sign_offs_and_the_scored_examples():
    from test_feedback_exports import pdf_text

    playbook, _ = _challenged_sample()
    text, _, _ = pdf_text(playbook, sections=("scoring",))
    assert "Fit gate" in text and "routes at once, whatever the score" in text
    assert "halves every 30 days" in text
    assert "Challenges to the rules" in text
    assert "Sales: Priya <Shah>" in text and "Agencies <b>inflate</b> size" in text
    assert "Sign-off of the whole model: marketing: Not signed off; sales: Not signed off." in text
    examples = sum(len(d.example_leads) + len(d.non_example_leads) for d in playbook.definitions)
    assert text.count("✓ as claimed") == examples  # each at MQL's one threshold, 65
    assert "✗" not in text


def test_the_web_page_shows_the_same_and_escapes_what_was_typed():
    from journeyapp.export.html.playbook_html import build_html

    playbook, _ = _challenged_sample()
    page = build_html(playbook, datetime.date(2026, 12, 1))
    assert "Agencies &lt;b&gt;inflate&lt;/b&gt; size" in page and "<b>inflate" not in page
    assert "Challenges to the rules" in page and "✓ as claimed" in page


def test_a_version_7_file_opens_with_plain_rules_and_keeps_a_challenge_afterwards(tmp_path):
    from builders import sample_file_at_version_7
    from journeyapp.models.edit_session import EditSession

    path = sample_file_at_version_7(tmp_path)
    store = Store.open(path)
    playbook = store.load()
    sample = load_template(SAMPLE)
    assert [r.attribute for r in playbook.scoring_rules] == [
        r.attribute for r in sample.scoring_rules
    ]
    assert not any(r.gate or r.routes or r.challenges for r in playbook.scoring_rules)
    assert all(d.example_leads == () for d in playbook.definitions)
    assert playbook.meta.scoring_sales_signoff is None
    rule_id = playbook.scoring_rules.ids()[0]
    EditSession(playbook, store).apply(
        scoring_edits.add_challenge(playbook, rule_id, "sales", "Priya", "Too generous", "", "")
    )
    store.close()
    again = Store.open(path, read_only=True)
    assert again.load().scoring_rules[rule_id].challenges[0].argument == "Too generous"
    again.close()
