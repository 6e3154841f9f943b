"""A layered (Sugiyama-style) layout of a map snapshot: phases stay columns, lanes stay rows.

Works on plain tuples (a ``MapSnapshot``), never on a live playbook, so it can run in a
worker thread or another process. Inside each phase the stages take layers from the
longest path along progression and cross-team handoffs (a cycle is broken where it
closes); each (phase, lane, layer) is one stack of cards. Barycentre sweeps then order
every stack by where its neighbours sit, and the order that crosses fewest straight
arrows is kept. Graphviz's dot did this on the whole map with invisible phase anchors,
which made it take minutes at 1,000 stages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.map_sizes import (
    CARD_HEIGHT,
    CARD_WIDTH,
    CELL_PADDING,
    LANE_HEADER_WIDTH,
    MIN_COLUMN_WIDTH,
    MIN_ROW_HEIGHT,
    PHASE_HEADER_HEIGHT,
    stepped,
)

COLUMN_STEP = 300.0  # card width 200 plus room for an arrow label
ROW_STEP = 146.0  # card height 96 plus room for a label
CELL_MARGIN = 24.0
SHAPING_KINDS = ("progression", "cross_team")  # recycle and disqualify loop back by nature
BALANCING = 4  # passes sliding stages towards their neighbours' layers
SWEEPS = 8  # barycentre passes (each one left to right, then right to left)

Point = tuple[float, float]


@frozen_record
class MapSnapshot:
    """What the layout needs of a map, as plain values: ids, cells, places and arrows."""

    phases: tuple[str, ...]
    lanes: tuple[str, ...]
    stages: tuple[tuple[str, str, str, float, float], ...]  # id, phase, lane, x, y
    handoffs: tuple[tuple[str, str, str], ...]  # source, target, kind


Progress = Callable[[float], None]  # a share of the work done, 0 to 1


def arrange(snapshot: MapSnapshot, progress: Progress | None = None) -> dict[str, Point]:
    """Each stage's new (x, y) inside its own cell. (The app stops a layout by ending the
    process it runs in: models/layout_worker.py.)"""
    if not snapshot.stages:
        return {}
    report = progress or (lambda share: None)
    layer = _layers(snapshot)
    report(0.1)
    stacks = _stacks(snapshot, layer)
    board = _Board(snapshot, stacks)
    best, fewest = board.order(), board.crossings()
    for sweep in range(SWEEPS):
        board.sweep(rightwards=sweep % 2 == 0)
        crossed = board.crossings()
        if crossed < fewest:
            best, fewest = board.order(), crossed
        report(0.1 + 0.9 * (sweep + 1) / SWEEPS)
    result = {}
    for (_, _, slot), members in best.items():
        for row, stage_id in enumerate(members):
            result[stage_id] = (CELL_MARGIN + slot * COLUMN_STEP, CELL_MARGIN + row * ROW_STEP)
    return result


def _layers(snapshot: MapSnapshot) -> dict[str, int]:
    """Each stage's layer inside its phase, following progression and cross-team handoffs.

    The longest path gives a first layering; then, as dot's does, each stage slides
    (within what its handoffs allow) towards the layers its neighbours want it at, so arrows
    stay short and a stage with no handoff in from its own phase waits beside its successor.
    """
    phase_index = {phase: i for i, phase in enumerate(snapshot.phases)}
    phase_of = {stage_id: phase_index[phase] for stage_id, phase, *_ in snapshot.stages}
    successors: dict[str, list[str]] = defaultdict(list)
    comes_in: dict[str, int] = defaultdict(int)  # shaping handoffs in from earlier phases
    goes_out: dict[str, int] = defaultdict(int)  # ... and out to later ones
    for source, target, kind in snapshot.handoffs:
        if kind not in SHAPING_KINDS or source not in phase_of or target not in phase_of:
            continue
        if phase_of[source] == phase_of[target]:
            successors[source].append(target)
        elif phase_of[source] < phase_of[target]:
            goes_out[source] += 1
            comes_in[target] += 1
    order = [stage_id for stage_id, *_ in snapshot.stages]
    forward = _without_cycles(order, successors)
    backward: dict[str, list[str]] = defaultdict(list)
    for source, targets in forward.items():
        for target in targets:
            backward[target].append(source)
    layer = dict.fromkeys(order, 0)
    topological = _topological(order, forward)
    for stage_id in topological:
        for target in forward[stage_id]:
            layer[target] = max(layer[target], layer[stage_id] + 1)
    last = defaultdict(int)
    for stage_id in order:
        last[phase_of[stage_id]] = max(last[phase_of[stage_id]], layer[stage_id])
    for sweep in range(BALANCING):
        for stage_id in topological if sweep % 2 else reversed(topological):
            end = last[phase_of[stage_id]]
            low = max((layer[s] + 1 for s in backward[stage_id]), default=0)
            high = min((layer[t] - 1 for t in forward[stage_id]), default=end)
            wanted = [layer[s] + 1 for s in backward[stage_id]]
            wanted += [layer[t] - 1 for t in forward[stage_id]]
            wanted += [0] * comes_in[stage_id] + [end] * goes_out[stage_id]
            if wanted and low < high:
                wanted.sort()
                middle = wanted[(len(wanted) - 1) // 2]
                layer[stage_id] = min(high, max(low, middle))
    return layer


def _without_cycles(order: list[str], successors) -> dict[str, list[str]]:
    """The handoffs minus those that close a cycle, found by a depth-first walk in map order."""
    state: dict[str, int] = {}  # 1 on the walk's path, 2 done
    forward: dict[str, list[str]] = {stage_id: [] for stage_id in order}
    for root in order:
        if root in state:
            continue
        state[root] = 1
        path = [(root, iter(successors.get(root, ())))]
        while path:
            node, rest = path[-1]
            target = next(rest, None)
            if target is None:
                state[node] = 2
                path.pop()
            elif state.get(target) == 1:
                continue  # a back edge: it would close a cycle
            else:
                forward[node].append(target)
                if target not in state:
                    state[target] = 1
                    path.append((target, iter(successors.get(target, ()))))
    return forward


def _topological(order: list[str], forward: dict[str, list[str]]) -> list[str]:
    waiting = dict.fromkeys(order, 0)
    for targets in forward.values():
        for target in targets:
            waiting[target] += 1
    ready = [stage_id for stage_id in reversed(order) if not waiting[stage_id]]
    result = []
    while ready:
        stage_id = ready.pop()
        result.append(stage_id)
        for target in forward[stage_id]:
            waiting[target] -= 1
            if not waiting[target]:
                ready.append(target)
    return result


def _stacks(snapshot: MapSnapshot, layer: dict[str, int]) -> dict[tuple[int, int, int], list[str]]:
    """The cards of each (phase, lane, slot), in their current top-to-bottom order.

    A cell's slots are its own layers, closed up, so no cell has an empty column.
    """
    phase_index = {phase: i for i, phase in enumerate(snapshot.phases)}
    lane_index = {lane: i for i, lane in enumerate(snapshot.lanes)}
    cells: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
    for stage_id, phase, lane, x, y in snapshot.stages:
        cells[(phase_index[phase], lane_index[lane])].append((stage_id, x, y))
    stacks: dict[tuple[int, int, int], list[str]] = {}
    for (p, lane), members in sorted(cells.items()):
        slots = {value: i for i, value in enumerate(sorted({layer[s] for s, _, _ in members}))}
        for stage_id, _, _ in sorted(members, key=lambda m: (m[2], m[1], m[0])):
            stacks.setdefault((p, lane, slots[layer[stage_id]]), []).append(stage_id)
    return stacks


class _Board:
    """The stacks placed on the map's grid, with each card's centre and its arrows."""

    def __init__(self, snapshot: MapSnapshot, stacks: dict[tuple[int, int, int], list[str]]):
        self.stacks = {key: list(members) for key, members in stacks.items()}
        widths: dict[int, float] = defaultdict(float)
        heights: dict[int, float] = defaultdict(float)
        for (p, lane, slot), members in self.stacks.items():
            widths[p] = max(widths[p], CELL_MARGIN + slot * COLUMN_STEP + CARD_WIDTH + CELL_PADDING)
            bottom = CELL_MARGIN + (len(members) - 1) * ROW_STEP + CARD_HEIGHT + CELL_PADDING
            heights[lane] = max(heights[lane], bottom)
        self.column_left = _starts(
            len(snapshot.phases), widths, LANE_HEADER_WIDTH, MIN_COLUMN_WIDTH
        )
        self.row_top = _starts(len(snapshot.lanes), heights, PHASE_HEADER_HEIGHT, MIN_ROW_HEIGHT)
        self.x: dict[str, float] = {}
        self.y: dict[str, float] = {}
        for key, members in self.stacks.items():
            for stage_id in members:
                self.x[stage_id] = self._stack_x(key)
            self._place(key)
        self.neighbours: dict[str, list[str]] = defaultdict(list)
        self.arrows: list[tuple[str, str]] = []
        for source, target, _ in snapshot.handoffs:
            if source in self.x and target in self.x and source != target:
                self.neighbours[source].append(target)
                self.neighbours[target].append(source)
                self.arrows.append((source, target))
        self.by_x = sorted(self.stacks, key=lambda key: (self._stack_x(key), key))

    def _stack_x(self, key: tuple[int, int, int]) -> float:
        p, _, slot = key
        return self.column_left[p] + CELL_MARGIN + slot * COLUMN_STEP + CARD_WIDTH / 2

    def _place(self, key: tuple[int, int, int]) -> None:
        top = self.row_top[key[1]] + CELL_MARGIN + CARD_HEIGHT / 2
        for row, stage_id in enumerate(self.stacks[key]):
            self.y[stage_id] = top + row * ROW_STEP

    def order(self) -> dict[tuple[int, int, int], list[str]]:
        return {key: list(members) for key, members in self.stacks.items()}

    def sweep(self, rightwards: bool) -> None:
        """Order each stack by its cards' neighbours already placed on the side swept from."""
        for key in self.by_x if rightwards else reversed(self.by_x):
            members = self.stacks[key]
            if len(members) < 2:
                continue
            x = self._stack_x(key)
            rank = {}
            for row, stage_id in enumerate(members):
                near = [
                    self.y[other]
                    for other in self.neighbours[stage_id]
                    if (self.x[other] < x if rightwards else self.x[other] > x)
                ] or [self.y[other] for other in self.neighbours[stage_id] if self.x[other] != x]
                rank[stage_id] = (sum(near) / len(near) if near else self.y[stage_id], row)
            members.sort(key=rank.__getitem__)
            self._place(key)

    def crossings(self) -> int:
        """Pairs of arrows that cross, drawn straight between card centres."""
        return count_crossings(
            [((self.x[a], self.y[a]), (self.x[b], self.y[b])) for a, b in self.arrows]
        )


def _starts(count: int, sizes: dict[int, float], origin: float, minimum: float) -> list[float]:
    starts, start = [], origin
    for i in range(count):
        starts.append(start)
        start += stepped(sizes.get(i, 0.0), minimum)
    return starts


def count_crossings(segments: list[tuple[Point, Point]]) -> int:
    """How many pairs of segments cross, not counting pairs that share an end.

    A sweep from left to right compares only segments whose spans overlap.
    """
    spans = sorted(
        (min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1]), a, b)
        for a, b in segments
    )
    count = 0
    for i, (_, right, low, high, a, b) in enumerate(spans):
        for left2, _, low2, high2, c, d in spans[i + 1 :]:
            if left2 > right:
                break
            if low2 > high or high2 < low or len({a, b, c, d}) < 4:
                continue
            if _turn(a, b, c) * _turn(a, b, d) < 0 and _turn(c, d, a) * _turn(c, d, b) < 0:
                count += 1
    return count


def _turn(p: Point, q: Point, r: Point) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
