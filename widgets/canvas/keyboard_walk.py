"""Walking the map from the keyboard: Tab selects the next stage or handoff in the order a buyer
meets them (each stage, then the handoffs leaving it), Shift+Tab the one before; the map
scrolls to show it, and the inspector shows what it means. A facilitator with a keyboard or
a clicker reaches every handoff, not only those a mouse can click."""

from __future__ import annotations

from journeyapp.models.change import Kind
from journeyapp.widgets.canvas.map_scene import MapScene
from PySide6.QtCore import QRectF

Step = tuple[Kind, str]  # a stage or a handoff, by its id

# The keys, for Help → Keyboard Shortcuts: (what they do, the keys).
WALK_KEYS = (
    ("Select the next stage or handoff, in the order a buyer meets them", "Tab"),
    ("Select the previous stage or handoff", "Shift+Tab"),
    ("Leave the map for the next control", "Ctrl+Tab"),
)


def walk_order(scene: MapScene) -> list[Step]:
    """Every stage in journey order, each followed by the handoffs leaving it that the map
    draws, in the order of the stages they lead to."""
    playbook = scene.playbook
    if playbook is None:
        return []
    stages = playbook.stages_in_journey_order()
    place = {stage.id: n for n, stage in enumerate(stages)}
    steps: list[Step] = []
    for stage in stages:
        steps.append((Kind.STAGE, stage.id))
        leaving = sorted(playbook.outgoing(stage.id), key=lambda h: place.get(h.target, 0))
        steps += [(Kind.HANDOFF, h.id) for h in leaving if h.id in scene.handoff_items]
    return steps


def step_from(scene: MapScene, forward: bool) -> Step | None:
    """The stage or handoff after (or before) the one selected; the first (or last) when
    nothing, or several things, are selected."""
    steps = walk_order(scene)
    if not steps:
        return None
    stages, handoffs = scene.selected_stage_ids(), scene.selected_handoff_ids()
    here: Step | None = None
    if len(stages) + len(handoffs) == 1:
        here = (Kind.STAGE, stages[0]) if stages else (Kind.HANDOFF, handoffs[0])
    if here not in steps:
        return steps[0] if forward else steps[-1]
    return steps[(steps.index(here) + (1 if forward else -1)) % len(steps)]


def select_step(scene: MapScene, step: Step) -> QRectF:
    """Select the stage or handoff; the area of the map that shows it."""
    kind, item_id = step
    if kind is Kind.STAGE:
        scene.select_stage(item_id)
        return scene.card_rect(item_id)
    scene.select_handoff(item_id)
    item = scene.handoff_items[item_id]
    label = item.label_rect
    return label if not label.isNull() else item.path.boundingRect()
