"""A bucket grid of rectangles: whether cards or labels are at a spot, without asking Qt.

Label placement tries many spots per arrow; a plain Python grid answers
"what is here?" far faster than a scene query that calls back into
every item's ``boundingRect``. Each kind of thing (the first item of its key: "stage",
a label, a piece of line) has buckets of its own, so asking for cards never walks past
the thousands of labels and lines around them.
"""

from __future__ import annotations

from collections import defaultdict

from journeyapp.widgets.canvas.label_layout import Box
from PySide6.QtCore import QRectF

BUCKET = 256.0


class SpatialIndex:
    def __init__(self, bucket: float = BUCKET) -> None:
        self._size = bucket  # scene units a side of a bucket
        # Kept as plain floats: a Qt rectangle per entry cost a wrapper to make and to free,
        # thousands of them for a large map's lines.
        self._boxes: dict[tuple, Box] = {}
        # kind → bucket → keys
        self._buckets: dict[object, dict[tuple[int, int], set[tuple]]] = defaultdict(
            lambda: defaultdict(set)
        )

    def _cells(self, box: Box):
        size = self._size
        left, top, right, bottom = box
        for bx in range(int(left // size), int(right // size) + 1):
            for by in range(int(top // size), int(bottom // size) + 1):
                yield bx, by

    def clear(self) -> None:
        self._boxes.clear()
        self._buckets.clear()

    def put(self, key: tuple, rect: QRectF | Box | None) -> None:
        """Place ``key`` at ``rect`` (None or an empty rect removes it)."""
        box = None
        if type(rect) is tuple:
            box = rect
        elif rect is not None and not rect.isNull():
            box = (rect.left(), rect.top(), rect.right(), rect.bottom())
        old = self._boxes.get(key)
        if old is not None and box is not None and _same_cells(old, box, self._size):
            self._boxes[key] = box  # moved a little: in the same buckets as before
            return
        old = self._boxes.pop(key, None)
        buckets = self._buckets[key[0]]
        if old is not None:
            for cell in self._cells(old):
                buckets[cell].discard(key)
        if box is not None:
            self._boxes[key] = box
            for cell in self._cells(box):
                buckets[cell].add(key)

    def occupied(self, rect: QRectF, ignore: object = None, kinds: tuple = ()) -> bool:
        """Whether anything but ``ignore`` (of ``kinds``, if given) overlaps ``rect``."""
        for kind in kinds or tuple(self._buckets):
            if any(key != ignore for key in self.touching(rect, kind)):
                return True
        return False

    def inside_one(self, rect: QRectF, kind: str) -> bool:
        """Whether ``rect`` lies wholly inside one rectangle whose key starts with ``kind``."""
        buckets = self._buckets.get(kind, {})
        box = (rect.left(), rect.top(), rect.right(), rect.bottom())
        boxes = self._boxes
        for cell in self._cells(box):
            for key in buckets.get(cell, ()):
                left, top, right, bottom = boxes[key]
                if left <= box[0] and top <= box[1] and box[2] <= right and box[3] <= bottom:
                    return True
        return False

    def touching(self, rect: QRectF | Box, kind: str) -> set:
        """The keys starting with ``kind`` whose rectangles overlap ``rect``."""
        buckets = self._buckets.get(kind)
        if not buckets:
            return set()
        if type(rect) is tuple:
            left, top, right, bottom = rect
        else:
            left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        boxes = self._boxes
        found = set()
        size = self._size
        rows = range(int(top // size), int(bottom // size) + 1)
        for bx in range(int(left // size), int(right // size) + 1):
            for by in rows:
                bucket = buckets.get((bx, by))
                if not bucket:
                    continue
                for key in bucket:
                    if key in found:
                        continue
                    box = boxes[key]
                    if box[0] < right and left < box[2] and box[1] < bottom and top < box[3]:
                        found.add(key)
        return found

    def box(self, key: tuple) -> Box:
        """The rectangle of ``key`` as (left, top, right, bottom)."""
        return self._boxes[key]


def _same_cells(a: Box, b: Box, size: float) -> bool:
    return (
        a[0] // size == b[0] // size
        and a[1] // size == b[1] // size
        and a[2] // size == b[2] // size
        and a[3] // size == b[3] // size
    )
