"""The workshop's side panel: the current stage told large, the timer, and the parking lot.

Sized for a room: at 1920×1080 the smallest text is 24 px tall, and on other screens
it keeps the same share of the height (16 px at 1280×720). Everything a user typed is
shown as plain text.
"""

from __future__ import annotations

from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.fitted_text import within_lines
from journeyapp.widgets.forms.form_parts import plain_label
from journeyapp.widgets.workshop.countdown import clock_face
from journeyapp.widgets.workshop.stage_details import (
    ALWAYS,
    BODY_PX,
    HEADING_PX,
    SMALL_PX,
    Line,
    Part,
    stage_parts,
)
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


@frozen_record
class Idea:
    key: str  # "note:<id>" or "improvement:<id>"
    text: str
    votes: int
    where: str  # the stage it is on, or "Board"


TITLE_PX = 44
TIMER_PX = 56
DESIGN_HEIGHT = 1080  # the sizes are for a screen this tall; others scale with it
TIGHTER = (0.92, 0.85)  # how far a long stage may shrink its larger text to fit
TITLE_LINES = 2
INDENT_PX = 28  # who does an activity, under its name
NOTES_SHARE = 0.3  # of the column's height, at most, for the parking lot's notes
PARKING = "Parking lot"


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, pixels))
    font.setBold(bold)
    return font


def _label(text: str = "", pixels: int = BODY_PX, bold: bool = False, name: str = "") -> QLabel:
    label = plain_label(name.replace("_", " ") or text[:40], text)
    label.setFont(_font(pixels, bold))
    if name:
        label.setObjectName(name)
    return label


class WorkshopPanel(QWidget):
    """What the room reads beside the map; the controller fills it in.

    The column keeps one width (set by the controller) so the map beside it never jumps,
    and it never scrolls: its text scales with the screen's height. A stage with a lot to
    say first loses the key hint, then gets its text a little tighter, then leaves out its
    least needed parts, named in one line, until it fits.
    """

    captured = Signal(str, bool)  # the note's text, and whether it goes on the board
    voteRequested = Signal(str, int)  # the idea's key ("note:id", "improvement:id"), ±1 dot

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("workshop_panel")
        self.setAccessibleName("Workshop panel")
        self._capture_on_board = False
        self._room_scale = 1.0  # the screen's height against the design height
        self.scale = 1.0  # what the text is drawn at now
        self._sizes: dict[QWidget, tuple[int, bool]] = {}  # design pixel size, bold
        self._texts: dict[QLabel, tuple[str, int]] = {}  # whole text, most lines shown
        self._indented: set[QLabel] = set()
        self._parts: list[tuple[Part, list[QLabel]]] = []
        self.left_out: list[str] = []  # the parts of the stage not shown, by name
        self.stage_name = ""

        self.position = self._sized(_label(name="workshop_position"), SMALL_PX)
        self.timer = self._sized(_label("0:00", name="workshop_timer"), TIMER_PX, bold=True)
        self.timer.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.timer.setWordWrap(False)
        self.lock = self._sized(_label("", name="workshop_lock"), SMALL_PX)
        self.title = self._sized(_label(name="workshop_stage"), TITLE_PX, bold=True)
        self.where = self._sized(_label(name="workshop_where"), SMALL_PX)
        self.head = QHBoxLayout()  # the timer has its own row: a long title never runs into it
        self.head.addWidget(self.position, 1)
        self.head.addWidget(self.lock)
        self.head.addWidget(self.timer)

        self.body = QVBoxLayout()
        self.body.setSpacing(4)
        self.more = self._sized(_label(name="workshop_more"), SMALL_PX)
        self.more.setEnabled(False)

        parking = _label(PARKING, name="workshop_parking")
        self.parking = self._sized(parking, HEADING_PX, bold=True)
        self.notes = self._sized(QListWidget(), SMALL_PX)
        self.notes.setObjectName("workshop_notes")
        self.notes.setAccessibleName("Parking lot notes")
        self.notes.setWordWrap(True)
        for policy in (
            self.notes.setHorizontalScrollBarPolicy,
            self.notes.setVerticalScrollBarPolicy,
        ):
            policy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # no scroll bars on the projector
        self.notes.currentItemChanged.connect(
            lambda item, _: item and self.notes.scrollToItem(item)
        )
        self.capture = self._sized(QLineEdit(), BODY_PX)
        self.capture.setObjectName("workshop_capture")
        self.capture.setAccessibleName("Quick capture")
        self.capture.returnPressed.connect(self._submit)
        self.capture.hide()
        self.said = self._sized(_label(name="workshop_said"), SMALL_PX, bold=True)
        self.said.hide()
        self._said_for = QTimer(self, singleShot=True)
        self._said_for.timeout.connect(self.said.hide)
        self.hint = self._sized(_label(name="workshop_hint"), SMALL_PX)
        self.hint.setText(
            "PgDn/PgUp move · N note · W on the board · J/K pick · +/− vote · "
            "T timer · Ctrl+T set · L lock · B blank · Esc leave"
        )
        self.hint.setEnabled(False)  # the palette's muted text: for the facilitator

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.addLayout(self.head)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.more)
        layout.addWidget(self.parking)
        layout.addWidget(self.notes)
        layout.addWidget(self.capture)
        layout.addWidget(self.said)
        layout.addWidget(self.hint)
        self._show_parking(False)

    def _sized(self, widget, pixels: int, bold: bool = False):
        self._sizes[widget] = (pixels, bold)
        return widget

    # -- fitting the column ---------------------------------------------------

    def set_room(self, width: int, height: int) -> None:
        """The column's fixed width, and the height of the screen its text is sized for."""
        self.setFixedWidth(width)
        # The column fits itself into the height it gets; what it holds never asks for more.
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Ignored)
        self._room_scale = height / DESIGN_HEIGHT
        self.fit()

    def needed_height(self) -> int:
        """The height everything shown takes at the column's width."""
        return self.layout().totalHeightForWidth(self.width())

    def fit(self) -> None:
        """The largest text, and the most of the stage, that show without scrolling."""
        _show(self.hint, True)
        self._leave_out([])
        self._apply_scale(self._room_scale)
        if self._fits():
            return
        _show(self.hint, False)  # the facilitator's key list goes first; the room needs it least
        if self._fits():
            return
        for tighter in TIGHTER:
            self._apply_scale(self._room_scale * tighter)
            if self._fits():
                return
        optional = sorted((p for p, _ in self._parts if p.keep < ALWAYS), key=lambda p: p.keep)
        for count in range(1, len(optional) + 1):
            self._leave_out(optional[:count])
            if self._fits():
                return

    def _fits(self) -> bool:
        for layout in (self.head, self.body, self.layout()):
            layout.invalidate()  # each caches its height; a label changed just now counts
        return self.needed_height() <= self.height()

    def _leave_out(self, parts: list[Part]) -> None:
        for part, labels in self._parts:
            for label in labels:
                _show(label, part not in parts)
        self.left_out = [p.name for p in parts]
        self.more.setText("Also in the playbook: " + ", ".join(self.left_out))
        _show(self.more, bool(parts))

    def _apply_scale(self, scale: float) -> None:
        self.scale = scale
        # Tightening shrinks the larger text only: none goes under the least a room reads.
        for widget, (pixels, bold) in self._sizes.items():
            least = min(pixels, SMALL_PX) * self._room_scale
            widget.setFont(_font(round(max(pixels * scale, least)), bold))
        margin = round(24 * scale)
        self.layout().setContentsMargins(margin, round(16 * scale), margin, round(12 * scale))
        room = self._text_width()
        indent = round(INDENT_PX * scale)
        self._show_title()
        for label, (text, lines) in self._texts.items():
            inset = indent if label in self._indented else 0
            label.setContentsMargins(inset, label.contentsMargins().top(), 0, 0)
            label.setText(within_lines(text, label.font(), room - inset, lines))
        self._size_notes()

    def _text_width(self) -> float:
        left, _, right, _ = self.layout().getContentsMargins()
        return self.width() - left - right - 2  # a hair less: the label wraps no further

    def _show_title(self) -> None:
        room = self._text_width()
        self.title.setText(within_lines(self.stage_name, self.title.font(), room, TITLE_LINES))

    def _size_notes(self) -> None:
        """The notes take the rows they need, up to a share of the column; the heading counts
        them when some are out of sight (no scroll bars on a projector: J/K bring them)."""
        notes = self.notes
        notes.doItemsLayout()
        # As laid out at the list's width: a note wraps onto more lines than its size hint's.
        rows = sum(notes.visualItemRect(notes.item(row)).height() for row in range(notes.count()))
        frame = 2 * notes.frameWidth()
        room = int(self.height() * NOTES_SHARE)
        notes.setFixedHeight(min(rows + frame, room))
        hidden = rows + frame > room
        count = notes.count()
        self.parking.setText(
            f"{PARKING} · {count} notes, J/K go through them" if hidden else PARKING
        )

    def _show_parking(self, shown: bool) -> None:
        _show(self.parking, shown)
        _show(self.notes, shown)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().height() != event.size().height():
            self.fit()

    # -- what it shows ------------------------------------------------------

    def show_stage(self, playbook: Playbook, stage_id: str, index: int, count: int) -> None:
        stage = playbook.stage(stage_id)
        phase = playbook.phases.get(stage.phase)
        lane = playbook.lanes.get(stage.lane)
        self.position.setText(f"Stage {index + 1} of {count}")
        self.stage_name = stage.name
        self.title.setToolTip(stage.name)
        self.title.setAccessibleName(f"Stage: {stage.name}")
        self.where.setText(" · ".join(x.name for x in (phase, lane) if x is not None))
        self._clear_body()
        for part in stage_parts(playbook, stage_id):
            self._parts.append((part, [self._text(line) for line in part.lines]))
        self.body.addStretch(1)
        self.fit()

    def show_ideas(self, ideas: list[Idea]) -> None:
        """Notes and improvements to vote on, most votes first."""
        current = self.selected_idea()
        before = (self.notes.isHidden(), self.notes.height())
        self.notes.clear()
        for idea in sorted(ideas, key=lambda i: -i.votes):
            dots = "●" * min(idea.votes, 10) + (f"+{idea.votes - 10}" if idea.votes > 10 else "")
            item = QListWidgetItem(f"{dots} {idea.text}  — {idea.where}".strip())
            item.setData(Qt.ItemDataRole.UserRole, idea.key)
            self.notes.addItem(item)
            if idea.key == current:
                self.notes.setCurrentItem(item)
        if self.notes.currentItem() is None and self.notes.count():
            self.notes.setCurrentRow(0)
        if ideas or not self.notes.isHidden():
            self._show_parking(bool(ideas))  # an empty parking lot takes no room from the stage
            self._size_notes()
            # Fitting the column again is costly; only a list that grew, shrank, came or went
            # takes room from the stage (a busy room's notes arrive several a second).
            if (self.notes.isHidden(), self.notes.height()) != before:
                self.fit()

    def selected_idea(self) -> str | None:
        item = self.notes.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def step_idea(self, rows: int) -> None:
        if self.notes.count():
            row = (self.notes.currentRow() + rows) % self.notes.count()
            self.notes.setCurrentRow(row)

    def show_time(self, seconds: int, up: bool) -> None:
        self.timer.setText("Time" if up else clock_face(seconds))
        # A gentle signal: the clock turns amber, nothing flashes or sounds.
        self.timer.setStyleSheet(
            "QLabel { background: #f5c26b; color: #3b2a00; border-radius: 10px; padding: 0 12px; }"
            if up
            else ""
        )

    def show_waiting(self, private_notes: int) -> None:
        """How many notes written in private mode wait to be revealed (R)."""
        waiting = f" · {private_notes} hidden until revealed" if private_notes else ""
        self.parking.setText(f"Parking lot{waiting}")
        if private_notes and self.notes.isHidden():
            self._show_parking(True)

    def show_lock(self, locked: bool) -> None:
        self.lock.setText("Map locked" if locked else "")

    # -- quick capture ------------------------------------------------------

    def open_capture(self, stage_name: str | None) -> None:
        self._capture_on_board = stage_name is None
        where = "the board" if stage_name is None else f"“{stage_name}”"
        self.capture.setPlaceholderText(f"A note for {where}; Enter parks it, Esc cancels")
        self.capture.clear()
        self.capture.show()
        self.capture.setFocus()
        self.fit()

    def say(self, text: str, milliseconds: int = 6000) -> None:
        """A line for the facilitator and the room for a while: what a key did or why it did
        nothing (the status bar is hidden in workshop mode)."""
        self.said.setText(text)
        self.said.show()
        self._said_for.start(milliseconds)

    def flush(self) -> None:
        """Park a note typed but not yet parked, as Enter would."""
        if self.capturing and self.capture.text().strip():
            self._submit()

    def close_capture(self) -> None:
        self.capture.clear()
        self.capture.hide()
        self.fit()

    @property
    def capturing(self) -> bool:
        return self.capture.isVisible()

    def _submit(self) -> None:
        text = self.capture.text().strip()
        if text:
            self.captured.emit(text, self._capture_on_board)
        self.close_capture()

    # -- layout helpers -----------------------------------------------------

    def _clear_body(self) -> None:
        self._parts.clear()
        while self.body.count():
            item = self.body.takeAt(0)
            widget = item.widget()
            if widget is not None:
                self._sizes.pop(widget, None)
                self._texts.pop(widget, None)
                self._indented.discard(widget)
                widget.hide()  # gone from view now; deleted when Qt is idle
                widget.deleteLater()

    def _text(self, line: Line) -> QLabel:
        label = self._sized(_label(line.text, line.pixels, line.bold), line.pixels, line.bold)
        self._texts[label] = (line.text, line.max_lines)
        if line.indent:
            self._indented.add(label)
        if line.pixels == HEADING_PX:
            label.setContentsMargins(0, 6, 0, 0)
        self.body.addWidget(label)
        return label


def _show(widget: QWidget, shown: bool) -> None:
    """Show or hide, touching the widget only when that changes (each change relays out)."""
    if widget.isHidden() == shown:
        widget.setVisible(shown)
