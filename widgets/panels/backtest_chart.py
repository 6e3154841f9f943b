"""A small chart of the scoring backtest: precision and recall at each possible threshold,
with the threshold in use marked; or, when there is nothing to backtest, the sentence why."""

from __future__ import annotations

from journeyapp.models.scoring_backtest import Backtest
from journeyapp.models.wilson import percent
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PRECISION = QColor("#1f77b4")
RECALL = QColor("#d9822b")


class BacktestChart(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("scoring_backtest_chart")
        self.setAccessibleName("Backtest: precision and recall at each threshold")
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.result: Backtest | None = None
        self.empty_words = "Nothing to backtest."

    def sizeHint(self) -> QSize:
        return QSize(520, 240)

    def show_backtest(self, result: Backtest | None, empty_words: str = "") -> None:
        self.result = result
        self.empty_words = empty_words or "Nothing to backtest."
        nothing = result is None or result.nothing_to_backtest() is not None
        self.setAccessibleDescription(self.empty_words if nothing else self._summary())
        self.update()

    def _summary(self) -> str:
        point = self.result.at(self.result.threshold)
        return (
            f"At the threshold {self.result.threshold}: precision "
            f"{percent(point.precision)}, recall {percent(point.recall)}."
        )

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(self.foregroundRole())
        painter.setPen(text)
        result = self.result
        if result is None or result.nothing_to_backtest() is not None:
            painter.drawText(
                QRectF(self.rect()).adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_words,
            )
            return
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        plot = QRectF(self.rect()).adjusted(
            metrics.horizontalAdvance("100%") + 14, line * 2 + 8, -16, -(line * 2 + 8)
        )
        low = min(p.threshold for p in result.points)
        high = max(p.threshold for p in result.points)
        span = max(1, high - low)

        def at(threshold: float, share: float) -> QPointF:
            return QPointF(
                plot.left() + (threshold - low) / span * plot.width(),
                plot.bottom() - share * plot.height(),
            )

        grid = QColor(text)
        grid.setAlphaF(0.25)
        for share in (0, 0.5, 1):
            painter.setPen(grid)
            y = at(low, share).y()
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y - line / 2, plot.left() - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{share:.0%}",
            )
        for threshold in sorted({low, result.threshold, high}):
            x = at(threshold, 0).x()
            painter.drawText(
                QRectF(x - 40, plot.bottom() + 4, 80, line),
                Qt.AlignmentFlag.AlignHCenter,
                str(threshold),
            )
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 4 + line, plot.width(), line),
            Qt.AlignmentFlag.AlignHCenter,
            "Score threshold",
        )
        marker = QPen(text, 1, Qt.PenStyle.DashLine)
        painter.setPen(marker)
        x = at(result.threshold, 0).x()
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))

        for colour, share_of in (
            (PRECISION, lambda p: p.precision),
            (RECALL, lambda p: p.recall),
        ):
            path = QPainterPath()
            started = False
            for point in result.points:
                share = share_of(point)
                if share is None:
                    continue
                where = at(point.threshold, share)
                if started:
                    path.lineTo(where)
                else:
                    path.moveTo(where)
                    started = True
            painter.setPen(QPen(colour, 2.5))
            painter.drawPath(path)
            painter.setBrush(colour)
            for point in result.points:
                if (share := share_of(point)) is not None:
                    painter.drawEllipse(at(point.threshold, share), 3, 3)
            painter.setBrush(Qt.BrushStyle.NoBrush)

        left = plot.left()
        for colour, words in (
            (PRECISION, "Precision: passed leads that were won"),
            (RECALL, "Recall: won leads that passed"),
        ):
            painter.setPen(QPen(colour, 3))
            painter.drawLine(QPointF(left, line), QPointF(left + 18, line))
            painter.setPen(text)
            painter.drawText(QPointF(left + 24, line + metrics.ascent() / 2 - 1), words)
            left += 24 + metrics.horizontalAdvance(words) + 24
        painter.drawText(
            QRectF(plot.left(), line * 1.2, plot.width(), line * 1.4),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            self._summary(),
        )
