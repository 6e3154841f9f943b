"""The review rhythm's records: meetings held by cadence with their decisions, and the big-leap
projects that redesign part of the map once or twice a year."""

from __future__ import annotations

from enum import StrEnum

from journeyapp.models import fields
from journeyapp.models.fields import Frozen
from journeyapp.models.frozen_records import frozen_record


class Cadence(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def days(self) -> int:
        """About how far back a first meeting of this cadence looks (a monthly or quarterly
        one looks over the calendar month or quarter nearest: see meeting_agenda)."""
        return {"daily": 1, "weekly": 7, "monthly": 30, "quarterly": 91}[self.value]


class DecisionChoice(StrEnum):
    """What a review decides about a test, as the article words it."""

    UNDECIDED = "to decide"
    KEEP = "keep"
    REVERSE = "reverse"
    TRY_NEXT = "try next"


@frozen_record
class MeetingDecision(Frozen):
    """One decision: keep or reverse a tested improvement, or what to try next."""

    choice: DecisionChoice = fields.choice(DecisionChoice, DecisionChoice.UNDECIDED)
    text: str = fields.text()
    improvement: str = fields.text()  # the improvement decided on; empty for a new idea


@frozen_record
class Meeting(Frozen):
    """One review meeting's record, following one agenda: numbers, reps' feedback,
    customers' feedback, results of tests, then decisions."""

    id: str = fields.name()
    title: str = fields.name()
    held: str = fields.required_text()  # ISO date
    cadence: Cadence = fields.choice(Cadence, Cadence.WEEKLY)
    attendees: tuple[str, ...] = fields.text_list()
    numbers: str = fields.text()
    reps_feedback: str = fields.text()
    customer_feedback: str = fields.text()
    test_results: str = fields.text()
    decisions: tuple[MeetingDecision, ...] = fields.records(MeetingDecision)


class ProjectStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    UNDER_WAY = "under way"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        return self in (ProjectStatus.PROPOSED, ProjectStatus.APPROVED, ProjectStatus.UNDER_WAY)


@frozen_record
class Milestone(Frozen):
    """A step of a project's plan, with the date it is due (ISO)."""

    name: str = fields.name()
    due: str = fields.text()
    done: bool = fields.flag()


@frozen_record
class Project(Frozen):
    """A big leap: a project-led redesign of part of the map, with its business case."""

    id: str = fields.name()
    title: str = fields.name()
    owner: str = fields.text()
    status: ProjectStatus = fields.choice(ProjectStatus, ProjectStatus.PROPOSED)
    business_case: str = fields.text()
    scope: str = fields.text()
    goals: str = fields.text()
    plan: tuple[Milestone, ...] = fields.records(Milestone)
    areas: tuple[str, ...] = fields.text_list()  # the ids of the stages it redesigns
    created: str = fields.text()  # ISO date
