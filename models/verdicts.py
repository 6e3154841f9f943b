"""The receiving team's verdict on a lead at a handoff: accepted, rejected or recycled, with
one of the handoff's agreed reasons when it has any. Each verdict is one undoable edit,
named as the room would say it: Sales rejects “Acme” at MQL → SQL: no budget."""

from __future__ import annotations

from journeyapp.models.change import Kind
from journeyapp.models.edits import Macro, SetFields
from journeyapp.models.entities import Verdict, VerdictOutcome
from journeyapp.models.errors import EditError
from journeyapp.models.operations import handoff_name, set_fields
from journeyapp.models.playbook import Playbook

# Before a reason from the CRM that is not on the handoff's agreed list, kept in the comment.
CRM_REASON_PREFIX = "Reason in the CRM: "

VERBS = {
    VerdictOutcome.ACCEPTED: "accepts",
    VerdictOutcome.REJECTED: "rejects",
    VerdictOutcome.RECYCLED: "recycles",
}


def set_verdict(
    playbook: Playbook,
    lead_id: str,
    handoff_id: str,
    outcome: VerdictOutcome | str,
    reason: str = "",
    by: str = "",
    at: str = "",
    comment: str = "",
) -> SetFields:
    """Give (or change) the verdict on a lead at a handoff."""
    lead = playbook.leads[lead_id]
    handoff = playbook.handoff(handoff_id)
    try:
        outcome = VerdictOutcome(outcome)
    except ValueError:
        raise EditError(f"A verdict is accepted, rejected or recycled, not “{outcome}”.") from None
    reason = _agreed_reason(playbook, handoff_id, outcome, reason)
    verdict = Verdict(outcome, reason, by.strip(), at, comment)
    verdicts = {**lead.verdicts, handoff_id: verdict}
    label = f"{_team(playbook, handoff.target)} {VERBS[outcome]} “{lead.name}” at " + (
        handoff_name(playbook, handoff)
    )
    if reason:
        label += f": {reason}"
    return set_fields(playbook, Kind.LEAD, lead_id, label=label, verdicts=verdicts)


def clear_verdict(playbook: Playbook, lead_id: str, handoff_id: str) -> SetFields:
    lead = playbook.leads[lead_id]
    if handoff_id not in lead.verdicts:
        raise EditError(f"“{lead.name}” has no verdict at that handoff to clear.")
    verdicts = {key: v for key, v in lead.verdicts.items() if key != handoff_id}
    route = handoff_name(playbook, playbook.handoff(handoff_id))
    return set_fields(
        playbook,
        Kind.LEAD,
        lead_id,
        label=f"Clear the verdict on “{lead.name}” at {route}",
        verdicts=verdicts,
    )


def _agreed_reason(
    playbook: Playbook, handoff_id: str, outcome: VerdictOutcome, reason: str
) -> str:
    """The reason as the handoff's list spells it; refused if the list does not hold it."""
    reason = " ".join(reason.split())
    agreed = playbook.handoff(handoff_id).reasons
    if not agreed or (not reason and outcome is VerdictOutcome.ACCEPTED):
        return reason
    for candidate in agreed:
        if candidate.casefold() == reason.casefold():
            return candidate
    listed = ", ".join(f"“{r}”" for r in agreed)
    if not reason:
        raise EditError(f"Give one of the agreed reasons: {listed}.")
    raise EditError(f"“{reason}” is not one of the agreed reasons: {listed}.")


def _team(playbook: Playbook, stage_id: str) -> str:
    """The team that receives at ``stage_id``: its lane's name."""
    lane = playbook.lanes.get(playbook.stage(stage_id).lane)
    return lane.name if lane is not None else "The receiving team"


def set_verdicts(
    playbook: Playbook,
    lead_ids: list[str],
    handoff_id: str,
    outcome: VerdictOutcome | str,
    reason: str = "",
    by: str = "",
    at: str = "",
    comment: str = "",
) -> SetFields | Macro:
    """The same verdict on several leads at a handoff, as one undo step."""
    edits = [
        set_verdict(playbook, lead_id, handoff_id, outcome, reason, by, at, comment)
        for lead_id in lead_ids
    ]
    if len(edits) == 1:
        return edits[0]
    outcome = VerdictOutcome(outcome)
    label = (
        f"{_team(playbook, playbook.handoff(handoff_id).target)} {VERBS[outcome]} "
        f"{len(edits):,} leads at {handoff_name(playbook, playbook.handoff(handoff_id))}"
    )
    reason = _agreed_reason(playbook, handoff_id, outcome, reason)
    return Macro(edits, label + (f": {reason}" if reason else ""))


def clear_verdicts(playbook: Playbook, lead_ids: list[str], handoff_id: str) -> Macro:
    """Clear the verdicts of several leads at a handoff, as one undo step."""
    edits = [clear_verdict(playbook, lead_id, handoff_id) for lead_id in lead_ids]
    route = handoff_name(playbook, playbook.handoff(handoff_id))
    return Macro(edits, f"Clear the verdicts on {len(edits):,} leads at {route}")
