"""What the workshop column tells about a stage, as parts the column can leave out when short
of room: the least needed first (the handoffs, already drawn on the map), the definition never.
"""

from __future__ import annotations

from journeyapp.models.entities import Raci
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook

BODY_PX = 26
SMALL_PX = 24  # the least a room can read
HEADING_PX = 30
TEXT_LINES = 4  # a long text shows its start, cut with "…"; the whole is in the playbook


@frozen_record
class Line:
    text: str
    pixels: int
    bold: bool = False
    max_lines: int = TEXT_LINES
    indent: bool = False


@frozen_record
class Part:
    name: str  # how "Also in the playbook: …" names it when it is left out
    keep: int  # parts with a lower number are left out first; 100 is never left out
    lines: tuple[Line, ...]


ALWAYS = 100
_ORDER = {Raci.A: 0, Raci.R: 1, Raci.C: 2, Raci.I: 3}


def _section(title: str, text: str, keep: int) -> Part:
    return Part(title, keep, (Line(title, HEADING_PX, bold=True, max_lines=1), Line(text, BODY_PX)))


def stage_parts(playbook: Playbook, stage_id: str) -> list[Part]:
    stage = playbook.stage(stage_id)
    parts = [_section("Definition", stage.description or "Not written yet.", ALWAYS)]
    for title, text, keep in (
        ("Entry criteria", stage.entry_criteria, 60),
        ("Exit criteria", stage.exit_criteria, 59),
    ):
        if text.strip():
            parts.append(_section(title, text, keep))
    activities = playbook.activities_of(stage_id)
    if activities:
        lines = [Line("Activities and who does them", HEADING_PX, bold=True, max_lines=1)]
        for activity in activities:
            lines.append(Line(f"• {activity.name}", BODY_PX, max_lines=2))
            letters = [
                f"{letter.value} {playbook.roles[role].name}"
                for role, letter in sorted(activity.raci.items(), key=lambda i: _ORDER[i[1]])
                if role in playbook.roles
            ]
            if letters:
                lines.append(Line(" · ".join(letters), SMALL_PX, max_lines=2, indent=True))
        parts.append(Part("Activities", 40, tuple(lines)))
    relied_on = {
        h.definition
        for h in playbook.incoming(stage_id) + playbook.outgoing(stage_id)
        if h.definition in playbook.definitions
    }
    for definition in playbook.definitions:
        if definition.id in relied_on:
            title = f"“{definition.term}” means"
            parts.append(_section(title, definition.text or "Not agreed yet.", 20))
    outgoing = playbook.outgoing(stage_id)
    if outgoing:
        lines = [Line("Moves on when", HEADING_PX, bold=True, max_lines=1)]
        for handoff in outgoing:
            target = playbook.stage(handoff.target).name
            trigger = handoff.trigger or "no trigger agreed yet"
            sla = f" (within {handoff.sla_hours:g} h)" if handoff.sla_hours else ""
            lines.append(Line(f"→ {target}: {trigger}{sla}", BODY_PX, max_lines=2))
        parts.append(Part("Moves on when", 10, tuple(lines)))
    return parts
