"""Each team's sign-off of something agreed, as rows: the team, who signed and when, and the
buttons to sign off or withdraw."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journeyapp.models.sign_offs import TEAMS
from journeyapp.widgets.forms.form_parts import plain_label
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton


class SignOffRows(QGridLayout):
    """``labels`` and ``buttons`` (sign, withdraw) by team; ``what`` ends the buttons'
    accessible names ("signs off the commitment"); ``stacked`` puts who signed under the
    buttons, for a narrow column."""

    def __init__(
        self,
        sign: Callable[[str], None],
        withdraw: Callable[[str], None],
        name_prefix: str = "",
        what: str = "",
        stacked: bool = False,
    ) -> None:
        super().__init__()
        self.labels: dict[str, QLabel] = {}
        self.buttons: dict[str, tuple[QPushButton, QPushButton]] = {}
        for row, team in enumerate(TEAMS):
            label = plain_label(f"{team.capitalize()} sign-off")
            self.labels[team] = label
            signs = QPushButton("Sign off…")
            signs.setObjectName(f"{name_prefix}{team}_sign_off")
            signs.setAccessibleName(f"{team.capitalize()} signs off{what and ' ' + what}")
            signs.clicked.connect(lambda _=False, t=team: sign(t))
            withdraws = QPushButton("Withdraw")
            withdraws.setObjectName(f"{name_prefix}{team}_withdraw")
            withdraws.setAccessibleName(f"Withdraw {team}'s sign-off{what and ' of ' + what}")
            withdraws.clicked.connect(lambda _=False, t=team: withdraw(t))
            self.buttons[team] = (signs, withdraws)
            line = 2 * row if stacked else row
            self.addWidget(plain_label("Team", team.capitalize()), line, 0)
            self.addWidget(signs, line, 2)
            self.addWidget(withdraws, line, 3)
            if stacked:
                self.addWidget(label, line + 1, 0, 1, 4)
            else:
                self.addWidget(label, line, 1)
        self.setColumnStretch(1, 1)

    def show_for(self, entity: Any, prefix: str = "") -> None:
        """Show who signed ``entity`` (None: nothing to sign yet) and which buttons apply."""
        for team, label in self.labels.items():
            signoff = getattr(entity, f"{prefix}{team}_signoff", None)
            label.setText(signed_words(signoff))
            sign, withdraw = self.buttons[team]
            sign.setEnabled(entity is not None)
            withdraw.setEnabled(signoff is not None)


def signed_words(signoff) -> str:
    if signoff is None:
        return "Not signed off"
    return f"Signed off by {signoff.name}" + (f" on {signoff.date}" if signoff.date else "")
