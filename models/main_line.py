"""The funnel's main line, from the top of the funnel to Won, and where on it opportunities
begin: the handoffs above that are measured on leads alone, never on deals (every deal in a
CRM's opportunity export went on past them, by construction)."""

from __future__ import annotations

from collections.abc import Sequence

from journeyapp.models.entities import Handoff, HandoffKind, StageKind
from journeyapp.models.errors import PlaybookError
from journeyapp.models.playbook import Playbook


class FunnelError(PlaybookError):
    """A funnel that cannot be worked out; the message says why."""


def main_line(playbook: Playbook) -> list[Handoff]:
    """The handoffs from the top of the funnel to Won, first to last."""
    won = next((s for s in playbook.stages_in_journey_order() if s.kind is StageKind.WON), None)
    if won is None:
        raise FunnelError("The map has no Won stage to work back from.")
    order = {s.id: n for n, s in enumerate(playbook.stages_in_journey_order())}
    forward = (HandoffKind.PROGRESSION, HandoffKind.CROSS_TEAM)
    line: list[Handoff] = []
    seen = {won.id}
    current = won.id
    while True:
        options = [  # a recycle or a disqualification is no step up the funnel
            h
            for h in playbook.incoming(current)
            if h.target_conversion and h.source not in seen and h.kind in forward
        ]
        if not options:
            break
        chosen = min(options, key=lambda h: order.get(h.source, 0))
        line.append(chosen)
        seen.add(chosen.source)
        current = chosen.source
    if not line:
        raise FunnelError(
            f"No handoff into “{won.name}” has a target conversion; set the targets first."
        )
    return list(reversed(line))


def opportunity_start(playbook: Playbook, stages: Sequence[str]) -> int:
    """Where opportunities begin on the main line ``stages`` (ids, top first): the first stage
    in the Won stage's lane, the team that closes. Its index in ``stages``."""
    lane = playbook.stage(stages[-1]).lane
    return next(n for n, stage in enumerate(stages) if playbook.stage(stage).lane == lane)


def line_places(playbook: Playbook) -> dict[str, int]:
    """Each main-line stage's place on it, top first; empty where the map has no main line."""
    try:
        line = main_line(playbook)
    except PlaybookError:
        return {}
    stages = [h.source for h in line] + [line[-1].target]
    return {stage: n for n, stage in enumerate(stages)}


def lead_level_handoffs(playbook: Playbook, places: dict[str, int] | None = None) -> frozenset[str]:
    """The handoffs a deal's path cannot measure: out of a main-line stage above where
    opportunities begin, or into one of those or the first opportunity stage (a recycle into
    MQL, an outbound account made an SQL). Empty where the map has no main line. ``places``:
    ``line_places`` where the caller has it already."""
    if places is None:
        places = line_places(playbook)
    stages = sorted(places, key=places.__getitem__)
    if not stages:
        return frozenset()
    first = opportunity_start(playbook, stages)
    above = set(stages[:first])
    if not above:
        return frozenset()
    into = above | {stages[first]}
    return frozenset(h.id for h in playbook.handoffs() if h.source in above or h.target in into)
