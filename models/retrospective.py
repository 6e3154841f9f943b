"""The lost-deal retrospective: notes at each step, and promoting a note into the playbook.

A note becomes an improvement to test (a marginal gain), or goes straight into
the methodology of the stage's activity. Each is one undoable edit.
"""

from __future__ import annotations

from dataclasses import replace

from journeyapp.models.change import Kind
from journeyapp.models.edits import AddEntity, RemoveEntity, SetFields
from journeyapp.models.entities import Improvement, ImprovementStatus, StepNote
from journeyapp.models.errors import EditError
from journeyapp.models.ids import new_id
from journeyapp.models.operations import handoff_name, set_fields
from journeyapp.models.playbook import Playbook

NOTE_FIELDS = ("did", "how", "differently", "buyer_words")


def set_step_note(
    playbook: Playbook, deal_id: str, step: int, merge_key: str | None = None, **fields: str
) -> SetFields:
    deal = playbook.deals[deal_id]
    if not 0 <= step < len(deal.path):
        raise EditError(f"“{deal.name}” has no step {step + 1}.")
    unknown = set(fields) - set(NOTE_FIELDS)
    if unknown:
        raise EditError(f"A step note has no field {sorted(unknown)[0]!r}.")
    notes = dict(deal.notes)
    note = replace(notes.get(str(step), StepNote()), **fields)
    if note == StepNote():
        notes.pop(str(step), None)
    else:
        notes[str(step)] = note
    return set_fields(
        playbook,
        Kind.DEAL,
        deal_id,
        label=f"Note on step {step + 1} of “{deal.name}”",
        merge_key=merge_key,
        notes=notes,
    )


def _note_text(playbook: Playbook, deal_id: str, step: int) -> tuple[str, str]:
    deal = playbook.deals[deal_id]
    note = deal.notes.get(str(step))
    text = note.differently.strip() if note else ""
    if not text:
        raise EditError("Write what you would do differently before promoting the note.")
    return text, deal.path[step].stage


def promote_to_improvement(
    playbook: Playbook, deal_id: str, step: int, title: str, today: str
) -> AddEntity:
    text, stage = _note_text(playbook, deal_id, step)
    if not title.strip():
        raise EditError("An improvement needs a title; it cannot be empty.")
    improvement = Improvement(
        new_id("improvement"),
        title.strip(),
        target_kind=Kind.STAGE,
        target=stage if playbook.has_stage(stage) else None,
        hypothesis=text,
        created=today,
        source_deal=deal_id,
        source_note=text,
    )
    return AddEntity(Kind.IMPROVEMENT, improvement, label=f"Add improvement “{title.strip()}”")


def promote_to_methodology(
    playbook: Playbook, deal_id: str, step: int, activity_id: str
) -> SetFields:
    """Add the note as a bullet to the methodology of one of the stage's activities."""
    text, stage = _note_text(playbook, deal_id, step)
    activity = playbook.activities[activity_id]
    if activity.stage != stage:
        raise EditError(f"“{activity.name}” is not an activity of the stage this step was in.")
    deal = playbook.deals[deal_id]
    line = f"• {text} (from the retrospective of “{deal.name}”)"
    methodology = (
        f"{activity.methodology.rstrip()}\n{line}" if activity.methodology.strip() else line
    )
    return set_fields(
        playbook,
        Kind.ACTIVITY,
        activity_id,
        label=f"Add a lesson from “{deal.name}” to “{activity.name}”",
        methodology=methodology,
    )


def add_improvement(playbook: Playbook, title: str, stage_id: str | None, today: str) -> AddEntity:
    """A new improvement idea, aimed at ``stage_id`` (or at no stage yet)."""
    title = title.strip()
    if not title:
        raise EditError("An improvement needs a title; it cannot be empty.")
    if stage_id is not None and not playbook.has_stage(stage_id):
        stage_id = None
    improvement = Improvement(
        id=new_id("improvement"),
        title=title,
        target_kind=Kind.STAGE,
        target=stage_id,
        created=today,
    )
    return AddEntity(Kind.IMPROVEMENT, improvement, label=f"Add improvement “{title}”")


def remove_improvement(playbook: Playbook, improvement_id: str) -> RemoveEntity:
    """Delete an improvement; undo puts it back in its place."""
    improvement = playbook.get(Kind.IMPROVEMENT, improvement_id)
    return RemoveEntity(
        Kind.IMPROVEMENT,
        improvement,
        playbook.improvements.index(improvement_id),
        label=f"Delete improvement “{improvement.title}”",
    )


def set_improvement_status(
    playbook: Playbook, improvement_id: str, status: ImprovementStatus, today: str
) -> SetFields:
    """Move an improvement along idea → testing → kept or reversed, dating each move."""
    improvement = playbook.improvements[improvement_id]
    dates: dict = {}
    if status is ImprovementStatus.TESTING and improvement.started is None:
        dates["started"] = today
    if status in (ImprovementStatus.KEPT, ImprovementStatus.REVERSED):
        dates["decided"] = today
        if improvement.started is None:
            dates["started"] = today
    if status is ImprovementStatus.IDEA:
        dates.update(started=None, decided=None)
    return set_fields(
        playbook,
        Kind.IMPROVEMENT,
        improvement_id,
        label=f"“{improvement.title}”: {status.value}",
        status=status,
        **dates,
    )


def improvements_on(playbook: Playbook, stage_id: str) -> list[Improvement]:
    """Improvements that change the stage, one of its activities or a handoff out of it."""
    if not len(playbook.improvements):
        return []  # most maps: no need to look at activities and handoffs
    activities = {a.id for a in playbook.activities_of(stage_id)}
    handoffs = {h.id for h in playbook.outgoing(stage_id)}
    return [
        i
        for i in playbook.improvements
        if (i.target_kind is Kind.STAGE and i.target == stage_id)
        or (i.target_kind is Kind.ACTIVITY and i.target in activities)
        or (i.target_kind is Kind.HANDOFF and i.target in handoffs)
    ]


def projects_on(playbook: Playbook, stage_id: str) -> list:
    """The open big-leap projects redesigning this stage."""
    return [p for p in playbook.projects if stage_id in p.areas and p.status.is_open]


def target_name(playbook: Playbook, improvement: Improvement) -> str:
    """What the improvement changes, by name ("SQL", "MQL → SQL"); empty for nothing yet."""
    target, kind = improvement.target, improvement.target_kind
    if target is None or not playbook.has(kind, target):
        return ""
    if kind is Kind.HANDOFF:
        return handoff_name(playbook, playbook.handoff(target))
    if kind is Kind.ACTIVITY:
        return playbook.activities[target].name
    return playbook.stage(target).name
