"""Stage changes put in time order, where two of them share a time stamp too: the order their
own columns chain them in (Zoho's "Moved To", Close's old and new status), never the order
of the file's rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from typing import TypeVar

Change = TypeVar("Change", bound=Sequence)
# A deal moves through a handful of stages in one second; more changes than this at one time
# stamp are no chain to follow (and following one costs the square of their number).
LONGEST_CHAIN = 64


def in_order(
    changes: list[Change],
    when: Callable[[Change], int],
    enters: Callable[[Change], str],
    leads_to: Callable[[Change], str],
) -> list[Change]:
    """By time; changes of one time so that one leading to another's stage comes before it,
    and where nothing chains them, by the stage's name."""
    ordered: list[Change] = []
    by_time = sorted(changes, key=lambda change: (when(change), enters(change), leads_to(change)))
    for _, group in groupby(by_time, key=when):
        remaining = list(group)
        if len(remaining) > LONGEST_CHAIN:
            ordered += remaining
            continue
        while remaining:
            pointed_at = {leads_to(change) for change in remaining} - {""}
            first = next(
                (change for change in remaining if enters(change) not in pointed_at),
                remaining[0],  # a loop: where it starts, nothing in the file says
            )
            ordered.append(first)
            remaining.remove(first)
    return ordered
