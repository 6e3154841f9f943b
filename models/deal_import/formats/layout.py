"""One CRM export layout: how it is known from its header, which of its columns hold dates
and amounts, and how its rows become deal records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from journeyapp.models.deal_import.formats.records import Columns, DealRecord, Skipped
from journeyapp.models.deal_import.table import Table

Reader = Callable[[Table], tuple[list[DealRecord], list[Skipped]]]


def named_columns(*groups: tuple[str, ...]) -> Callable[[list[str]], list[int]]:
    """The columns found under any of each group's names, in the groups' order."""

    def find(header: list[str]) -> list[int]:
        columns = Columns(header)
        found = [columns.find(*names) for names in groups]
        return [i for i in found if i is not None]

    return find


def having(*groups: tuple[str, ...]) -> Callable[[list[str]], bool]:
    """A header fits when it has a column for every group, under any of the group's names."""

    def fits(header: list[str]) -> bool:
        columns = Columns(header)
        return all(columns.find(*names) is not None for names in groups)

    return fits


@dataclass(frozen=True)
class Format:
    name: str  # as --format takes it
    title: str  # as the wizard names it
    needed: tuple[str, ...]  # the columns a refusal names
    fits: Callable[[list[str]], bool]
    date_columns: Callable[[list[str]], list[int]]
    amount_columns: Callable[[list[str]], list[int]]
    read: Reader
    # How many of the needed columns a header holds, to name the closest format; by default
    # counted by name.
    held: Callable[[list[str]], int] | None = None

    def holds(self, header: list[str]) -> int:
        if self.held is not None:
            return self.held(header)
        columns = Columns(header)
        return sum(columns.has(name) for name in self.needed)
