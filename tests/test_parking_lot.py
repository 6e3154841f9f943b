"""The workshop's parking lot without a display: notes, dot votes, and what notes become."""

from __future__ import annotations

import pytest
from journeyapp.models import operations, parking_lot
from journeyapp.models.change import Kind
from journeyapp.models.errors import EditError
from journeyapp.models.templates import load_template

NOW = "2026-11-23T10:15:00"


@pytest.fixture
def playbook():
    return load_template("b2b-saas")


def stage_named(playbook, name):
    return next(s for s in playbook.stages() if s.name == name)


def park(playbook, text, stage_id=None):
    edit = parking_lot.add_note(playbook, text, stage_id, NOW)
    playbook.apply(edit)
    return playbook.notes[edit.entity.id]


def test_a_note_goes_on_a_stage_or_the_board_and_needs_text(playbook):
    mql = stage_named(playbook, "MQL")
    on_stage = park(playbook, "  Score webinars   higher ", mql.id)
    on_board = park(playbook, "Who owns the pricing page?")
    assert (on_stage.text, on_stage.stage) == ("Score webinars higher", mql.id)
    assert on_board.stage is None
    with pytest.raises(EditError, match="needs some text"):
        parking_lot.add_note(playbook, "   ", None, NOW)


def test_dots_add_up_never_below_zero_and_rank_notes_with_improvements(playbook):
    first = park(playbook, "Shorter demo")
    second = park(playbook, "Call within the hour")
    improvement = next(iter(playbook.improvements))
    for kind, entity_id, dots in (
        (Kind.NOTE, first.id, 2),
        (Kind.NOTE, second.id, 5),
        (Kind.IMPROVEMENT, improvement.id, 3),
    ):
        playbook.apply(parking_lot.vote(playbook, kind, entity_id, dots))
    order = [entity.id for _, entity in parking_lot.ranked(playbook)]
    assert order == [second.id, improvement.id, first.id]
    playbook.apply(parking_lot.vote(playbook, Kind.NOTE, first.id, -5))
    assert first.votes == 0
    with pytest.raises(EditError, match="no votes"):
        parking_lot.vote(playbook, Kind.NOTE, first.id, -1)
    with pytest.raises(EditError, match="cannot be voted"):
        parking_lot.vote(playbook, Kind.STAGE, stage_named(playbook, "MQL").id, 1)


def test_votes_in_a_row_on_one_item_merge_into_one_undo_step(playbook):
    note = park(playbook, "Shorter demo")
    first = parking_lot.vote(playbook, Kind.NOTE, note.id, 1)
    playbook.apply(first)
    second = parking_lot.vote(playbook, Kind.NOTE, note.id, 1)
    merged = first.merged_with(second)
    assert merged is not None and merged.new == {"votes": 2} and merged.old == {"votes": 0}


def test_a_note_becomes_an_improvement_keeping_its_votes_and_undoes_whole(playbook):
    mql = stage_named(playbook, "MQL")
    note = park(playbook, "Route MQLs by product line", mql.id)
    playbook.apply(parking_lot.vote(playbook, Kind.NOTE, note.id, 4))
    count = len(playbook.improvements)
    edit = parking_lot.to_improvement(playbook, note.id, "2026-11-23")
    playbook.apply(edit)
    made = list(playbook.improvements)[-1]
    assert (made.title, made.target, made.votes) == ("Route MQLs by product line", mql.id, 4)
    assert note.id not in playbook.notes
    playbook.revert(edit)
    assert len(playbook.improvements) == count and playbook.notes[note.id].votes == 4


def test_a_note_becomes_a_line_of_methodology(playbook):
    activity = next(iter(playbook.activities))
    note = park(playbook, "Open with the buyer's own words", activity.stage)
    playbook.apply(parking_lot.to_methodology(playbook, note.id, activity.id))
    methodology = playbook.activities[activity.id].methodology
    assert methodology.splitlines()[-1] == "- Open with the buyer's own words"
    assert note.id not in playbook.notes


def test_deleting_a_stage_moves_its_notes_to_the_board(playbook):
    won = stage_named(playbook, "Won")
    note = park(playbook, "Celebrate in the channel", won.id)
    edit = operations.remove_many(playbook, [won.id])
    playbook.apply(edit)
    assert playbook.notes[note.id].stage is None
    playbook.revert(edit)
    assert playbook.notes[note.id].stage == won.id
