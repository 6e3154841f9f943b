"""Text broken into a few lines of a given width, the last one ending in "…" if it must."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout, QTextOption


def within_lines(
    text: str, font: QFont, width: float, max_lines: int, break_words: bool = True
) -> str:
    """``text`` wrapped at ``width``, with explicit line breaks, in at most ``max_lines``
    lines; what does not fit is elided. A word wider than a line is broken where it must
    be, or with ``break_words`` off, cut at its end with "…"."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(
        QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
        if break_words
        else QTextOption.WrapMode.WordWrap
    )
    layout.setTextOption(option)
    layout.beginLayout()
    starts = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    if not starts:
        return text
    units = text.encode("utf-16-le")  # Qt counts positions in UTF-16 code units
    ends = [*starts[1:], len(units) // 2]
    lines = [
        units[2 * a : 2 * b].decode("utf-16-le").strip() for a, b in zip(starts, ends, strict=True)
    ]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    metrics = QFontMetricsF(font)
    return "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines)
