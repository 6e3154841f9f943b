"""A bucket grid of rectangles: whether cards or labels are at a spot, without asking Qt.

Label placement tries many spots per arrow; a plain Python grid answers
"what is here?" far faster than a scene query that calls back into
every item's ``boundingRect``. Each kind of thing (the first item of its key: "stage",
a label, a piece of line) has buckets of its own, so asking for cards never walks past
the thousands of labels and lines around them.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QRectF

BUCKET = 256.0


class SpatialIndex:
    def __init__(self, bucket: float = BUCKET) -> None:
        self._size = bucket  # scene units a side of a bucket
        self._rects: dict[tuple, QRectF] = {}
        self._boxes: dict[tuple, tuple[float, float, float, float]] = {}  # the same, as floats
        # kind → bucket → keys
        self._buckets: dict[object, dict[tuple[int, int], set[tuple]]] = defaultdict(
            lambda: defaultdict(set)
        )

    def _cells(self, rect: QRectF):
        size = self._size
        for bx in range(int(rect.left() // size), int(rect.right() // size) + 1):
            for by in range(int(rect.top() // size), int(rect.bottom() // size) + 1):
                yield bx, by

    def clear(self) -> None:
        self._rects.clear()
        self._boxes.clear()
        self._buckets.clear()

    def put(self, key: tuple, rect: QRectF | None) -> None:
        """Place ``key`` at ``rect`` (None or an empty rect removes it)."""
        old = self._rects.get(key)
        if (
            old is not None
            and rect is not None
            and not rect.isNull()
            and _same_cells(old, rect, self._size)
        ):
            self._rects[key] = QRectF(rect)  # moved a little: in the same buckets as before
            self._boxes[key] = (rect.left(), rect.top(), rect.right(), rect.bottom())
            return
        old = self._rects.pop(key, None)
        self._boxes.pop(key, None)
        buckets = self._buckets[key[0]]
        if old is not None:
            for cell in self._cells(old):
                buckets[cell].discard(key)
        if rect is not None and not rect.isNull():
            self._rects[key] = QRectF(rect)
            self._boxes[key] = (rect.left(), rect.top(), rect.right(), rect.bottom())
            for cell in self._cells(rect):
                buckets[cell].add(key)

    def rect(self, key: tuple) -> QRectF:
        return self._rects[key]

    def occupied(self, rect: QRectF, ignore: object = None, kinds: tuple = ()) -> bool:
        """Whether anything but ``ignore`` (of ``kinds``, if given) overlaps ``rect``."""
        for kind in kinds or tuple(self._buckets):
            if any(key != ignore for key in self.touching(rect, kind)):
                return True
        return False

    def inside_one(self, rect: QRectF, kind: str) -> bool:
        """Whether ``rect`` lies wholly inside one rectangle whose key starts with ``kind``."""
        buckets = self._buckets.get(kind, {})
        for cell in self._cells(rect):
            for key in buckets.get(cell, ()):
                if self._rects[key].contains(rect):
                    return True
        return False

    def touching(self, rect: QRectF, kind: str) -> set:
        """The keys starting with ``kind`` whose rectangles overlap ``rect``."""
        buckets = self._buckets.get(kind)
        if not buckets:
            return set()
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

    def box(self, key: tuple) -> tuple[float, float, float, float]:
        """The rectangle of ``key`` as (left, top, right, bottom)."""
        return self._boxes[key]


def _same_cells(a: QRectF, b: QRectF, size: float) -> bool:
    return (
        a.left() // size == b.left() // size
        and a.right() // size == b.right() // size
        and a.top() // size == b.top() // size
        and a.bottom() // size == b.bottom() // size
    )
