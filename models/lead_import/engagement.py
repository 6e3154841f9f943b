"""HubSpot's first-engagement contact properties read as a first touch.

HubSpot documents three of them: "Date of first engagement" (``hs_sa_first_engagement_date``,
"the date the current contact owner first engaged with the contact"), "Type of first
engagement" (``hs_sa_first_engagement_object_type``, its object type: a call, an email or a
meeting, written CALL, EMAIL, MEETING_EVENT by the API and by their labels in an export) and
"Description of first engagement" (``hs_sa_first_engagement_descr``, e.g. a call's outcome).
A touch holds when and how, so the description is not kept.

The type says whether the engagement was a touch the SLA counts: a call, an email or a
meeting is one, of that kind. Any other type (a task, a note) is no touch, and the import
says how many it left. Without the type column the date is not imported at all: the
engagement could have been a note or a task, and a touch of a made-up kind would have the
SLA called kept or breached on a guess. The date is the *current* owner's first engagement
(HubSpot sets it again when the owner changes), so a lead passed between owners may show a
later first touch than its first owner's; the export holds no earlier one."""

from __future__ import annotations

from journeyapp.models.deal_import.formats.records import Columns, cell
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.touch_times import touch_moment
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import Touch

DATE = ("Date of first engagement", "First Engagement Date", "hs_sa_first_engagement_date")
KIND = ("Type of first engagement", "First Engagement Type", "hs_sa_first_engagement_object_type")
KINDS = {
    "call": "call",
    "calls": "call",
    "email": "email",
    "emails": "email",
    "sales email": "email",
    "meeting": "meeting",
    "meetings": "meeting",
    "meeting_event": "meeting",
    "meeting event": "meeting",
}
UNTYPED = "no Type of first engagement column"


def kind_of(text: str) -> str | None:
    """A call, an email or a meeting, from the type as HubSpot writes it; None otherwise."""
    return KINDS.get(" ".join(text.split()).casefold())


class EngagementColumns:
    """The first-engagement columns of one file, found by name once."""

    def __init__(self, header: list[str]) -> None:
        columns = Columns(header)
        self.date, self.kind = columns.find(*DATE), columns.find(*KIND)

    def touch(self, table: Table, cells: list[str]) -> Touch | str | None:
        """The row's first touch; or why its first engagement is none (a sentence); or None
        when it records no engagement."""
        text = cell(cells, self.date)
        if not text:
            return None
        if self.kind is None:
            return UNTYPED
        try:
            when = touch_moment(table, text, self.date)
        except BadValue as error:
            return f"{table.header[self.date]}: {error}"
        said = cell(cells, self.kind)
        kind = kind_of(said)
        if kind is None:
            return f"type “{said or 'none given'}”"
        return Touch(when, kind)


def engagement_columns(header: list[str]) -> EngagementColumns | None:
    found = EngagementColumns(header)
    return found if found.date is not None else None
