"""A handoff label's text and where it may sit: wrapped to two lines before it is cut short,
and tried at spots touching its own arrow (on it, above, below, beside, at a corner).

A label is tried wide first, then narrower, so that it fits between two cards close
together rather than floating away from its arrow. A narrow label may take more lines:
between two cards of one row there is height to spare and no width.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from journeyapp.models.frozen_records import frozen_record
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainterPath

MAX_LINES = 2
# (line width, most lines) for each layout worth trying, widest first. Four lines of the
# narrowest stay shorter than a card, so they fit in the gap between two cards of a row.
LINE_WIDTHS = ((190.0, 2), (140.0, 2), (100.0, 3), (76.0, 4), (64.0, 4))
BADGE_BELOW = 100.0  # at this width or narrower, the SLA badge goes under the text
BADGE_HEIGHT = 18.0
PADDING_X = 8.0
PADDING_Y = 4.0
BADGE_GAP = 6.0
GAP = 4.0  # between a label and its arrow when it sits beside it
FRACTIONS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88)


@frozen_record
class LabelLayout:
    lines: tuple[str, ...]
    text_width: float
    size: tuple[float, float]
    badge_below: bool = False


def wrap(text: str, font: QFont, width: float, most: int = MAX_LINES) -> tuple[str, ...]:
    """``text`` in at most ``most`` lines no wider than ``width``; the last line ends in "…"
    if the rest does not fit."""
    metrics = QFontMetrics(font)
    words = text.split()
    lines: list[str] = []
    while words and len(lines) < most:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:
        lines[-1] = f"{lines[-1]} {' '.join(words)}"
    last = lines[-1] if lines else ""
    if metrics.horizontalAdvance(last) > width:
        lines[-1] = metrics.elidedText(last, Qt.TextElideMode.ElideRight, int(width))
    return tuple(lines)


def layouts(trigger: str, font: QFont, badge_width: float) -> list[LabelLayout]:
    """The label laid out at each width worth trying, widest first, without repeats (kept
    by handoff_item's ``_label_parts``: a map's handoffs share a few dozen triggers)."""
    metrics = QFontMetrics(font)
    line_height = metrics.height()
    found: list[LabelLayout] = []
    for width, most in LINE_WIDTHS:
        lines = wrap(trigger, font, width, most) if trigger else ()
        text_width = max((metrics.horizontalAdvance(line) for line in lines), default=0.0)
        height = max(len(lines), 1) * line_height + 2 * PADDING_Y + (4 if len(lines) < 2 else 0)
        below = bool(lines and badge_width and width <= BADGE_BELOW)
        full = text_width + 2 * PADDING_X if lines else 2 * PADDING_Y
        if below:
            full = max(full, badge_width + 2 * PADDING_X)
            height += BADGE_HEIGHT + 2
        elif badge_width:
            full += badge_width + (BADGE_GAP if lines else 0)
        layout = LabelLayout(lines, text_width, (full, height), below)
        if not found or (layout.lines, below) != (found[-1].lines, found[-1].badge_below):
            found.append(layout)
    return found


Box = tuple[float, float, float, float]  # left, top, right, bottom


def spot_groups(
    path: QPainterPath, options: list[LabelLayout]
) -> Iterator[tuple[Box, list[tuple[LabelLayout, Box]]]]:
    """Spots touching the arrow, grouped by the point along it they touch (nearest the
    middle first) with the area they all lie in; at each point, widest layout first."""
    reach_x = max(layout.size[0] for layout in options) + GAP
    reach_y = max(layout.size[1] for layout in options) + GAP
    for fraction in FRACTIONS:
        point = path.pointAtPercent(fraction)
        x, y = point.x(), point.y()
        group = []
        for layout in options:
            width, height = layout.size
            for left, top in (
                (x - width / 2, y - height / 2),  # on the arrow
                (x - width / 2, y - GAP - height),  # above
                (x - width / 2, y + GAP),  # below
                (x + GAP, y - height / 2),  # right
                (x - GAP - width, y - height / 2),  # left
                (x + GAP, y - GAP - height),
                (x - GAP - width, y - GAP - height),
                (x + GAP, y + GAP),
                (x - GAP - width, y + GAP),
            ):
                group.append((layout, (left, top, left + width, top + height)))
        yield (x - reach_x, y - reach_y, x + reach_x, y + reach_y), group


def segment_meets_box(x0: float, y0: float, x1: float, y1: float, box: Box) -> bool:
    """Whether the straight segment from (x0, y0) to (x1, y1) touches ``box`` (Liang–Barsky)."""
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in (
        (-dx, x0 - box[0]),
        (dx, box[2] - x0),
        (-dy, y0 - box[1]),
        (dy, box[3] - y0),
    ):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def line_meets_box(points: list[tuple[float, float]], box: Box) -> bool:
    """Whether a polyline passes through ``box``."""
    return any(segment_meets_box(a[0], a[1], b[0], b[1], box) for a, b in pairwise(points))


def as_box(rect: QRectF) -> Box:
    return rect.left(), rect.top(), rect.right(), rect.bottom()


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
