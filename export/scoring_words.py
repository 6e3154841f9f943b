"""What both playbooks (PDF and web page) say of the lead-scoring model: each rule with what
it counts in and what else it does, the challenges sales and marketing made and what was
decided, both teams' sign-off of the whole model, the definitions' example leads as the
model scores them, and the backtest against imported leads."""

from __future__ import annotations

from journeyapp.models.entities import ScoreCategory, ScoringRule
from journeyapp.models.example_leads import example_results
from journeyapp.models.operations import handoff_name
from journeyapp.models.playbook import Playbook
from journeyapp.models.scoring import describe_rule, describe_score, threshold_handoffs
from journeyapp.models.scoring_backtest import backtest
from journeyapp.models.scoring_walk import backtest_lines, model_sign_offs

RULE_HEAD = ("Attribute", "Condition", "Points", "Counts in", "Why")
CHALLENGE_HEAD = ("Rule", "Challenged by", "Argument", "Decided")
EXAMPLE_HEAD = ("Lead", "The definition says", "Score", "At the threshold")


def counts_in(rule: ScoringRule) -> str:
    """“Fit”, “Engagement, halves every 30 days”, “Fit gate”, …"""
    side = "Fit" if rule.category is ScoreCategory.FIRMOGRAPHIC else "Engagement"
    words = [f"{side} gate" if rule.gate else side]
    if rule.routes:
        words.append("routes at once, whatever the score")
    if rule.half_life_days is not None:
        words.append(f"halves every {rule.half_life_days} days")
    return ", ".join(words)


def rule_rows(playbook: Playbook) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            rule.attribute,
            f"{rule.condition.value} {rule.value}".strip(),
            f"{rule.points:+d}",
            counts_in(rule),
            rule.reasoning,
        )
        for rule in playbook.scoring_rules
    ]


def model_sentences(playbook: Playbook) -> list[str]:
    """How the score is read: the gate, the hand-raisers, and each threshold."""
    rules = list(playbook.scoring_rules)
    sentences = []
    if any(r.gate for r in rules):
        sentences.append(
            "Fit and engagement are scored apart. A lead that misses a fit gate is never handed "
            "on, and its behaviour does not count."
        )
    hand_raiser = ", and so does a hand-raiser" if any(r.routes for r in rules) else ""
    sentences += [
        f"A lead at {h.score_threshold} points or more passes "
        f"{handoff_name(playbook, h)}{hand_raiser}."
        for h in threshold_handoffs(playbook)
    ]
    return sentences


def challenge_rows(playbook: Playbook) -> list[tuple[str, str, str, str]]:
    rows = []
    for rule in playbook.scoring_rules:
        for challenge in rule.challenges:
            who = f"{challenge.team.capitalize()}: {challenge.name}".strip(": ")
            when = f"\n{challenge.date}" if challenge.date else ""
            rows.append(
                (
                    describe_rule(rule),
                    who + when,
                    challenge.argument,
                    challenge.decision or "Not decided yet",
                )
            )
    return rows


def sign_off_sentence(playbook: Playbook) -> str:
    teams = "; ".join(f"{team}: {words}" for team, words in model_sign_offs(playbook))
    return f"Sign-off of the whole model: {teams}."


def example_rows(playbook: Playbook) -> list[tuple[str, str, str, str]]:
    rows = []
    for definition in playbook.definitions:
        for result in example_results(playbook, definition.id):
            claim = "passes" if result.should_pass else "does not pass"
            outcome = "passes" if result.passes else "does not pass"
            mark = "✓ as claimed" if result.agrees else "✗ contrary to the definition"
            rows.append(
                (
                    result.lead.name,
                    f"{definition.term}: {claim}",
                    describe_score(result.score),
                    f"{result.threshold}: {outcome}, {mark}",
                )
            )
    return rows


def backtest_sentences(playbook: Playbook) -> list[str]:
    """The backtest at each threshold, when imported leads give it something to learn from."""
    sentences = []
    for handoff in threshold_handoffs(playbook):
        result = backtest(playbook, handoff)
        if result.nothing_to_backtest() is None:
            sentences += [line.strip() for line in backtest_lines(playbook, handoff, result)]
    return sentences
