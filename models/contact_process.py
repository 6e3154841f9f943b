"""The agreed contact process, measured on every lead and deal given up on as "could not
reach": the calls, emails and meetings made in the stage before it left for the handoff's
"could not reach" stage (or by a recycle), against the attempts and days the handoff agreed.

A stay is measured only where ``first_touch.contact_effort`` can measure it: the record has
calls, emails or meetings, imported past the end of the stay.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from functools import cached_property

from journeyapp.models.calendar_days import calendar_zone
from journeyapp.models.entities import Handoff
from journeyapp.models.first_touch import (
    ContactEffort,
    activities_end,
    agrees_contact_process,
    contact_effort,
)
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.funnel import Period
from journeyapp.models.operations import handoff_name
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import count
from journeyapp.models.working_hours import HoursClock

LISTED = 3  # handoffs named in the agenda's line before "and N more"


@frozen_record
class GivenUp:
    """One stay that ended as "could not reach", and the effort made in it."""

    handoff: Handoff  # the one the buyer arrived over, which agreed the contact process
    exited: int  # when the buyer was given up on: seconds since 1970, UTC
    effort: ContactEffort


class ContactProcess:
    """The playbook's clock and the end of its imported activities, worked out once; then
    each record's stays given up on."""

    def __init__(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.clock = HoursClock.of(playbook.meta)

    @cached_property
    def touches_end(self) -> int | None:
        """The latest touch any lead or deal has: no later one is known (looked at once, and
        only if some record has touches to measure)."""
        return activities_end((*self.playbook.deals, *self.playbook.leads), self.clock)

    def given_up(self, record) -> list[GivenUp]:
        """Each stay of ``record`` (a lead or a deal) given up on where it could be measured."""
        if not record.touches:
            return []
        playbook, path, found = self.playbook, record.path, []
        for before, step, after in zip(path, path[1:], path[2:], strict=False):
            arrived_by = playbook.handoff_between(before.stage, step.stage)
            if arrived_by is None or not agrees_contact_process(arrived_by):
                continue
            left_by = playbook.handoff_between(step.stage, after.stage)
            effort = contact_effort(
                step, arrived_by, left_by, record.touches, self.clock, self.touches_end
            )
            if effort is not None:
                found.append(GivenUp(arrived_by, step.exited, effort))
        return found

    def at(self, record, handoff_id: str) -> ContactEffort | None:
        """The latest effort measured at the stage entered over ``handoff_id``, if any."""
        efforts = [g.effort for g in self.given_up(record) if g.handoff.id == handoff_id]
        return efforts[-1] if efforts else None


def agenda_lines(playbook: Playbook, period: Period) -> list[str]:
    """The weekly review's line on the contact process: the buyers given up on in the period,
    how many short of what was agreed, and where. Nothing where no handoff agrees one."""
    if not any(map(agrees_contact_process, playbook.handoffs())):
        return []
    zone = calendar_zone(playbook.meta)
    process = ContactProcess(playbook)
    given_up = [
        given
        for record in (*playbook.deals, *playbook.leads)
        for given in process.given_up(record)
        if period.holds(given.exited, zone)
    ]
    if not given_up:
        return [
            "Contact process: nobody given up on as could not reach in the period, where calls, "
            "emails and meetings were recorded."
        ]
    short = [given for given in given_up if given.effort.short_of_agreement]
    line = f"Contact process: {count(len(given_up), 'buyer')} given up on as could not reach"
    if not short:
        return [f"{line}, all after the agreed attempts and days."]
    where = _by_handoff(playbook, short)
    return [f"{line}; {len(short)} short of the agreed process: {where}."]


def _by_handoff(playbook: Playbook, short: Sequence[GivenUp]) -> str:
    """Each handoff's shortfalls, the most first: "MQL → SQL: 3 (a median of 2 of 6 agreed
    attempts in 4 of 14 days)"."""
    groups: dict[str, list[GivenUp]] = {}
    for given in short:
        groups.setdefault(given.handoff.id, []).append(given)
    ordered = sorted(groups.values(), key=len, reverse=True)
    parts = [_group_words(playbook, group) for group in ordered[:LISTED]]
    more = len(ordered) - LISTED
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _group_words(playbook: Playbook, group: Iterable[GivenUp]) -> str:
    group = list(group)
    handoff = group[0].handoff
    attempts = statistics.median(given.effort.attempts for given in group)
    days = statistics.median(given.effort.days for given in group)
    agreed = []
    if handoff.contact_attempts is not None:
        agreed.append(f"{attempts:g} of {count(handoff.contact_attempts, 'agreed attempt')}")
    if handoff.contact_days is not None:
        agreed.append(f"{days:.1f} of {count(handoff.contact_days, 'agreed day')}")
    median = f"a median of {' in '.join(agreed)}"
    return f"{handoff_name(playbook, handoff)}: {len(group)} ({median})"
