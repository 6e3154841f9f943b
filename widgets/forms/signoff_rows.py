"""Each team's sign-off of something agreed, as rows: the team, who signed and when, and the
buttons to sign off or withdraw."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journeyapp.models.sign_offs import TEAMS
from journeyapp.models.sign_offs import signed_words as signed_words  # the panels show it
from journeyapp.widgets.forms.form_parts import plain_label
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton


class SignOffRows(QGridLayout):
    """``labels`` and ``buttons`` (sign, withdraw) by team; ``what`` ends the buttons'
    accessible names ("signs off the commitment"); ``stacked`` gives the team, its buttons
    and who signed a line each, for a narrow column."""

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
            team_label = plain_label("Team", team.capitalize())
            if stacked:  # the team, its buttons, who signed: each a line of a narrow column
                line = 3 * row
                self.addWidget(team_label, line, 0, 1, 4)
                self.addWidget(signs, line + 1, 0, 1, 2)
                self.addWidget(withdraws, line + 1, 2, 1, 2)
                self.addWidget(label, line + 2, 0, 1, 4)
            else:
                self.addWidget(team_label, row, 0)
                self.addWidget(label, row, 1)
                self.addWidget(signs, row, 2)
                self.addWidget(withdraws, row, 3)
        self.setColumnStretch(1, 1)

    def show_for(self, entity: Any, prefix: str = "") -> None:
        """Show who signed ``entity`` (None: nothing to sign yet) and which buttons apply."""
        for team, label in self.labels.items():
            signoff = getattr(entity, f"{prefix}{team}_signoff", None)
            label.setText(signed_words(signoff))
            sign, withdraw = self.buttons[team]
            sign.setEnabled(entity is not None)
            withdraw.setEnabled(signoff is not None)
