"""Notes from the room, in the model: a participant posts, changes and withdraws their own
notes; a resend posts nothing twice; the facilitator accepts, hides, merges and reveals; what
a phone is given holds only what the projector shows."""

from __future__ import annotations

import json

import pytest
from journeyapp.models.entities import NoteState
from journeyapp.models.errors import EditError
from journeyapp.models.room_notes import (
    NOTE_CHARS,
    Guest,
    accept_note,
    change_own_note,
    hide_note,
    merge_notes,
    post_note,
    reveal_notes,
    withdraw_own_note,
)
from journeyapp.models.room_view import notes_view, stage_view
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

ANA = Guest("guest-ana-0001", "Ana", "Sales")
BEN = Guest("guest-ben-0002", "Ben", "Marketing")
NOW = "2026-12-01T10:00:00"


def posted(playbook, guest, client_id, text, stage="stage-discovery", private=False):
    edit = post_note(playbook, guest, client_id, text, stage, NOW, private)
    playbook.apply(edit)
    return playbook.notes[f"note-room-{client_id}"]


def test_a_note_from_a_phone_carries_its_author_and_team_and_a_resend_adds_nothing():
    playbook = load_template("b2b-saas")
    before = len(playbook.notes)
    edit = post_note(
        playbook, ANA, "c-0000000001", "  Ask  for the budget owner ", "stage-discovery", NOW
    )
    assert edit.label == "Note from Ana (Sales) on “Opportunity: Discovery”"
    playbook.apply(edit)
    note = playbook.notes["note-room-c-0000000001"]
    assert (note.text, note.author, note.team, note.guest) == (
        "Ask for the budget owner",
        "Ana",
        "Sales",
        ANA.id,
    )
    assert post_note(playbook, ANA, "c-0000000001", "Ask for the budget owner", None, NOW) is None
    assert len(playbook.notes) == before + 1
    with pytest.raises(EditError, match="That note id is taken"):
        post_note(playbook, BEN, "c-0000000001", "Mine now", None, NOW)
    playbook.revert(edit)
    assert len(playbook.notes) == before


@pytest.mark.parametrize(
    ("client_id", "text", "sentence"),
    [
        ("c-0000000002", "   ", "A note needs some text."),
        ("c-0000000003", "x" * (NOTE_CHARS + 1), f"holds {NOTE_CHARS} characters at most"),
        ("short", "Fine", "not one the room can use"),
        ("../../etc/passwd", "Fine", "not one the room can use"),
    ],
)
def test_a_note_the_room_cannot_take_is_refused_in_a_sentence(client_id, text, sentence):
    playbook = load_template("b2b-saas")
    with pytest.raises(EditError, match=sentence):
        post_note(playbook, ANA, client_id, text, None, NOW)


def test_only_its_author_changes_or_withdraws_a_note_and_only_until_it_is_accepted():
    playbook = load_template("b2b-saas")
    posted(playbook, ANA, "c-0000000010", "Pilot criteria")
    with pytest.raises(EditError, match="not yours"):
        change_own_note(playbook, BEN, "c-0000000010", "Hijacked")
    playbook.apply(change_own_note(playbook, ANA, "c-0000000010", "Pilot criteria in writing"))
    assert playbook.notes["note-room-c-0000000010"].text == "Pilot criteria in writing"
    playbook.apply(accept_note(playbook, "note-room-c-0000000010", "stage-pilot"))
    note = playbook.notes["note-room-c-0000000010"]
    assert (note.state, note.stage) == (NoteState.ACCEPTED, "stage-pilot")
    with pytest.raises(EditError, match="can no longer be changed"):
        withdraw_own_note(playbook, ANA, "c-0000000010")
    posted(playbook, ANA, "c-0000000011", "Second thought")
    playbook.apply(withdraw_own_note(playbook, ANA, "c-0000000011"))
    assert "note-room-c-0000000011" not in playbook.notes


def test_private_notes_are_seen_by_their_author_alone_until_revealed():
    playbook = load_template("b2b-saas")
    posted(playbook, ANA, "c-0000000020", "Sales never reads the MQL notes", private=True)
    posted(playbook, BEN, "c-0000000021", "Leads go cold in SQL", private=True)
    assert [n["text"] for n in notes_view(playbook, BEN.id) if n["author"] != "Facilitator"] == [
        "Leads go cold in SQL"
    ]
    assert all(n["author"] == "Facilitator" for n in notes_view(playbook, None))  # projector
    reveal = reveal_notes(playbook)
    assert reveal.label == "Reveal 2 notes written in private"
    playbook.apply(reveal)
    ben_sees = {n["text"]: n for n in notes_view(playbook, BEN.id, owner=lambda g: f"tag-{g}")}
    assert ben_sees["Sales never reads the MQL notes"]["owner"] == f"tag-{ANA.id}"
    assert ben_sees["Leads go cold in SQL"]["owner"] == f"tag-{BEN.id}"
    assert ben_sees["Leads go cold in SQL"]["open"] is True
    with pytest.raises(EditError, match="No notes are waiting"):
        reveal_notes(playbook)


def test_hidden_notes_leave_every_screen_and_a_merge_adds_the_dots_up():
    playbook = load_template("b2b-saas")
    one = posted(playbook, ANA, "c-0000000030", "Book the CFO early")
    two = posted(playbook, BEN, "c-0000000031", "Get the CFO in before the proposal")
    playbook.apply(hide_note(playbook, two.id))
    assert all(n["text"] != two.text for n in notes_view(playbook, None))
    assert all(n["text"] != two.text for n in notes_view(playbook, BEN.id))
    playbook.apply(hide_note(playbook, two.id, hidden=False))
    from journeyapp.models.change import Kind
    from journeyapp.models.parking_lot import vote

    playbook.apply(vote(playbook, Kind.NOTE, one.id, 2))
    playbook.apply(vote(playbook, Kind.NOTE, two.id, 3))
    merge = merge_notes(playbook, one.id, two.id)
    playbook.apply(merge)
    assert playbook.notes[one.id].votes == 5 and two.id not in playbook.notes
    playbook.revert(merge)
    assert playbook.notes[two.id].votes == 3


def test_a_phone_is_given_what_the_projector_shows_and_nothing_more():
    playbook = load_template("b2b-saas")
    posted(playbook, ANA, "c-0000000040", "Where is the <b>pilot</b> checklist?")
    given = json.dumps(
        {"stage": stage_view(playbook, "stage-discovery"), "notes": notes_view(playbook, BEN.id)},
        ensure_ascii=False,
    )
    assert "Opportunity: Discovery" in given and "<b>pilot</b>" in given  # as typed
    for deal in playbook.deals:
        assert deal.account not in given and deal.name not in given
    for interview in playbook.interviews:
        assert interview.interviewee not in given
    assert ANA.id not in given  # a guest's id is theirs alone


def test_notes_from_the_room_survive_the_file(tmp_path):
    playbook = load_template("b2b-saas")
    posted(playbook, ANA, "c-0000000050", "Pilot criteria", private=True)
    path = tmp_path / "room.journey"
    Store.create(path, playbook).close()
    store = Store.open(path, read_only=True)
    note = store.load().notes["note-room-c-0000000050"]
    store.close()
    assert (note.author, note.team, note.guest, note.private) == ("Ana", "Sales", ANA.id, True)


def test_hostile_text_from_a_phone_is_kept_and_given_back_as_typed():
    from test_hostile_text import HOSTILE

    playbook = load_template("b2b-saas")
    for n, words in enumerate(HOSTILE):
        note = posted(playbook, ANA, f"c-hostile-{n:04d}", words)
        assert note.text == " ".join(words.split())
        given = [v["text"] for v in notes_view(playbook, BEN.id) if v["id"] == note.id]
        assert given == [note.text]
        assert json.loads(json.dumps(notes_view(playbook, None))) == notes_view(playbook, None)
