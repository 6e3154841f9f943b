"""The keys of workshop mode, in one table: the mode reads its keys from it, and Help →
Keyboard Shortcuts lists it, so the two cannot disagree.

They are plain keys rather than window actions because a presentation clicker sends
PageDown and PageUp, and one-letter keys must not fire while a note is being typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeySequence

from journeyapp.models.frozen_records import frozen_record

if TYPE_CHECKING:
    from journeyapp.workshop import WorkshopMode

Key = Qt.Key
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@frozen_record
class WorkshopKey:
    name: str
    keys: tuple[Qt.Key, ...]
    run: Callable[[WorkshopMode], None]
    ctrl: bool = False

    def matches(self, key: int, ctrl: bool) -> bool:
        return key in self.keys and ctrl == self.ctrl

    def text(self) -> str:
        """The keys as the platform writes them: "PgDown or Right or Down"."""
        modifier = CTRL if self.ctrl else NO_MODIFIER
        return " or ".join(
            QKeySequence(QKeyCombination(modifier, key)).toString(
                QKeySequence.SequenceFormat.NativeText
            )
            for key in self.keys
        )


WORKSHOP_KEYS: tuple[WorkshopKey, ...] = (
    WorkshopKey("Next stage", (Key.Key_PageDown, Key.Key_Right, Key.Key_Down), lambda m: m.next()),
    WorkshopKey(
        "Previous stage", (Key.Key_PageUp, Key.Key_Left, Key.Key_Up), lambda m: m.previous()
    ),
    WorkshopKey("First stage", (Key.Key_Home,), lambda m: m.go(0)),
    WorkshopKey("Last stage", (Key.Key_End,), lambda m: m.go(len(m.stage_ids) - 1)),
    WorkshopKey(
        "Note on this stage, for the parking lot",
        (Key.Key_N,),
        lambda m: m.capture(on_board=False),
    ),
    WorkshopKey("Idea for the whole board", (Key.Key_W,), lambda m: m.capture(on_board=True)),
    WorkshopKey(
        "Blank the screen, as a clicker's blank button does; any key brings it back",
        (Key.Key_B, Key.Key_Period),
        lambda m: m.blank(),
    ),
    WorkshopKey("Pick the next idea", (Key.Key_J,), lambda m: m.panel.step_idea(1)),
    WorkshopKey("Pick the previous idea", (Key.Key_K,), lambda m: m.panel.step_idea(-1)),
    WorkshopKey(
        "Vote for the picked idea", (Key.Key_Plus, Key.Key_Equal), lambda m: m.vote(None, 1)
    ),
    WorkshopKey("Take back a vote", (Key.Key_Minus,), lambda m: m.vote(None, -1)),
    WorkshopKey("Start or pause the timer", (Key.Key_T,), lambda m: m.countdown.toggle()),
    WorkshopKey("Set the timer", (Key.Key_T,), lambda m: m.ask_timer(), ctrl=True),
    WorkshopKey("Lock or unlock the map", (Key.Key_L,), lambda m: m.toggle_lock()),
    WorkshopKey(
        "Invite the room to join from their phones; show or hide the invitation",
        (Key.Key_I,),
        lambda m: m.room.invite(),
    ),
    WorkshopKey("Close the room", (Key.Key_I,), lambda m: m.room.close_room(), ctrl=True),
    WorkshopKey(
        "People in the room: who joined, and asking one to leave",
        (Key.Key_G,),
        lambda m: m.room.show_people(),
    ),
    WorkshopKey(
        "Private mode: the room's notes stay hidden until revealed",
        (Key.Key_P,),
        lambda m: m.room.toggle_private(),
    ),
    WorkshopKey("Reveal the notes written in private", (Key.Key_R,), lambda m: m.room.reveal()),
    WorkshopKey("Accept the picked note into this stage", (Key.Key_A,), lambda m: m.room.accept()),
    WorkshopKey("Hide the picked note", (Key.Key_H,), lambda m: m.room.hide()),
    WorkshopKey(
        "Open a round of dot voting on the phones; close it and show the results by team",
        (Key.Key_V,),
        lambda m: m.room.toggle_voting(),
    ),
    WorkshopKey(
        "Set the dots each person gets", (Key.Key_V,), lambda m: m.room.ask_dots(), ctrl=True
    ),
    WorkshopKey(
        "Merge notes: M on a duplicate, then M on the note to keep",
        (Key.Key_M,),
        lambda m: m.room.merge(),
    ),
    WorkshopKey(
        "Put away the invitation or the voting results; else leave workshop mode",
        (Key.Key_Escape,),
        lambda m: m.escape(),
    ),
    WorkshopKey("Leave workshop mode", (Key.Key_F5,), lambda m: m.leave()),
)

TAKEN_KEYS = frozenset(key for binding in WORKSHOP_KEYS for key in binding.keys)


def binding_for(key: int, ctrl: bool) -> WorkshopKey | None:
    return next((b for b in WORKSHOP_KEYS if b.matches(key, ctrl)), None)
