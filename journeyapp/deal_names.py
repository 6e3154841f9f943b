"""A deal the command line names: by its id, its CRM record id or its name, any case. A name
two deals share (one opportunity name under two accounts) is refused, never guessed."""

from __future__ import annotations

from collections.abc import Iterable

from journeyapp.models.entities import Deal
from journeyapp.models.errors import PlaybookError

LISTED = 4


def find_deal(deals: Iterable[Deal], wanted: str) -> Deal:
    deals = list(deals)
    key = " ".join(wanted.split()).casefold()
    for exact in (
        lambda d: d.id.casefold() == key,
        lambda d: bool(d.source_id) and d.source_id.casefold() == key,
    ):
        found = [d for d in deals if exact(d)]
        if len(found) == 1:
            return found[0]
    named = [d for d in deals if " ".join(d.name.split()).casefold() == key]
    if len(named) == 1:
        return named[0]
    if named:
        listed = ", ".join(
            f"{d.id}{f' ({d.account})' if d.account else ''}" for d in named[:LISTED]
        )
        more = f" and {len(named) - LISTED} more" if len(named) > LISTED else ""
        raise PlaybookError(
            f"{len(named)} deals are called “{wanted}”: {listed}{more}; give the one you mean "
            "by its id."
        )
    names = [f"“{d.name}”" for d in deals[:3]]
    some = f"; for example {', '.join(names)}" if names else ", which has no deals yet"
    raise PlaybookError(f"There is no deal “{wanted}” in this playbook{some}.")
