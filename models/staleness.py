"""Stale stages: definitions nobody has looked at for a quarter, or whose review date says
nothing a reader can trust (never reviewed, in the future, or not a date)."""

from __future__ import annotations

import datetime
import re
from enum import StrEnum

from journeyapp.models.change import Kind
from journeyapp.models.entities import Stage
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook

STALE_AFTER_DAYS = 90  # due once nobody has reviewed it for this many days
AHEAD_DAYS = 1  # a colleague east of here may already be on tomorrow's date
YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")  # 2026-9-1 too


class Due(StrEnum):
    """Why a stage is due a review."""

    OLD = "old"
    NEVER = "never"
    FUTURE = "future"
    UNREADABLE = "unreadable"


@frozen_record
class StaleStage:
    stage_id: str
    name: str
    last_reviewed: str | None  # the date as read (2026-09-01 for 2026-9-1), else as written
    days: int | None  # since the last review; None unless ``due`` is OLD
    due: Due = Due.OLD

    @property
    def reason(self) -> str:
        if self.due is Due.NEVER:
            return "never reviewed"
        if self.due is Due.FUTURE:
            return f"the review date {self.last_reviewed} is in the future"
        if self.due is Due.UNREADABLE:
            return f"the review date “{self.last_reviewed}” cannot be read as year-month-day"
        return f"last reviewed {self.days} days ago ({self.last_reviewed})"


def staleness(stage: Stage, today: datetime.date) -> StaleStage | None:
    """Why the stage is due a review (not reviewed for 90 days, never, on a date in the future,
    or on one that cannot be read), or None."""
    written = stage.last_reviewed
    if not written:
        return StaleStage(stage.id, stage.name, None, None, Due.NEVER)
    reviewed = _date(written)
    if reviewed is None:
        return StaleStage(stage.id, stage.name, written, None, Due.UNREADABLE)
    days = (today - reviewed).days
    if days < -AHEAD_DAYS:
        return StaleStage(stage.id, stage.name, reviewed.isoformat(), None, Due.FUTURE)
    if days >= STALE_AFTER_DAYS:
        return StaleStage(stage.id, stage.name, reviewed.isoformat(), days, Due.OLD)
    return None


def stale_stages(playbook: Playbook, today: datetime.date) -> list[StaleStage]:
    """Stale stages in journey order."""
    found = (staleness(stage, today) for stage in playbook.stages_in_journey_order())
    return [stale for stale in found if stale is not None]


def review_unreviewed(playbook: Playbook, made_on: str | None = None) -> Playbook:
    """A playbook made from a template: its stages with no review date are new, so they are
    reviewed on ``made_on`` (today unless told); stages with a date keep theirs. Not for a
    JSON export read back, whose never-reviewed stages are still due a review."""
    made_on = made_on or datetime.date.today().isoformat()
    for stage in playbook.stages():
        if not stage.last_reviewed:
            playbook.apply(set_fields(playbook, Kind.STAGE, stage.id, last_reviewed=made_on))
    return playbook


def _date(text: str) -> datetime.date | None:
    """The day a review date names: year-month-day, with or without leading zeros (a time
    after it is ignored); None for anything else, never guessing which of 01/09 is the day."""
    match = YEAR_MONTH_DAY.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
