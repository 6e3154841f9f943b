"""Sticky notes from the room: a participant posts, changes and withdraws their own notes from
a phone; the facilitator accepts a note into a stage, hides it, merges duplicates and reveals
the notes written in private mode. Each is one edit, committed and undone like any other.

A note's id comes from the id the phone made for it, so a phone that resends a note it saw
no answer for does not post it twice.
"""

from __future__ import annotations

import re

from journeyapp.models.change import Kind
from journeyapp.models.edits import AddEntity, Macro, RemoveEntity, SetFields
from journeyapp.models.entities import NoteState, StickyNote
from journeyapp.models.errors import EditError
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import shortened

NOTE_CHARS = 280  # what fits a sticky note, and a phone's field
NAME_CHARS = 40
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


@frozen_record
class Guest:
    """A participant: the id their phone keeps, the name they gave ("" when anonymous) and the
    team they said they are in."""

    id: str
    name: str
    team: str

    @property
    def signature(self) -> str:
        who = self.name or "Anonymous"
        return f"{who} ({self.team})" if self.team else who


def checked_client_id(text: str, what: str = "note") -> str:
    if not isinstance(text, str) or not _CLIENT_ID.fullmatch(text):
        raise EditError(f"The {what} id from the phone is not one the room can use.")
    return text


def note_id_for(client_id: str) -> str:
    return f"note-room-{checked_client_id(client_id)}"


def _words(text: str) -> str:
    words = " ".join(str(text).split())
    if not words:
        raise EditError("A note needs some text.")
    if len(words) > NOTE_CHARS:
        raise EditError(f"A note holds {NOTE_CHARS} characters at most; this one has {len(words)}.")
    return words


def post_note(
    playbook: Playbook,
    guest: Guest,
    client_id: str,
    text: str,
    stage_id: str | None,
    now: str,
    private: bool = False,
) -> AddEntity | None:
    """The edit that parks the guest's note; None when the note is already in (a resend)."""
    note_id = note_id_for(client_id)
    if note_id in playbook.notes:
        if playbook.notes[note_id].guest != guest.id:
            raise EditError("That note id is taken; the phone will make another.")
        return None
    words = _words(text)
    if stage_id is not None and not playbook.has_stage(stage_id):
        raise EditError("That stage is no longer on the map.")
    note = StickyNote(
        note_id,
        words,
        stage_id,
        0,
        now,
        author=guest.name,
        team=guest.team,
        guest=guest.id,
        private=private,
    )
    where = f"“{playbook.stage(stage_id).name}”" if stage_id else "the board"
    return AddEntity(Kind.NOTE, note, label=f"Note from {guest.signature} on {where}")


def _own(playbook: Playbook, guest_id: str, client_id: str) -> StickyNote:
    note_id = note_id_for(client_id)
    note = playbook.notes.get(note_id)
    if note is None or note.guest != guest_id:
        raise EditError("That note is not yours, or it is no longer there.")
    if note.state is not NoteState.POSTED:
        raise EditError("The facilitator has taken that note; it can no longer be changed.")
    return note


def change_own_note(playbook: Playbook, guest: Guest, client_id: str, text: str) -> SetFields:
    note = _own(playbook, guest.id, client_id)
    words = _words(text)
    return set_fields(
        playbook,
        Kind.NOTE,
        note.id,
        label=f"{guest.signature} rewords “{shortened(note.text)}”",
        text=words,
    )


def withdraw_own_note(playbook: Playbook, guest: Guest, client_id: str) -> RemoveEntity:
    note = _own(playbook, guest.id, client_id)
    index = playbook.notes.index(note.id)
    return RemoveEntity(
        Kind.NOTE, note, index, label=f"{guest.signature} withdraws “{shortened(note.text)}”"
    )


# -- the facilitator's moderation ---------------------------------------------------------


def _note(playbook: Playbook, note_id: str) -> StickyNote:
    note = playbook.notes.get(note_id)
    if note is None:
        raise EditError("That note is no longer there.")
    return note


def accept_note(playbook: Playbook, note_id: str, stage_id: str | None) -> SetFields:
    """Take a note into a stage (or the board): it is the room's now, no longer its author's."""
    note = _note(playbook, note_id)
    where = f"“{playbook.stage(stage_id).name}”" if stage_id else "the board"
    return set_fields(
        playbook,
        Kind.NOTE,
        note_id,
        label=f"Accept “{shortened(note.text)}” into {where}",
        state=NoteState.ACCEPTED,
        stage=stage_id,
        private=False,
    )


def hide_note(playbook: Playbook, note_id: str, hidden: bool = True) -> SetFields:
    note = _note(playbook, note_id)
    verb = "Hide" if hidden else "Show"
    return set_fields(
        playbook,
        Kind.NOTE,
        note_id,
        label=f"{verb} “{shortened(note.text)}”",
        state=NoteState.HIDDEN if hidden else NoteState.ACCEPTED,
    )


def merge_notes(playbook: Playbook, keep_id: str, duplicate_id: str) -> Macro:
    """Fold a duplicate into the note kept: their dots add up, the duplicate goes."""
    if keep_id == duplicate_id:
        raise EditError("Choose two different notes to merge.")
    keep, duplicate = _note(playbook, keep_id), _note(playbook, duplicate_id)
    add_votes = set_fields(playbook, Kind.NOTE, keep_id, votes=keep.votes + duplicate.votes)
    index = playbook.notes.index(duplicate_id)
    return Macro(
        (add_votes, RemoveEntity(Kind.NOTE, duplicate, index)),
        label=f"Merge “{shortened(duplicate.text)}” into “{shortened(keep.text)}”",
    )


def reveal_notes(playbook: Playbook) -> Macro:
    """Show every note written in private mode, to the projector and the phones."""
    waiting = [note for note in playbook.notes if note.private]
    if not waiting:
        raise EditError("No notes are waiting to be revealed.")
    return Macro(
        tuple(set_fields(playbook, Kind.NOTE, n.id, private=False) for n in waiting),
        label=f"Reveal {len(waiting)} note{'s' if len(waiting) != 1 else ''} written in private",
    )
