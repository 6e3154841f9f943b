"""Dot voting in the room, in the model: a round over chosen ideas with so many dots each,
dots placed and taken back from phones within the limit, a resend placed once, and the
results split by team."""

from __future__ import annotations

import pytest
from journeyapp.models.dot_voting import (
    end_round,
    place_dot,
    results,
    round_view,
    start_round,
    take_back_dot,
    team_priorities,
)
from journeyapp.models.errors import EditError
from journeyapp.models.room_notes import Guest, post_note
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

ANA = Guest("guest-ana-0001", "Ana", "Sales")
BEN = Guest("guest-ben-0002", "Ben", "Marketing")
CAT = Guest("guest-cat-0003", "Cat", "Sales")
NOW = "2026-12-01T10:00:00"


def voting_playbook():
    playbook = load_template("b2b-saas")
    for n, text in enumerate(("Book the CFO early", "Webinar leads go cold", "Pilot criteria")):
        playbook.apply(post_note(playbook, ANA, f"c-vote-{n:05d}", text, None, NOW))
    targets = [f"note:note-room-c-vote-{n:05d}" for n in range(3)]
    edit = start_round(playbook, targets, 2, NOW)
    assert edit.label == "Open a round of voting: 2 dots each over 3 ideas"
    playbook.apply(edit)
    return playbook, targets


def test_each_guest_places_their_dots_and_no_more_and_a_resend_counts_once():
    playbook, (cfo, webinar, _pilot) = voting_playbook()
    edit = place_dot(playbook, ANA, "dot-ana-0001", cfo)
    assert edit.label == "Ana (Sales) places a dot on “Book the CFO early”"
    playbook.apply(edit)
    assert place_dot(playbook, ANA, "dot-ana-0001", cfo) is None  # the same dot again
    playbook.apply(place_dot(playbook, ANA, "dot-ana-0002", cfo))
    with pytest.raises(EditError, match="You have placed all 2 of your dots"):
        place_dot(playbook, ANA, "dot-ana-0003", webinar)
    assert round_view(playbook, ANA.id)["left"] == 0
    playbook.apply(take_back_dot(playbook, ANA, cfo))
    assert round_view(playbook, ANA.id)["left"] == 1
    with pytest.raises(EditError, match="not among the ideas"):
        place_dot(playbook, ANA, "dot-ana-0004", "note:note-elsewhere")
    with pytest.raises(EditError, match="no dot there"):
        take_back_dot(playbook, BEN, cfo)


def test_the_results_are_split_by_team_and_show_where_they_disagree():
    playbook, (cfo, webinar, pilot) = voting_playbook()
    for guest, dot, target in (
        (ANA, "dot-a-000001", cfo),
        (ANA, "dot-a-000002", pilot),
        (CAT, "dot-c-000001", cfo),
        (CAT, "dot-c-000002", cfo),
        (BEN, "dot-b-000001", webinar),
        (BEN, "dot-b-000002", webinar),
    ):
        playbook.apply(place_dot(playbook, guest, dot, target))
    playbook.apply(end_round(playbook, "2026-12-01T10:05:00"))
    with pytest.raises(EditError, match="Voting has closed"):
        place_dot(playbook, BEN, "dot-b-000003", cfo)
    (round_,) = playbook.rounds
    tallies = results(playbook, round_)
    assert [(t.text, t.total) for t in tallies] == [
        ("Book the CFO early", 3),
        ("Webinar leads go cold", 2),
        ("Pilot criteria", 1),
    ]
    assert dict(tallies[0].by_team) == {"Marketing": 0, "Sales": 3, "Customer Success": 0}
    assert team_priorities(tallies, "Sales") == ["Book the CFO early", "Pilot criteria"]
    assert team_priorities(tallies, "Marketing") == ["Webinar leads go cold"]
    view = round_view(playbook, BEN.id)
    assert view["open"] is False and view["results"][0]["total"] == 3


def test_one_round_at_a_time_and_the_round_survives_the_file(tmp_path):
    playbook, (cfo, *_rest) = voting_playbook()
    with pytest.raises(EditError, match="open already"):
        start_round(playbook, [cfo], 3, NOW)
    playbook.apply(place_dot(playbook, BEN, "dot-b-000001", cfo))
    Store.create(tmp_path / "v.journey", playbook).close()
    store = Store.open(tmp_path / "v.journey", read_only=True)
    (round_,) = store.load().rounds
    store.close()
    assert [(d.guest, d.team, d.target) for d in round_.dots] == [(BEN.id, "Marketing", cfo)]
    with pytest.raises(EditError, match="Choose the notes"):
        start_round(load_template("b2b-saas"), ["note:nothing"], 3, NOW)
