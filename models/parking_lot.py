"""The workshop's parking lot: sticky notes on a stage or the board, dot votes, and what a
note becomes afterwards (an improvement, or a line of an activity's methodology)."""

from __future__ import annotations

from journeyapp.models.change import Kind
from journeyapp.models.edits import AddEntity, Macro, RemoveEntity, SetFields
from journeyapp.models.entities import Improvement, StickyNote
from journeyapp.models.errors import EditError
from journeyapp.models.ids import new_id
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import shortened

VOTED_KINDS = (Kind.NOTE, Kind.IMPROVEMENT)


def add_note(playbook: Playbook, text: str, stage_id: str | None, now: str) -> AddEntity:
    text = " ".join(text.split())
    if not text:
        raise EditError("A note needs some text.")
    where = f"“{playbook.stage(stage_id).name}”" if stage_id else "the board"
    note = StickyNote(new_id("note"), text, stage_id, 0, now)
    return AddEntity(Kind.NOTE, note, label=f"Park a note on {where}")


def remove_note(playbook: Playbook, note_id: str) -> RemoveEntity:
    note = playbook.notes[note_id]
    index = playbook.notes.index(note_id)
    return RemoveEntity(Kind.NOTE, note, index, label=f"Delete note “{_short(note)}”")


def vote(playbook: Playbook, kind: Kind, entity_id: str, dots: int) -> SetFields:
    """Add (or with a negative count, take back) dots; votes on one item in a row are one
    undo step, as the facilitator counts them in."""
    if kind not in VOTED_KINDS:
        raise EditError(f"A {kind.value} cannot be voted on.")
    entity = playbook.get(kind, entity_id)
    votes = max(0, entity.votes + dots)
    if votes == entity.votes:
        raise EditError("There are no votes to take back.")
    title = entity.title if kind is Kind.IMPROVEMENT else _short(entity)
    return set_fields(
        playbook,
        kind,
        entity_id,
        label=f"Votes for “{title}”",
        merge_key=f"votes-{entity_id}",
        votes=votes,
    )


def ranked(playbook: Playbook) -> list[tuple[Kind, object]]:
    """Notes and improvements with votes, most first (ties keep their order)."""
    items = [(Kind.NOTE, n) for n in playbook.notes] + [
        (Kind.IMPROVEMENT, i) for i in playbook.improvements
    ]
    return sorted((item for item in items if item[1].votes), key=lambda item: -item[1].votes)


def to_improvement(playbook: Playbook, note_id: str, today: str) -> Macro:
    """The note becomes an improvement to test (keeping its votes); the note goes."""
    note = playbook.notes[note_id]
    improvement = Improvement(
        new_id("improvement"),
        note.text[:120],
        target_kind=Kind.STAGE,
        target=note.stage,
        hypothesis=note.text,
        created=today,
        source_note=note.text,
        votes=note.votes,
    )
    label = f"Make note “{_short(note)}” an improvement"
    return Macro((AddEntity(Kind.IMPROVEMENT, improvement), remove_note(playbook, note_id)), label)


def to_methodology(playbook: Playbook, note_id: str, activity_id: str) -> Macro:
    """The note becomes a bullet of an activity's methodology; the note goes."""
    note = playbook.notes[note_id]
    activity = playbook.activities[activity_id]
    line = f"- {note.text}"
    methodology = (
        f"{activity.methodology.rstrip()}\n{line}" if activity.methodology.strip() else line
    )
    change = set_fields(playbook, Kind.ACTIVITY, activity_id, methodology=methodology)
    label = f"Add note “{_short(note)}” to “{activity.name}”"
    return Macro((change, remove_note(playbook, note_id)), label)


def _short(note: StickyNote) -> str:
    return shortened(note.text)
