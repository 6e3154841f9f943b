"""Edits of the review rhythm: meetings started from their pre-filled agenda, the decisions
they take (which move the improvements decided on), and big-leap projects."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable

from journeyapp.models.change import Kind
from journeyapp.models.edits import AddEntity, Macro, RemoveEntity
from journeyapp.models.entities import Improvement, ImprovementStatus
from journeyapp.models.errors import EditError
from journeyapp.models.ids import new_id
from journeyapp.models.meeting_agenda import agenda_for, as_text
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Edit, Playbook
from journeyapp.models.review_entities import (
    Cadence,
    DecisionChoice,
    Meeting,
    MeetingDecision,
    Milestone,
    Project,
)

OUTCOME_OF = {
    DecisionChoice.KEEP: ImprovementStatus.KEPT,
    DecisionChoice.REVERSE: ImprovementStatus.REVERSED,
}


def meeting_title(cadence: Cadence, held: datetime.date) -> str:
    """ "Weekly review, 30 Nov 2026"."""
    return f"{cadence.value.capitalize()} review, {held.day} {held:%b %Y}"


def new_meeting(
    playbook: Playbook,
    cadence: Cadence,
    held: datetime.date,
    attendees: Iterable[str] = (),
    title: str = "",
) -> AddEntity:
    """A meeting record whose agenda is pre-filled from what changed since the last one."""
    agenda = agenda_for(playbook, cadence, held)
    meeting = Meeting(
        id=new_id("meeting"),
        title=title.strip() or meeting_title(cadence, held),
        held=held.isoformat(),
        cadence=cadence,
        attendees=tuple(a.strip() for a in attendees if a.strip()),
        numbers=as_text(agenda.numbers),
        reps_feedback=as_text(agenda.reps_feedback),
        customer_feedback=as_text(agenda.customer_feedback),
        test_results=as_text(agenda.test_results),
        decisions=agenda.decisions,
    )
    return AddEntity(Kind.MEETING, meeting, label=f"Add meeting “{meeting.title}”")


def remove_meeting(playbook: Playbook, meeting_id: str) -> RemoveEntity:
    meeting = playbook.get(Kind.MEETING, meeting_id)
    return RemoveEntity(Kind.MEETING, meeting, label=f"Delete meeting “{meeting.title}”")


def set_decision(
    playbook: Playbook,
    meeting_id: str,
    index: int | None,
    choice: DecisionChoice,
    text: str,
    improvement: str | None = None,
) -> Edit:
    """Record a decision (``index`` None: a new one) in one undo step with what it does:
    keeping or reversing a tested improvement sets its status, the date decided and the
    reason; deciding to try a new idea adds it to the improvements."""
    meeting: Meeting = playbook.get(Kind.MEETING, meeting_id)
    decisions = list(meeting.decisions)
    if index is None:
        decisions.append(MeetingDecision(choice, text.strip(), improvement or ""))
        index = len(decisions) - 1
    else:
        decisions[index] = dataclasses.replace(decisions[index], choice=choice, text=text.strip())
    decision = decisions[index]
    edits: list[Edit] = []
    target = playbook.improvements.get(decision.improvement) if decision.improvement else None
    if target is not None:
        edits += _move_improvement(playbook, target, decision, meeting.held)
    elif choice is DecisionChoice.TRY_NEXT and decision.text:
        idea = _new_idea(decision.text, meeting)
        decisions[index] = dataclasses.replace(decision, improvement=idea.id)
        edits.append(AddEntity(Kind.IMPROVEMENT, idea))
    what = _subject(playbook, decisions[index])
    edits.insert(
        0,
        set_fields(playbook, Kind.MEETING, meeting_id, decisions=tuple(decisions)),
    )
    return Macro(tuple(edits), label=f"{meeting.title}: {choice.value} {what}".rstrip())


def remove_decision(playbook: Playbook, meeting_id: str, index: int) -> Edit:
    meeting: Meeting = playbook.get(Kind.MEETING, meeting_id)
    decisions = list(meeting.decisions)
    gone = decisions.pop(index)
    return set_fields(
        playbook,
        Kind.MEETING,
        meeting_id,
        label=f"{meeting.title}: drop the decision on {_subject(playbook, gone)}",
        decisions=tuple(decisions),
    )


def _subject(playbook: Playbook, decision: MeetingDecision) -> str:
    improvement = playbook.improvements.get(decision.improvement) if decision.improvement else None
    if improvement is not None:
        return f"“{improvement.title}”"
    return f"“{decision.text}”" if decision.text else ""


def _move_improvement(
    playbook: Playbook, improvement: Improvement, decision: MeetingDecision, held: str
) -> list[Edit]:
    """What the decision does to the improvement it is about: keep or reverse settles it,
    "to decide" again undoes this meeting's call, trying an idea next starts its test."""
    status = OUTCOME_OF.get(decision.choice)
    if status is not None:
        reason = decision.text or improvement.decision_reason
        changes = dict(status=status, decided=held, decision_reason=reason)
        changes["started"] = improvement.started or held
    elif decision.choice is DecisionChoice.UNDECIDED and (
        improvement.status in OUTCOME_OF.values() and improvement.decided == held
    ):
        changes = dict(status=ImprovementStatus.TESTING, decided=None)
    elif (
        decision.choice is DecisionChoice.TRY_NEXT and improvement.status is ImprovementStatus.IDEA
    ):
        changes = dict(status=ImprovementStatus.TESTING, started=held)
    else:
        return []
    return [set_fields(playbook, Kind.IMPROVEMENT, improvement.id, **changes)]


def _new_idea(text: str, meeting: Meeting) -> Improvement:
    return Improvement(
        id=new_id("improvement"),
        title=text,
        target_kind=Kind.STAGE,
        target=None,
        created=meeting.held,
        source_note=f"Decided at {meeting.title}",
    )


# -- projects -----------------------------------------------------------------


def add_project(
    playbook: Playbook, title: str, today: datetime.date, areas: Iterable[str] = ()
) -> AddEntity:
    title = title.strip()
    if not title:
        raise EditError("A project needs a title; it cannot be empty.")
    project = Project(
        id=new_id("project"),
        title=title,
        created=today.isoformat(),
        areas=tuple(a for a in dict.fromkeys(areas) if playbook.has_stage(a)),
    )
    return AddEntity(Kind.PROJECT, project, label=f"Add project “{title}”")


def remove_project(playbook: Playbook, project_id: str) -> RemoveEntity:
    project = playbook.get(Kind.PROJECT, project_id)
    return RemoveEntity(
        Kind.PROJECT,
        project,
        playbook.projects.index(project_id),
        label=f"Delete project “{project.title}”",
    )


def set_plan(playbook: Playbook, project_id: str, text: str) -> Edit:
    """The plan from its text, one step a line: "2027-02-01  Pilot the new qualification"
    (the date first, optional; a line starting "[x]" is done)."""
    steps = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        done = line.lower().startswith("[x]")
        if done or line.startswith("[ ]"):
            line = line[3:].strip()
        due, _, rest = line.partition(" ")
        if _is_date(due) and rest.strip():
            steps.append(Milestone(rest.strip(), due, done))
        elif _is_date(due):
            raise EditError(f"The plan's step dated {due} needs words after its date.")
        else:
            steps.append(Milestone(line, "", done))
    project = playbook.get(Kind.PROJECT, project_id)
    return set_fields(
        playbook,
        Kind.PROJECT,
        project_id,
        label=f"Change the plan of “{project.title}”",
        plan=tuple(steps),
    )


def plan_text(project: Project) -> str:
    return "\n".join(
        ("[x] " if step.done else "") + (f"{step.due}  " if step.due else "") + step.name
        for step in project.plan
    )


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
