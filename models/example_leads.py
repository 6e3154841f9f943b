"""A definition's example leads: leads it claims pass its score thresholds, and
non-examples it claims do not. Adding, changing or deleting one changes what both teams
agreed to, so it clears the definition's sign-offs in the same undo step, like its words.
"""

from __future__ import annotations

from journeyapp.models.change import Kind
from journeyapp.models.edits import SetFields
from journeyapp.models.entities import Definition, ExampleLead
from journeyapp.models.errors import EditError
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.operations import handoff_name, set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.models.scoring import (
    LeadScore,
    describe_score,
    iso_day,
    score_facts,
    threshold_handoffs,
)
from journeyapp.models.sign_offs import cleared


@frozen_record
class ExampleResult:
    """How one example or non-example lead scores at one threshold that relies on its definition."""

    lead: ExampleLead
    should_pass: bool
    threshold: int
    routes: tuple[str, ...]  # the handoffs with that threshold, "MQL → SQL"
    score: LeadScore

    @property
    def passes(self) -> bool:
        return self.score.passes(self.threshold)

    @property
    def agrees(self) -> bool:
        return self.passes == self.should_pass


def example_verdict(result: ExampleResult) -> str:
    """“Fit 45 + engagement 30 = 75: passes, as the definition claims.”"""
    outcome = "passes" if result.passes else "does not pass"
    claim = "as the definition claims." if result.agrees else "CONTRARY TO THE DEFINITION."
    return f"{describe_score(result.score)}: {outcome}, {claim}"


def thresholds_of(playbook: Playbook, definition_id: str) -> dict[int, tuple[str, ...]]:
    """The score thresholds that rely on the definition, with the handoffs that set each."""
    found: dict[int, list[str]] = {}
    for handoff in threshold_handoffs(playbook):
        if handoff.definition == definition_id:
            found.setdefault(handoff.score_threshold, []).append(handoff_name(playbook, handoff))
    return {threshold: tuple(routes) for threshold, routes in found.items()}


def lead_results(
    playbook: Playbook, definition_id: str, lead: ExampleLead, should_pass: bool
) -> list[ExampleResult]:
    score = score_facts(playbook.scoring_rules, lead.facts, iso_day(lead.scored_on))
    return [
        ExampleResult(lead, should_pass, threshold, routes, score)
        for threshold, routes in thresholds_of(playbook, definition_id).items()
    ]


def example_results(playbook: Playbook, definition_id: str) -> list[ExampleResult]:
    """Every example and non-example lead of the definition at every threshold that relies on it."""
    definition = playbook.definitions[definition_id]
    results = []
    for lead, should_pass in leads_of(definition):
        results += lead_results(playbook, definition_id, lead, should_pass)
    return results


def leads_of(definition: Definition) -> list[tuple[ExampleLead, bool]]:
    """(lead, whether the definition claims it passes), examples first."""
    return [(lead, True) for lead in definition.example_leads] + [
        (lead, False) for lead in definition.non_example_leads
    ]


def _field(example: bool) -> str:
    return "example_leads" if example else "non_example_leads"


def _kind(example: bool) -> str:
    return "example" if example else "non-example"


def _edit(
    playbook: Playbook, definition_id: str, example: bool, leads: list[ExampleLead], label: str
) -> SetFields:
    definition = playbook.definitions[definition_id]
    values: dict = {_field(example): tuple(leads)}
    signed = cleared(definition)
    if signed:
        values.update(signed)
        label += " (sign-offs cleared)"
    return set_fields(playbook, Kind.DEFINITION, definition_id, label=label, **values)


def _checked(lead: ExampleLead) -> ExampleLead:
    if not lead.name.strip():
        raise EditError(
            "An example lead needs a name, such as “Ops lead at a 300-person retailer”."
        )
    if lead.scored_on.strip() and iso_day(lead.scored_on) is None:
        raise EditError(
            f"“{lead.scored_on}” is not a date; write the day it is scored on as 2026-10-15."
        )
    for fact in lead.facts:
        if not fact.attribute.strip():
            raise EditError(f"A fact of “{lead.name}” has a value but no attribute.")
        if fact.date.strip() and iso_day(fact.date) is None:
            raise EditError(f"“{fact.date}” is not a date; write when it happened as 2026-10-05.")
    return lead


def add_example_lead(
    playbook: Playbook, definition_id: str, lead: ExampleLead, example: bool
) -> SetFields:
    definition = playbook.definitions[definition_id]
    leads = [*getattr(definition, _field(example)), _checked(lead)]
    label = f"Add {_kind(example)} lead “{lead.name.strip()}” to “{definition.term}”"
    return _edit(playbook, definition_id, example, leads, label)


def change_example_lead(
    playbook: Playbook, definition_id: str, example: bool, index: int, lead: ExampleLead
) -> SetFields:
    definition = playbook.definitions[definition_id]
    leads = list(getattr(definition, _field(example)))
    leads[index] = _checked(lead)
    label = f"Change {_kind(example)} lead “{lead.name.strip()}” of “{definition.term}”"
    return _edit(playbook, definition_id, example, leads, label)


def remove_example_lead(
    playbook: Playbook, definition_id: str, example: bool, index: int
) -> SetFields:
    definition = playbook.definitions[definition_id]
    leads = list(getattr(definition, _field(example)))
    gone = leads.pop(index)
    label = f"Delete {_kind(example)} lead “{gone.name}” of “{definition.term}”"
    return _edit(playbook, definition_id, example, leads, label)
