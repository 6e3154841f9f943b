"""A handoff's agreed verdict reasons: the list the receiving team picks from when it accepts,
rejects or recycles a lead, signed off by both teams like a definition."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import handoff_reasons
from journeyapp.models.entities import Handoff
from journeyapp.models.operations import handoff_name
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.field_binding import BoundField
from journeyapp.widgets.forms.form_parts import hint_label, send_or_refuse, text_field
from journeyapp.widgets.forms.signoff_rows import SignOffRows
from journeyapp.widgets.plain_text import ask_for_text
from PySide6.QtWidgets import QGroupBox, QVBoxLayout


class VerdictReasonsBox(QGroupBox):
    def __init__(self, send: Callable[[object], None], refuse: Callable[[str], None]) -> None:
        super().__init__("Reasons the receiving team gives")
        self.setObjectName("verdict_reasons")
        self._send, self._refuse = send, refuse
        self.playbook: Playbook | None = None
        self.handoff: Handoff | None = None
        self.signer_name = ""
        self.today: Callable[[], str] = lambda: datetime.date.today().isoformat()
        self.reasons_edit = text_field(
            "handoff_reasons",
            "Verdict reasons",
            "One reason per line, e.g. No budget, Wrong contact, Not now",
            4,
        )
        # Sent on leaving the field: a list half-typed may hold a reason twice for a moment.
        self._reasons = BoundField(self.reasons_edit, self._reasons_edit, send, refuse, False)
        self.signoff_rows = SignOffRows(
            self.sign_off, self.withdraw, "reasons_", "the verdict reasons", stacked=True
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                "Sales picks one of these when it accepts, rejects or recycles a lead handed "
                "over here. Changing the list clears both sign-offs."
            )
        )
        layout.addWidget(self.reasons_edit)
        layout.addLayout(self.signoff_rows)

    def show_handoff(self, playbook: Playbook, handoff: Handoff) -> None:
        self.playbook, self.handoff = playbook, handoff
        self._reasons.show("\n".join(handoff.reasons))
        self.signoff_rows.show_for(handoff, handoff_reasons.PREFIX)

    def flush(self) -> None:
        self._reasons.flush()

    def _reasons_edit(self, text: str, merge_key: str):
        if self.handoff is None or tuple(self._lines(text)) == self.handoff.reasons:
            return None
        return handoff_reasons.set_reasons(
            self.playbook, self.handoff.id, self._lines(text), merge_key
        )

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return ask_for_text(self, title, label, text)

    def sign_off(self, team: str) -> None:
        if self.handoff is None:
            return
        self.flush()
        route = handoff_name(self.playbook, self.handoff)
        name = self.ask_text(
            "Sign off", f"Who signs off the reasons of “{route}” for {team}?", self.signer_name
        )
        if name is None:
            return
        handoff_id, date = self.handoff.id, self.today()
        send_or_refuse(
            lambda: handoff_reasons.sign_off(self.playbook, handoff_id, team, name, date),
            self._send,
            self._refuse,
        )
        self.signer_name = name.strip()

    def withdraw(self, team: str) -> None:
        if self.handoff is None:
            return
        handoff_id = self.handoff.id
        send_or_refuse(
            lambda: handoff_reasons.withdraw_sign_off(self.playbook, handoff_id, team),
            self._send,
            self._refuse,
        )
