"""What the teams agreed about the scoring model: the challenges made to the selected rule,
a form to record one, and both teams' sign-off of the whole model.

Recording a challenge, like changing a rule, clears the sign-offs (models/scoring_edits.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import scoring_edits
from journeyapp.models.playbook import Playbook
from journeyapp.models.sign_offs import TEAMS
from journeyapp.widgets.forms.form_parts import (
    hint_label,
    line_field,
    plain_label,
    section,
    send_or_refuse,
)
from journeyapp.widgets.forms.signoff_rows import SignOffRows
from journeyapp.widgets.plain_text import ask_for_text
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget


def challenge_words(challenge) -> str:
    when = f"{challenge.date} · " if challenge.date else ""
    decided = challenge.decision or "not decided yet"
    return (
        f"{when}{challenge.team.capitalize()}, {challenge.name}: {challenge.argument}\n"
        f"    Decided: {decided}"
    )


class ScoringAgreement(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.playbook: Playbook | None = None
        self.rule_id: str | None = None
        self.signer_name = ""
        self.today: Callable[[], str] = lambda: datetime.date.today().isoformat()

        self.challenges_box, form = section("Challenges to the selected rule")
        self.log = plain_label("Challenges to the selected rule")
        form.addRow(self.log)
        self.team_choice = QComboBox()
        self.team_choice.setObjectName("challenge_team")
        self.team_choice.setAccessibleName("Team that challenges")
        for team in reversed(TEAMS):  # sales first: it is sales who mostly challenges
            self.team_choice.addItem(team.capitalize(), team)
        self.challenger = line_field("challenge_name", "Who challenges", "e.g. Daniel Okafor")
        who = QHBoxLayout()
        who.addWidget(self.team_choice)
        who.addWidget(self.challenger, 1)
        form.addRow("Who challenges", who)
        self.argument = line_field(
            "challenge_argument", "The argument", "e.g. a trade-show badge scan is not intent"
        )
        form.addRow("The argument", self.argument)
        self.decision = line_field(
            "challenge_decision", "What was decided", "e.g. no points; revisit in Q1"
        )
        form.addRow("What was decided", self.decision)
        self.record_button = QPushButton("Record challenge")
        self.record_button.setObjectName("challenge_record")
        self.record_button.setAccessibleName("Record the challenge to the selected rule")
        self.record_button.clicked.connect(self.record_challenge)
        form.addRow(self.record_button)

        signoffs, signoff_form = section("Sign-off of the whole model")
        signoff_form.addRow(
            hint_label("Changing a rule or recording a challenge clears both sign-offs.")
        )
        self.signoff_rows = SignOffRows(
            self.sign_off, self.withdraw, "scoring_", "the lead-scoring model"
        )
        signoff_form.addRow(self.signoff_rows)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.challenges_box)
        layout.addWidget(signoffs)

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.refresh()

    def show_rule(self, rule_id: str | None) -> None:
        self.rule_id = rule_id
        self.refresh()

    def refresh(self) -> None:
        playbook = self.playbook
        if playbook is None:
            return
        rule = None
        if self.rule_id is not None and self.rule_id in playbook.scoring_rules:
            rule = playbook.scoring_rules[self.rule_id]
        self.challenges_box.setTitle(
            f"Challenges to “{rule.attribute}”" if rule else "Challenges to the selected rule"
        )
        if rule is None:
            self.log.setText("Select a rule to see and record the challenges made to it.")
        else:
            words = [challenge_words(c) for c in rule.challenges]
            self.log.setText("\n".join(words) or "Nobody has challenged this rule yet.")
        self.record_button.setEnabled(rule is not None)
        self.signoff_rows.show_for(playbook.meta, "scoring_")

    # -- edits --------------------------------------------------------------------------

    def _try(self, build) -> None:
        send_or_refuse(build, self.editRequested.emit, self.refused.emit)

    def record_challenge(self) -> None:
        if self.rule_id is None:
            return
        team = self.team_choice.currentData()

        def build():
            return scoring_edits.add_challenge(
                self.playbook,
                self.rule_id,
                team,
                self.challenger.text(),
                self.argument.text(),
                self.decision.text(),
                self.today(),
            )

        before = self.playbook.scoring_rules[self.rule_id].challenges
        self._try(build)
        if self.playbook.scoring_rules[self.rule_id].challenges != before:
            self.argument.clear()
            self.decision.clear()

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return ask_for_text(self, title, label, text)

    def sign_off(self, team: str) -> None:
        name = self.ask_text(
            "Sign off", f"Who signs off the lead-scoring model for {team}?", self.signer_name
        )
        if name is None:
            return
        self._try(lambda: scoring_edits.sign_off(self.playbook, team, name, self.today()))
        self.signer_name = name.strip()

    def withdraw(self, team: str) -> None:
        if getattr(self.playbook.meta, f"scoring_{team}_signoff") is not None:
            self._try(lambda: scoring_edits.withdraw_sign_off(self.playbook, team))
