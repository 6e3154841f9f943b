"""What both playbooks (PDF and web page) say of a stage before its tables, in the same words."""

from __future__ import annotations

from journeyapp.models.entities import Stage
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import count


def stage_place(playbook: Playbook, stage: Stage) -> str:
    """ "Consideration · Marketing · about 3 days": its phase, its team and how long it takes."""
    phase = playbook.phases.get(stage.phase)
    lane = playbook.lanes.get(stage.lane)
    where = f"{phase.name if phase else '—'} · {lane.name if lane else '—'}"
    if stage.expected_days is not None:
        where += f" · about {count(stage.expected_days, 'day')}"
    return where


def stage_meaning(stage: Stage) -> list[tuple[str, str]]:
    """The stage's labelled texts that say what it means, those that are filled in."""
    return [
        (label, value)
        for label, value in (
            ("Definition", stage.description),
            ("The buyer's goal", stage.buyer_goal),
            ("The buyer's questions", stage.buyer_questions),
            ("Entry criteria", stage.entry_criteria),
            ("Exit criteria", stage.exit_criteria),
        )
        if value.strip()
    ]
