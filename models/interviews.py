"""Win/loss interviews: recording one for a deal, its details, and its verbatim quotes with the
decision drivers each is tagged with. Every change is one undo step named in words."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from journeyapp.models.change import Kind
from journeyapp.models.edits import AddEntity, RemoveEntity, SetFields
from journeyapp.models.entities import BuyingRole, Interview, Quote
from journeyapp.models.errors import EditError
from journeyapp.models.field_words import field_words
from journeyapp.models.ids import new_id
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook


def add_interview(
    playbook: Playbook,
    deal_id: str,
    interviewee: str = "",
    role: BuyingRole = BuyingRole.DECISION_MAKER,
    interviewer: str = "",
    independent: bool = False,
    date: str = "",
    tilt_stage: str | None = None,
) -> AddEntity:
    deal = playbook.deals.get(deal_id)
    if deal is None:
        raise EditError("An interview must be about a deal in this playbook.")
    _check_stage(playbook, tilt_stage)
    interview = Interview(
        new_id("interview"),
        deal_id,
        interviewee.strip(),
        BuyingRole(role),
        interviewer.strip(),
        independent,
        date.strip(),
        tilt_stage,
    )
    who = f" with {interview.interviewee}" if interview.interviewee else ""
    return AddEntity(Kind.INTERVIEW, interview, label=f"Add an interview{who} on “{deal.name}”")


def remove_interview(playbook: Playbook, interview_id: str) -> RemoveEntity:
    interview = playbook.interviews[interview_id]
    return RemoveEntity(
        Kind.INTERVIEW,
        interview,
        playbook.interviews.index(interview_id),
        label=f"Delete the interview {_about(playbook, interview)}",
    )


def change_interview(playbook: Playbook, interview_id: str, **values: Any) -> SetFields:
    """Change who was interviewed, by whom, when, independence, or where it tilted."""
    interview = playbook.interviews[interview_id]
    if "quotes" in values or "deal" in values:
        raise EditError("Quotes and the deal are changed with their own commands.")
    if "tilt_stage" in values:
        _check_stage(playbook, values["tilt_stage"])
    what = field_words(list(values))
    return set_fields(
        playbook,
        Kind.INTERVIEW,
        interview_id,
        label=f"Change {what} of the interview {_about(playbook, interview)}",
        merge_key=f"interview:{interview_id}:{','.join(sorted(values))}",
        **values,
    )


def add_quote(
    playbook: Playbook, interview_id: str, text: str, drivers: Iterable[str] = ()
) -> SetFields:
    interview = playbook.interviews[interview_id]
    text = text.strip()
    if not text:
        raise EditError("A quote needs the buyer's words.")
    quote = Quote(text, _known_drivers(playbook, drivers))
    return set_fields(
        playbook,
        Kind.INTERVIEW,
        interview_id,
        label=f"Add a quote to the interview {_about(playbook, interview)}",
        quotes=(*interview.quotes, quote),
    )


def tag_quote(
    playbook: Playbook, interview_id: str, index: int, drivers: Iterable[str]
) -> SetFields:
    """Tag quote ``index`` with exactly ``drivers`` (in the list's order)."""
    interview = playbook.interviews[interview_id]
    quote = _quote(interview, index)
    tagged = _known_drivers(playbook, drivers)
    names = [playbook.drivers[d].name for d in tagged]
    words = ", ".join(names) if names else "no driver"
    quotes = list(interview.quotes)
    quotes[index] = dataclasses.replace(quote, drivers=tagged)
    return set_fields(
        playbook,
        Kind.INTERVIEW,
        interview_id,
        label=f"Tag “{_short(quote.text)}” with {words}",
        quotes=tuple(quotes),
    )


def remove_quote(playbook: Playbook, interview_id: str, index: int) -> SetFields:
    interview = playbook.interviews[interview_id]
    quote = _quote(interview, index)
    quotes = interview.quotes[:index] + interview.quotes[index + 1 :]
    return set_fields(
        playbook,
        Kind.INTERVIEW,
        interview_id,
        label=f"Delete the quote “{_short(quote.text)}”",
        quotes=quotes,
    )


def interviews_of(playbook: Playbook, deal_id: str) -> list[Interview]:
    return [i for i in playbook.interviews if i.deal == deal_id]


def _quote(interview: Interview, index: int) -> Quote:
    if not 0 <= index < len(interview.quotes):
        raise EditError("That quote is no longer in the interview.")
    return interview.quotes[index]


def _known_drivers(playbook: Playbook, drivers: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(drivers))
    unknown = [d for d in chosen if d not in playbook.drivers]
    if unknown:
        raise EditError(f"There is no decision driver {unknown[0]!r}.")
    return chosen


def _check_stage(playbook: Playbook, stage_id: str | None) -> None:
    if stage_id is not None and not playbook.has_stage(stage_id):
        raise EditError("The stage where the decision tilted is not on the map.")


def _about(playbook: Playbook, interview: Interview) -> str:
    deal = playbook.deals.get(interview.deal)
    on = f"on “{deal.name}”" if deal else "on a deal no longer here"
    return f"with {interview.interviewee} {on}" if interview.interviewee else on


def _short(text: str, most: int = 40) -> str:
    """``text`` on one line, cut at a word to at most ``most`` characters, with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= most:
        return flat
    cut = flat[: most - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"
