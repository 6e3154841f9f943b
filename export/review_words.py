"""What both playbooks (PDF and web page) and the meeting notes say of the review rhythm:
each improvement's test, result and decision, each big-leap project, and a meeting's record."""

from __future__ import annotations

import datetime

from journeyapp.models.entities import Improvement, ImprovementStatus
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.improvement_results import result_words
from journeyapp.models.playbook import Playbook
from journeyapp.models.retrospective import target_name
from journeyapp.models.review_entities import Meeting, Project


@frozen_record
class ImprovementRow:
    title: str
    changes: str  # the stage, handoff or activity it changes
    owner: str
    hypothesis: str
    metric: str  # with its baseline
    test: str  # the test period
    result: str
    decision: str  # "kept on 2026-11-20: the reason", or the status while undecided

    @property
    def what(self) -> str:
        """Its title, what it changes and its owner, a line each."""
        parts = (self.title, self.changes and f"Changes {self.changes}")
        return "\n".join(p for p in (*parts, self.owner and f"Owner: {self.owner}") if p)

    @property
    def columns(self) -> tuple[str, ...]:
        """The texts under HEAD."""
        metric_and_test = "\n".join(part for part in (self.metric, self.test) if part)
        return (self.what, self.hypothesis, metric_and_test, self.result, self.decision)


HEAD = ("Improvement", "Hypothesis", "Metric and test", "Result", "Decision")


def improvement_row(
    playbook: Playbook, improvement: Improvement, today: datetime.date
) -> ImprovementRow:
    metric = improvement.metric or (improvement.measure.value if improvement.measure else "")
    if improvement.baseline:
        metric = f"{metric} (baseline {improvement.baseline})".strip()
    test = ""
    if improvement.started:
        test = f"{improvement.started} → {improvement.test_ends or 'open'}"
    if improvement.status in (ImprovementStatus.KEPT, ImprovementStatus.REVERSED):
        decision = f"{improvement.status.value} on {improvement.decided or '—'}"
        if improvement.decision_reason.strip():
            decision += f": {improvement.decision_reason.strip()}"
    else:
        decision = improvement.status.value
    return ImprovementRow(
        improvement.title,
        target_name(playbook, improvement),
        improvement.owner,
        improvement.hypothesis,
        metric,
        test,
        result_words(playbook, improvement, today),
        decision,
    )


def improvement_rows(playbook: Playbook, today: datetime.date) -> list[ImprovementRow]:
    return [improvement_row(playbook, i, today) for i in playbook.improvements]


def project_areas(playbook: Playbook, project: Project) -> str:
    return ", ".join(playbook.stage(s).name for s in project.areas if playbook.has_stage(s))


def project_plan(project: Project) -> list[str]:
    """The plan's steps as lines: "2027-01-15 Business case agreed (done)"."""
    return [
        " ".join(part for part in (step.due, step.name) if part) + (" (done)" if step.done else "")
        for step in project.plan
    ]


def project_facts(playbook: Playbook, project: Project) -> list[tuple[str, str]]:
    """A project's labelled texts, those filled in."""
    facts = [
        ("Owner", project.owner),
        ("Status", project.status.value),
        ("Redesigns", project_areas(playbook, project)),
        ("Business case", project.business_case),
        ("Scope", project.scope),
        ("Goals", project.goals),
        ("Plan", "\n".join(f"• {line}" for line in project_plan(project))),
    ]
    return [(label, value) for label, value in facts if value.strip()]


MEETING_AGENDA = (
    ("Numbers", "numbers"),
    ("Reps' feedback", "reps_feedback"),
    ("Customers' feedback", "customer_feedback"),
    ("Results of tests", "test_results"),
)


def meeting_decisions(playbook: Playbook, meeting: Meeting) -> list[tuple[str, str, str]]:
    """Each decision as (what was decided, on what, why)."""
    rows = []
    for decision in meeting.decisions:
        improvement = playbook.improvements.get(decision.improvement)
        subject = improvement.title if improvement else "a new idea"
        rows.append((decision.choice.value, subject, decision.text))
    return rows


def meeting_heading(meeting: Meeting) -> str:
    attendees = ", ".join(meeting.attendees) or "no attendees recorded"
    return f"{meeting.held} · {meeting.cadence.value} review · {attendees}"
