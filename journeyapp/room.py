"""A workshop room: who has joined, the stage the facilitator is on, private mode, and the
limits that keep one guest from swamping the room. It turns what a phone sends into edits
through the one writer and says what each phone should be sent back; the web server
(room_server.py) only carries messages."""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from journeyapp.models.change import Change, Kind
from journeyapp.models.dot_voting import place_dot, round_views, take_back_dot
from journeyapp.models.errors import EditError, PlaybookError
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook
from journeyapp.models.room_notes import (
    NAME_CHARS,
    Guest,
    change_own_note,
    checked_client_id,
    post_note,
    withdraw_own_note,
)
from journeyapp.models.room_view import (
    note_changes,
    notes_with_readers,
    seen_by,
    stage_view,
    teams,
)
from journeyapp.room_writer import Writer


@frozen_record
class Limits:
    guests: int = 200
    notes_per_minute: int = 10
    message_bytes: int = 4096


DEFAULT_LIMITS = Limits()


class Refused(Exception):
    """A request the room turns down, with the sentence the phone shows."""


@dataclass
class Seat:
    guest: Guest
    posted: deque = field(default_factory=deque)  # when their last notes came, for the limit
    removed: bool = False


def new_room_code() -> str:
    """96 random bits, safe in a URL."""
    return secrets.token_urlsafe(12)


class Room:
    def __init__(
        self,
        writer: Writer,
        stage_id: str | None = None,
        private: bool = False,
        anonymous: bool = True,
        limits: Limits = DEFAULT_LIMITS,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], str] = lambda: datetime.datetime.now().isoformat(timespec="seconds"),
    ) -> None:
        self.code = new_room_code()
        self._secret = secrets.token_bytes(16)  # turns guest ids into tags phones may see
        self.writer = writer
        self.stage_id = stage_id
        self.private = private
        self.anonymous = anonymous
        self.limits = limits
        self.seats: dict[str, Seat] = {}
        # The workshop's timer as the phones mirror it: seconds left, and whether it runs
        # (a phone counts down by its own clock from when it was told).
        self.timer: dict[str, Any] = {"left": None, "running": False}
        self.open = True
        self._clock = clock
        self._now = now

    # -- joining ----------------------------------------------------------------------

    async def join(self, message: dict[str, Any]) -> Guest:
        if not self.open:
            raise Refused("The room has closed.")
        guest_id = message.get("guest")
        try:
            checked_client_id(guest_id, "guest")
        except EditError as refusal:
            raise Refused(str(refusal)) from None
        seat = self.seats.get(guest_id)
        if seat is not None and seat.removed:
            raise Refused("The facilitator has asked you to leave this room.")
        name = " ".join(str(message.get("name", "")).split())[:NAME_CHARS]
        if not name and not self.anonymous:
            raise Refused("Give your name to join this room.")
        team = str(message.get("team", ""))
        if team not in await self._run(lambda playbook, _apply: teams(playbook)):
            raise Refused("Choose your team from the list.")
        if seat is None and len(self.seats) >= self.limits.guests:
            raise Refused(f"The room is full ({self.limits.guests} people).")
        guest = Guest(guest_id, name, team)
        if seat is None:
            self.seats[guest_id] = Seat(guest)
        else:
            seat.guest = guest
        return guest

    def remove(self, guest_id: str) -> None:
        if guest_id in self.seats:
            self.seats[guest_id].removed = True

    # -- what a phone sends -----------------------------------------------------------

    def tag(self, guest_id: str) -> str:
        """The opaque tag a phone knows its own notes by; the guest id is never sent."""
        return hmac.new(self._secret, guest_id.encode(), hashlib.sha256).hexdigest()[:12]

    async def handle(self, guest: Guest, message: dict[str, Any]) -> Change:
        """Carry out a guest's request; what it changed. Raises Refused with the reason."""
        seat = self.seats.get(guest.id)
        if not self.open:
            raise Refused("The room has closed.")
        if seat is None or seat.removed:
            raise Refused("The facilitator has asked you to leave this room.")
        kind, client_id = message.get("type"), message.get("id")
        text = message.get("text", "")
        if kind == "note":
            self._count_note(seat)
            where = self.stage_id if message.get("where") == "stage" else None
            now, private = self._now(), self.private
            return await self._apply(
                lambda p: post_note(p, guest, client_id, text, where, now, private)
            )
        elif kind == "change":
            return await self._apply(lambda p: change_own_note(p, guest, client_id, text))
        elif kind == "withdraw":
            return await self._apply(lambda p: withdraw_own_note(p, guest, client_id))
        elif kind == "dot":
            target = str(message.get("target", ""))
            return await self._apply(lambda p: place_dot(p, guest, client_id, target))
        elif kind == "undot":
            target = str(message.get("target", ""))
            return await self._apply(lambda p: take_back_dot(p, guest, target))
        raise Refused("The room does not know that request.")

    def _count_note(self, seat: Seat) -> None:
        now = self._clock()
        while seat.posted and now - seat.posted[0] > 60:
            seat.posted.popleft()
        if len(seat.posted) >= self.limits.notes_per_minute:
            raise Refused(
                f"That is {self.limits.notes_per_minute} notes in a minute: wait a moment, "
                "then send it again."
            )
        seat.posted.append(now)

    async def _apply(self, build) -> Change:
        def job(playbook: Playbook, apply) -> Change:
            edit = build(playbook)
            return Change() if edit is None else apply(edit)  # None: a resend, already in

        try:
            return await self._run(job)
        except PlaybookError as refusal:  # refused, or the file could not take it
            raise Refused(str(refusal)) from None

    async def _run(self, job):
        return await asyncio.wrap_future(self.writer.submit(job))

    # -- what a phone is sent -----------------------------------------------------------

    async def welcome(self, guest: Guest) -> dict[str, Any]:
        view = await self.view(guest)
        mine = self.tag(guest.id)
        return {"type": "joined", "name": guest.name, "team": guest.team, "me": mine, **view}

    async def updates(self, change: Change, guests: list[Guest]) -> dict[str, Any]:
        """What the phones need after a change: the notes changed (those everyone sees, the
        private ones by author, the ids gone) and each guest's view of the round."""

        def job(playbook: Playbook, _apply) -> dict[str, Any]:
            public, private, gone = note_changes(playbook, change.get(Kind.NOTE), self.tag)
            rounds = (
                round_views(playbook, [g.id for g in guests]) if change.touches(Kind.ROUND) else {}
            )
            return {"public": public, "private": private, "gone": gone, "rounds": rounds}

        return await self._run(job)

    async def view(self, guest: Guest) -> dict[str, Any]:
        return (await self.views([guest]))[guest.id]

    async def views(self, guests: list[Guest]) -> dict[str, dict[str, Any]]:
        """Each guest's whole view of the room, read in one pass for all of them: the stage
        the facilitator moved to reaches a full room without a hundred reads."""

        def job(playbook: Playbook, _apply) -> dict[str, dict[str, Any]]:
            stage = stage_view(playbook, self.stage_id)
            readers = notes_with_readers(playbook, self.tag)
            rounds = round_views(playbook, [g.id for g in guests])
            return {
                g.id: {
                    "stage": stage,
                    "notes": seen_by(readers, g.id),
                    "private": self.private,
                    "round": rounds[g.id],
                    "timer": self.timer,
                }
                for g in guests
            }

        return await self._run(job)

    async def lobby(self) -> dict[str, Any]:
        """What the join form offers: the teams, and whether a name is needed."""
        return {
            "teams": await self._run(lambda playbook, _apply: teams(playbook)),
            "anonymous": self.anonymous,
        }
