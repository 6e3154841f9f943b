"""Touches from an activity export, attached to the leads and deals it names, as one edit.

A Salesforce activity names its lead or contact (WhoId) and its opportunity (WhatId); each
is matched to the playbook's leads and deals by their CRM id, in 15 or 18 characters as
Salesforce writes either. A touch a record has already is not added again, so importing the
same export twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from journeyapp.models.bulk import collector_paused
from journeyapp.models.calendar_days import calendar_zone
from journeyapp.models.change import Kind
from journeyapp.models.deal_import.activity_layouts import LAYOUTS, Activity, ActivityLayout, detect
from journeyapp.models.deal_import.formats.records import Skipped
from journeyapp.models.deal_import.refusal import UnreadableFile
from journeyapp.models.deal_import.table import Table, read_table
from journeyapp.models.deal_import.values import DateOrder, DateOrderVote
from journeyapp.models.edits import Macro
from journeyapp.models.entities import Touch
from journeyapp.models.errors import EditError
from journeyapp.models.lead_import.salesforce_ids import id_key
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import count


@dataclass
class TouchPlan:
    file_name: str
    format: str
    read_as: str
    # New touches by (kind of record, record id), each list sorted and free of repeats.
    touches: dict[tuple[Kind, str], list[Touch]] = field(default_factory=dict)
    activities: int = 0  # rows read as touches
    repeats: int = 0  # touches the records had already
    unmatched: int = 0  # rows naming no lead or deal of the playbook
    ambiguous: int = 0  # rows naming a lead or deal by a name several share
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(len(touches) for touches in self.touches.values())

    @property
    def records(self) -> int:
        return len(self.touches)

    def added_words(self, noun: str, plural: str) -> str:
        """How many touches are new (``noun``: "touch", say), and what they were read as."""
        return count(self.added, noun, plural) + (f" ({self.kinds_words()})" if self.added else "")

    def kinds_words(self) -> str:
        """What the new touches were read as: "5 calls, 1 email, 2 other (…)"."""
        kinds = Counter(touch.kind for touches in self.touches.values() for touch in touches)
        said = [count(kinds[kind], kind) for kind in ("call", "email", "meeting") if kinds[kind]]
        if kinds["other"]:
            said.append(f"{kinds['other']:,} other (no call, email or meeting: no first touch)")
        return ", ".join(said)

    def tally(self) -> str:
        """What else the export held: "2 already recorded, 3 rows naming no lead or deal
        here, 1 row skipped"."""
        shared = (
            f"{count(self.ambiguous, 'row')} naming a deal or lead several share (give its id), "
            if self.ambiguous
            else ""
        )
        return (
            f"{self.repeats:,} already recorded, {count(self.unmatched, 'row')} naming no lead "
            f"or deal here, {shared}{count(len(self.skipped), 'row')} skipped"
        )


def read_touches(
    playbook: Playbook,
    path: str | Path,
    format: str = "auto",
    date_order: DateOrder | None = None,
    zone: ZoneInfo | None = None,
) -> TouchPlan:
    """Read an activity export and work out which lead or deal each of its touches is on."""
    table = read_table(path, lambda header: detect(header) is not None)
    # A task's day (ActivityDate) is its owner's: the team's calendar tells a call logged on
    # a later day from one logged at once on an American evening. A touch known by its day
    # alone is kept at midnight UTC all the same (touch_times).
    table.set_zones(zone, calendar_zone(playbook.meta))
    layout = _layout(table, format)
    _decide_date_orders(table, layout, date_order)
    activities, skipped = layout.read(table)
    skipped = table.with_set_aside(skipped)
    read_as = f"{table.read_as}, times without a zone read as {getattr(table.zone, 'key', 'UTC')}"
    plan = TouchPlan(table.name, layout.name, read_as, skipped=skipped)
    _attach(playbook, activities, plan)
    return plan


def _layout(table: Table, format: str) -> ActivityLayout:
    if format != "auto":
        layout = LAYOUTS[format]
        if not layout.fits(table.header):
            raise UnreadableFile(
                f"{table.name} is not a {layout.title} export: it needs the columns "
                f"{', '.join(layout.needed)}."
            )
        return layout
    layout = detect(table.header)
    if layout is None:
        raise UnreadableFile(
            f"{table.name} is not an activity export this app knows: it needs WhoId, WhatId "
            "and TaskSubtype (Salesforce tasks), EventSubtype (Salesforce events), Record ID "
            "with Date and Type of first engagement (HubSpot contacts), or record_id, "
            "touched_at and kind."
        )
    return layout


def _decide_date_orders(table: Table, layout: ActivityLayout, given: DateOrder | None) -> None:
    """Each date column's day/month order from all its values, never row by row, as a deal
    import decides it."""
    from journeyapp.models.deal_import.plan import decide_date_orders

    votes = {column: DateOrderVote() for column in layout.date_columns(table.header)}
    table.scan(votes)
    decide_date_orders(table, votes, table.name, given)


# A name several records share: it names none of them.
SHARED = (Kind.DEAL, "")


def _index(records: Iterable, kind: Kind) -> dict[str, tuple[Kind, str]]:
    found: dict[str, tuple[Kind, str]] = {}
    for record in records:
        name = record.name.casefold()
        if found.get(name, (kind, record.id)) != (kind, record.id):
            found[name] = SHARED
        else:
            found[name] = (kind, record.id)
    for record in records:
        found[record.id] = (kind, record.id)
        if record.source_id:
            found[id_key(record.source_id)] = (kind, record.id)
    return found


def _attach(playbook: Playbook, activities: list[Activity], plan: TouchPlan) -> None:
    """Each activity's touch on the records it names. Two activities of one kind at one
    moment are two touches where the export gives them ids of their own (two cadence calls
    due the same day); a row repeated, or a touch the record holds already, is one. Touches
    are counted as a multiset, so importing the export again adds none."""
    deals, leads = _index(playbook.deals, Kind.DEAL), _index(playbook.leads, Kind.LEAD)
    found: dict[tuple[Kind, str], Counter[Touch]] = {}
    seen: set[tuple[tuple[Kind, str], Touch, str]] = set()
    for activity in activities:
        named = (
            deals.get(id_key(activity.what)) if activity.what else None,
            _named(activity.who, leads, deals),
        )
        targets = {target for target in named if target is not None and target != SHARED}
        if not targets:
            if SHARED in named:
                plan.ambiguous += 1
            else:
                plan.unmatched += 1
            continue
        plan.activities += 1
        touch = Touch(activity.when, activity.kind)
        for target in targets:
            if (target, touch, activity.key) in seen:  # the same row again
                plan.repeats += 1
                continue
            seen.add((target, touch, activity.key))
            found.setdefault(target, Counter())[touch] += 1
    plan.touches = {}
    for (kind, record_id), touches in found.items():
        held = Counter(playbook.get(kind, record_id).touches)
        new = touches - held
        plan.repeats += sum((touches & held).values())
        if new:
            plan.touches[(kind, record_id)] = sorted(new.elements())


def _named(who: str, leads: dict, deals: dict) -> tuple[Kind, str] | None:
    """The lead or deal ``who`` names by its id, else by its name; SHARED where a lead and a
    deal go by that name (a contact exported with no name is named after its company)."""
    if not who:
        return None
    key, name = id_key(who), who.casefold()
    exact = [target for target in (leads.get(key), deals.get(key)) if target is not None]
    if len(exact) == 1:
        return exact[0]
    named = {target for target in (leads.get(name), deals.get(name)) if target is not None}
    if len(named) > 1:
        return SHARED
    return next(iter(named), None)


def touch_edit(playbook: Playbook, plan: TouchPlan) -> Macro | None:
    """The edit that adds the plan's touches: one undo step, named after the file; None when
    every touch is recorded already (the export was imported before)."""
    if not plan.touches:
        if plan.repeats:
            return None
        raise EditError(
            f"No touch in {plan.file_name} names a lead or deal of this playbook "
            f"({count(plan.unmatched, 'row')} name others, "
            f"{count(len(plan.skipped), 'row')} skipped); import the leads and deals first."
        )
    with collector_paused():
        edits = [
            set_fields(
                playbook,
                kind,
                record_id,
                touches=tuple(sorted((*playbook.get(kind, record_id).touches, *touches))),
            )
            for (kind, record_id), touches in plan.touches.items()
        ]
    return Macro(
        edits, label=f"Import {count(plan.added, 'touch', 'touches')} from {plan.file_name}"
    )
