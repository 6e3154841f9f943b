"""One CRM export layout: how it is known from its header, which of its columns hold dates
and amounts, and how its rows become deal records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field

from journeyapp.models.deal_import.formats.records import Columns, DealRecord, Skipped
from journeyapp.models.deal_import.table import Table
from journeyapp.models.frozen_records import frozen_record

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


@frozen_record
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
    # Whether ``read`` takes the rows in batches (``Table.batches``): then the date and amount
    # columns' rules are decided from the values as they are read, not in a look before.
    batched: bool = False

    def holds(self, header: list[str]) -> int:
        if self.held is not None:
            return self.held(header)
        columns = Columns(header)
        return sum(columns.has(name) for name in self.needed)


def _no_aliases(crm_stage: str) -> tuple[str, ...]:
    return ()


@frozen_record
class Catalogue:
    """The layouts one kind of export comes in (deals' histories, leads' lifecycles), in the
    order ``detect`` tries them; ``what`` names one record in a refusal, and ``aliases`` gives
    the other names a CRM stage goes by on a map ("Marketing Qualified Lead": "MQL")."""

    layouts: dict[str, Format]
    what: str = "deal"
    aliases: Callable[[str], tuple[str, ...]] = field(default=_no_aliases)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.layouts)

    def detect(self, header: list[str]) -> str | None:
        return next((name for name, layout in self.layouts.items() if layout.fits(header)), None)

    def fits(self, fmt: str, header: list[str]) -> bool:
        """Whether the header has the columns the format is read by."""
        return self.layouts[fmt].fits(header)

    def closest(self, header: list[str]) -> tuple[str, int]:
        """The format whose needed columns the header holds most of, and how many it holds."""
        best = max(self.layouts.values(), key=lambda layout: layout.holds(header))
        return best.name, best.holds(header)
