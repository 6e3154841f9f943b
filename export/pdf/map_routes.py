"""Handoff arrows on the paper map, routed at right angles through the gaps between cards.

An arrow leaves its card's side into the vertical channel beside it, runs along
that channel, crosses over in the horizontal channel next to its source's row if
it must, runs down the channel beside its target and enters the target's side.
A card above or below in the same column, with nothing between, is reached
straight down or up. Arrows sharing a channel get tracks of their own, so no two
lie on each other, and the ends on one side of a card are spread along it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from journeyapp.export.pdf.map_layout import GAP_X, GAP_Y, PaperGeometry
from journeyapp.export.pdf.progress import report_every
from journeyapp.models.entities import Handoff
from journeyapp.models.frozen_records import frozen_record

Point = tuple[float, float]
TRACK_SPACING = 3.0
TRACK_MARGIN = 2.5  # points kept clear of a channel's edges (the cards)


@frozen_record
class Route:
    handoff: Handoff
    points: list[Point]  # an orthogonal polyline from the source's edge to the target's edge

    def segments(self) -> list[tuple[Point, Point]]:
        return list(zip(self.points, self.points[1:], strict=False))


@dataclass
class _Plan:
    """A route before tracks are known: which channels it uses and its card sides."""

    handoff: Handoff
    out_side: str  # "right", "left", "bottom", "top"
    in_side: str
    exit_channel: int | None = None  # vertical channel beside the source
    cross_channel: int | None = None  # horizontal channel, if it must cross over
    entry_channel: int | None = None  # vertical channel beside the target


def _plan(handoff: Handoff, source: tuple[int, int], target: tuple[int, int], filled) -> _Plan:
    (cs, rs), (ct, rt) = source, target
    if cs == ct:
        low, high = sorted((rs, rt))
        if not any((cs, r) in filled for r in range(low + 1, high)):
            down = rt > rs
            plan = _Plan(handoff, "bottom" if down else "top", "top" if down else "bottom")
            plan.cross_channel = rs + 1 if down else rs  # a jog there if the ends differ
            return plan
        return _Plan(handoff, "right", "right", cs + 1, None, cs + 1)
    forward = ct > cs
    exit_channel = cs + 1 if forward else cs
    entry_channel = ct if forward else ct + 1
    plan = _Plan(
        handoff,
        "right" if forward else "left",
        "left" if forward else "right",
        exit_channel,
        None,
        entry_channel,
    )
    if exit_channel != entry_channel:
        # Going on, cross next to the source; going back, next to the target, so the long
        # way back runs apart from the arrows that leave the cards it passes.
        row = rs if forward else rt
        if rt > rs:
            plan.cross_channel = row + 1 if forward else row  # below the source, above the target
        elif rt < rs:
            plan.cross_channel = row if forward else row + 1
        else:  # the same row with cards between: over them going on, under them going back
            plan.cross_channel = rs if forward else rs + 1
    return plan


def cross_choices(handoff: Handoff, slots: dict) -> list[int]:
    """The horizontal channels an arrow from one column to another may cross over in: any
    from the one above the higher of its cards to the one below the lower."""
    (cs, rs), (ct, rt) = slots[handoff.source], slots[handoff.target]
    if abs(cs - ct) <= 1:  # the same channel serves both ends: no crossing over
        return []
    return list(range(min(rs, rt), max(rs, rt) + 2))


def _tracks(intervals: list[tuple[float, float, int]]) -> dict[int, tuple[int, int]]:
    """Interval partitioning: item → (its track, the channel's track count), so items whose
    stretches overlap never share a track."""
    ends: list[float] = []  # the end of the last item on each track
    chosen: dict[int, int] = {}
    for low, high, item in sorted(intervals):
        track = next((n for n, end in enumerate(ends) if end < low), None)
        if track is None:
            track = len(ends)
            ends.append(high)
        else:
            ends[track] = high
        chosen[item] = track
    return {item: (track, len(ends)) for item, track in chosen.items()}


def _offset(track: int, count: int, room: float) -> float:
    spacing = min(TRACK_SPACING, (room - 2 * TRACK_MARGIN) / max(1, count - 1))
    return (track - (count - 1) / 2) * spacing


def route_all(
    handoffs: list[Handoff],
    slots: dict,
    geometry: PaperGeometry,
    cross_at: dict[str, int] | None = None,
) -> list[Route]:
    """Every handoff between two placed cards as an orthogonal route. ``cross_at`` gives
    some of them the horizontal channel they cross over in (see ``cross_choices``)."""
    filled = set(slots.values())
    plans = [
        _plan(h, slots[h.source], slots[h.target], filled)
        for h in handoffs
        if h.source in slots and h.target in slots and h.source != h.target
    ]
    for plan in plans:
        chosen = (cross_at or {}).get(plan.handoff.id)
        if chosen is not None and plan.exit_channel is not None:
            plan.cross_channel = chosen
    # Ends on each card side, spread along it in the order their other ends lie.
    ends: dict[tuple[str, str], list[tuple[float, int, str]]] = defaultdict(list)
    for n, plan in enumerate(plans):
        src, dst = slots[plan.handoff.source], slots[plan.handoff.target]
        ends[(plan.handoff.source, plan.out_side)].append((_toward(dst, plan.out_side), n, "out"))
        ends[(plan.handoff.target, plan.in_side)].append((_toward(src, plan.in_side), n, "in"))
    at: dict[tuple[int, str], float] = {}  # (plan, "out"/"in") → fraction along the side
    for items in ends.values():
        items.sort()
        for k, (_, n, which) in enumerate(items):
            at[(n, which)] = (k + 1) / (len(items) + 1)
    starts = [
        _port(geometry, slots[p.handoff.source], p.out_side, at[(n, "out")])
        for n, p in enumerate(plans)
    ]
    finishes = [
        _port(geometry, slots[p.handoff.target], p.in_side, at[(n, "in")])
        for n, p in enumerate(plans)
    ]
    # Tracks: vertical stretches per column channel, horizontal per row channel.
    vertical: dict[int, list] = defaultdict(list)
    horizontal: dict[int, list] = defaultdict(list)
    for n, plan in enumerate(plans):
        if plan.exit_channel is None:
            x0, x1 = starts[n][0], finishes[n][0]
            horizontal[plan.cross_channel].append((min(x0, x1), max(x0, x1), (n, 2)))
            continue
        y0, y1 = starts[n][1], finishes[n][1]
        if plan.cross_channel is None:
            vertical[plan.exit_channel].append((min(y0, y1), max(y0, y1), (n, 0)))
            continue
        yc = geometry.channel_y(plan.cross_channel)
        vertical[plan.exit_channel].append((min(y0, yc), max(y0, yc), (n, 0)))
        vertical[plan.entry_channel].append((min(y1, yc), max(y1, yc), (n, 1)))
        x0, x1 = geometry.channel_x(plan.exit_channel), geometry.channel_x(plan.entry_channel)
        horizontal[plan.cross_channel].append((min(x0, x1), max(x0, x1), (n, 2)))
    shift: dict[tuple[int, int], float] = {}
    for groups, room in ((vertical, GAP_X), (horizontal, GAP_Y)):
        for stretches in groups.values():
            numbered = [(low, high, k) for k, (low, high, _) in enumerate(stretches)]
            for k, (track, count) in _tracks(numbered).items():
                shift[stretches[k][2]] = _offset(track, count, room)
    routes = []
    for n, plan in enumerate(plans):
        report_every(n, len(plans), "Drawing the map's handoffs")
        start, end = starts[n], finishes[n]
        if plan.exit_channel is None:
            y = geometry.channel_y(plan.cross_channel) + shift[(n, 2)]
            points = [start, (start[0], y), (end[0], y), end]
        elif plan.cross_channel is None:
            x = geometry.channel_x(plan.exit_channel) + shift[(n, 0)]
            points = [start, (x, start[1]), (x, end[1]), end]
        else:
            xa = geometry.channel_x(plan.exit_channel) + shift[(n, 0)]
            xd = geometry.channel_x(plan.entry_channel) + shift[(n, 1)]
            y = geometry.channel_y(plan.cross_channel) + shift[(n, 2)]
            points = [start, (xa, start[1]), (xa, y), (xd, y), (xd, end[1]), end]
        routes.append(Route(plan.handoff, _tidy(points)))
    return _apart(routes)


def _apart(routes: list[Route]) -> list[Route]:
    """Ends that face each other across a gap at one height would overlap there: the later
    one moves a little along its card's side."""
    stubs: dict[int, list[tuple[float, float, float]]] = defaultdict(list)  # by whole y

    def clashes(y: float, low: float, high: float) -> bool:
        near = (item for k in (int(y) - 1, int(y), int(y) + 1) for item in stubs.get(k, ()))
        return any(abs(y - sy) < 1.0 and low < sh and sl < high for sy, sl, sh in near)

    for route in routes:
        points = route.points
        for end in (0, -1):
            near = 1 if end == 0 else -2
            if len(points) < 3 or abs(points[end][1] - points[near][1]) > 0.01:
                continue
            low, high = sorted((points[end][0], points[near][0]))
            y = points[end][1]
            for step in (0.0, 3.0, -3.0, 6.0, -6.0):
                if not clashes(y + step, low, high):
                    break
            points[end] = (points[end][0], y + step)
            points[near] = (points[near][0], y + step)
            stubs[int(y + step)].append((y + step, low, high))
    return routes


def _toward(other: tuple[int, int], side: str) -> float:
    """Where the other end lies along a side's direction, to order ends without crossings."""
    return other[0] if side in ("top", "bottom") else other[1]


def _port(geometry: PaperGeometry, slot, side: str, fraction: float) -> Point:
    left, top, width, height = geometry.card(slot)
    if side == "right":
        return left + width, top + height * fraction
    if side == "left":
        return left, top + height * fraction
    x = left + width * fraction
    return (x, top + height) if side == "bottom" else (x, top)


def _tidy(points: list[Point]) -> list[Point]:
    """Without repeated points or bends that go nowhere."""
    out: list[Point] = []
    for point in points:
        if out and abs(point[0] - out[-1][0]) < 0.01 and abs(point[1] - out[-1][1]) < 0.01:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if (abs(ax - bx) < 0.01 and abs(bx - point[0]) < 0.01) or (
                abs(ay - by) < 0.01 and abs(by - point[1]) < 0.01
            ):
                out[-1] = point
                continue
        out.append(point)
    return out
