"""The order a buyer meets the stages: along the handoffs, from where the journey starts.

A stage comes after every stage that hands buyers forward to it (a topological order of
the forward handoffs), starting from the entry stages; where the handoffs leave a choice,
the stage drawn earlier on the map (phase column, then lane, then position) comes first.

Only forward moves count: progression, cross-team and disqualify handoffs. A recycle
handoff sends buyers back by definition, so it never orders anything. Forward handoffs
can still close a loop (an expansion feeding a new opportunity); such a loop is broken
at its back edge, the handoff that returns to a stage already on the path, found by a
depth-first walk from the entry stages, so the loop's stages keep the order the buyer
first meets them.
"""

from __future__ import annotations

import heapq

import networkx as nx
from journeyapp.models.entities import HandoffKind, Stage, StageKind
from journeyapp.models.playbook import Playbook

FORWARD = {HandoffKind.PROGRESSION, HandoffKind.CROSS_TEAM, HandoffKind.DISQUALIFY}


def stages_along_journey(playbook: Playbook) -> list[Stage]:
    """Every stage once, in the order a buyer moves through them."""
    drawn = playbook.stages_in_journey_order()  # the tie-break: the order people read the map
    rank = {stage.id: n for n, stage in enumerate(drawn)}
    forward = nx.DiGraph()
    forward.add_nodes_from(rank)
    forward.add_edges_from((h.source, h.target) for h in playbook.handoffs() if h.kind in FORWARD)
    entries = [s.id for s in drawn if s.kind is StageKind.ENTRY]
    starts = entries + [s.id for s in drawn if forward.in_degree(s.id) == 0] + list(rank)
    forward.remove_edges_from(_back_edges(forward, starts, rank))
    return [playbook.stage(stage_id) for stage_id in _ordered(forward, rank)]


def _back_edges(graph: nx.DiGraph, starts: list[str], rank: dict[str, int]) -> list:
    """The edges that close a loop, seen from a depth-first walk from ``starts`` in turn,
    each stage's successors taken in map order (iterative, so a long map cannot overflow)."""
    done: set[str] = set()
    on_path: set[str] = set()
    back = []
    for start in starts:
        if start in done:
            continue
        on_path.add(start)
        stack = [(start, iter(sorted(graph.successors(start), key=rank.__getitem__)))]
        while stack:
            node, successors = stack[-1]
            following = next(successors, None)
            if following is None:
                stack.pop()
                on_path.discard(node)
                done.add(node)
            elif following in on_path:
                back.append((node, following))
            elif following not in done:
                on_path.add(following)
                ordered = sorted(graph.successors(following), key=rank.__getitem__)
                stack.append((following, iter(ordered)))
    return back


def _ordered(graph: nx.DiGraph, rank: dict[str, int]) -> list[str]:
    """Kahn's topological sort, always taking the ready stage drawn earliest."""
    waiting = {node: graph.in_degree(node) for node in graph}
    ready = [(rank[node], node) for node, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, node = heapq.heappop(ready)
        order.append(node)
        for following in graph.successors(node):
            waiting[following] -= 1
            if waiting[following] == 0:
                heapq.heappush(ready, (rank[following], following))
    return order
