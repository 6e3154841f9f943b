"""Dot voting in the room: the facilitator opens a round over chosen notes and improvements
with so many dots each; each participant places their dots from the phone (and may take one
back while the round is open); the facilitator closes it. The results are read per team:
marketing's priorities beside sales', which is the misalignment the workshop is there for."""

from __future__ import annotations

from collections import Counter

from journeyapp.models.change import Kind
from journeyapp.models.edits import AddEntity, SetFields
from journeyapp.models.errors import EditError
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.ids import new_id
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.models.room_notes import Guest, checked_client_id
from journeyapp.models.room_view import shown_to
from journeyapp.models.voting_entities import Dot, VotingRound
from journeyapp.models.words import shortened


def open_round(playbook: Playbook) -> VotingRound | None:
    return next((r for r in playbook.rounds if not r.closed), None)


def target_text(playbook: Playbook, target: str) -> str | None:
    """What a target reads as ("note:<id>" or "improvement:<id>"); None once it is gone."""
    kind, _, entity_id = target.partition(":")
    if kind == "note" and entity_id in playbook.notes:
        return playbook.notes[entity_id].text
    if kind == "improvement" and entity_id in playbook.improvements:
        return playbook.improvements[entity_id].title
    return None


def start_round(playbook: Playbook, targets: list[str], dots_each: int, now: str) -> AddEntity:
    if open_round(playbook) is not None:
        raise EditError("A round of voting is open already; close it first.")
    kept = [t for t in dict.fromkeys(targets) if target_text(playbook, t) is not None]
    if not kept:
        raise EditError("Choose the notes or improvements to vote on first.")
    round_ = VotingRound(new_id("round"), now, "", dots_each, tuple(kept))
    return AddEntity(
        Kind.ROUND,
        round_,
        label=f"Open a round of voting: {dots_each} dots each over {len(kept)} ideas",
    )


def end_round(playbook: Playbook, now: str) -> SetFields:
    round_ = open_round(playbook)
    if round_ is None:
        raise EditError("No round of voting is open.")
    return set_fields(
        playbook, Kind.ROUND, round_.id, label="Close the round of voting", closed=now
    )


def dots_left(round_: VotingRound, guest_id: str) -> int:
    return round_.dots_each - sum(1 for d in round_.dots if d.guest == guest_id)


def place_dot(playbook: Playbook, guest: Guest, client_id: str, target: str) -> SetFields | None:
    """A guest's dot on a target; None when this dot is in already (a resend)."""
    dot_id = checked_client_id(client_id, "dot")
    round_ = open_round(playbook)
    if round_ is None:
        raise EditError("Voting has closed.")
    if any(d.id == dot_id for d in round_.dots):
        return None
    if target not in round_.targets:
        raise EditError("That is not among the ideas in this round.")
    if dots_left(round_, guest.id) <= 0:
        raise EditError(f"You have placed all {round_.dots_each} of your dots.")
    dot = Dot(dot_id, guest.id, target, guest.team)
    text = target_text(playbook, target) or ""
    return set_fields(
        playbook,
        Kind.ROUND,
        round_.id,
        label=f"{guest.signature} places a dot on “{shortened(text)}”",
        dots=(*round_.dots, dot),
    )


def take_back_dot(playbook: Playbook, guest: Guest, target: str) -> SetFields:
    """The guest's latest dot on a target, taken back while the round is open."""
    round_ = open_round(playbook)
    if round_ is None:
        raise EditError("Voting has closed.")
    mine = [i for i, d in enumerate(round_.dots) if d.guest == guest.id and d.target == target]
    if not mine:
        raise EditError("You have no dot there to take back.")
    dots = round_.dots[: mine[-1]] + round_.dots[mine[-1] + 1 :]
    return set_fields(
        playbook, Kind.ROUND, round_.id, label=f"{guest.signature} takes a dot back", dots=dots
    )


@frozen_record
class Tally:
    target: str
    text: str
    total: int
    by_team: tuple[tuple[str, int], ...]  # every team in the room, in the lanes' order


def results(playbook: Playbook, round_: VotingRound) -> list[Tally]:
    """Each idea's dots, in all and per team, most first (ties keep the round's order)."""
    teams = [lane.name for lane in playbook.lanes]
    teams += sorted({d.team for d in round_.dots} - set(teams))
    tallies = []
    for target in round_.targets:
        text = target_text(playbook, target)
        if text is None:
            continue
        counts = Counter(d.team for d in round_.dots if d.target == target)
        tallies.append(
            Tally(target, text, sum(counts.values()), tuple((t, counts[t]) for t in teams))
        )
    return sorted(tallies, key=lambda tally: -tally.total)


def team_priorities(tallies: list[Tally], team: str, most: int = 3) -> list[str]:
    """A team's top ideas by its own dots."""
    mine = sorted(
        ((dict(t.by_team).get(team, 0), t.text) for t in tallies), key=lambda pair: -pair[0]
    )
    return [text for dots, text in mine if dots][:most]


def round_view(playbook: Playbook, guest_id: str | None) -> dict | None:
    """What a phone shows of the open round (or of the last one, closed, with its results)."""
    return round_views(playbook, [guest_id])[guest_id]


def round_views(playbook: Playbook, guest_ids: list[str | None]) -> dict[str | None, dict | None]:
    """Each guest's view of the round, worked out together: a dot placed in a full room
    sends every phone its own count, and this reads the round once for all of them."""
    ids = playbook.rounds.ids()
    round_ = open_round(playbook) or (playbook.rounds[ids[-1]] if ids else None)
    if round_ is None:
        return dict.fromkeys(guest_ids)
    shown = []
    for target in round_.targets:
        text = target_text(playbook, target)
        kind, _, entity_id = target.partition(":")
        if text is None or (kind == "note" and not shown_to(playbook.notes[entity_id], None)):
            continue
        shown.append((target, text))
    placed = Counter((d.guest, d.target) for d in round_.dots)
    used = Counter(d.guest for d in round_.dots)
    results_view = None
    if round_.closed:
        results_view = [
            {"text": t.text, "total": t.total, "by_team": [list(pair) for pair in t.by_team]}
            for t in results(playbook, round_)
        ]
    views = {}
    for guest_id in guest_ids:
        view = {
            "open": not round_.closed,
            "dots_each": round_.dots_each,
            "left": round_.dots_each - used[guest_id] if guest_id else 0,
            "targets": [
                {"target": target, "text": text, "mine": placed[(guest_id, target)]}
                for target, text in shown
            ],
        }
        if results_view is not None:
            view["results"] = results_view
        views[guest_id] = view
    return views
