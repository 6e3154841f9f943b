"""Lay the map out left to right: phases stay columns, lanes stay rows, few arrows cross.

The layout itself (``models/layered_layout.py``) works on a snapshot of plain values, so
the app can run it off the window's thread; this module takes the snapshot and turns the
result into one undoable edit.
"""

from __future__ import annotations

from collections.abc import Callable

from journeyapp.models.edits import Macro
from journeyapp.models.layered_layout import MapSnapshot, arrange, count_crossings
from journeyapp.models.operations import move_stage
from journeyapp.models.playbook import Playbook

LABEL = "Auto-layout the map"


def snapshot(playbook: Playbook) -> MapSnapshot:
    """The map as the layout sees it; two equal snapshots lay out alike."""
    return MapSnapshot(
        phases=tuple(playbook.phases.ids()),
        lanes=tuple(playbook.lanes.ids()),
        stages=tuple((s.id, s.phase, s.lane, s.x, s.y) for s in playbook.stages_in_journey_order()),
        handoffs=tuple(
            (h.source, h.target, h.kind.value)
            for h in sorted(playbook.handoffs(), key=lambda h: h.id)
        ),
    )


def layout_positions(
    playbook: Playbook, progress: Callable[[float], None] | None = None
) -> dict[str, tuple[float, float]]:
    """Each stage's new (x, y) inside its own cell; ``progress`` is told the share done."""
    return arrange(snapshot(playbook), progress)


def layout_edit(playbook: Playbook, positions: dict[str, tuple[float, float]]) -> Macro:
    """One undoable edit that moves each stage to its place in ``positions``."""
    edits = []
    for stage in playbook.stages():
        x, y = positions[stage.id]
        if (stage.x, stage.y) != (x, y):
            edits.append(move_stage(playbook, stage.id, stage.phase, stage.lane, x, y))
    return Macro(tuple(edits), label=LABEL)


def auto_layout(playbook: Playbook, progress: Callable[[float], None] | None = None) -> Macro:
    """One undoable edit that moves every stage to its laid-out place."""
    return layout_edit(playbook, layout_positions(playbook, progress))


def crossings(playbook: Playbook, positions: dict[str, tuple[float, float]]) -> int:
    """How many pairs of handoffs cross, drawn as straight lines between card centres.

    ``positions`` are absolute centres; used to compare layouts.
    """
    return count_crossings(
        [
            (positions[h.source], positions[h.target])
            for h in playbook.handoffs()
            if h.source in positions and h.target in positions
        ]
    )
