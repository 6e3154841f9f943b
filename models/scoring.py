"""Lead scoring: which rules a lead meets, its score, and which side of a threshold it lands.

A lead is a mapping of attribute names to what is known of them, as typed:
``{"Company size": "250", "Visited pricing": "yes"}``. Attribute names and
text values compare without regard to case or surrounding spaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from journeyapp.models.entities import Condition, Handoff, ScoringRule
from journeyapp.models.limits import number_or_none
from journeyapp.models.playbook import Playbook


@dataclass(frozen=True)
class LeadScore:
    total: int
    met: tuple[ScoringRule, ...]  # the rules that added (or took away) points

    def lands_above(self, threshold: int) -> bool:
        """Whether the lead reaches the threshold (a score equal to it passes)."""
        return self.total >= threshold


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def rule_is_met(rule: ScoringRule, lead: Mapping[str, str]) -> bool:
    known = {_fold(name): value for name, value in lead.items()}
    value = known.get(_fold(rule.attribute))
    if value is None or not value.strip():
        return False
    if rule.condition.is_numeric:
        have, limit = number_or_none(value), number_or_none(rule.value)
        if have is None or limit is None:
            return False
        return have >= limit if rule.condition is Condition.AT_LEAST else have <= limit
    if rule.condition is Condition.IS:
        return _fold(value) == _fold(rule.value)
    if rule.condition is Condition.IS_ONE_OF:
        return _fold(value) in {_fold(option) for option in rule.value.split(",")}
    return _fold(rule.value) in _fold(value)  # CONTAINS


def score_lead(rules: Iterable[ScoringRule], lead: Mapping[str, str]) -> LeadScore:
    met = tuple(rule for rule in rules if rule_is_met(rule, lead))
    return LeadScore(sum(rule.points for rule in met), met)


def attributes(rules: Iterable[ScoringRule]) -> list[str]:
    """The attributes the rules look at, each once, in the order they first appear."""
    seen: dict[str, str] = {}
    for rule in rules:
        seen.setdefault(_fold(rule.attribute), rule.attribute.strip())
    return list(seen.values())


def threshold_handoffs(playbook: Playbook) -> list[Handoff]:
    """The handoffs that pass a lead on when its score reaches their threshold."""
    return [h for h in playbook.handoffs() if h.score_threshold is not None]


def describe_rule(rule: ScoringRule) -> str:
    """One line a sales rep can challenge: “Company size at least 200: +15”."""
    value = f" {rule.value}" if rule.value else ""
    return f"{rule.attribute} {rule.condition.value}{value}: {rule.points:+d}"
