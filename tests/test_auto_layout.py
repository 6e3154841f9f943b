"""Auto-layout: dot via NetworkX; phases stay columns, lanes rows; fewer crossings; undoable."""

from __future__ import annotations

from builders import tiny_playbook
from journeyapp.models import operations as ops
from journeyapp.models.auto_layout import auto_layout, crossings, layout_positions
from journeyapp.models.codec import playbook_to_dict
from journeyapp.models.map_geometry import card_rect, compute_grid
from journeyapp.models.templates import load_template


def _centres(playbook):
    grid = compute_grid(playbook)
    result = {}
    for stage in playbook.stages():
        left, top, width, height = card_rect(grid, stage.phase, stage.lane, stage.x, stage.y)
        result[stage.id] = (left + width / 2, top + height / 2)
    return result


def test_layout_keeps_cells_separates_cards_and_crosses_less():
    playbook = load_template("b2b-saas")
    cells_before = {s.id: (s.phase, s.lane) for s in playbook.stages()}
    crossed_before = crossings(playbook, _centres(playbook))
    before = playbook_to_dict(playbook)
    edit = auto_layout(playbook)
    playbook.apply(edit)
    assert {s.id: (s.phase, s.lane) for s in playbook.stages()} == cells_before
    places = [(s.phase, s.lane, s.x, s.y) for s in playbook.stages()]
    assert len(set(places)) == len(places)  # no two cards on one spot
    assert crossings(playbook, _centres(playbook)) <= crossed_before
    playbook.revert(edit)
    assert playbook_to_dict(playbook) == before


def test_layout_follows_the_flow_left_to_right_inside_a_cell():
    playbook = load_template("b2b-saas")
    positions = layout_positions(playbook)
    names = {s.name: s.id for s in playbook.stages()}
    discovery = positions[names["Opportunity: Discovery"]]
    proposal = positions[names["Opportunity: Proposal"]]
    negotiation = positions[names["Opportunity: Negotiation"]]
    assert discovery[0] < proposal[0] < negotiation[0]


def test_layout_of_an_empty_map_is_nothing():
    playbook = tiny_playbook()
    playbook.apply(ops.remove_many(playbook, list(playbook.graph.nodes)))
    assert layout_positions(playbook) == {}


def test_auto_layout_on_the_canvas_is_one_undo_step_and_glides(window, qtbot):
    playbook = window.document.playbook
    before = playbook_to_dict(playbook)
    window.map_actions.auto_layout.trigger()
    qtbot.waitUntil(lambda: window.document.undo_stack.count() == 1, timeout=10000)
    assert window.document.undo_stack.undoText() == "Auto-layout the map"
    qtbot.wait(450)  # the glide lasts 300 ms
    scene = window.scene
    for stage_id, item in scene.stage_items.items():
        assert item.card_rect() == scene.model_card_rect(stage_id)
    window.document.undo_stack.undo()
    assert playbook_to_dict(playbook) == before
