"""Lay the map out left to right: phases stay columns, lanes stay rows, few arrows cross.

Graphviz's ``dot`` (through NetworkX and pygraphviz, whose wheels bundle
Graphviz) does the layered layout and the crossing minimisation on the whole
journey. Invisible phase anchors keep every stage between its phase's
neighbours, and recycle and disqualify handoffs do not shape the layers (they
loop back by nature). Each stage then keeps dot's left-to-right layer and its
top-to-bottom order, projected into its own (phase, lane) cell.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

import networkx as nx
from journeyapp.models.edits import Macro
from journeyapp.models.entities import HandoffKind
from journeyapp.models.errors import PlaybookError
from journeyapp.models.operations import move_stage
from journeyapp.models.playbook import Playbook

COLUMN_STEP = 300.0  # card width 200 plus room for an arrow label
ROW_STEP = 146.0  # card height 96 plus room for a label
CELL_MARGIN = 24.0
SHAPING_KINDS = (HandoffKind.PROGRESSION, HandoffKind.CROSS_TEAM)


def _layout_graph(playbook: Playbook) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.graph["graph"] = {"rankdir": "LR", "nodesep": "0.3", "ranksep": "0.6"}
    graph.graph["node"] = {
        "shape": "box",
        "fixedsize": "true",
        "width": "2",
        "height": "1",
        "label": "",
    }
    phases = playbook.phases.ids()
    anchors = [f"__phase_{i}" for i in range(len(phases) + 1)]
    for anchor in anchors:
        graph.add_node(anchor, style="invis", width="0.01", height="0.01")
    for left, right in pairwise(anchors):
        graph.add_edge(left, right, style="invis", weight="0")
    column = {phase: i for i, phase in enumerate(phases)}
    for stage in playbook.stages_in_journey_order():
        graph.add_node(stage.id)
        i = column[stage.phase]
        graph.add_edge(anchors[i], stage.id, style="invis", weight="0")
        graph.add_edge(stage.id, anchors[i + 1], style="invis", weight="0")
    for handoff in sorted(playbook.handoffs(), key=lambda h: h.id):
        shaping = handoff.kind in SHAPING_KINDS
        graph.add_edge(
            handoff.source,
            handoff.target,
            constraint="true" if shaping else "false",
            weight="2" if shaping else "1",
        )
    return graph


def layout_positions(playbook: Playbook) -> dict[str, tuple[float, float]]:
    """Each stage's new (x, y) inside its own cell."""
    if not playbook.graph:
        return {}
    try:
        positions = nx.nx_agraph.pygraphviz_layout(_layout_graph(playbook), prog="dot")
    except (ImportError, OSError) as error:
        raise PlaybookError(f"The automatic layout is not available here ({error}).") from None
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for stage in playbook.stages():
        cells[(stage.phase, stage.lane)].append(stage.id)
    result = {}
    for stage_ids in cells.values():
        layers = sorted({round(positions[s][0]) for s in stage_ids})
        slot_of_layer = {x: i for i, x in enumerate(layers)}
        by_layer: dict[int, list[str]] = defaultdict(list)
        for stage_id in stage_ids:
            by_layer[slot_of_layer[round(positions[stage_id][0])]].append(stage_id)
        for slot, members in by_layer.items():
            # Graphviz's y grows upwards; the map's grows downwards.
            members.sort(key=lambda s: (-positions[s][1], s))
            for row, stage_id in enumerate(members):
                result[stage_id] = (CELL_MARGIN + slot * COLUMN_STEP, CELL_MARGIN + row * ROW_STEP)
    return result


def auto_layout(playbook: Playbook) -> Macro:
    """One undoable edit that moves every stage to its laid-out place."""
    positions = layout_positions(playbook)
    edits = []
    for stage in playbook.stages():
        x, y = positions[stage.id]
        if (stage.x, stage.y) != (x, y):
            edits.append(move_stage(playbook, stage.id, stage.phase, stage.lane, x, y))
    return Macro(tuple(edits), label="Auto-layout the map")


def crossings(playbook: Playbook, positions: dict[str, tuple[float, float]]) -> int:
    """How many pairs of handoffs cross, drawn as straight lines between card centres.

    ``positions`` are absolute centres; used to compare layouts.
    """
    segments = [
        (positions[h.source], positions[h.target])
        for h in playbook.handoffs()
        if h.source in positions and h.target in positions
    ]
    count = 0
    for i, (a, b) in enumerate(segments):
        for c, d in segments[i + 1 :]:
            if len({a, b, c, d}) == 4 and _intersect(a, b, c, d):
                count += 1
    return count


def _intersect(a, b, c, d) -> bool:
    def turn(p, q, r) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return turn(a, b, c) * turn(a, b, d) < 0 and turn(c, d, a) * turn(c, d, b) < 0
