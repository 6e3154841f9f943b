"""An arrow's line cut into short pieces, so a repaint strokes only the pieces it shows.

Antialiased stroking costs in proportion to the length stroked, clipped or
not: a long arrow crossing a small repaint area would be stroked end to end.
"""

from __future__ import annotations

import math
from itertools import pairwise

from journeyapp.widgets.canvas.label_layout import Box
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPolygonF, QTransform

PIECE_LENGTH = 120.0  # scene units of line per piece
FINENESS = 4.0  # curves flattened finely enough for the deepest zoom
# How far a flattened curve may stray from the true one, in scene units: under half a pixel
# up to COARSE_UP_TO_ZOOM, where most work is done; FINE_TOLERANCE for deeper zooms (to 4×).
# A stroke costs by its points: the coarse cut has a quarter fewer, and a move at 1,000
# stages drew in 9 ms instead of 10.5.
COARSE_TOLERANCE = 0.4
COARSE_UP_TO_ZOOM = 1.25
FINE_TOLERANCE = 0.1
STEP = PIECE_LENGTH / 4  # the longest straight step, so pieces are cut near their length


class Piece:
    """A short run of the line: its bounds (left, top, right, bottom), its points, where along
    the arrow it starts (for the dash pattern) and, made when first drawn, the polyline Qt
    strokes."""

    __slots__ = ("_line", "bounds", "points", "start")

    def __init__(self, bounds: Box, points: tuple, start: float) -> None:
        self.bounds = bounds
        self.points = points
        self.start = start
        self._line: QPolygonF | None = None

    @property
    def line(self) -> QPolygonF:
        if self._line is None:
            self._line = QPolygonF([QPointF(x, y) for x, y in self.points])
        return self._line


def cut_into_pieces(path: QPainterPath, tolerance: float = COARSE_TOLERANCE) -> list[Piece]:
    """The path (a move and one cubic curve, as ``route`` draws an arrow) flattened to within
    ``tolerance`` and cut."""
    if path.elementCount() != 4:
        return _cut(_flattened_by_qt(path))
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = (
        (path.elementAt(n).x, path.elementAt(n).y) for n in range(4)
    )
    reach = math.hypot(x1 - x0, y1 - y0) + math.hypot(x2 - x1, y2 - y1)
    reach += math.hypot(x3 - x2, y3 - y2)
    # A chord of 1/n of a cubic strays from it by at most max|B''| / (8 n²), where
    # |B''| <= 6 × the larger second difference of its points.
    bend = max(
        math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2),
        math.hypot(x1 - 2 * x2 + x3, y1 - 2 * y2 + y3),
    )
    steps = max(4, math.ceil(math.sqrt(0.75 * bend / tolerance)), math.ceil(reach / STEP))
    points = []
    for n in range(steps + 1):
        t = n / steps
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        points.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return _cut(points)


def _flattened_by_qt(path: QPainterPath) -> list[tuple[float, float]]:
    fine = path.toSubpathPolygons(QTransform.fromScale(FINENESS, FINENESS))
    if not fine:
        return []
    scale = 1 / FINENESS
    return [(p.x() * scale, p.y() * scale) for p in fine[0].toList()]


def _cut(points: list[tuple[float, float]]) -> list[Piece]:
    if not points:
        return []
    pieces: list[Piece] = []
    current = [points[0]]
    start = length = 0.0
    hypot = math.hypot
    for previous, point in pairwise(points):
        length += hypot(point[0] - previous[0], point[1] - previous[1])
        current.append(point)
        if length - start >= PIECE_LENGTH:
            pieces.append(_piece(current, start))
            current, start = [point], length
    if len(current) > 1:
        pieces.append(_piece(current, start))
    return pieces


def moved_pieces(pieces: list[Piece], dx: float, dy: float) -> list[Piece]:
    """The same pieces, shifted: a line moved along with both its cards is not cut again."""
    return [
        Piece(
            (
                piece.bounds[0] + dx,
                piece.bounds[1] + dy,
                piece.bounds[2] + dx,
                piece.bounds[3] + dy,
            ),
            tuple((x + dx, y + dy) for x, y in piece.points),
            piece.start,
        )
        for piece in pieces
    ]


def _piece(points: list[tuple[float, float]], start: float) -> Piece:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    # Widened: a straight piece has a bounding box of no height, which intersects nothing.
    return Piece((min(xs) - 1, min(ys) - 1, max(xs) + 1, max(ys) + 1), tuple(points), start)
