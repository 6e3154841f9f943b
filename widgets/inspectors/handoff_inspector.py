"""The handoff inspector: when a lead passes on, what the receiving team promises, and how."""

from __future__ import annotations

from journeyapp.models import operations
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import HandoffKind
from journeyapp.models.errors import EditError
from journeyapp.models.limits import parse_hours, parse_percent, parse_whole
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.field_binding import BoundField
from journeyapp.widgets.forms.form_parts import (
    choice_field,
    chosen,
    hint_label,
    line_field,
    plain_label,
    refill_choice,
    section,
    select_data,
    stacked,
    text_field,
)
from journeyapp.widgets.inspectors.verdict_reasons_box import VerdictReasonsBox
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

NUMBER_WIDTH = 110


def _hours_text(hours: float | None) -> str:
    return "" if hours is None else f"{hours:g}"


def _percent_text(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:g}%"


def _whole_text(value: int | None) -> str:
    return "" if value is None else str(value)


class HandoffInspector(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("handoff_inspector")
        self.setAccessibleName("Handoff inspector")
        self.playbook: Playbook | None = None
        self.handoff_id: str | None = None

        self.route_label = plain_label("Handoff route")
        font = self.route_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.route_label.setFont(font)
        self.kind_choice = choice_field("handoff_kind", "Kind of handoff")
        for kind in HandoffKind:
            self.kind_choice.addItem(kind.label, kind)
        self.kind_choice.currentIndexChanged.connect(lambda: self._choose("kind"))
        self.trigger_edit = text_field(
            "handoff_trigger", "Trigger", "The buyer behaviour that triggers the handoff.", 2
        )
        self.threshold_edit = line_field("handoff_threshold", "Lead-score threshold", "e.g. 65")
        self.qualification_edit = text_field(
            "handoff_qualification", "Qualification checklist", "One item per line", 4
        )
        self.bant_button = QPushButton("Use BANT")
        self.bant_button.setObjectName("handoff_use_bant")
        self.bant_button.setAccessibleName("Use the BANT checklist")
        self.bant_button.clicked.connect(self._use_bant)
        self.sla_edit = line_field("handoff_sla", "SLA in hours", "e.g. 24 or 2d")
        self.attempts_edit = line_field("handoff_attempts", "Contact attempts", "e.g. 6")
        self.days_edit = line_field("handoff_contact_days", "Days of contact attempts", "e.g. 10")
        self.recycle_choice = choice_field("handoff_recycle_to", "Recycles to stage")
        self.recycle_choice.currentIndexChanged.connect(lambda: self._choose("recycle_to"))
        self.conversion_edit = line_field("handoff_conversion", "Target conversion", "e.g. 35%")
        self.definition_choice = choice_field("handoff_definition", "Definition relied on")
        self.definition_choice.currentIndexChanged.connect(lambda: self._choose("definition"))
        for edit in (self.threshold_edit, self.sla_edit, self.attempts_edit, self.days_edit):
            edit.setMaximumWidth(NUMBER_WIDTH)
        self.conversion_edit.setMaximumWidth(NUMBER_WIDTH)

        def checked(field: str, parse, show_as):
            return BoundField(
                edit_for[field], self._value_edit(field, parse), self._send, self._refuse, False
            ), show_as

        edit_for = {
            "score_threshold": self.threshold_edit,
            "sla_hours": self.sla_edit,
            "contact_attempts": self.attempts_edit,
            "contact_days": self.days_edit,
            "target_conversion": self.conversion_edit,
        }
        self._checked = {
            "score_threshold": checked(
                "score_threshold",
                lambda t: parse_whole(t, "The lead-score threshold"),
                _whole_text,
            ),
            "sla_hours": checked("sla_hours", parse_hours, _hours_text),
            "contact_attempts": checked(
                "contact_attempts",
                lambda t: parse_whole(t, "The number of contact attempts"),
                _whole_text,
            ),
            "contact_days": checked(
                "contact_days",
                lambda t: parse_whole(t, "The days of contact attempts"),
                _whole_text,
            ),
            "target_conversion": checked("target_conversion", parse_percent, _percent_text),
        }
        self._trigger = BoundField(self.trigger_edit, self._trigger_edit, self._send, self._refuse)
        self._qualification = BoundField(
            self.qualification_edit, self._qualification_edit, self._send, self._refuse
        )

        when, when_form = section("When the lead passes on")
        when_form.addRow("Kind", self.kind_choice)
        when_form.addRow("Trigger (buyer behaviour)", self.trigger_edit)
        when_form.addRow("Lead-score threshold", self.threshold_edit)
        when_form.addRow("Definition it relies on", self.definition_choice)
        checklist = QHBoxLayout()
        checklist.addWidget(self.qualification_edit, 1)
        checklist.addWidget(self.bant_button)
        when_form.addRow("Qualification checklist", checklist)
        promise, promise_form = section("What the receiving team promises")
        promise_form.addRow("Follow up within (SLA)", self._with_unit(self.sla_edit, "hours"))
        promise_form.addRow("Contact attempts", self._with_unit(self.attempts_edit, "attempts"))
        promise_form.addRow("over", self._with_unit(self.days_edit, "days"))
        promise_form.addRow("Then recycle to", self.recycle_choice)
        promise_form.addRow(
            hint_label("After the attempts the lead is labelled could-not-reach and recycled.")
        )
        promise_form.addRow("Target conversion", self.conversion_edit)

        self.reasons_box = VerdictReasonsBox(self._send, self._refuse)
        inner = stacked(self.route_label, when, promise, self.reasons_box)
        inner.layout().addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    @staticmethod
    def _with_unit(edit, unit: str) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit)
        row.addWidget(hint_label(unit))
        row.addStretch(1)
        return row

    # -- following the model --------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.handoff_id = None

    def flush(self) -> None:
        for field, _show in self._checked.values():
            field.flush()
        self._trigger.flush()
        self._qualification.flush()
        self.reasons_box.flush()

    def show_handoff(self, handoff_id: str | None) -> None:
        if handoff_id != self.handoff_id:
            self.flush()
        self.handoff_id = handoff_id
        self.refresh()

    def on_change(self, change: Change) -> None:
        if self.handoff_id is None:
            return
        if self.handoff_id not in self.playbook.ids(Kind.HANDOFF):
            self.handoff_id = None
            return
        if change.kinds() - {Kind.META}:
            self.refresh()

    def _handoff(self):
        if self.handoff_id is None or self.handoff_id not in self.playbook.ids(Kind.HANDOFF):
            return None
        return self.playbook.handoff(self.handoff_id)

    def refresh(self) -> None:
        handoff = self._handoff()
        if handoff is None:
            return
        playbook = self.playbook
        source, target = playbook.stage(handoff.source), playbook.stage(handoff.target)
        self.route_label.setText(f"{source.name}  →  {target.name}")
        select_data(self.kind_choice, handoff.kind)
        self._trigger.show(handoff.trigger)
        self._qualification.show("\n".join(handoff.qualification))
        for field, (bound, show_as) in self._checked.items():
            bound.show(show_as(getattr(handoff, field)))
        stages = [(None, "No recycling")] + [(s.id, s.name) for s in playbook.stages()]
        refill_choice(self.recycle_choice, stages, handoff.recycle_to)
        definitions = [(None, "None")] + [(d.id, d.term) for d in playbook.definitions]
        refill_choice(self.definition_choice, definitions, handoff.definition)
        self.reasons_box.setVisible(handoff.kind is HandoffKind.CROSS_TEAM or bool(handoff.reasons))
        self.reasons_box.show_handoff(playbook, handoff)

    # -- asking for edits -------------------------------------------------

    def _send(self, edit) -> None:
        self.editRequested.emit(edit)

    def _refuse(self, message: str) -> None:
        self.refused.emit(message)

    def _set(self, merge_key: str | None = None, **values):
        handoff = self._handoff()
        if handoff is None or all(getattr(handoff, k) == v for k, v in values.items()):
            return None
        return operations.set_fields(
            self.playbook, Kind.HANDOFF, handoff.id, merge_key=merge_key, **values
        )

    def _value_edit(self, field: str, parse):
        def build(text: str, merge_key: str):
            return self._set(merge_key, **{field: parse(text)})

        return build

    def _trigger_edit(self, text: str, merge_key: str):
        return self._set(merge_key, trigger=text)

    def _qualification_edit(self, text: str, merge_key: str):
        items = tuple(line.strip() for line in text.splitlines() if line.strip())
        return self._set(merge_key, qualification=items)

    def _use_bant(self) -> None:
        edit = self._set(qualification=tuple(operations.BANT))
        if edit is not None:
            self._send(edit)

    def _choose(self, field: str) -> None:
        combo = {
            "kind": self.kind_choice,
            "recycle_to": self.recycle_choice,
            "definition": self.definition_choice,
        }[field]
        try:
            value = chosen(combo, HandoffKind if field == "kind" else None)
            edit = self._set(**{field: value})
        except EditError as refusal:
            self._refuse(str(refusal))
            return
        if edit is not None:
            self._send(edit)
