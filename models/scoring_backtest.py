"""The scoring model tried on the leads the CRM gave: would it have passed the leads that
became won deals, and held back the ones sales rejected?

Each imported lead with facts the rules look at is scored on the day it was handed over at
the threshold's handoff (its behaviour faded to that day), or, if it never was, on the last
day its path records. A lead whose deal was won is a good lead. At each possible threshold,
precision is the share of the leads passed that were good, and recall the share of the good
leads that were passed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from journeyapp.models.buyer_origins import lead_deals
from journeyapp.models.entities import DealOutcome, Handoff, Lead, VerdictOutcome
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook
from journeyapp.models.scoring import LeadScore, fold, score_facts


@frozen_record
class Point:
    """The backtest at one threshold."""

    threshold: int
    passed: int
    good_passed: int
    precision: float | None  # None: nothing passed
    recall: float | None  # None: no good leads


@frozen_record
class Backtest:
    threshold: int
    scored: int  # leads with facts the rules look at
    unscored: int  # leads without
    won: int
    won_passed: int
    rejected: int
    rejected_passed: int
    points: tuple[Point, ...]  # by threshold, lowest first

    def at(self, threshold: int) -> Point | None:
        return next((p for p in self.points if p.threshold == threshold), None)

    def nothing_to_backtest(self) -> str | None:
        """Why there is nothing to learn from, in a sentence; None when there is."""
        if self.scored == 0 and self.unscored == 0:
            return (
                "Nothing to backtest: no leads have been imported. Import leads from the CRM "
                "with the columns the rules look at (company size, job title, …)."
            )
        if self.scored == 0:
            return (
                f"Nothing to backtest: none of the {self.unscored} imported leads has the "
                "columns the rules look at (every fit gate's, and one that gives points). "
                "Import them again with those columns."
            )
        if self.won == 0 and self.rejected == 0:
            return (
                f"Nothing to backtest yet: none of the {self.scored} scored leads became a won "
                "deal or was rejected by sales."
            )
        return None


@frozen_record
class ScoredLead:
    lead: Lead
    score: LeadScore
    good: bool  # its deal was won
    rejected: bool  # the receiving team rejected it


def export_columns(leads) -> dict[str, set[str]]:
    """The columns each CRM's export gave its leads values in (by source system): a column
    no lead of it has a value in was not in the export."""
    present: dict[str, set[str]] = {}
    for lead in leads:
        known = present.setdefault(lead.source_system, set())
        known.update(fold(fact.attribute) for fact in lead.facts if fact.value.strip())
    return present


def can_be_scored(rules: list, columns: set[str]) -> bool:
    """Whether an export with these columns gives the rules something to score: every fit
    gate's column (without it no lead could pass) and one a rule that gives points looks
    at. Its leads are then scored, a blank cell failing as it would in use; an export
    without them is no evidence about the model."""
    gates = {fold(rule.attribute) for rule in rules if rule.gate}
    counting = {fold(rule.attribute) for rule in rules if rule.points}
    return gates <= columns and bool(counting & columns)


def scored_leads(playbook: Playbook, handoff: Handoff) -> list[ScoredLead]:
    rules = list(playbook.scoring_rules)
    linked = lead_deals(playbook)
    scorable = {
        system
        for system, columns in export_columns(playbook.leads).items()
        if can_be_scored(rules, columns)
    }
    found = []
    for lead in playbook.leads:
        if not lead.facts or lead.source_system not in scorable:
            continue
        deal_id = linked.get(lead.id)
        good = deal_id is not None and playbook.deals[deal_id].outcome is DealOutcome.WON
        rejected = any(v.outcome is VerdictOutcome.REJECTED for v in lead.verdicts.values())
        score = score_facts(rules, lead.facts, scored_on(lead, handoff))
        found.append(ScoredLead(lead, score, good, rejected))
    return found


def scored_on(lead: Lead, handoff: Handoff) -> datetime.date | None:
    """The day the lead reached the handoff's target, or the last day its path records."""
    handed = [step.entered for step in lead.path if step.stage == handoff.target]
    recorded = [t for step in lead.path for t in (step.entered, step.exited) if t is not None]
    if handed:
        moment = min(handed)
    elif recorded:
        moment = max(recorded)
    else:
        return None
    return datetime.datetime.fromtimestamp(moment, datetime.UTC).date()


def backtest(playbook: Playbook, handoff: Handoff) -> Backtest:
    leads = scored_leads(playbook, handoff)
    threshold = handoff.score_threshold or 0
    # A threshold is never below 0: a lower score than that is passed by a threshold of 0.
    candidates = sorted({max(0, s.score.total) for s in leads} | {threshold})
    points = tuple(_point(leads, t) for t in candidates)
    passed = [s for s in leads if s.score.passes(threshold)]
    return Backtest(
        threshold,
        len(leads),
        len(playbook.leads) - len(leads),
        sum(s.good for s in leads),
        sum(s.good for s in passed),
        sum(s.rejected for s in leads),
        sum(s.rejected for s in passed),
        points,
    )


def _point(leads: Sequence[ScoredLead], threshold: int) -> Point:
    passed = [s for s in leads if s.score.passes(threshold)]
    good = sum(s.good for s in leads)
    good_passed = sum(s.good for s in passed)
    return Point(
        threshold,
        len(passed),
        good_passed,
        good_passed / len(passed) if passed else None,
        good_passed / good if good else None,
    )
