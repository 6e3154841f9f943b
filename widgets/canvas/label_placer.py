"""Where each handoff label goes: touching its own arrow, on no card, no other label, and
crossed by no other arrow wherever such a place exists.

The cards, labels and arrow lines are kept in spatial indexes. For each point along an
arrow where its label may go, what lies near that point is looked up once and every spot
there is tested against that short list, so a whole map is labelled in time proportional
to its size. When an arrow's line moves, only the labels it now crosses are placed again.
"""

from __future__ import annotations

from journeyapp.models.map_geometry import LANE_HEADER_WIDTH
from journeyapp.widgets.canvas.handoff_item import HandoffItem
from journeyapp.widgets.canvas.label_layout import (
    Box,
    line_meets_box,
    overlaps,
    spot_groups,
)
from journeyapp.widgets.canvas.spatial_index import SpatialIndex
from PySide6.QtCore import QRectF

LABEL = "handoff"  # the index's key for a label: (LABEL, handoff id)
LINE = "line"  # for a piece of an arrow's line: (LINE, handoff id, piece number)
MARGIN = 4.0  # kept clear around a label, from cards and other labels
LINE_MARGIN = 2.0  # kept clear around a label, from other arrows' lines
LINE_BUCKET = 128.0  # scene units a side of the line pieces' buckets
# How many points along the arrow each test tries, strictest first: the whole arrow for a
# spot that touches nothing; near its middle only, on a crowded map where little is free.
GROUPS_TRIED = (9, 3, 3)
LEFT_LIMIT = LANE_HEADER_WIDTH + MARGIN  # lane names wrap across the whole header column


class LabelPlacer:
    def __init__(self, index: SpatialIndex) -> None:
        self._index = index  # cards, phase names and labels, shared with the scene
        # Kept apart, in smaller buckets: a line is cut into many short pieces, and the
        # spots tried for a label look only near it (every label of the 2,000-stage tangle
        # placed in 9.9 s instead of 11.2 s; a realistic map's no slower).
        self._lines = SpatialIndex(LINE_BUCKET)
        self._arrows: dict[str, HandoffItem] = {}
        self._points: dict[str, list[list[tuple[float, float]]]] = {}  # each line's pieces

    def clear(self) -> None:
        self._lines.clear()
        self._arrows.clear()
        self._points.clear()

    def line_changed(self, item: HandoffItem) -> None:
        """Index the arrow's line where it now runs."""
        key = item.handoff_id
        self._arrows[key] = item
        self._unindex_line(key)
        pieces = item.line_pieces()
        for number, piece in enumerate(pieces):
            self._lines.put((LINE, key, number), piece.bounds)
        self._points[key] = [piece.points for piece in pieces]

    def forget(self, item: HandoffItem) -> None:
        key = item.handoff_id
        self._unindex_line(key)
        self._index.put((LABEL, key), None)
        self._arrows.pop(key, None)

    def _unindex_line(self, key: str) -> None:
        for number in range(len(self._points.pop(key, ()))):
            self._lines.put((LINE, key, number), None)

    def place(self, item: HandoffItem) -> None:
        """Put the item's label at the best spot: free of everything; else off cards and
        other labels; else off cards; else on the arrow's middle."""
        options = item.label_layouts
        if not options:
            return
        groups = list(spot_groups(item.path, options))
        nearby: dict[int, tuple] = {}  # what lies near each group of spots, looked up once
        for strictness, reach in enumerate(GROUPS_TRIED):
            for number, (_, group) in enumerate(groups[:reach]):
                if number not in nearby:
                    nearby[number] = self._near(_area(group), item)
                for layout, box in group:
                    if _acceptable(box, nearby[number], strictness):
                        item.show_label(_rect(box), layout)
                        self._index.put((LABEL, item.handoff_id), item.label_rect)
                        return
        item.show_label()
        self._index.put((LABEL, item.handoff_id), item.label_rect)

    def _near(self, area: QRectF, owner: HandoffItem) -> tuple[list[Box], list[Box], list]:
        """What lies in ``area``: cards and phase names, other labels, other lines' pieces."""
        index, lines_index = self._index, self._lines
        fixed = [index.box(key) for key in index.touching(area, "stage")]
        fixed += [index.box(key) for key in index.touching(area, "phase name")]
        own = (LABEL, owner.handoff_id)
        labels = [index.box(key) for key in index.touching(area, LABEL) if key != own]
        lines = [
            (lines_index.box(key), self._points[key[1]][key[2]])
            for key in lines_index.touching(area, LINE)
            if key[1] != owner.handoff_id
        ]
        return fixed, labels, lines

    def labels_crossed_by(self, item: HandoffItem) -> list[HandoffItem]:
        """The other arrows whose labels this arrow's line now passes through."""
        found: dict[str, HandoffItem] = {}
        for piece in item.line_pieces():
            for key in self._index.touching(piece.bounds, LABEL):
                other = self._arrows.get(key[1])
                if other is None or other is item or key[1] in found:
                    continue
                if item.crosses(other.label_rect):
                    found[key[1]] = other
        return list(found.values())


def _area(group: list) -> QRectF:
    """The rectangle holding every spot of a group, widened by the margins they keep."""
    left = min(box[0] for _, box in group) - MARGIN
    top = min(box[1] for _, box in group) - MARGIN
    right = max(box[2] for _, box in group) + MARGIN
    bottom = max(box[3] for _, box in group) + MARGIN
    return QRectF(left, top, right - left, bottom - top)


def _rect(box: Box) -> QRectF:
    return QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1])


def _acceptable(box: Box, near: tuple[list[Box], list[Box], list], strictness: int) -> bool:
    """0: touches nothing; 1: may cross other arrows' lines; 2: may also cover other labels."""
    if box[0] < LEFT_LIMIT:
        return False
    fixed, labels, lines = near
    if strictness == 2:
        return not any(overlaps(box, other) for other in fixed)
    wide = (box[0] - MARGIN, box[1] - MARGIN, box[2] + MARGIN, box[3] + MARGIN)
    if any(overlaps(wide, other) for other in fixed) or any(
        overlaps(wide, other) for other in labels
    ):
        return False
    if strictness == 1:
        return True
    around = (
        box[0] - LINE_MARGIN,
        box[1] - LINE_MARGIN,
        box[2] + LINE_MARGIN,
        box[3] + LINE_MARGIN,
    )
    return not any(
        overlaps(around, bounds) and line_meets_box(points, around) for bounds, points in lines
    )
