"""What every lead layout reads into: a deal record (the visits are lifecycle stages) with
the lead's status and the deal it converted to (lifecycle_dates.py makes the visits)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from journeyapp.models.deal_import.formats.layout import Format
from journeyapp.models.deal_import.formats.records import Columns, DealRecord
from journeyapp.models.entities import LeadFact, Touch
from journeyapp.models.lead_import.verdict_columns import CrmVerdict


@dataclass(slots=True)
class LeadRecord(DealRecord):
    status: str = ""  # the CRM's lead status, as it says it
    converted: str | None = None  # the deal (opportunity) id it converted to, as exported
    said: CrmVerdict | None = None  # the receiving team's word on it, as the CRM says it
    first_touch: Touch | str | None = None  # HubSpot's first engagement, or why it is no touch
    facts: tuple[LeadFact, ...] = ()  # the columns the scoring rules look at


StageColumns = Callable[[list[str]], list[tuple[str, int]]]  # header → (stage, column) each


def lifecycle_format(
    name: str,
    title: str,
    needed: tuple[str, ...],
    id_names: tuple[str, ...],
    stage_columns: StageColumns,
    read: Callable,
    extra_dates: Callable[[list[str]], list[int]] = lambda header: [],
    batched: bool = False,
) -> Format:
    """A layout of one row per record: an id column and a date column per lifecycle stage."""

    def held(header: list[str]) -> int:
        return (Columns(header).find(*id_names) is not None) + bool(stage_columns(header))

    return Format(
        name=name,
        title=title,
        needed=needed,
        fits=lambda header: held(header) == 2,
        date_columns=lambda header: (
            [index for _, index in stage_columns(header)] + extra_dates(header)
        ),
        amount_columns=lambda header: [],
        read=read,
        held=held,
        batched=batched,
    )


def first_id(text: str) -> str | None:
    """The first of a cell's ids ("123;456" lists two associated records), or None."""
    if not text:  # most leads: none
        return None
    for separator in (";", ","):
        text = text.split(separator)[0]
    return text.strip() or None
