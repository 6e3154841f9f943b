"""What an edit changed: the ids it touched, by kind of thing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field
from enum import StrEnum

from journeyapp.models.frozen_records import frozen_record


class Kind(StrEnum):
    """The kinds of thing a playbook holds; each has stable ids."""

    META = "meta"
    PHASE = "phase"
    LANE = "lane"
    STAGE = "stage"
    HANDOFF = "handoff"
    ROLE = "role"
    ACTIVITY = "activity"
    DEFINITION = "definition"
    SCORING_RULE = "scoring rule"
    DEAL = "deal"
    STAGE_MAPPING = "stage mapping"
    IMPROVEMENT = "improvement"
    SNAPSHOT = "snapshot"
    NOTE = "note"
    LEAD = "lead"
    COMMITMENT = "commitment"
    MEETING = "meeting"
    PROJECT = "project"
    DRIVER = "decision driver"
    INTERVIEW = "interview"
    ROUND = "voting round"


@frozen_record
class Change:
    """The ids touched by one edit (or several, merged), grouped by kind."""

    ids: Mapping[Kind, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: Kind, ids: Iterable[str]) -> Change:
        return cls({kind: frozenset(ids)})

    def __or__(self, other: Change) -> Change:
        merged: dict[Kind, frozenset[str]] = dict(self.ids)
        for kind, ids in other.ids.items():
            merged[kind] = merged.get(kind, frozenset()) | ids
        return Change(merged)

    def __bool__(self) -> bool:
        return any(self.ids.values())

    def get(self, kind: Kind) -> frozenset[str]:
        return self.ids.get(kind, frozenset())

    def touches(self, kind: Kind) -> bool:
        return bool(self.ids.get(kind))

    def kinds(self) -> set[Kind]:
        return {kind for kind, ids in self.ids.items() if ids}
