"""The room in workshop mode: "Invite the room" opens it and shows the invitation over the
map; the walk is followed on the phones; the facilitator accepts, hides, merges and reveals
the room's notes from the keyboard; "Close the room" ends it.

Kept apart from workshop.py, which walks the map; this only talks to the room."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from journeyapp.models import dot_voting, room_notes
from journeyapp.models.errors import PlaybookError
from journeyapp.widgets.plain_text import ask_for_whole
from journeyapp.widgets.workshop.room_invitation import RoomInvitation
from journeyapp.widgets.workshop.room_people import RoomPeople
from journeyapp.widgets.workshop.round_results import RoundResults

if TYPE_CHECKING:
    from journeyapp.room_host import RoomHost
    from journeyapp.workshop import WorkshopMode

INVITATION_SHARE = (0.8, 0.5)  # of the map's width and height


class WorkshopRoom(QObject):
    def __init__(self, mode: WorkshopMode) -> None:
        super().__init__(mode)
        self.mode = mode
        self.host: RoomHost | None = None
        self.private = False
        self.bind: str | None = None  # None: this computer's address on its local network
        self.anonymous = True  # whether a participant may join without a name
        self.invitation = RoomInvitation(mode.window.canvas.viewport())
        self.invitation.hide()
        self.results = RoundResults(mode.window.canvas.viewport())
        self.results.hide()
        self.dots_each = 3
        mode.countdown.stateChanged.connect(self._send_timer)
        self._merging: str | None = None  # the note picked to be merged into the next one
        self._people = QTimer(self, singleShot=True, interval=100)
        self._people.timeout.connect(self._show_people)

    @property
    def is_open(self) -> bool:
        return self.host is not None and self.host.is_open

    def from_phone(self) -> bool:
        """Whether the edit being applied now came from a phone."""
        return self.is_open and self.host.writer.busy

    # -- opening and closing -------------------------------------------------------------

    def invite(self) -> None:
        """Open the room (entering workshop mode first), or show or hide the invitation."""
        mode = self.mode
        if not mode.active:
            mode.enter()
        if self.is_open:
            self.invitation.setVisible(self.invitation.isHidden())
            self.place()
            return
        document = mode.window.document
        if document is None:
            return
        from journeyapp.room_host import RoomHost  # the web server loads when a room opens

        self.host = RoomHost(document, self)
        self.host.guestsChanged.connect(self._people.start)
        try:
            url = self.host.open(mode.stage_id, self.private, self.bind)
            self.host.room.anonymous = self.anonymous
        except OSError as error:
            self.host = None
            mode.window.show_error(f"The room could not be opened: {error.strerror or error}.")
            return
        self._send_timer()
        from journeyapp.room_host import qr_matrix

        self.invitation.show_room(qr_matrix(url), url)
        self._show_people()
        self.invitation.show()
        self.place()
        mode.refresh_ideas()

    def close_room(self) -> None:
        if self.host is None:
            return
        self.host.close()
        self.host = None
        self.invitation.hide()
        self.mode.refresh_ideas()
        self.mode.say("The room has closed.")

    def place(self) -> None:
        """The invitation and the results centred over the map, wholly inside it."""
        view = self.mode.window.canvas.viewport().rect()
        width, height = view.width() * INVITATION_SHARE[0], view.height() * INVITATION_SHARE[1]
        for overlay, share in ((self.invitation, 1.0), (self.results, 1.5)):
            least = overlay.minimumSizeHint()
            wide = min(view.width(), max(width, least.width()))
            tall = min(view.height(), max(min(view.height() * 0.9, height * share), least.height()))
            left = max(0, (view.width() - wide) // 2)
            top = max(0, (view.height() - tall) // 2)
            overlay.setGeometry(int(left), int(top), int(wide), int(tall))
            overlay.raise_()

    def _show_people(self) -> None:
        if self.host is not None:
            self.invitation.show_joined(len(self.host.guests()), self.private)

    def set_anonymous(self, allowed: bool) -> None:
        """Whether people may join without giving a name; phones already in stay in."""
        self.anonymous = allowed
        if self.host is not None and self.host.room is not None:
            self.host.room.anonymous = allowed

    def people(self) -> list[tuple[str, str]]:
        return [(g.id, g.signature) for g in (self.host.guests() if self.host else [])]

    def show_people(self) -> None:
        """The people in the room, each of whom the facilitator may ask to leave."""
        if not self.is_open:
            self.mode.say("No room is open: in workshop mode (F5), I invites the room.")
            return
        dialog = RoomPeople(self.people(), self.mode.window)
        dialog.removeRequested.connect(self.host.remove_guest)
        dialog.exec()

    # -- the walk and private mode -----------------------------------------------------------

    def follow(self, stage_id: str | None) -> None:
        if self.is_open:
            self.host.show_stage(stage_id)

    def toggle_private(self) -> None:
        self.private = not self.private
        if self.host is not None:
            self.host.set_private(self.private)
        self._show_people()
        words = "on: notes stay hidden until revealed (R)" if self.private else "off"
        self.mode.say(f"Private mode {words}.")
        self.mode.refresh_ideas()

    def _send_timer(self) -> None:
        if self.host is not None:
            countdown = self.mode.countdown
            self.host.set_timer(self.mode._seconds_left(), countdown.running)

    # -- dot voting -----------------------------------------------------------------------------

    def toggle_voting(self) -> None:
        """V opens a round over the ideas in the parking lot, or closes the open one and
        shows its results by team."""
        playbook = self.mode.window.document.playbook
        now = datetime.datetime.now().isoformat(timespec="seconds")
        if dot_voting.open_round(playbook) is None:
            self.results.hide()
            targets = [idea.key for idea in self.mode._ideas()]
            self._try(lambda p: dot_voting.start_round(p, targets, self.dots_each, now))
            if dot_voting.open_round(playbook) is not None:
                self.mode.say(f"Voting is open: {self.dots_each} dots each. V closes it.")
            return
        round_id = dot_voting.open_round(playbook).id
        self._try(lambda p: dot_voting.end_round(p, now))
        self.show_results(round_id)

    def ask_dots(self) -> None:
        """Ctrl+V: how many dots each person gets in the next round."""
        dots = ask_for_whole(
            self.mode.window, "Dot voting", "Dots for each person:", self.dots_each, 1, 20
        )
        if dots is not None:
            self.dots_each = dots
            self.mode.say(
                f"The next round gives {dots} dot{'s' if dots != 1 else ''} each (V opens it)."
            )

    def show_results(self, round_id: str) -> None:
        playbook = self.mode.window.document.playbook
        tallies = dot_voting.results(playbook, playbook.rounds[round_id])
        self.invitation.hide()
        self.place()
        self.results.show_results(tallies, self.mode.window.canvas.viewport().height())
        self.results.show()
        self.results.raise_()

    # -- moderating the picked note ---------------------------------------------------------

    def _picked_note(self) -> str | None:
        key = self.mode.panel.selected_idea() or ""
        kind, _, entity_id = key.partition(":")
        return entity_id if kind == "note" else None

    def _try(self, build) -> None:
        try:
            edit = build(self.mode.window.document.playbook)
        except PlaybookError as refusal:
            self.mode.say(str(refusal))
            return
        self.mode.window.apply_edit(edit)

    def accept(self) -> None:
        note_id, stage_id = self._picked_note(), self.mode.stage_id
        if note_id is not None:
            self._try(lambda p: room_notes.accept_note(p, note_id, stage_id))

    def hide(self) -> None:
        note_id = self._picked_note()
        if note_id is not None:
            self._try(lambda p: room_notes.hide_note(p, note_id))

    def reveal(self) -> None:
        self._try(room_notes.reveal_notes)

    def merge(self) -> None:
        """M on a note picks it; M on another merges the first into it."""
        note_id = self._picked_note()
        if note_id is None:
            return
        first, self._merging = self._merging, None
        if first is None or first == note_id:
            self._merging = note_id
            self.mode.say("Pick the note to merge it into, then press M again.")
            return
        self._try(lambda p: room_notes.merge_notes(p, note_id, first))
