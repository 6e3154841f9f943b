"""Stage changes put in time order, where two of them share a time stamp too: the order their
own columns chain them in (Zoho's "Moved To", Close's old and new status, the old and new
stage of Salesforce's reports and Pipedrive's changes), never the order of the file's rows."""

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
        if len(remaining) > LONGEST_CHAIN:  # in an order of their own, not the file's
            ordered += sorted(remaining, key=lambda change: (enters(change), leads_to(change)))
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


def chained_from(
    changes: list[Change],
    current: str | None,
    came_from: Callable[[Change], str],
    went_to: Callable[[Change], str],
) -> list[Change]:
    """Changes made at one time, each after the one it follows: first the one from where the
    deal was (``current``; None where that is unknown), then the one from where that one went;
    where none is, one from a stage no other of them went to, else the first of those left.
    A deal's next changes follow on from the last one's ``went_to``."""
    if len(changes) > LONGEST_CHAIN:  # no chain to follow, and following one costs n²
        return sorted(changes, key=lambda change: (came_from(change), went_to(change)))
    ordered: list[Change] = []
    left = list(changes)
    while left:
        arrivals = {went_to(change) for change in left}
        pick = next(
            (change for change in left if current is not None and came_from(change) == current),
            None,
        )
        if pick is None:
            pick = next((change for change in left if came_from(change) not in arrivals), left[0])
        left.remove(pick)
        ordered.append(pick)
        current = went_to(pick)
    return ordered
