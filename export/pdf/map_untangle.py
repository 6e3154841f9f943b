"""A one-page map whose handoff numbers lie on no other handoff's line, where a different
crossing-over point for an arrow makes room.

An arrow from one column to another crosses over in a horizontal channel, by default
the one next to its source (going on) or its target (going back). When a number has no
free place, it is because some other arrow runs through the only gap it fits in. That
arrow is tried in each channel it could cross over in, and the map with the fewest
numbers on lines (then the shortest arrows) is kept. Each try lays the page out again,
so this is for a map that fits one page, where that takes milliseconds.
"""

from __future__ import annotations

from journeyapp.export.pdf.map_drawing import MapView, PaperMap
from journeyapp.export.pdf.map_layout import Region
from journeyapp.export.pdf.map_routes import cross_choices, route_all

ROUNDS = 3


def untangled_view(paper: PaperMap, region: Region, link_stages: bool = False) -> MapView:
    """The map of ``paper`` in ``region``, its routes changed where that frees numbers."""
    handoffs = sorted(paper.playbook.handoffs(), key=lambda h: paper.numbers[h.id])
    by_id = {h.id: h for h in handoffs}
    slots = paper.grid.slots
    cross_at: dict[str, int] = {}
    view = MapView(paper, region, link_stages=link_stages)
    best = _score(view)
    for _ in range(ROUNDS):
        if best[0] == 0:
            break
        improved = False
        in_the_way = {line for _, line in view.numbers_on_lines()}
        for handoff_id in sorted(in_the_way, key=lambda h: paper.numbers[h]):
            handoff = by_id[handoff_id]
            for channel in cross_choices(handoff, slots):
                trial = {**cross_at, handoff_id: channel}
                paper.routes = route_all(handoffs, slots, paper.geometry, trial)
                tried = MapView(paper, region, link_stages=link_stages)
                score = _score(tried)
                if score < best:
                    best, view, cross_at, improved = score, tried, trial, True
        if not improved:
            break
    paper.routes = route_all(handoffs, slots, paper.geometry, cross_at)
    return view


def _score(view: MapView) -> tuple[int, float]:
    """Numbers not drawn or lying on lines, then the arrows' total length."""
    length = sum(abs(a[0] - b[0]) + abs(a[1] - b[1]) for _, a, b in view.segments())
    return 10 * len(view.unmarked) + len(view.numbers_on_lines()), length
