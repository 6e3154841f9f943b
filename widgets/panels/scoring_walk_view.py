"""The walk-through tab: the scoring model line by line, and the backtest chart under it."""

from __future__ import annotations

from journeyapp.models.operations import handoff_name
from journeyapp.models.playbook import Playbook
from journeyapp.models.scoring_backtest import backtest
from journeyapp.models.scoring_walk import walk_through
from journeyapp.widgets.panels.backtest_chart import BacktestChart
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget


class WalkThroughView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setObjectName("scoring_walk_through")
        self.text.setAccessibleName("Scoring walk-through")
        self.text.setReadOnly(True)
        self.chart_title = QLabel()
        self.chart_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.chart_title.font()
        font.setBold(True)
        self.chart_title.setFont(font)
        self.chart = BacktestChart()
        chart_host = QWidget()
        chart_layout = QVBoxLayout(chart_host)
        chart_layout.setContentsMargins(0, 4, 0, 0)
        chart_layout.addWidget(self.chart_title)
        chart_layout.addWidget(self.chart, 1)
        # Side by side: stacked, the two asked more height than a panel under the map of a
        # 1280×720 window has, and pushed the map down to a strip.
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.text)
        splitter.addWidget(chart_host)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def show_for(self, playbook: Playbook, handoff_id: str | None) -> None:
        """The walk-through, with the backtest at the handoff whose threshold is chosen."""
        handoff = playbook.handoff(handoff_id) if handoff_id is not None else None
        result = backtest(playbook, handoff) if handoff is not None else None
        self.text.setPlainText(walk_through(playbook, (handoff, result) if handoff else None))
        if handoff is None:
            self.chart_title.setText("Backtest")
            self.chart.show_backtest(
                None, "No handoff uses the score, so there is no threshold to backtest."
            )
            return
        self.chart_title.setText(
            f"Backtest at {handoff_name(playbook, handoff)}: precision and recall at each threshold"
        )
        self.chart.show_backtest(result, result.nothing_to_backtest() or "")
