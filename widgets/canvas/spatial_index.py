"""A bucket grid of rectangles: whether cards or labels are at a spot, without asking Qt.

Label placement tries many spots per arrow; a plain Python grid answers
"what is here?" far faster than a scene query that calls back into
every item's ``boundingRect``.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QRectF

BUCKET = 256.0


class SpatialIndex:
    def __init__(self) -> None:
        self._rects: dict[object, QRectF] = {}
        self._boxes: dict[object, tuple[float, float, float, float]] = {}  # the same, as floats
        self._buckets: dict[tuple[int, int], set[object]] = defaultdict(set)

    @staticmethod
    def _cells(rect: QRectF):
        for bx in range(int(rect.left() // BUCKET), int(rect.right() // BUCKET) + 1):
            for by in range(int(rect.top() // BUCKET), int(rect.bottom() // BUCKET) + 1):
                yield bx, by

    def clear(self) -> None:
        self._rects.clear()
        self._boxes.clear()
        self._buckets.clear()

    def put(self, key: object, rect: QRectF | None) -> None:
        """Place ``key`` at ``rect`` (None or an empty rect removes it)."""
        old = self._rects.get(key)
        if old is not None and rect is not None and not rect.isNull() and _same_cells(old, rect):
            self._rects[key] = QRectF(rect)  # moved a little: in the same buckets as before
            self._boxes[key] = (rect.left(), rect.top(), rect.right(), rect.bottom())
            return
        old = self._rects.pop(key, None)
        self._boxes.pop(key, None)
        if old is not None:
            for cell in self._cells(old):
                self._buckets[cell].discard(key)
        if rect is not None and not rect.isNull():
            self._rects[key] = QRectF(rect)
            self._boxes[key] = (rect.left(), rect.top(), rect.right(), rect.bottom())
            for cell in self._cells(rect):
                self._buckets[cell].add(key)

    def rect(self, key: object) -> QRectF:
        return self._rects[key]

    def occupied(self, rect: QRectF, ignore: object = None, kinds: tuple = ()) -> bool:
        """Whether anything but ``ignore`` (of ``kinds``, if given) overlaps ``rect``."""
        for cell in self._cells(rect):
            for key in self._buckets.get(cell, ()):
                if key == ignore or (kinds and key[0] not in kinds):
                    continue
                if self._rects[key].intersects(rect):
                    return True
        return False

    def inside_one(self, rect: QRectF, kind: str) -> bool:
        """Whether ``rect`` lies wholly inside one rectangle whose key starts with ``kind``."""
        for cell in self._cells(rect):
            for key in self._buckets.get(cell, ()):
                if key[0] == kind and self._rects[key].contains(rect):
                    return True
        return False

    def touching(self, rect: QRectF, kind: str) -> set:
        """The keys starting with ``kind`` whose rectangles overlap ``rect``."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        boxes, buckets = self._boxes, self._buckets
        found = set()
        rows = range(int(top // BUCKET), int(bottom // BUCKET) + 1)
        for bx in range(int(left // BUCKET), int(right // BUCKET) + 1):
            for by in rows:
                bucket = buckets.get((bx, by))
                if not bucket:
                    continue
                for key in bucket:
                    if key[0] != kind or key in found:
                        continue
                    box = boxes[key]
                    if box[0] < right and left < box[2] and box[1] < bottom and top < box[3]:
                        found.add(key)
        return found

    def box(self, key: object) -> tuple[float, float, float, float]:
        """The rectangle of ``key`` as (left, top, right, bottom)."""
        return self._boxes[key]


def _same_cells(a: QRectF, b: QRectF) -> bool:
    return (
        a.left() // BUCKET == b.left() // BUCKET
        and a.right() // BUCKET == b.right() // BUCKET
        and a.top() // BUCKET == b.top() // BUCKET
        and a.bottom() // BUCKET == b.bottom() // BUCKET
    )
