"""Activity exports read as touches: who was reached, when, and how (call, email, meeting).

- Salesforce Task (Data Export's Task.csv, a Data Loader or report export with the API
  names): WhoId (the lead or contact), WhatId (the opportunity), TaskSubtype (Call, Email,
  ListEmail, Task, …) and Type (Call, Email, Meeting, Other), Status or IsClosed (a task
  not yet done is no touch), and its time: CompletedDateTime, else CreatedDate; but its day
  (ActivityDate, a day at midnight UTC as Salesforce keeps it) where it was logged on a
  later day (a call logged days after it was made says the day it was made), or made ahead
  of its day, at a handoff, with no completion time (it was not done when it was made).
- Salesforce Event: WhoId, WhatId, EventSubtype and Type, its time StartDateTime or
  ActivityDateTime; an all-day event (IsAllDayEvent), or one with no start, its
  ActivityDate; never CreatedDate, when the meeting was booked. An event is a meeting
  unless its Type says it was a call or an email.
- HubSpot contacts export with the first-engagement properties (lead_import/engagement.py):
  Record ID, "Date of first engagement" and "Type of first engagement"; a first engagement
  that was no call, email or meeting is no touch.
- Generic: record_id (a lead's or deal's CRM id, or its name), touched_at, kind (call,
  email, meeting or other).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from journeyapp.models.deal_import.formats.records import (
    DELETED_COLUMN,
    Columns,
    Skipped,
    cell,
    deleted_row,
)
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.touch_times import DAY, touch_moment
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.lead_import import engagement, hubspot_contacts


@frozen_record
class Activity:
    """One row of an activity export: the records it names, and the touch."""

    line: int
    who: str  # a lead or contact id (or, in the generic layout, any record's id or name)
    what: str  # an opportunity id
    when: int
    kind: str
    key: str = ""  # the activity's own id, where the export has one: two calls, not one row twice


@frozen_record
class ActivityLayout:
    name: str  # as --format takes it
    title: str
    needed: tuple[str, ...]  # the columns a refusal names
    fits: Callable[[list[str]], bool]
    time_columns: tuple[tuple[str, ...], ...]  # most precise first
    read_kind: Callable[[Columns, list[str]], str]
    who: tuple[str, ...]
    what: tuple[str, ...] = ()
    done: Callable[[Columns, list[str]], bool] = lambda columns, cells: True
    # Which of the row's ``time_columns`` (found, in order) gives its time; by default the
    # first that holds one.
    time_of: Callable[[Table, list[int | None], list[str]], int | None] | None = None
    # Why a done row is still no touch ("" when it is one).
    why_not: Callable[[Columns, list[str]], str] = lambda columns, cells: ""
    ids: tuple[str, ...] = ("Id", "Activity ID", "activity_id")  # the activity's own id

    def date_columns(self, header: list[str]) -> list[int]:
        columns = Columns(header)
        found = [columns.find(*names) for names in self.time_columns]
        return [index for index in found if index is not None]

    def read(self, table: Table) -> tuple[list[Activity], list[Skipped]]:
        columns = Columns(table.header)
        who, what = columns.find(*self.who), columns.find(*self.what) if self.what else None
        key = columns.find(*self.ids) if self.ids else None
        times = [columns.find(*names) for names in self.time_columns]
        deleted = columns.find(DELETED_COLUMN)
        activities: list[Activity] = []
        skipped: list[Skipped] = []
        for line, cells in table.rows:
            if deleted_row(cells, deleted):
                skipped.append((line, "deleted in the CRM (IsDeleted): no touch"))
                continue
            if not self.done(columns, cells):
                skipped.append((line, "not done yet: a planned activity is no touch"))
                continue
            if not cell(cells, who) and not cell(cells, what):
                skipped.append((line, "names no lead, contact or opportunity"))
                continue
            column = (
                self.time_of(table, times, cells)
                if self.time_of is not None
                else _first_filled(times, cells)
            )
            if column is None:
                skipped.append((line, "has no date"))
                continue
            try:
                when = touch_moment(table, cell(cells, column), column)
            except BadValue as error:
                skipped.append((line, f"{table.header[column]}: {error}"))
                continue
            why_not = self.why_not(columns, cells)
            if why_not:
                skipped.append((line, why_not))
                continue
            kind = self.read_kind(columns, cells)
            activities.append(
                Activity(line, cell(cells, who), cell(cells, what), when, kind, cell(cells, key))
            )
        return activities, skipped


_WORDS = {
    "call": "call",
    "email": "email",
    "meeting": "meeting",
    "event": "meeting",
}
LIST_EMAIL = ("listemail", "list email")


def _kind_of(*words: str) -> str:
    for word in words:
        kind = _WORDS.get(word.strip().casefold())
        if kind:
            return kind
    return "other"


def _task_kind(columns: Columns, cells: list[str]) -> str:
    subtype = cell(cells, columns.find("TaskSubtype", "Task Subtype"))
    kind_word = cell(cells, columns.find("Type"))
    if subtype.casefold() in ("", "task"):  # a plain task: its Type says what was done,
        # else its Subject where that is the picklist's Call or Email, not words of its own
        return _kind_of(kind_word, cell(cells, columns.find("Subject")))
    return _kind_of(subtype)


def _event_kind(columns: Columns, cells: list[str]) -> str:
    kind = _kind_of(cell(cells, columns.find("Type")))
    return kind if kind != "other" else "meeting"


def _task_not_a_touch(columns: Columns, cells: list[str]) -> str:
    subtype = cell(cells, columns.find("TaskSubtype", "Task Subtype")).casefold()
    return "a list email, sent to a list at once, is no touch" if subtype in LIST_EMAIL else ""


def _task_done(columns: Columns, cells: list[str]) -> bool:
    closed = cell(cells, columns.find("IsClosed", "Closed"))
    if closed:
        return closed.casefold() in ("true", "1", "yes")
    status = cell(cells, columns.find("Status"))
    return not status or status.casefold() in ("completed", "closed", "done")


def _task_time(table: Table, times: list[int | None], cells: list[str]) -> int | None:
    """CompletedDateTime, else CreatedDate; the task's day (ActivityDate) where it was
    logged on a later day (a call logged days after it was made says the day it was made),
    or made ahead of its day with no completion time (not done when it was made). A row
    whose dates cannot be read is left to say so."""
    completed, created, due = times
    finished = completed if cell(cells, completed) else None
    if not cell(cells, created) or not cell(cells, due):
        return next((c for c in (finished, created, due) if cell(cells, c)), None)
    try:
        made = table.time(cell(cells, created), created)
        day = table.time(cell(cells, due), due)
    except BadValue:
        return created if finished is None else finished
    if made >= day + DAY:
        return due
    if finished is not None:
        return finished
    return created if made >= day else due


@functools.lru_cache(maxsize=8)
def _all_day_column(header: tuple[str, ...]) -> int | None:
    return Columns(list(header)).find("IsAllDayEvent", "All Day Event")


def _event_time(table: Table, times: list[int | None], cells: list[str]) -> int | None:
    """StartDateTime or ActivityDateTime; for an all-day event, its ActivityDate, a day
    (Salesforce gives it a start at midnight UTC, the evening before in the Americas)."""
    day = times[-1]
    all_day = cell(cells, _all_day_column(tuple(table.header)))
    if all_day.casefold() in ("true", "1", "yes") and cell(cells, day):
        return day
    return _first_filled(times, cells)


def _first_filled(times: list[int | None], cells: list[str]) -> int | None:
    """The first of the time columns with a value in this row."""
    return next((c for c in times if c is not None and cell(cells, c)), None)


def _having(*groups: tuple[str, ...]) -> Callable[[list[str]], bool]:
    def fits(header: list[str]) -> bool:
        columns = Columns(header)
        return all(columns.find(*names) is not None for names in groups)

    return fits


_WHO, _WHAT = ("WhoId", "Who Id", "Name ID"), ("WhatId", "What Id", "Related To ID")

SALESFORCE_TASKS = ActivityLayout(
    name="salesforce-tasks",
    title="Salesforce tasks (calls and emails)",
    needed=("WhoId or WhatId", "TaskSubtype", "CreatedDate or ActivityDate"),
    fits=_having(_WHO, _WHAT, ("TaskSubtype", "Task Subtype")),
    time_columns=(
        ("CompletedDateTime", "Completed Date/Time"),
        ("CreatedDate", "Created Date"),
        ("ActivityDate", "Due Date"),
    ),
    read_kind=_task_kind,
    who=_WHO,
    what=_WHAT,
    done=_task_done,
    time_of=_task_time,
    why_not=_task_not_a_touch,
)
SALESFORCE_EVENTS = ActivityLayout(
    name="salesforce-events",
    title="Salesforce events (meetings)",
    needed=("WhoId or WhatId", "EventSubtype", "StartDateTime or ActivityDate"),
    fits=_having(_WHO, _WHAT, ("EventSubtype", "Event Subtype", "StartDateTime")),
    time_columns=(
        ("StartDateTime", "Start"),
        ("ActivityDateTime",),
        ("ActivityDate", "Date"),
    ),
    read_kind=_event_kind,
    who=_WHO,
    what=_WHAT,
    time_of=_event_time,
)
GENERIC = ActivityLayout(
    name="generic",
    title="Generic touches",
    needed=("record_id", "touched_at", "kind"),
    fits=_having(("record_id",), ("touched_at",), ("kind",)),
    time_columns=(("touched_at",),),
    read_kind=lambda columns, cells: _kind_of(cell(cells, columns.find("kind"))),
    who=("record_id",),
)


def _engagement_kind(columns: Columns, cells: list[str]) -> str | None:
    return engagement.kind_of(cell(cells, columns.find(*engagement.KIND)))


def _not_an_engagement_touch(columns: Columns, cells: list[str]) -> str:
    if _engagement_kind(columns, cells) is not None:
        return ""
    said = cell(cells, columns.find(*engagement.KIND)) or "none given"
    return f"first engagement of type “{said}”: no call, email or meeting"


HUBSPOT_CONTACTS = ActivityLayout(
    name="hubspot-contacts",
    title="HubSpot contacts (first engagement)",
    needed=("Record ID", "Date of first engagement", "Type of first engagement"),
    fits=_having(hubspot_contacts.ID_NAMES, engagement.DATE, engagement.KIND),
    time_columns=(engagement.DATE,),
    read_kind=_engagement_kind,
    who=hubspot_contacts.ID_NAMES,
    why_not=_not_an_engagement_touch,
    ids=(),  # a contact's one first engagement
)
LAYOUTS = {
    layout.name: layout
    for layout in (SALESFORCE_TASKS, SALESFORCE_EVENTS, HUBSPOT_CONTACTS, GENERIC)
}


def detect(header: list[str]) -> ActivityLayout | None:
    return next((layout for layout in LAYOUTS.values() if layout.fits(header)), None)
