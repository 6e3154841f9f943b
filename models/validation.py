"""Find what is missing or broken in a playbook, in sentences a facilitator understands."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

import networkx as nx
from journeyapp.models.business_hours import day_order_refusal
from journeyapp.models.change import Kind
from journeyapp.models.entities import HandoffKind, Raci, StageKind
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook
from journeyapp.models.scoring import describe_score, fired, iso_day, score_facts

MAX_CONSULTED = 3


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@frozen_record
class Problem:
    """One thing to fix, and the thing it concerns."""

    severity: Severity
    message: str
    kind: Kind
    id: str


def validate(playbook: Playbook) -> list[Problem]:
    """Every problem in the playbook, errors first, in a stable order."""
    problems = (
        _unreachable_stages(playbook)
        + _dead_ends(playbook)
        + _raci_problems(playbook)
        + _handoffs_without_agreement(playbook)
        + _receiving_stages_without_criteria(playbook)
        + _thresholds_out_of_reach(playbook)
        + _examples_scored_wrongly(playbook)
        + _unsigned_definitions(playbook)
        + _idle_roles(playbook)
        + _backward_working_day(playbook)
    )
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    return sorted(problems, key=lambda p: order[p.severity])


def journey_graph(playbook: Playbook) -> nx.DiGraph:
    """The map's paths, including the recycle moves named in handoffs' contact processes."""
    graph = nx.DiGraph(playbook.graph.edges)
    graph.add_nodes_from(playbook.graph.nodes)
    for handoff in playbook.handoffs():
        if handoff.recycle_to is not None:
            graph.add_edge(handoff.target, handoff.recycle_to)
    return graph


def entry_stages(playbook: Playbook) -> list[str]:
    """Stages marked as entries; failing that, stages nothing leads into."""
    marked = [s.id for s in playbook.stages() if s.kind is StageKind.ENTRY]
    if marked:
        return marked
    return [s for s in playbook.graph.nodes if playbook.graph.in_degree(s) == 0]


def _unreachable_stages(playbook: Playbook) -> list[Problem]:
    if not playbook.graph:
        return []
    graph = journey_graph(playbook)
    entries = entry_stages(playbook)
    reached = set(entries)
    frontier = list(entries)
    while frontier:  # one breadth-first walk from all entries at once
        for successor in graph.successors(frontier.pop()):
            if successor not in reached:
                reached.add(successor)
                frontier.append(successor)
    if not entries:
        return [
            Problem(
                Severity.ERROR,
                "The map has no entry stage: mark the stage where buyers first appear as an entry.",
                Kind.STAGE,
                next(iter(playbook.graph.nodes)),
            )
        ]
    names = " or ".join(f"“{playbook.stage(e).name}”" for e in entries[:3])
    return [
        Problem(
            Severity.ERROR,
            f"No path leads to “{stage.name}” from {names}; a buyer can never get there.",
            Kind.STAGE,
            stage.id,
        )
        for stage in playbook.stages_in_journey_order()
        if stage.id not in reached
    ]


def _dead_ends(playbook: Playbook) -> list[Problem]:
    return [
        Problem(
            Severity.ERROR,
            f"“{stage.name}” has no way out: add a handoff, or mark it as won, lost or an exit.",
            Kind.STAGE,
            stage.id,
        )
        for stage in playbook.stages_in_journey_order()
        if not stage.kind.is_terminal and playbook.graph.out_degree(stage.id) == 0
    ]


def _raci_problems(playbook: Playbook) -> list[Problem]:
    problems = []
    for activity in playbook.activities:
        counts = Counter(activity.raci.values())
        where = f"“{activity.name}” in “{playbook.stage(activity.stage).name}”"
        if counts[Raci.A] == 0:
            problems.append(
                Problem(
                    Severity.ERROR,
                    f"Nobody is Accountable for {where}.",
                    Kind.ACTIVITY,
                    activity.id,
                )
            )
        elif counts[Raci.A] > 1:
            problems.append(
                Problem(
                    Severity.ERROR,
                    f"{counts[Raci.A]} roles are Accountable for {where}; exactly one should be.",
                    Kind.ACTIVITY,
                    activity.id,
                )
            )
        if counts[Raci.R] == 0:
            problems.append(
                Problem(
                    Severity.ERROR,
                    f"Nobody is Responsible for {where}.",
                    Kind.ACTIVITY,
                    activity.id,
                )
            )
        if counts[Raci.C] > MAX_CONSULTED:
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"{counts[Raci.C]} roles are Consulted on {where}; that slows it down.",
                    Kind.ACTIVITY,
                    activity.id,
                )
            )
    return problems


def _handoffs_without_agreement(playbook: Playbook) -> list[Problem]:
    problems = []
    for handoff in sorted(playbook.handoffs(), key=lambda h: h.id):
        if handoff.kind is not HandoffKind.CROSS_TEAM:
            continue
        route = f"“{playbook.stage(handoff.source).name}” → “{playbook.stage(handoff.target).name}”"
        if not handoff.trigger.strip():
            problems.append(
                Problem(
                    Severity.ERROR,
                    f"The cross-team handoff {route} has no trigger: "
                    "say what buyer behaviour moves the lead.",
                    Kind.HANDOFF,
                    handoff.id,
                )
            )
        if handoff.sla_hours is None:
            problems.append(
                Problem(
                    Severity.ERROR,
                    f"The cross-team handoff {route} has no SLA: "
                    "agree how many hours the receiving team has to follow up.",
                    Kind.HANDOFF,
                    handoff.id,
                )
            )
        if handoff.definition is None and not handoff.qualification:
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"The cross-team handoff {route} relies on no definition and has no "
                    "qualification checklist: agree what a buyer must have done to be handed over.",
                    Kind.HANDOFF,
                    handoff.id,
                )
            )
    return problems


def _receiving_stages_without_criteria(playbook: Playbook) -> list[Problem]:
    """A stage a team receives buyers into is where the teams must agree what enters and
    what leaves it."""
    receiving = {h.target for h in playbook.handoffs() if h.kind is HandoffKind.CROSS_TEAM}
    problems = []
    for stage_id in sorted(receiving):
        stage = playbook.stage(stage_id)
        missing = [
            words
            for words, text in (("entry", stage.entry_criteria), ("exit", stage.exit_criteria))
            if not text.strip()
        ]
        if missing:
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"“{stage.name}” receives buyers from another team but has no "
                    f"{' or '.join(missing)} criteria: agree when a buyer is in it and when "
                    "it moves on.",
                    Kind.STAGE,
                    stage_id,
                )
            )
    return problems


def _thresholds_out_of_reach(playbook: Playbook) -> list[Problem]:
    """A score threshold no lead can reach, or one every lead reaches, given the rules."""
    rules = list(playbook.scoring_rules)
    if not rules:
        return []
    highest = sum(rule.points for rule in rules if rule.points > 0)
    # A lead can only pass through every gate, so the gates' points are always in its score.
    gates = sum(rule.points for rule in rules if rule.gate and rule.points > 0)
    lowest = sum(rule.points for rule in rules if rule.points < 0) + gates
    everyone = "every lead that meets the fit gate scores" if gates else "the scoring rules give"
    problems = []
    for handoff in sorted(playbook.handoffs(), key=lambda h: h.id):
        threshold = handoff.score_threshold
        if threshold is None:
            continue
        route = f"“{playbook.stage(handoff.source).name}” → “{playbook.stage(handoff.target).name}”"
        if threshold > highest:
            problems.append(
                Problem(
                    Severity.ERROR,
                    f"The score threshold {threshold} on {route} can never be reached: the "
                    f"scoring rules add up to {highest} at most.",
                    Kind.HANDOFF,
                    handoff.id,
                )
            )
        elif threshold <= lowest:
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"The score threshold {threshold} on {route} lets every lead through: "
                    f"{everyone} {lowest} at the least.",
                    Kind.HANDOFF,
                    handoff.id,
                )
            )
    return problems


def _examples_scored_wrongly(playbook: Playbook) -> list[Problem]:
    """A definition's example leads must pass every score threshold that relies on it, and its
    non-examples must not: otherwise the scoring model contradicts what both teams signed."""
    rules = list(playbook.scoring_rules)
    problems = []
    for handoff in sorted(playbook.handoffs(), key=lambda h: h.id):
        if handoff.definition is None or handoff.score_threshold is None:
            continue
        definition = playbook.definitions[handoff.definition]
        route = f"“{playbook.stage(handoff.source).name}” → “{playbook.stage(handoff.target).name}”"
        for leads, should_pass, what in (
            (definition.example_leads, True, "an example"),
            (definition.non_example_leads, False, "a non-example"),
        ):
            for lead in leads:
                score = score_facts(rules, lead.facts, iso_day(lead.scored_on))
                if score.passes(handoff.score_threshold) == should_pass:
                    continue
                verdict = "does not pass" if should_pass else "passes"
                problems.append(
                    Problem(
                        Severity.ERROR,
                        f"“{lead.name}”, {what} of “{definition.term}”, {verdict} {route} "
                        f"(threshold {handoff.score_threshold}): {describe_score(score)}. "
                        f"Rules that fired: {fired(score)}.",
                        Kind.DEFINITION,
                        definition.id,
                    )
                )
    return problems


def _unsigned_definitions(playbook: Playbook) -> list[Problem]:
    problems = []
    for definition in playbook.definitions:
        missing = [
            team
            for team, signoff in (
                ("marketing", definition.marketing_signoff),
                ("sales", definition.sales_signoff),
            )
            if signoff is None
        ]
        if missing:
            teams = " and ".join(missing)
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"The definition of “{definition.term}” is not signed off by {teams}.",
                    Kind.DEFINITION,
                    definition.id,
                )
            )
    return problems


def _idle_roles(playbook: Playbook) -> list[Problem]:
    used = {role for activity in playbook.activities for role in activity.raci}
    return [
        Problem(
            Severity.WARNING,
            f"The role “{role.name}” is not assigned to any activity.",
            Kind.ROLE,
            role.id,
        )
        for role in playbook.roles
        if role.id not in used
    ]


def _backward_working_day(playbook: Playbook) -> list[Problem]:
    meta = playbook.meta
    refusal = day_order_refusal(meta.day_start, meta.day_end)
    if refusal is None:
        return []
    message = f"{refusal} SLAs are counted in plain hours until it does."
    return [Problem(Severity.ERROR, message, Kind.META, "meta")]
