"""What a participant's phone is given: only what the projector shows. The stage the
facilitator is on (its name, what it means, its criteria and activities), the teams to choose
from, and the notes anyone in the room may see. Deals, amounts, accounts, interviews, leads
and the guests' ids never leave the laptop."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from journeyapp.models.entities import NoteState, StickyNote
from journeyapp.models.playbook import Playbook
from journeyapp.models.room_notes import Guest


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


def sender(note: StickyNote) -> str:
    """Who sent a note from the room, as the undo history names them: "Ana (Sales)"."""
    return Guest(note.guest, note.author, note.team).signature


def shown_to(note: StickyNote, guest_id: str | None) -> bool:
    """Whether a guest (None: the projector) sees the note: never a hidden one, and a note
    written in private mode only by its author until the facilitator reveals it."""
    if note.state is NoteState.HIDDEN:
        return False
    return not note.private or (guest_id is not None and note.guest == guest_id)


def note_view(playbook: Playbook, note: StickyNote, owner: Callable[[str], str]) -> dict:
    """One note as phones get it. ``owner`` turns a guest id into the opaque tag a phone
    knows its own notes by; the guest id itself is never sent."""
    return {
        "id": note.id,
        "text": note.text,
        "stage": playbook.stage(note.stage).name if note.stage else "",
        "author": note.author if note.guest else "Facilitator",
        "team": note.team,
        "owner": owner(note.guest) if note.guest else "",
        "open": bool(note.guest) and note.state is NoteState.POSTED,
        "private": note.private,
    }


def notes_view(
    playbook: Playbook, guest_id: str | None, owner: Callable[[str], str] = lambda guest: ""
) -> list[dict[str, Any]]:
    """Every note the guest (None: the projector) may see."""
    return seen_by(notes_with_readers(playbook, owner), guest_id)


def notes_with_readers(
    playbook: Playbook, owner: Callable[[str], str]
) -> list[tuple[str | None, dict[str, Any]]]:
    """Every note anyone may see, with who may: None for everyone, or the guest id of the one
    author who alone sees a note written in private. Worked out once for a whole room."""
    return [
        (note.guest if note.private else None, note_view(playbook, note, owner))
        for note in playbook.notes
        if shown_to(note, note.guest)
    ]


def seen_by(
    readers: list[tuple[str | None, dict[str, Any]]], guest_id: str | None
) -> list[dict[str, Any]]:
    return [view for reader, view in readers if reader is None or reader == guest_id]


def note_changes(
    playbook: Playbook, note_ids: Iterable[str], owner: Callable[[str], str]
) -> tuple[list[dict], dict[str, list[dict]], list[str]]:
    """What phones need after these notes changed: the notes everyone may see now, the
    private ones each author alone sees (by guest id), and the ids no one sees any more."""
    public, private, gone = [], {}, []
    for note_id in note_ids:
        note = playbook.notes.get(note_id)
        if note is not None and shown_to(note, None):
            public.append(note_view(playbook, note, owner))
        elif note is not None and shown_to(note, note.guest):
            private.setdefault(note.guest, []).append(note_view(playbook, note, owner))
            gone.append(note_id)  # gone for everyone else
        else:
            gone.append(note_id)
    return public, private, gone
