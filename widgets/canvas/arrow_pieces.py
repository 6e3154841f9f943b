"""An arrow's line cut into short pieces, so a repaint strokes only the pieces it shows.

Antialiased stroking costs in proportion to the length stroked, clipped or
not: a long arrow crossing a small repaint area would be stroked end to end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF, QTransform

PIECE_LENGTH = 120.0  # scene units of line per piece
FINENESS = 4.0  # curves flattened finely enough for the deepest zoom


@dataclass(frozen=True)
class Piece:
    bounds: QRectF
    line: QPolygonF
    start: float  # length along the arrow where this piece begins, for the dash pattern
    points: tuple[tuple[float, float], ...] = ()  # the same points as numbers, to test against


def cut_into_pieces(path: QPainterPath) -> list[Piece]:
    fine = path.toSubpathPolygons(QTransform.fromScale(FINENESS, FINENESS))
    if not fine:
        return []
    scale = 1 / FINENESS
    points = [(p.x() * scale, p.y() * scale) for p in fine[0].toList()]
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
            piece.bounds.translated(dx, dy),
            piece.line.translated(dx, dy),
            piece.start,
            tuple((x + dx, y + dy) for x, y in piece.points),
        )
        for piece in pieces
    ]


def _piece(points: list[tuple[float, float]], start: float) -> Piece:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    # Widened: a straight piece has a bounding box of no height, which intersects nothing.
    left, top = min(xs) - 1, min(ys) - 1
    bounds = QRectF(left, top, max(xs) + 1 - left, max(ys) + 1 - top)
    return Piece(bounds, QPolygonF([QPointF(x, y) for x, y in points]), start, tuple(points))
