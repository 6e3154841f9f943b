"""What one role's page says, for the PDF and the web page alike: its part stage by stage,
the handoffs it sends or receives, and the definitions it applies."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from journeyapp.models.entities import Activity, Definition, Handoff, Raci, Role, Stage
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.journey_walk import stages_along_journey
from journeyapp.models.playbook import Playbook

RACI_WORDS = {
    Raci.R: "Responsible",
    Raci.A: "Accountable",
    Raci.C: "Consulted",
    Raci.I: "Informed",
}
DOING = (Raci.R, Raci.A)  # the letters that make a stage the role's own work


@frozen_record
class RoleHandoff:
    handoff: Handoff
    sends: bool  # the role is Responsible or Accountable in the stage it leaves
    receives: bool  # … in the stage it arrives at

    @property
    def direction(self) -> str:
        return (
            "Sends and receives"
            if self.sends and self.receives
            else ("Sends" if self.sends else "Receives")
        )


@frozen_record
class RoleSheet:
    """One role's page: every letter it holds stage by stage in journey order, then the
    handoffs and definitions of the stages it works in."""

    role: Role
    team: str  # the name of the role's team, "" for none
    parts: list[tuple[Stage, list[tuple[Activity, Raci]]]]
    handoffs: list[RoleHandoff]
    definitions: list[Definition]


def role_sheets(playbook: Playbook, only: str | None = None) -> list[RoleSheet]:
    """Each role's sheet (or only the role with id ``only``), in the playbook's role order.

    A handoff belongs on a role's page when the role is Responsible or Accountable for an
    activity of the stage the handoff leaves (the role sends it) or of the stage it arrives
    at (the role receives it): those are the people who hand the buyer over or must act on
    the SLA. Being Consulted or Informed shows in the stage table, but brings no handoffs.
    The definitions a role applies are those its handoffs rely on.
    """
    journey = stages_along_journey(playbook)
    place = {stage.id: n for n, stage in enumerate(journey)}
    by_stage = playbook.activities_by_stage()
    handoffs = sorted(playbook.handoffs(), key=lambda h: (place[h.source], place[h.target], h.id))
    sheets = []
    for role in playbook.roles:
        if only is not None and role.id != only:
            continue
        parts = []
        working: set[str] = set()
        for stage in journey:
            held = [
                (activity, activity.raci[role.id])
                for activity in by_stage.get(stage.id, [])
                if role.id in activity.raci
            ]
            if held:
                parts.append((stage, held))
            if any(letter in DOING for _, letter in held):
                working.add(stage.id)
        mine = [
            RoleHandoff(h, h.source in working, h.target in working)
            for h in handoffs
            if h.source in working or h.target in working
        ]
        used = {r.handoff.definition for r in mine if r.handoff.definition}
        lane = playbook.lanes.get(role.team) if role.team else None
        sheets.append(
            RoleSheet(
                role=role,
                team=lane.name if lane else "",
                parts=parts,
                handoffs=mine,
                definitions=[d for d in playbook.definitions if d.id in used],
            )
        )
    return sheets


def sla_words(handoff: Handoff) -> str:
    """ "24 h", or "" when the handoff promises no time."""
    return f"{handoff.sla_hours:g} h" if handoff.sla_hours else ""


def contact_words(
    playbook: Playbook, handoff: Handoff, stage_name: Callable[[Stage], str] = attrgetter("name")
) -> str:
    """ "6 attempts over 14 days, then Nurture", or "" when the handoff sets no attempts;
    ``stage_name`` gives the recycle stage as the page shows it (a link on the web page)."""
    if not handoff.contact_attempts:
        return ""
    days = f" over {handoff.contact_days} days" if handoff.contact_days else ""
    words = f"{handoff.contact_attempts} attempts{days}"
    if handoff.recycle_to and playbook.has_stage(handoff.recycle_to):
        words += f", then {stage_name(playbook.stage(handoff.recycle_to))}"
    return words
