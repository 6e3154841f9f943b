"""The handoffs as the contract both teams sign, in the same words and order in the PDF and
the web playbook: along the buyer's journey, each with its trigger, threshold, qualification,
SLA, contact process and where a rejected lead goes; "—" where a term is not set."""

from __future__ import annotations

from journeyapp.models.entities import Definition, Handoff, Stage
from journeyapp.models.journey_walk import stages_along_journey
from journeyapp.models.playbook import Playbook

NOT_SET = "—"
COLUMNS = (
    "From → to",
    "Trigger",
    "Threshold",
    "Qualification",
    "SLA",
    "Contact process",
    "Recycle target",
    "Target conversion",
)


def handoffs_along_journey(playbook: Playbook) -> list[Handoff]:
    """Every handoff, in the walk order of its source stage, then of its target."""
    place = {stage.id: n for n, stage in enumerate(stages_along_journey(playbook))}
    return sorted(playbook.handoffs(), key=lambda h: (place[h.source], place[h.target], h.id))


def threshold(handoff: Handoff) -> str:
    """The lead score that passes the handoff: "score ≥ 65"."""
    if handoff.score_threshold is None:
        return NOT_SET
    return f"score ≥ {handoff.score_threshold}"


def sla(handoff: Handoff) -> str:
    return f"{handoff.sla_hours:g} h" if handoff.sla_hours else NOT_SET


def contact_process(handoff: Handoff) -> str:
    """ "6 attempts over 14 days"; where the lead goes after them is the recycle target."""
    if not handoff.contact_attempts:
        return NOT_SET
    days = f" over {handoff.contact_days} days" if handoff.contact_days else ""
    return f"{handoff.contact_attempts} attempts{days}"


def recycle_target(playbook: Playbook, handoff: Handoff) -> Stage | None:
    """The stage a lead the receiving team rejects (or cannot reach) goes to, if named."""
    if handoff.recycle_to and playbook.has_stage(handoff.recycle_to):
        return playbook.stage(handoff.recycle_to)
    return None


def definition(playbook: Playbook, handoff: Handoff) -> Definition | None:
    """The agreed definition (MQL, SQL, …) a lead must meet to pass, if the handoff names one."""
    if handoff.definition and handoff.definition in playbook.definitions:
        return playbook.definitions.get(handoff.definition)
    return None
