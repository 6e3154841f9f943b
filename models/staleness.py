"""Stale stages: definitions nobody has looked at for a quarter."""

from __future__ import annotations

import datetime

from journeyapp.models.change import Kind
from journeyapp.models.entities import Stage
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook

STALE_AFTER_DAYS = 90


@frozen_record
class StaleStage:
    stage_id: str
    name: str
    last_reviewed: str | None
    days: int | None  # since the last review; None if never reviewed

    @property
    def reason(self) -> str:
        if self.days is None:
            return "never reviewed"
        return f"last reviewed {self.days} days ago ({self.last_reviewed})"


def staleness(stage: Stage, today: datetime.date) -> StaleStage | None:
    """Why the stage is stale (not reviewed in the last 90 days, or never), or None."""
    reviewed = _date(stage.last_reviewed)
    if reviewed is None:
        return StaleStage(stage.id, stage.name, None, None)
    days = (today - reviewed).days
    if days > STALE_AFTER_DAYS:
        return StaleStage(stage.id, stage.name, stage.last_reviewed, days)
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


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
