"""Lead scoring: which rules a lead meets, its fit and engagement scores, and whether it passes.

A lead is a mapping of attribute names to what is known of them, as typed:
``{"Company size": "250", "Visited pricing": "yes"}``, and for activities the date each
happened (``dates``, ISO). Attribute names and text values compare without regard to case
or surrounding spaces.

Fit (firmographic rules) says who the lead is; engagement (behavioural rules) what it did.
A fit rule can be a gate: a lead that misses it never passes and its behaviour does not
count. A hand-raiser rule (a demo request) routes the lead at once whatever its score, once
it is through the gates. Behaviour points fade: a rule with a half-life gives half its points
that many days after the activity, a quarter after twice as long.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping

from journeyapp.models.entities import (
    Condition,
    Handoff,
    LeadFact,
    ScoreCategory,
    ScoringRule,
)
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.limits import number_or_none, range_or_none
from journeyapp.models.playbook import Playbook


@frozen_record
class Earned:
    """A rule the lead met and the points it gave (after fading)."""

    rule: ScoringRule
    points: int


@frozen_record
class LeadScore:
    fit: int
    engagement: int
    earned: tuple[Earned, ...]  # the rules that added (or took away) points
    gates_missed: tuple[ScoringRule, ...] = ()
    held_back: tuple[ScoringRule, ...] = ()  # behaviour met but not counted: a gate was missed
    routed_by: tuple[ScoringRule, ...] = ()  # hand-raisers met

    @property
    def total(self) -> int:
        return self.fit + self.engagement

    @property
    def met(self) -> tuple[ScoringRule, ...]:
        return tuple(e.rule for e in self.earned)

    def lands_above(self, threshold: int) -> bool:
        """Whether the score reaches the threshold (a score equal to it passes)."""
        return self.total >= threshold

    def passes(self, threshold: int) -> bool:
        """Whether the lead is handed on: through every gate, and a hand-raiser or at the
        threshold."""
        return not self.gates_missed and (bool(self.routed_by) or self.lands_above(threshold))


def fold(text: str) -> str:
    """A name as rules compare it: case and runs of spaces aside."""
    return " ".join(text.split()).casefold()


def _value_of(rule: ScoringRule, lead: Mapping[str, str]) -> str | None:
    wanted = fold(rule.attribute)
    return next((value for name, value in lead.items() if fold(name) == wanted), None)


def _span(value: str) -> tuple[float, float] | None:
    """A number as the lowest and highest it can be: "250" is exactly 250, a CRM's band
    "100-500" anything from 100 to 500, "1000+" at least 1000. A band meets a numeric rule
    only if all of it does: "100-500" is not "at least 200"."""
    number = number_or_none(value)
    if number is not None:
        return number, number
    if value.strip().endswith("+"):
        floor = number_or_none(value.strip()[:-1])
        return None if floor is None else (floor, math.inf)
    return range_or_none(value)


def rule_is_met(rule: ScoringRule, lead: Mapping[str, str]) -> bool:
    value = _value_of(rule, lead)
    if value is None or not value.strip():
        return False
    if rule.condition.is_numeric:
        have = _span(value)
        if have is None:
            return False
        low, high = have
        if rule.condition is Condition.BETWEEN:
            limits = range_or_none(rule.value)
            return limits is not None and limits[0] <= low and high <= limits[1]
        limit = number_or_none(rule.value)
        if limit is None:
            return False
        return low >= limit if rule.condition is Condition.AT_LEAST else high <= limit
    if rule.condition is Condition.IS:
        return fold(value) == fold(rule.value)
    options = [fold(option) for option in rule.value.split(",") if option.strip()]
    if rule.condition is Condition.IS_ONE_OF:
        return fold(value) in options
    if rule.condition is Condition.CONTAINS_ONE_OF:
        return any(option in fold(value) for option in options)
    return fold(rule.value) in fold(value)  # CONTAINS


def faded(rule: ScoringRule, happened: str | None, on: datetime.date | None) -> int:
    """The rule's points for an activity on ``happened`` (ISO date), scored on ``on``: halved
    for every half-life that has passed. Without a half-life, a date or a scoring date, all."""
    if rule.half_life_days is None or on is None or not happened:
        return rule.points
    try:
        when = datetime.date.fromisoformat(happened[:10])
    except ValueError:
        return rule.points
    age = max(0, (on - when).days)
    exact = rule.points * 0.5 ** (age / rule.half_life_days)
    return int(math.copysign(math.floor(abs(exact) + 0.5), exact))  # halves away from zero


def score_lead(
    rules: Iterable[ScoringRule],
    lead: Mapping[str, str],
    dates: Mapping[str, str] | None = None,
    on: datetime.date | None = None,
) -> LeadScore:
    """The lead's score on ``on`` (None: no fading), with the rules behind it."""
    rules = list(rules)
    dates = {fold(name): when for name, when in (dates or {}).items()}
    met = [rule for rule in rules if rule_is_met(rule, lead)]
    gates_missed = tuple(rule for rule in rules if rule.gate and rule not in met)
    earned: list[Earned] = []
    held_back: list[ScoringRule] = []
    for rule in met:
        if rule.category is ScoreCategory.BEHAVIOURAL and gates_missed:
            held_back.append(rule)
            continue
        earned.append(Earned(rule, faded(rule, dates.get(fold(rule.attribute)), on)))
    fit = sum(e.points for e in earned if e.rule.category is ScoreCategory.FIRMOGRAPHIC)
    engagement = sum(e.points for e in earned if e.rule.category is ScoreCategory.BEHAVIOURAL)
    return LeadScore(
        fit,
        engagement,
        tuple(earned),
        gates_missed,
        tuple(held_back),
        tuple(e.rule for e in earned if e.rule.routes),
    )


def score_facts(
    rules: Iterable[ScoringRule], facts: Iterable[LeadFact], on: datetime.date | None = None
) -> LeadScore:
    """The score of a lead known by its facts (a definition's example, an imported lead)."""
    values: dict[str, str] = {}
    dates: dict[str, str] = {}
    for fact in facts:
        values[fact.attribute] = fact.value
        if fact.date:
            dates[fact.attribute] = fact.date
    return score_lead(list(rules), values, dates, on)


def iso_day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def attributes(rules: Iterable[ScoringRule]) -> list[str]:
    """The attributes the rules look at, each once, in the order they first appear."""
    seen: dict[str, str] = {}
    for rule in rules:
        seen.setdefault(fold(rule.attribute), rule.attribute.strip())
    return list(seen.values())


def score_range(rules: Iterable[ScoringRule]) -> tuple[int, int]:
    """The lowest and the highest score the rules can give (every negative rule met; every
    positive one, at full strength)."""
    points = [rule.points for rule in rules]
    return sum(p for p in points if p < 0), sum(p for p in points if p > 0)


def threshold_handoffs(playbook: Playbook) -> list[Handoff]:
    """The handoffs that pass a lead on when its score reaches their threshold."""
    return [h for h in playbook.handoffs() if h.score_threshold is not None]


def describe_rule(rule: ScoringRule) -> str:
    """One line a sales rep can challenge: “Company size at least 200: +15”."""
    return f"{_condition_words(rule)}: {rule.points:+d}"


def rule_flags(rule: ScoringRule) -> list[str]:
    """What else the rule does, in words: a gate, a hand-raiser, fading."""
    flags = []
    if rule.gate:
        flags.append("fit gate: a lead must meet it before its behaviour counts")
    if rule.routes:
        flags.append("routes at once, whatever the score")
    if rule.half_life_days is not None:
        flags.append(f"points halve every {rule.half_life_days} days after the activity")
    return flags


def describe_score(score: LeadScore) -> str:
    """“Fit 45 + engagement 23 = 68”, with the gate missed or the hand-raiser met."""
    words = f"fit {score.fit} + engagement {score.engagement} = {score.total}"
    if score.gates_missed:
        missed = ", ".join(describe_rule(rule) for rule in score.gates_missed)
        words += f"; misses the fit gate ({missed})"
    elif score.routed_by:
        words += f"; routes at once ({score.routed_by[0].attribute})"
    return words


def fired(score: LeadScore) -> str:
    """The rules that fired, with the points each gave: “Company size at least 200 (+15)”."""
    parts = [f"{_condition_words(e.rule)} ({e.points:+d})" for e in score.earned]
    parts += [f"{_condition_words(rule)} (held back by the gate)" for rule in score.held_back]
    return "; ".join(parts) or "none"


def _condition_words(rule: ScoringRule) -> str:
    value = f" {rule.value}" if rule.value else ""
    return f"{rule.attribute} {rule.condition.value}{value}"
