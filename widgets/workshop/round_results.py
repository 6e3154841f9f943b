"""A round's results on the projector, split by team: each team's own priorities side by side
(marketing's beside sales'), then every idea with its dots in all. Where the teams' lists
differ is what the room talks about next."""

from __future__ import annotations

from journeyapp.models.dot_voting import Tally, team_priorities
from journeyapp.widgets.forms.form_parts import plain_label
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout

HEADING_SHARE, TEXT_SHARE = 0.05, 0.032  # of the map's height


class RoundResults(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("round_results")
        self.setAccessibleName("Results of the round of voting, by team")
        self.setStyleSheet(
            "#round_results { background: #ffffff; border: 2px solid #c9ced6;"
            " border-radius: 16px; } QLabel { color: #111111; background: transparent; }"
        )
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(28, 20, 28, 20)
        self.tallies: list[Tally] = []

    def show_results(self, tallies: list[Tally], height: int) -> None:
        self.tallies = tallies
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
            elif item.layout() is not None:
                _clear(item.layout())
        heading_px = max(14, int(height * HEADING_SHARE))
        text_px = max(12, int(height * TEXT_SHARE))
        self.layout_.addWidget(_label("Priorities by team", heading_px, bold=True))
        teams = [team for team, _ in tallies[0].by_team] if tallies else []
        voted = [t for t in teams if any(dict(x.by_team).get(t) for x in tallies)]
        grid = QGridLayout()
        grid.setHorizontalSpacing(32)
        for column, team in enumerate(voted):
            grid.addWidget(_label(team, text_px, bold=True), 0, column)
            for row, text in enumerate(team_priorities(tallies, team), start=1):
                grid.addWidget(_label(f"{row}. {text}", text_px), row, column)
        self.layout_.addLayout(grid)
        totals = " · ".join(f"{t.text}: {t.total}" for t in tallies[:6])
        self.layout_.addWidget(
            _label(f"All dots: {totals}" if totals else "No dots placed.", text_px)
        )
        self.layout_.addStretch(1)


def _label(text: str, pixels: int, bold: bool = False) -> QLabel:
    label = plain_label(text[:40], text)
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    label.setFont(font)
    return label


def _clear(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
