"""Replay one real deal across the map, and capture the retrospective at each step.

Keys: Alt+Right or Page Down steps forward, Alt+Left or Page Up steps back
(a presentation clicker sends Page Down and Page Up), Alt+P plays and pauses.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import retrospective
from journeyapp.models.buyer_origins import buyer_origin, deal_leads
from journeyapp.models.calendar_days import calendar_zone, day_of
from journeyapp.models.change import Change, Kind
from journeyapp.models.deal_stats import recorded
from journeyapp.models.entities import Deal, DealOutcome, LossType
from journeyapp.models.first_touch import SlaState, activities_end
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.models.replay import Pace, Replay, replay, still_there
from journeyapp.models.words import count
from journeyapp.models.working_hours import HoursClock
from journeyapp.widgets.canvas.map_scene import MapScene
from journeyapp.widgets.canvas.replay_overlay import PACE_COLOURS, SLA_COLOURS, ReplayOverlay
from journeyapp.widgets.forms.field_binding import BoundField
from journeyapp.widgets.forms.form_parts import (
    choice_field,
    chosen,
    plain_label,
    scrolling,
    section,
    select_data,
    send_or_refuse,
    stacked,
    text_field,
)
from journeyapp.widgets.legible_colour import legible
from journeyapp.widgets.panels.buying_team_editor import BuyingTeamEditor
from journeyapp.widgets.panels.clicker_arrows import ClickerArrows
from journeyapp.widgets.plain_text import ask_for_text, ask_to_choose
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

STEP_MS = 1400  # one step per this long at 1×
SPEEDS = (("½×", 0.5), ("1×", 1.0), ("2×", 2.0), ("4×", 4.0))
OUTCOME_FILTERS = (
    ("All deals", None),
    ("Lost", DealOutcome.LOST),
    ("Won", DealOutcome.WON),
    ("Open", DealOutcome.OPEN),
)
NOTE_FIELDS = (
    ("did", "What we did (process)", "The steps taken at this stage."),
    ("how", "How we did it (methodology)", "The questions asked, the words used…"),
    ("differently", "What we would do differently", "The change the room agrees on."),
    ("buyer_words", "The buyer's own words", "What the buyer said, as they said it."),
)


def origin_words(deal) -> str:
    """ "Source: Webinar · Campaign: None recorded": where the deal came from, said even when
    the CRM left it empty."""
    return f"Source: {recorded(deal.lead_source)} · Campaign: {recorded(deal.campaign)}"


def _money(deal) -> str:
    if deal.amount is None:
        return ""
    return f"{deal.currency + ' ' if deal.currency else ''}{deal.amount:,.0f}"


STALE = object()  # where the deals' touches end, to be worked out again


class DealsPanel(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)
    stepShown = Signal(int)

    def __init__(self, scene: MapScene, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("deals_panel")
        self.setAccessibleName("Deals and replay")
        self.playbook: Playbook | None = None
        self.deal_id: str | None = None
        # The lead each deal came from, whose source it shows where it has none of its own,
        # and where the leads' touches end: worked out when the leads change.
        self._lead_of: dict = {}
        self._leads_end: int | None = None
        self._deals_end: object = STALE
        self._clock = HoursClock(None)
        self._rows: dict[str, int] = {}  # deal id → its row in the list
        self.shown: Replay | None = None
        self.step = 0
        self.today: Callable[[], str] = lambda: datetime.date.today().isoformat()
        self.overlay = ReplayOverlay(scene)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)

        self.outcome_filter = QComboBox()
        self.outcome_filter.setAccessibleName("Show deals")
        for text, value in OUTCOME_FILTERS:
            self.outcome_filter.addItem(text, value)
        self.outcome_filter.currentIndexChanged.connect(self._fill_deals)
        self.deal_list = QListWidget()
        self.deal_list.setObjectName("deal_list")
        self.deal_list.setAccessibleName("Deals")
        self.deal_list.currentItemChanged.connect(self._picked)
        left = stacked(self.outcome_filter, self.deal_list)
        left.setMinimumWidth(180)

        self.ending = plain_label("How the deal ended")
        font = self.ending.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.ending.setFont(font)
        self.origin = plain_label("Where the deal came from")
        self.origin.setObjectName("replay_origin")
        self.back_button = self._button(
            "◀ Step", "Step back (Alt+Left, Page Up)", lambda: self.go(self.step - 1)
        )
        self.play_button = self._button("▶ Play", "Play or pause (Alt+P)", self.toggle_play)
        self.forward_button = self._button(
            "Step ▶", "Step forward (Alt+Right, Page Down)", lambda: self.go(self.step + 1)
        )
        self.scrubber = QSlider(Qt.Orientation.Horizontal)
        self.scrubber.setObjectName("replay_scrubber")
        self.scrubber.setAccessibleName("Replay timeline")
        self.scrubber.valueChanged.connect(self.go)
        self.speed = QComboBox()
        self.speed.setAccessibleName("Replay speed")
        for text, factor in SPEEDS:
            self.speed.addItem(text, factor)
        self.speed.setCurrentIndex(1)
        self.speed.currentIndexChanged.connect(self._set_interval)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for widget in (self.back_button, self.play_button, self.forward_button, self.speed):
            controls.addWidget(widget)
        controls.addStretch(1)
        # The timeline has a row of its own: beside the buttons a narrow panel squeezed it
        # to a stub.
        self.scrubber.setMinimumWidth(160)
        self.step_label = plain_label("The step shown")
        self.flags = plain_label("What this step shows")
        self._paint_text(self.flags, PACE_COLOURS[Pace.STUCK])
        # The SLA on first touch and the contact process: red only when broken.
        self.sla_line = plain_label("The SLA on first touch at this step")
        self._sla_colour = PACE_COLOURS[Pace.UNKNOWN]
        controls_host = QWidget()
        controls_host.setLayout(controls)
        middle = stacked(
            self.ending,
            self.origin,
            controls_host,
            self.scrubber,
            self.step_label,
            self.flags,
            self.sla_line,
        )
        middle.layout().addStretch(1)

        self.notes_box, form = section("Retrospective at this step")
        self.note_edits = {}
        self._fields: dict[str, BoundField] = {}
        for name, caption, placeholder in NOTE_FIELDS:
            edit = text_field(f"note_{name}", caption, placeholder, 2)
            self.note_edits[name] = edit
            self._fields[name] = BoundField(
                edit, self._note_builder(name), self.editRequested.emit, self.refused.emit
            )
            form.addRow(caption, edit)
        self.root_cause_edit = text_field(
            "deal_root_cause", "Root cause", "What the room agrees really happened.", 2
        )
        self._fields["root_cause"] = BoundField(
            self.root_cause_edit, self._root_cause, self.editRequested.emit, self.refused.emit
        )
        self.stated_reason = plain_label("Stated reason from the CRM")
        deal_box, deal_form = section("The deal")
        deal_form.addRow("Stated reason (from the CRM)", self.stated_reason)
        deal_form.addRow("Root cause (agreed in the room)", self.root_cause_edit)
        self.loss_type_choice = choice_field("deal_loss_type", "Loss type")
        for loss in LossType:
            self.loss_type_choice.addItem(loss.label, loss.value)
        self.loss_type_choice.currentIndexChanged.connect(self._choose_loss_type)
        deal_form.addRow("Loss type (for a lost deal)", self.loss_type_choice)
        self.deal_words_edit = text_field(
            "deal_buyer_words", "The buyer's words about the deal", "What the buyer said.", 2
        )
        self._fields["deal_words"] = BoundField(
            self.deal_words_edit, self._deal_words, self.editRequested.emit, self.refused.emit
        )
        deal_form.addRow("The buyer's words about the deal", self.deal_words_edit)
        self.buying_team = BuyingTeamEditor()
        self.buying_team.editRequested.connect(self.editRequested)
        self.buying_team.refused.connect(self.refused)
        deal_form.addRow("Buying team", self.buying_team)
        self.improve_button = QPushButton("Make it an improvement…")
        self.improve_button.setAccessibleName("Promote the note to an improvement")
        self.improve_button.clicked.connect(self.promote_to_improvement)
        self.methodology_button = QPushButton("Add to methodology…")
        self.methodology_button.setAccessibleName("Add the note to an activity's methodology")
        self.methodology_button.clicked.connect(self.promote_to_methodology)
        # One above the other: side by side they made the column scroll sideways at 1280×720.
        promote = QVBoxLayout()
        promote.addWidget(self.improve_button, 0, Qt.AlignmentFlag.AlignLeft)
        promote.addWidget(self.methodology_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(promote)
        right = stacked(self.notes_box, deal_box)
        right.layout().addStretch(1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        # Up and down only: a long SLA sentence under a short panel scrolls, never cut; the
        # column keeps the width its controls need, its text wrapping in it.
        replay_column = scrolling(middle)
        replay_column.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        replay_column.setMinimumWidth(
            middle.minimumSizeHint().width() + replay_column.verticalScrollBar().sizeHint().width()
        )
        splitter.addWidget(replay_column)
        splitter.addWidget(scrolling(right))
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        # The step keys work from anywhere in the window while a deal is replayed (the map in
        # focus, a clicker's PageDown), and only then: else PageDown scrolls what has focus.
        self._step_keys: list[QShortcut] = []
        for keys, slot in (
            (("Alt+Right", "PgDown"), lambda: self.go(self.step + 1)),
            (("Alt+Left", "PgUp"), lambda: self.go(self.step - 1)),
            (("Alt+P",), self.toggle_play),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(slot)
                self._step_keys.append(shortcut)
        self.arrows = ClickerArrows(
            self,
            lambda: self.isVisible() and self.shown is not None and bool(self.shown.steps),
            lambda rows: self.go(self.step + rows),
        )
        self._set_interval()
        self._show_step()

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    # -- following the model ---------------------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.stop()
        self.flush()
        self.playbook = playbook
        self.deal_id = None
        self.overlay.clear()
        self._follow_leads()
        self._fill_deals()

    def on_change(self, change: Change) -> None:
        if self.playbook is None:
            return
        if change.touches(Kind.DEAL):
            self._deals_end = STALE
        unlisted = change.touches(Kind.DEAL) and not change.get(Kind.DEAL) <= self._rows.keys()
        # META: the team's zone and hours, where a day ends; a new deal may have a lead.
        if change.touches(Kind.META) or change.touches(Kind.LEAD) or unlisted:
            self._follow_leads()
        if change.touches(Kind.LEAD) or unlisted:
            self._fill_deals()
        elif change.touches(Kind.DEAL):  # a listed deal's source may have changed
            for deal_id in change.get(Kind.DEAL):
                self._retip(deal_id)
        if change.kinds() & {Kind.DEAL, Kind.STAGE, Kind.HANDOFF}:
            self._reload()

    def flush(self) -> None:
        for field in self._fields.values():
            field.flush()

    def _follow_leads(self) -> None:
        playbook = self.playbook
        self._lead_of = deal_leads(playbook) if playbook else {}
        self._clock = HoursClock.of(playbook.meta) if playbook else HoursClock(None)
        self._leads_end = activities_end(playbook.leads, self._clock) if playbook else None
        self._deals_end = STALE

    def _origin(self, deal: Deal) -> Deal:
        """The deal with its source and campaign from its lead where it has one."""
        return buyer_origin(deal, self._lead_of.get(deal.id))

    def _retip(self, deal_id: str) -> None:
        row = self._rows.get(deal_id)
        if row is not None and deal_id in self.playbook.deals:
            self.deal_list.item(row).setToolTip(
                origin_words(self._origin(self.playbook.deals[deal_id]))
            )

    def _fill_deals(self) -> None:
        wanted = chosen(self.outcome_filter, DealOutcome)
        keep = self.deal_id
        blocked = self.deal_list.blockSignals(True)
        self.deal_list.clear()
        self._rows = {}
        for deal in self.playbook.deals if self.playbook else []:
            if wanted is not None and deal.outcome is not wanted:
                continue
            item = QListWidgetItem(
                f"{deal.name}\n{deal.outcome.value} · {_money(deal)}".rstrip(" ·")
            )
            item.setData(Qt.ItemDataRole.UserRole, deal.id)
            item.setToolTip(origin_words(self._origin(deal)))
            self._rows[deal.id] = self.deal_list.count()
            self.deal_list.addItem(item)
        self.deal_list.blockSignals(blocked)
        if keep in self._rows:
            self.deal_list.setCurrentRow(self._rows[keep])

    def show_deal(self, deal_id: str | None, step: int = 0) -> None:
        self.stop()
        self.flush()
        self.deal_id = (
            deal_id if deal_id in (self.playbook.deals if self.playbook else ()) else None
        )
        row = self._rows.get(self.deal_id)
        if row is not None and self.deal_list.currentRow() != row:
            blocked = self.deal_list.blockSignals(True)
            self.deal_list.setCurrentRow(row)
            self.deal_list.blockSignals(blocked)
        self.step = step
        self._reload()

    def _picked(self, item, _previous=None) -> None:
        self.show_deal(None if item is None else item.data(Qt.ItemDataRole.UserRole))

    def _reload(self) -> None:
        if self.deal_id is None or self.deal_id not in self.playbook.deals:
            self.shown = None
        else:
            if self._deals_end is STALE:  # a replay a click: the deals' part kept till they change
                self._deals_end = activities_end(self.playbook.deals, self._clock)
            ends = [end for end in (self._leads_end, self._deals_end) if end is not None]
            self.shown = replay(
                self.playbook,
                self.playbook.deals[self.deal_id],
                touches_end=max(ends, default=None),
            )
        count = len(self.shown.steps) if self.shown else 0
        blocked = self.scrubber.blockSignals(True)
        self.scrubber.setRange(0, max(0, count - 1))
        self.step = max(0, min(self.step, count - 1))
        self.scrubber.setValue(self.step)
        self.scrubber.blockSignals(blocked)
        self._show_step()

    # -- moving through the deal ---------------------------------------------------

    def go(self, step: int) -> None:
        if self.shown is None or not self.shown.steps:
            return
        step = max(0, min(step, len(self.shown.steps) - 1))
        if step != self.step:
            self.flush()  # notes typed for the step being left go to that step
        self.step = step
        if self.scrubber.value() != step:
            blocked = self.scrubber.blockSignals(True)
            self.scrubber.setValue(step)
            self.scrubber.blockSignals(blocked)
        self._show_step()

    def toggle_play(self) -> None:
        if self._timer.isActive():
            self.stop()
        elif self.shown is not None:
            if self.step >= len(self.shown.steps) - 1:
                self.go(0)
            self._timer.start()
            self.play_button.setText("⏸ Pause")

    def stop(self) -> None:
        self._timer.stop()
        self.play_button.setText("▶ Play")

    def _tick(self) -> None:
        if self.shown is None or self.step >= len(self.shown.steps) - 1:
            self.stop()
            return
        self.go(self.step + 1)

    def _set_interval(self) -> None:
        self._timer.setInterval(int(STEP_MS / self.speed.currentData()))

    def _show_step(self) -> None:
        has = self.shown is not None and bool(self.shown.steps)
        for shortcut in self._step_keys:
            shortcut.setEnabled(has)
        for widget in (
            self.back_button,
            self.play_button,
            self.forward_button,
            self.scrubber,
            self.notes_box,
        ):
            widget.setEnabled(has)
        if not has:
            self.overlay.clear()
            self.ending.setText("Choose a deal to replay it across the map.")
            self.origin.setText("")
            self.step_label.setText("")
            self.flags.setText("")
            self.sla_line.setText("")
            for field in self._fields.values():
                field.show("")
            self.stated_reason.setText("")
            select_data(self.loss_type_choice, LossType.NONE.value)
            self.loss_type_choice.setEnabled(False)
            if self.playbook is not None:
                self.buying_team.show_deal(self.playbook, None)
            return
        deal, step = self.shown.deal, self.shown.steps[self.step]
        self.overlay.show(self.shown, self.step)
        at_end = self.step == len(self.shown.steps) - 1
        self.ending.setText(f"{deal.name}: {self.shown.ending}" if at_end else deal.name)
        self.origin.setText(origin_words(self._origin(deal)))
        entered = day_of(step.entered, calendar_zone(self.playbook.meta)).isoformat()
        days = (
            still_there(step.so_far, step.closed)
            if step.days is None
            else count(step.days, "day", shown=f"{step.days:.0f}")
        )
        expected = (
            f" of {step.expected_days} expected ({step.pace.value})" if step.expected_days else ""
        )
        self.step_label.setText(
            f"Step {self.step + 1} of {len(self.shown.steps)}: {step.stage_name}, "
            f"from {entered}: {days}{expected}"
        )
        flags = [
            text
            for flag, text in (
                (step.off_map_move, "The map has no path here: a finding for the workshop."),
                (step.backward, "A step back in the journey."),
                (step.revisit and not step.backward, "Back in a stage it was in before."),
            )
            if flag
        ]
        self.flags.setText("\n".join(flags))
        self.flags.setVisible(bool(flags))  # an empty line would push the SLA down
        self._show_sla(step)
        note = deal.notes.get(str(self.step))
        for name, _, _ in NOTE_FIELDS:
            self._fields[name].show(getattr(note, name) if note else "")
        self._fields["root_cause"].show(deal.root_cause)
        self._fields["deal_words"].show(deal.buyer_words)
        self.buying_team.show_deal(self.playbook, deal.id)
        self.stated_reason.setText(deal.stated_reason or "—")
        select_data(self.loss_type_choice, deal.loss_type.value)
        self.loss_type_choice.setEnabled(deal.outcome is DealOutcome.LOST)
        self.stepShown.emit(self.step)

    def _show_sla(self, step) -> None:
        """The SLA on first touch (or, with no touches recorded, the time to move on) and
        the contact process: red when broken, green when kept, grey when not measured."""
        lines, state = [], SlaState.NOT_MEASURED
        if step.first_touch is not None:
            lines.append(f"{step.first_touch.words}.")
            state = step.first_touch.state
        if step.contact is not None:
            lines.append(f"{step.contact.words}.")
            if step.contact.short_of_agreement:
                state = SlaState.BREACHED
        self._sla_colour = SLA_COLOURS.get(state, PACE_COLOURS[Pace.UNKNOWN])
        self._paint_text(self.sla_line, self._sla_colour)
        self.sla_line.setText("\n".join(lines))
        self.sla_line.setVisible(bool(lines))

    def _paint_text(self, label: QLabel, colour: QColor) -> None:
        """``label``'s text in ``colour``, made to read on the panel in any theme."""
        shown = legible(colour, self.palette().color(QPalette.ColorRole.Window))
        label.setStyleSheet(f"color: {shown.name()};")

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        made = getattr(self, "sla_line", None) is not None
        if made and event.type() == QEvent.Type.PaletteChange:  # another theme: colours again
            self._paint_text(self.flags, PACE_COLOURS[Pace.STUCK])
            self._paint_text(self.sla_line, self._sla_colour)

    # -- the retrospective ------------------------------------------------------------

    def _note_builder(self, name: str):
        def build(text: str, merge_key: str):
            if self.shown is None:
                return None
            deal = self.playbook.deals.get(self.deal_id)
            note = deal.notes.get(str(self.step)) if deal else None
            if deal is None or (getattr(note, name) if note else "") == text:
                return None
            return retrospective.set_step_note(
                self.playbook, self.deal_id, self.step, merge_key=merge_key, **{name: text}
            )

        return build

    def _root_cause(self, text: str, merge_key: str):
        deal = self.playbook.deals.get(self.deal_id) if self.deal_id else None
        if deal is None or deal.root_cause == text:
            return None
        return set_fields(
            self.playbook,
            Kind.DEAL,
            deal.id,
            label=f"Root cause of “{deal.name}”",
            merge_key=merge_key,
            root_cause=text,
        )

    def _choose_loss_type(self) -> None:
        deal = self.playbook.deals.get(self.deal_id) if self.playbook and self.deal_id else None
        loss = LossType(self.loss_type_choice.currentData())
        if deal is None or deal.loss_type is loss:
            return
        self._try(
            lambda: set_fields(
                self.playbook,
                Kind.DEAL,
                deal.id,
                label=f"Loss type of “{deal.name}”: {loss.label.lower()}",
                loss_type=loss,
            )
        )

    def _deal_words(self, text: str, merge_key: str):
        deal = self.playbook.deals.get(self.deal_id) if self.deal_id else None
        if deal is None or deal.buyer_words == text:
            return None
        return set_fields(
            self.playbook,
            Kind.DEAL,
            deal.id,
            label=f"The buyer's words on “{deal.name}”",
            merge_key=merge_key,
            buyer_words=text,
        )

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return ask_for_text(self, title, label, text)

    def ask_choice(self, title: str, label: str, options: list[str]) -> str | None:
        return ask_to_choose(self, title, label, options)

    def _try(self, build) -> None:
        send_or_refuse(build, self.editRequested.emit, self.refused.emit)

    def promote_to_improvement(self) -> None:
        if self.shown is None:
            return
        self.flush()
        title = self.ask_text("Make it an improvement", "Title of the improvement:")
        if title is not None:
            self._try(
                lambda: retrospective.promote_to_improvement(
                    self.playbook, self.deal_id, self.step, title, self.today()
                )
            )

    def promote_to_methodology(self) -> None:
        if self.shown is None:
            return
        self.flush()
        stage = self.shown.steps[self.step].stage
        activities = self.playbook.activities_of(stage) if self.playbook.has_stage(stage) else []
        if not activities:
            self.refused.emit("This stage has no activities yet; add one in the inspector first.")
            return
        names = [a.name for a in activities]
        choice = self.ask_choice(
            "Add to methodology", "Add the lesson to the methodology of:", names
        )
        if choice is not None:
            activity = activities[names.index(choice)]
            self._try(
                lambda: retrospective.promote_to_methodology(
                    self.playbook, self.deal_id, self.step, activity.id
                )
            )
