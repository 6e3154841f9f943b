"""A win/loss interview guide for one deal: the five questions of the open feedback loop (why
leads fail to qualify, what stops qualified leads becoming opportunities, why deals stall after
discovery, why they are lost at negotiation, why they are won), asked only about the moments the
deal went through, in the map's own stage names, the moment it was won or lost first.

Where those moments are on a map is read from its shape, not from stage names: a deal becomes
a qualified lead where its path crosses to another team (a cross-team handoff), an opportunity
at the next stage, and reaches negotiation at a stage with a handoff to a won stage.
"""

from __future__ import annotations

from journeyapp.models.entities import Deal, DealOutcome, HandoffKind, StageKind
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook

# The article's five questions, as it asks them of a whole funnel.
ARTICLE_QUESTIONS = {
    "qualify": "Why do some unqualified leads fail to become qualified leads?",
    "opportunity": "What stops some qualified leads becoming opportunities?",
    "discovery": "Why do some deals not progress beyond the initial, discovery stage?",
    "negotiation": "What causes some deals to be lost at the negotiation stage?",
    "won": "What is the compelling reason why certain deals are won?",
}
DIG_DEEPER = (
    "Get to the heart of what they mean; do not accept an answer at face value.",
    "If they say “price”: had the price been right, would you have bought? What else would "
    "have had to be true?",
    "Ask for their words, and write them down verbatim: they become the quotes.",
)


@frozen_record
class GuideQuestion:
    moment: str  # a key of ARTICLE_QUESTIONS
    heading: str
    question: str
    focus: bool  # the moment this deal was won or lost: ask it first


@frozen_record
class InterviewGuide:
    deal: str
    account: str
    outcome: DealOutcome
    segment: str
    path: tuple[str, ...]  # the stages it went through, by name, each once
    ended_at: str | None  # the last stage before it was won or lost
    questions: tuple[GuideQuestion, ...]
    drivers: tuple[str, ...]  # the decision drivers' names, to ask which mattered most


def _stage_name(playbook: Playbook, stage_id: str, crm_stage: str) -> str:
    return playbook.stage(stage_id).name if playbook.has_stage(stage_id) else crm_stage


def _is_terminal(playbook: Playbook, stage_id: str) -> bool:
    return playbook.has_stage(stage_id) and playbook.stage(stage_id).kind.is_terminal


def _reaches_won(playbook: Playbook, stage_id: str) -> bool:
    return playbook.has_stage(stage_id) and any(
        playbook.stage(h.target).kind is StageKind.WON for h in playbook.outgoing(stage_id)
    )


def _next_on_map(playbook: Playbook, stage_id: str) -> str | None:
    """Where a stage leads on the map when a buyer moves on (not recycled, not lost)."""
    if not playbook.has_stage(stage_id):
        return None
    for handoff in playbook.outgoing(stage_id):
        if handoff.kind in (HandoffKind.PROGRESSION, HandoffKind.CROSS_TEAM) and not (
            _is_terminal(playbook, handoff.target)
        ):
            return playbook.stage(handoff.target).name
    return None


def _qualified_index(playbook: Playbook, path: list[str]) -> int | None:
    for i in range(1, len(path)):
        handoff = playbook.handoff_between(path[i - 1], path[i])
        if handoff is not None and handoff.kind is HandoffKind.CROSS_TEAM:
            return i
    return 1 if len(path) > 1 else None


def _quoted(names: list[str]) -> str:
    shown = [f"“{name}”" for name in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def interview_guide(playbook: Playbook, deal: Deal) -> InterviewGuide:
    ids: list[str] = []
    names: dict[str, str] = {}
    for step in deal.path:
        if step.stage not in names and not _is_terminal(playbook, step.stage):
            ids.append(step.stage)
            names[step.stage] = _stage_name(playbook, step.stage, step.crm_stage)
    closed = deal.outcome in (DealOutcome.WON, DealOutcome.LOST)
    last = ids[-1] if ids and closed else None
    lost_at = last if deal.outcome is DealOutcome.LOST else None
    questions: list[GuideQuestion] = []

    qualified = _qualified_index(playbook, ids)
    negotiation = next(
        (i for i in reversed(range(len(ids))) if _reaches_won(playbook, ids[i])), None
    )
    if qualified is not None and qualified > 0:
        before = [names[s] for s in ids[:qualified]]
        focus = lost_at in ids[:qualified]
        text = (
            f"The deal stopped at {_quoted(before[-1:])}, before “{names[ids[qualified]]}”. "
            "What made you stop there, and what would have moved you on?"
            if focus
            else f"Before “{names[ids[qualified]]}”, you were at {_quoted(before)}. What made "
            "you take the next step, and what nearly stopped you?"
        )
        questions.append(GuideQuestion("qualify", "Becoming a qualified lead", text, focus))
    if qualified is not None:
        at = names[ids[qualified]]
        opportunity = ids[qualified + 1] if qualified + 1 < len(ids) else None
        focus = lost_at == ids[qualified]
        if opportunity is None:
            after = _next_on_map(playbook, ids[qualified])
            onward = f"“{after}”" if after else "an opportunity"
            text = f"At “{at}”, what stopped this becoming {onward}? What would have had to change?"
        else:
            text = (
                f"Once you were at “{at}”, what made it worth going on to "
                f"“{names[opportunity]}”? What nearly stopped it?"
            )
        questions.append(
            GuideQuestion("opportunity", "From qualified lead to opportunity", text, focus)
        )
        if opportunity is not None:
            start = qualified + 1
            end = negotiation if negotiation is not None and negotiation > start else len(ids)
            middle = ids[start:end]
            focus = lost_at in middle
            if lost_at == opportunity:
                text = (
                    f"The deal did not get past “{names[lost_at]}”. What made it stall there, "
                    "in your own words?"
                )
            elif focus:
                text = (
                    f"The deal did not get past “{names[lost_at]}”. After "
                    f"“{names[opportunity]}”, what made it stall, in your own words?"
                )
            else:
                onward = [names[s] for s in ids[start + 1 : end + 1]]
                through = f" through {_quoted(onward)}" if onward else ""
                text = (
                    f"After “{names[opportunity]}”, what kept the deal moving{through}? "
                    "Was there a moment it nearly stalled?"
                )
            questions.append(GuideQuestion("discovery", "After discovery", text, focus))
    if negotiation is not None and (qualified is None or negotiation > qualified):
        at = names[ids[negotiation]]
        focus = lost_at == ids[negotiation]
        text = (
            f"The deal was lost at “{at}”. What caused it, in your own words, and what would "
            "have had to be different?"
            if focus
            else f"At “{at}”, what nearly made you walk away?"
        )
        questions.append(GuideQuestion("negotiation", "At negotiation", text, focus))
    if deal.outcome is DealOutcome.WON:
        questions.append(
            GuideQuestion(
                "won",
                "Why you chose us",
                "What was the compelling reason you chose us? Which moment decided it?",
                True,
            )
        )
    questions.sort(key=lambda q: not q.focus)  # stable: the rest keep the journey's order
    return InterviewGuide(
        deal=deal.name,
        account=deal.account,
        outcome=deal.outcome,
        segment=deal.segment,
        path=tuple(names[s] for s in ids),
        ended_at=names[last] if last else None,
        questions=tuple(questions),
        drivers=tuple(d.name for d in playbook.drivers),
    )
