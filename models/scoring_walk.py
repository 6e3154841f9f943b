"""The scoring walk-through, line by line, as sales and marketing go through it together:
each rule with its reasoning, points, fading, gate or hand-raiser and the challenges made to
it; who signed the model; the definitions' example leads scored; and the backtest."""

from __future__ import annotations

from journeyapp.models.entities import Handoff, ScoreCategory, ScoringRule
from journeyapp.models.example_leads import ExampleResult, example_results, example_verdict
from journeyapp.models.operations import handoff_name
from journeyapp.models.playbook import Playbook
from journeyapp.models.scoring import (
    describe_rule,
    fired,
    rule_flags,
    threshold_handoffs,
)
from journeyapp.models.scoring_backtest import Backtest
from journeyapp.models.sign_offs import TEAMS, signed_words
from journeyapp.models.wilson import percent
from journeyapp.models.words import count

HEADINGS = {
    ScoreCategory.FIRMOGRAPHIC: "Fit: who the lead is",
    ScoreCategory.BEHAVIOURAL: "Engagement: what the lead did",
}


def rule_lines(rule: ScoringRule, side: bool = False) -> list[str]:
    """The rule's lines; ``side`` names the score it counts in (for negative signals)."""
    counts_in = (
        f"  (against {'fit' if rule.category is ScoreCategory.FIRMOGRAPHIC else 'engagement'})"
    )
    lines = [f"  {describe_rule(rule)}{counts_in if side else ''}"]
    lines += [f"      ▸ {flag}" for flag in rule_flags(rule)]
    lines.append(f"      Why: {rule.reasoning or 'no reasoning written yet'}")
    for challenge in rule.challenges:
        when = f" on {challenge.date}" if challenge.date else ""
        lines.append(
            f"      Challenged by {challenge.team} ({challenge.name}){when}: {challenge.argument}"
        )
        lines.append(f"        Decided: {challenge.decision or 'not decided yet'}")
    return lines


def model_lines(playbook: Playbook) -> list[str]:
    rules = list(playbook.scoring_rules)
    lines = []
    for category in ScoreCategory:
        chosen = [r for r in rules if r.category is category and r.points >= 0]
        if chosen:
            lines.append(HEADINGS[category])
            for rule in chosen:
                lines += rule_lines(rule)
            lines.append("")
    negative = [r for r in rules if r.points < 0]
    if negative:
        lines.append("Negative signals: what counts against a lead")
        for rule in negative:
            lines += rule_lines(rule, side=True)
        lines.append("")
    if any(r.gate for r in rules):
        lines.append(
            "A lead that misses a fit gate is never handed on, and its behaviour does not count."
        )
    for handoff in threshold_handoffs(playbook):
        lines.append(
            f"A lead at {handoff.score_threshold} points or more passes "
            f"{handoff_name(playbook, handoff)}"
            + (", and so does a hand-raiser." if any(r.routes for r in rules) else ".")
        )
    return lines


def model_sign_offs(playbook: Playbook) -> list[tuple[str, str]]:
    """Each team's sign-off of the whole scoring model, in words."""
    meta = playbook.meta
    return [(team, signed_words(getattr(meta, f"scoring_{team}_signoff"))) for team in TEAMS]


def sign_off_lines(playbook: Playbook) -> list[str]:
    return ["Sign-off of the whole model"] + [
        f"  {team.capitalize()}: {words}" for team, words in model_sign_offs(playbook)
    ]


def example_lines(playbook: Playbook) -> list[str]:
    """Each definition's example leads scored at each threshold that relies on it."""
    lines = []
    for definition in playbook.definitions:
        by_threshold: dict[int, list[ExampleResult]] = {}
        for result in example_results(playbook, definition.id):
            by_threshold.setdefault(result.threshold, []).append(result)
        for threshold, results in by_threshold.items():
            where = " and ".join(results[0].routes)
            lines.append(f"The examples of “{definition.term}” at {where} (threshold {threshold})")
            for result in results:
                kind = "example" if result.should_pass else "non-example"
                lines.append(f"  {'✓' if result.agrees else '✗'} {result.lead.name} ({kind})")
                lines.append(f"      {example_verdict(result)}")
                lines.append(f"      Rules that fired: {fired(result.score)}.")
            lines.append("")
    return lines


def backtest_lines(playbook: Playbook, handoff: Handoff, result: Backtest) -> list[str]:
    lines = [f"Backtest at {handoff_name(playbook, handoff)} (threshold {result.threshold})"]
    nothing = result.nothing_to_backtest()
    if nothing is not None:
        return [*lines, f"  {nothing}"]
    lines.append(
        f"  {count(result.scored, 'imported lead')} scored"
        + (
            f"; {count(result.unscored, 'lead')} without the columns the rules need"
            if result.unscored
            else ""
        )
        + "."
    )
    lines.append(
        f"  Of {count(result.won, 'lead')} that became won deals, {result.won_passed} would have "
        f"passed the threshold; of {count(result.rejected, 'lead')} sales rejected, "
        f"{result.rejected_passed} scored above it."
    )
    point = result.at(result.threshold)
    if point is not None:
        lines.append(
            f"  At {result.threshold}: precision {percent(point.precision)} (passed leads that "
            f"were won), recall {percent(point.recall)} (won leads that passed)."
        )
    return lines


def walk_through(playbook: Playbook, backtest: tuple[Handoff, Backtest] | None = None) -> str:
    if not len(playbook.scoring_rules):
        return "No scoring rules yet."
    lines = [*model_lines(playbook), "", *sign_off_lines(playbook), "", *example_lines(playbook)]
    if backtest is not None:
        lines += backtest_lines(playbook, *backtest)
    return "\n".join(lines).strip()
