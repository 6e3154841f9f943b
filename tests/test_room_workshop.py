"""The room from the facilitator's side, in the real window: Invite the Room opens it and puts
the invitation on the projector; a phone's note arrives in the parking lot with its author's
team as one undoable step; the facilitator accepts and hides notes from the keyboard; the walk
moves the phones; Close the Room tells every phone."""

from __future__ import annotations

import asyncio
import json
import threading

import aiohttp
import pytest
from PySide6.QtCore import Qt


class PhoneThread:
    """A phone on its own thread and event loop, so the window's thread stays free to apply
    the room's edits (as it does for real phones)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.received: list[dict] = []

    def run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    async def join(self, url: str, guest: str, name: str, team: str) -> None:
        self.session = aiohttp.ClientSession()
        self.ws = await self.session.ws_connect(url + "ws")
        await self.ws.send_str(
            json.dumps({"type": "join", "guest": guest, "name": name, "team": team})
        )
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type is aiohttp.WSMsgType.TEXT:
                self.received.append(json.loads(message.data))

    async def send(self, **message) -> None:
        await self.ws.send_str(json.dumps(message))

    async def leave(self) -> None:
        await self.ws.close()
        await self.session.close()

    def stop(self) -> None:
        self.run(self.leave()).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    def got(self, kind: str, **fields) -> bool:
        return any(
            m["type"] == kind and all(m.get(k) == v for k, v in fields.items())
            for m in self.received
        )


@pytest.fixture
def phone():
    made = PhoneThread()
    yield made
    if made.thread.is_alive():
        made.loop.call_soon_threadsafe(made.loop.stop)


def test_a_phone_joins_from_the_projector_and_the_facilitator_moderates(window, qtbot, phone):
    workshop = window.workshop
    workshop.room.bind = "127.0.0.1"
    window.action_invite_room.trigger()
    assert workshop.active and workshop.room.is_open
    invitation = workshop.room.invitation
    assert invitation.isVisible() and invitation.address == workshop.room.host.url
    assert invitation.matrix and len(invitation.matrix) == len(invitation.matrix[0])

    phone.run(phone.join(workshop.room.host.url, "guest-ana-000001", "Ana", "Sales")).result(5)
    qtbot.waitUntil(lambda: phone.got("joined"), timeout=5000)
    first = next(m for m in phone.received if m["type"] == "joined")
    assert first["stage"]["name"] == window.document.playbook.stage(workshop.stage_id).name
    qtbot.waitUntil(lambda: invitation.joined == 1, timeout=5000)

    phone.run(phone.send(type="note", id="note-0000000001", text="Who signs?", where="stage"))
    qtbot.waitUntil(lambda: phone.got("ack", id="note-0000000001"), timeout=5000)
    playbook = window.document.playbook
    note = playbook.notes["note-room-note-0000000001"]
    assert note.stage == workshop.stage_id
    stack = window.document.undo_stack
    assert stack.undoText().startswith("Note from Ana (Sales) on ")
    texts = [workshop.panel.notes.item(r).text() for r in range(workshop.panel.notes.count())]
    assert any("Who signs?" in t and "Ana (Sales)" in t for t in texts)

    row = next(i for i, t in enumerate(texts) if "Who signs?" in t)
    workshop.panel.notes.setCurrentRow(row)
    qtbot.keyClick(window.canvas, Qt.Key.Key_A)
    assert playbook.notes[note.id].state.value == "accepted"
    qtbot.keyClick(window.canvas, Qt.Key.Key_H)
    assert playbook.notes[note.id].state.value == "hidden"
    qtbot.waitUntil(lambda: phone.got("notes", gone=[note.id]), timeout=5000)
    window.action_undo.trigger()  # the facilitator's hiding undoes like any edit
    assert playbook.notes[note.id].state.value == "accepted"

    before = workshop.stage_id
    qtbot.keyClick(window.canvas, Qt.Key.Key_PageDown)
    assert workshop.stage_id != before
    following = playbook.stage(workshop.stage_id).name
    qtbot.waitUntil(
        lambda: any(
            m["type"] == "room" and (m["stage"] or {}).get("name") == following
            for m in phone.received
        ),
        timeout=5000,
    )

    qtbot.keyClick(window.canvas, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert not workshop.room.is_open and not invitation.isVisible()
    qtbot.waitUntil(lambda: phone.got("closed"), timeout=5000)
    phone.stop()


def test_a_round_of_dots_from_the_phones_and_the_results_by_team(window, qtbot, phone, monkeypatch):
    workshop = window.workshop
    workshop.room.bind = "127.0.0.1"
    window.action_invite_room.trigger()
    phone.run(phone.join(workshop.room.host.url, "guest-ben-000002", "Ben", "Marketing")).result(5)
    qtbot.waitUntil(lambda: phone.got("joined"), timeout=5000)
    phone.run(
        phone.send(type="note", id="note-0000000009", text="Nurture webinar leads", where="board")
    )
    qtbot.waitUntil(lambda: phone.got("ack", id="note-0000000009"), timeout=5000)

    qtbot.keyClick(window.canvas, Qt.Key.Key_T)  # the timer starts: the phones mirror it
    qtbot.waitUntil(
        lambda: any(m["type"] == "room" and m["timer"]["running"] for m in phone.received),
        timeout=5000,
    )
    import journeyapp.workshop_room

    monkeypatch.setattr(journeyapp.workshop_room, "ask_for_whole", lambda *args: 2)
    qtbot.keyClick(window.canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.canvas, Qt.Key.Key_V)
    playbook = window.document.playbook
    (round_,) = playbook.rounds
    assert round_.dots_each == 2  # as the facilitator set it
    assert "note:note-room-note-0000000009" in round_.targets and not round_.closed

    def round_open(message) -> bool:
        return message["type"] == "round" and message["round"]["open"] is True

    qtbot.waitUntil(lambda: any(round_open(m) for m in phone.received), timeout=5000)
    target = "note:note-room-note-0000000009"
    phone.run(phone.send(type="dot", id="dot-ben-000001", target=target))
    qtbot.waitUntil(lambda: phone.got("ack", id="dot-ben-000001"), timeout=5000)
    assert window.document.undo_stack.undoText() == (
        "Ben (Marketing) places a dot on “Nurture webinar leads”"
    )

    qtbot.keyClick(window.canvas, Qt.Key.Key_V)
    assert playbook.rounds[round_.id].closed
    results = workshop.room.results
    assert results.isVisible()
    shown = results.text_lines()
    assert "Marketing" in shown and "1. Nurture webinar leads (1)" in shown
    qtbot.waitUntil(
        lambda: any(m["type"] == "round" and m["round"].get("results") for m in phone.received),
        timeout=5000,
    )
    window.action_close_room.trigger()
    phone.stop()


def test_the_facilitator_lists_the_people_and_asks_one_to_leave(window, qtbot, monkeypatch):
    from journeyapp.widgets.workshop.room_people import RoomPeople

    workshop = window.workshop
    workshop.room.bind = "127.0.0.1"
    window.action_invite_room.trigger()
    url = workshop.room.host.url
    ana, ben = PhoneThread(), PhoneThread()
    ana.run(ana.join(url, "guest-ana-000001", "Ana <i>", "Sales")).result(5)
    ben.run(ben.join(url, "guest-ben-000002", "Ben", "Marketing")).result(5)
    qtbot.waitUntil(lambda: ana.got("joined") and ben.got("joined"), timeout=5000)
    qtbot.waitUntil(lambda: workshop.room.invitation.joined == 2, timeout=5000)
    seen = {}

    def ask_ana_to_leave(dialog):
        seen["people"] = [dialog.list.item(r).text() for r in range(dialog.list.count())]
        row = next(r for r in range(dialog.list.count()) if "Ana" in dialog.list.item(r).text())
        dialog.list.setCurrentRow(row)
        qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
        return 0

    monkeypatch.setattr(RoomPeople, "exec", ask_ana_to_leave)
    qtbot.keyClick(window.canvas, Qt.Key.Key_G)
    assert sorted(seen["people"]) == ["Ana <i> (Sales)", "Ben (Marketing)"]
    qtbot.waitUntil(lambda: ana.got("removed"), timeout=5000)
    qtbot.waitUntil(lambda: workshop.room.invitation.joined == 1, timeout=5000)
    again = PhoneThread()
    again.run(again.join(url, "guest-ana-000001", "Ana", "Sales")).result(5)
    qtbot.waitUntil(
        lambda: again.got("refused", message="The facilitator has asked you to leave this room."),
        timeout=5000,
    )
    window.action_close_room.trigger()
    for phone in (ben, again):
        phone.stop()


def test_the_parking_lot_panel_names_who_sent_a_note_and_hides_or_shows_it(window, qtbot):
    from journeyapp.models.room_notes import Guest, post_note
    from PySide6.QtWidgets import QPushButton

    playbook = window.document.playbook
    guest = Guest("guest-ana-000001", "Ana", "Sales")
    window.apply_edit(post_note(playbook, guest, "note-panel-0001", "Pilot first", None, "2026"))
    window.panel_bar.open(window.panels.dock_parking_lot)
    panel = window.panels.parking_lot
    rows = [panel.ideas.item(r).text() for r in range(panel.ideas.count())]
    row = next(r for r, text in enumerate(rows) if "Pilot first" in text)
    assert rows[row].endswith("— Board · Ana (Sales)")
    panel.ideas.setCurrentRow(row)
    hide = panel.findChild(QPushButton, "hide_note")
    qtbot.mouseClick(hide, Qt.MouseButton.LeftButton)
    note = playbook.notes["note-room-note-panel-0001"]
    assert note.state.value == "hidden"
    assert panel.ideas.currentItem().text().endswith("· Ana (Sales) · hidden")
    qtbot.mouseClick(hide, Qt.MouseButton.LeftButton)
    assert playbook.notes[note.id].state.value == "accepted"


def test_the_facilitator_can_ask_everyone_for_a_name(window, qtbot, phone):
    workshop = window.workshop
    workshop.room.bind = "127.0.0.1"
    window.action_room_anonymous.trigger()  # unchecked: a name is needed
    assert not window.action_room_anonymous.isChecked()
    window.action_invite_room.trigger()
    phone.run(phone.join(workshop.room.host.url, "guest-anon-00001", "  ", "Sales")).result(5)
    qtbot.waitUntil(
        lambda: phone.got("refused", message="Give your name to join this room."), timeout=5000
    )
    window.action_close_room.trigger()
    phone.stop()
