"""What a participant's phone is given: only what the projector shows. The stage the
facilitator is on (its name, what it means, its criteria and activities), the teams to choose
from, and the notes anyone in the room may see. Deals, amounts, accounts, interviews, leads
and the guests' ids never leave the laptop."""

from __future__ import annotations

from typing import Any

from journeyapp.models.entities import NoteState, StickyNote
from journeyapp.models.playbook import Playbook


def teams(playbook: Playbook) -> list[str]:
    return [lane.name for lane in playbook.lanes]


def stage_view(playbook: Playbook, stage_id: str | None) -> dict[str, Any] | None:
    if stage_id is None or not playbook.has_stage(stage_id):
        return None
    stage = playbook.stage(stage_id)
    return {
        "id": stage.id,
        "name": stage.name,
        "team": playbook.lanes[stage.lane].name if stage.lane in playbook.lanes else "",
        "description": stage.description,
        "buyer_goal": stage.buyer_goal,
        "entry_criteria": stage.entry_criteria,
        "exit_criteria": stage.exit_criteria,
        "activities": [a.name for a in playbook.activities_of(stage_id)],
    }


def shown_to(note: StickyNote, guest_id: str | None) -> bool:
    """Whether a guest (None: the projector) sees the note: never a hidden one, and a note
    written in private mode only by its author until the facilitator reveals it."""
    if note.state is NoteState.HIDDEN:
        return False
    return not note.private or (guest_id is not None and note.guest == guest_id)


def notes_view(playbook: Playbook, guest_id: str | None) -> list[dict[str, Any]]:
    shown = []
    for note in playbook.notes:
        if not shown_to(note, guest_id):
            continue
        mine = guest_id is not None and note.guest == guest_id
        shown.append(
            {
                "id": note.id.removeprefix("note-room-") if mine else note.id,
                "text": note.text,
                "stage": playbook.stage(note.stage).name if note.stage else "",
                "author": note.author if note.guest else "Facilitator",
                "team": note.team,
                "mine": mine,
                "open": mine and note.state is NoteState.POSTED,
                "private": note.private,
            }
        )
    return shown
