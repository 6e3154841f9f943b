"""Boxes on the map bucketed on a coarse grid: which boxes are near a place, found by
looking at that place's buckets rather than at every box.

Placing a label tries a dozen spots, each checked against the cards and labels near
it; a scan of every box for each label made a 1,000-stage map's PDF take minutes.
A box is (left, top, width, height) in scene units.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

Box = tuple[float, float, float, float]
BUCKET = 160.0


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


class BoxIndex:
    """Boxes in the order they were added (their number is that order)."""

    def __init__(self, boxes: list[Box] | None = None, bucket: float = BUCKET) -> None:
        self.bucket = bucket
        self.boxes: list[Box] = []
        self._buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
        for box in boxes or ():
            self.add(box)

    def __len__(self) -> int:
        return len(self.boxes)

    def add(self, box: Box) -> int:
        number = len(self.boxes)
        self.boxes.append(box)
        for cell in _cells(box, self.bucket):
            self._buckets[cell].append(number)
        return number

    def near(self, area: Box) -> list[int]:
        """The numbers of the boxes that overlap ``area``, in the order they were added."""
        found: set[int] = set()
        for cell in _cells(area, self.bucket):
            for number in self._buckets.get(cell, ()):
                if number not in found and overlap(area, self.boxes[number]):
                    found.add(number)
        return sorted(found)


def _cells(box: Box, bucket: float) -> Iterator[tuple[int, int]]:
    left, top, width, height = box
    for bx in range(int(left // bucket), int((left + width) // bucket) + 1):
        for by in range(int(top // bucket), int((top + height) // bucket) + 1):
            yield bx, by
