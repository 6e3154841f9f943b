"""An arrow's line cut into short pieces, so a repaint strokes only the pieces it shows.

Antialiased stroking costs in proportion to the length stroked, clipped or
not: a long arrow crossing a small repaint area would be stroked end to end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath, QPolygonF, QTransform

PIECE_LENGTH = 120.0  # scene units of line per piece
FINENESS = 4.0  # curves flattened finely enough for the deepest zoom


@dataclass(frozen=True)
class Piece:
    bounds: QRectF
    line: QPolygonF
    start: float  # length along the arrow where this piece begins, for the dash pattern


def cut_into_pieces(path: QPainterPath) -> list[Piece]:
    fine = path.toSubpathPolygons(QTransform.fromScale(FINENESS, FINENESS))
    if not fine:
        return []
    back = QTransform.fromScale(1 / FINENESS, 1 / FINENESS)
    points = back.map(fine[0]).toList()
    pieces: list[Piece] = []
    current = [points[0]]
    start = length = 0.0
    for previous, point in pairwise(points):
        length += math.hypot(point.x() - previous.x(), point.y() - previous.y())
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
        Piece(piece.bounds.translated(dx, dy), piece.line.translated(dx, dy), piece.start)
        for piece in pieces
    ]


def _piece(points: list, start: float) -> Piece:
    line = QPolygonF(points)
    # Widened: a straight piece has a bounding box of no height, which intersects nothing.
    return Piece(line.boundingRect().adjusted(-1, -1, 1, 1), line, start)
