"""A round's results on the projector, split by team: each team's own priorities side by side
(marketing's beside sales'), then the ideas with the most dots in all. Where the teams' lists
differ is what the room talks about next. Painted, so that long notes wrap and nothing is
cut: the text shrinks until everything fits."""

from __future__ import annotations

from journeyapp.models.dot_voting import Tally, team_priorities
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

INK, PAPER, MUTED = QColor("#111111"), QColor("#ffffff"), QColor("#4a5260")
HEADING_SHARE, TEXT_SHARE, SMALLEST_PX = 0.075, 0.045, 12  # of the box's height
MOST_TOTALS = 5
WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft


class RoundResults(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("round_results")
        self.setAccessibleName("Results of the round of voting, by team")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.columns: list[tuple[str, list[str]]] = []  # (team, its priorities)
        self.totals: list[str] = []

    def show_results(self, tallies: list[Tally], _height: int = 0) -> None:
        teams = [team for team, _ in tallies[0].by_team] if tallies else []
        self.columns = []
        for team in teams:
            mine = dict((t.text, dict(t.by_team).get(team, 0)) for t in tallies)
            ranked = team_priorities(tallies, team)
            if ranked:
                self.columns.append(
                    (team, [f"{n}. {text} ({mine[text]})" for n, text in enumerate(ranked, 1)])
                )
        self.totals = [f"{t.total} · {t.text}" for t in tallies[:MOST_TOTALS] if t.total]
        self.setAccessibleDescription(
            "; ".join(f"{team}: {', '.join(lines)}" for team, lines in self.columns)
        )
        self.update()

    def text_lines(self) -> list[str]:
        lines = ["Priorities by team"]
        for team, ranked in self.columns:
            lines += [team, *ranked]
        return [*lines, "Most dots in all", *self.totals]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        area = QRectF(self.rect())
        painter.setPen(QPen(QColor("#c9ced6"), 2))
        painter.setBrush(PAPER)
        painter.drawRoundedRect(area.adjusted(1, 1, -1, -1), 16, 16)
        inner = area.adjusted(28, 20, -28, -20)
        scale = 1.0
        while scale > 0.4 and self._layout(painter, inner, scale, draw=False) > inner.bottom():
            scale *= 0.9  # shrink until the whole of it fits
        self._layout(painter, inner, scale, draw=True)

    def _font(self, share: float, scale: float, bold: bool = False) -> QFont:
        font = QFont()
        font.setPixelSize(max(SMALLEST_PX, int(self.height() * share * scale)))
        font.setBold(bold)
        return font

    def _text(self, painter, text, box: QRectF, font: QFont, colour: QColor, draw: bool) -> float:
        """Draw (or only measure) wrapped text in ``box``; the bottom it reaches."""
        used = QFontMetricsF(font).boundingRect(box, WRAP, text)
        if draw:
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(box, WRAP, text)
        return box.top() + used.height()

    def _layout(self, painter, inner: QRectF, scale: float, draw: bool) -> float:
        heading = self._font(HEADING_SHARE, scale, bold=True)
        body, bold = self._font(TEXT_SHARE, scale), self._font(TEXT_SHARE, scale, bold=True)
        gap = QFontMetricsF(body).height() * 0.4
        y = self._text(painter, "Priorities by team", QRectF(inner), heading, INK, draw) + gap
        columns = max(1, len(self.columns))
        width = (inner.width() - (columns - 1) * 24) / columns
        bottom = y
        for n, (team, ranked) in enumerate(self.columns):
            left = inner.left() + n * (width + 24)
            at = self._text(painter, team, QRectF(left, y, width, 10_000), bold, INK, draw)
            for line in ranked:
                at = self._text(
                    painter, line, QRectF(left, at + gap / 2, width, 10_000), body, INK, draw
                )
            bottom = max(bottom, at)
        if not self.columns:
            bottom = self._text(
                painter,
                "No dots were placed.",
                QRectF(inner.left(), y, inner.width(), 10_000),
                body,
                MUTED,
                draw,
            )
        y = bottom + gap * 2
        if self.totals:
            y = self._text(
                painter,
                "Most dots in all",
                QRectF(inner.left(), y, inner.width(), 10_000),
                bold,
                INK,
                draw,
            )
            for line in self.totals:
                y = self._text(
                    painter,
                    line,
                    QRectF(inner.left(), y + gap / 3, inner.width(), 10_000),
                    body,
                    MUTED,
                    draw,
                )
        return y
