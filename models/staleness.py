"""Stale stages: definitions nobody has looked at for a quarter."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from models.playbook import Playbook

STALE_AFTER_DAYS = 90


@dataclass(frozen=True)
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


def stale_stages(playbook: Playbook, today: datetime.date) -> list[StaleStage]:
    """Stages not reviewed in the last 90 days (or never), in journey order."""
    found = []
    for stage in playbook.stages_in_journey_order():
        reviewed = _date(stage.last_reviewed)
        if reviewed is None:
            found.append(StaleStage(stage.id, stage.name, None, None))
            continue
        days = (today - reviewed).days
        if days > STALE_AFTER_DAYS:
            found.append(StaleStage(stage.id, stage.name, stage.last_reviewed, days))
    return found


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
