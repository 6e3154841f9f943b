"""Auto-layout: layered per phase; phases stay columns, lanes rows; fewer crossings; undoable;
off the window's thread, cancellable, and never applied to a map that changed meanwhile."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from builders import tiny_playbook
from journeyapp.models import operations as ops
from journeyapp.models.auto_layout import auto_layout, crossings, layout_positions, snapshot
from journeyapp.models.codec import playbook_to_dict
from journeyapp.models.layout_worker import snapshot_to_json
from journeyapp.models.map_geometry import card_rect, compute_grid
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template
from journeyapp.widgets.canvas.map_view import STALE_LAYOUT
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from benchmarks.generated_maps import realistic_map


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
    scene = window.scene
    qtbot.waitUntil(  # the glide lasts 300 ms, and ends with each card where the model says
        lambda: all(
            item.card_rect() == scene.model_card_rect(stage_id)
            for stage_id, item in scene.stage_items.items()
        )
    )
    window.document.undo_stack.undo()
    assert playbook_to_dict(playbook) == before


# -- at the sizes a real company reaches ---------------------------------------------------


def _cells(playbook):
    return {s.id: (s.phase, s.lane) for s in playbook.stages()}


def test_a_realistic_map_keeps_every_stage_in_its_cell_and_lays_out_the_same_each_time():
    playbook = realistic_map(300)
    cells = _cells(playbook)
    positions = layout_positions(playbook)
    assert positions == layout_positions(realistic_map(300))
    playbook.apply(auto_layout(playbook))
    assert _cells(playbook) == cells
    places = [(s.phase, s.lane, s.x, s.y) for s in playbook.stages()]
    assert len(set(places)) == len(places)
    assert {s.id: (s.x, s.y) for s in playbook.stages()} == positions


def test_the_worker_process_lays_out_alike_whatever_the_hash_seed(tmp_path):
    playbook = realistic_map(100)
    text = snapshot_to_json(snapshot(playbook))
    results = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "journeyapp.models.layout_worker"],
            input=text,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
            check=True,
        )
        last = done.stdout.strip().splitlines()[-1]
        assert last.startswith("positions ")
        results.append(json.loads(last.removeprefix("positions ")))
    expected = {k: list(v) for k, v in layout_positions(playbook).items()}
    assert results == [expected, expected]


def test_a_1000_stage_map_is_laid_out_in_its_cells_with_fewer_crossings():
    playbook = realistic_map(1000)
    cells = _cells(playbook)
    crossed_before = crossings(playbook, _centres(playbook))
    playbook.apply(auto_layout(playbook))
    assert _cells(playbook) == cells
    places = [(s.phase, s.lane, s.x, s.y) for s in playbook.stages()]
    assert len(set(places)) == len(places)
    assert crossings(playbook, _centres(playbook)) < crossed_before


def test_crossings_counts_every_crossing_pair_once():
    playbook = realistic_map(100)
    centres = _centres(playbook)
    segments = [(centres[h.source], centres[h.target]) for h in playbook.handoffs()]
    by_pairs = sum(
        1
        for i, (a, b) in enumerate(segments)
        for c, d in segments[i + 1 :]
        if len({a, b, c, d}) == 4 and _crosses(a, b, c, d)
    )
    assert by_pairs > 0
    assert crossings(playbook, centres) == by_pairs


def _crosses(a, b, c, d) -> bool:
    def side(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


# -- in the window -------------------------------------------------------------------------


def _positions(playbook):
    return {s.id: (s.x, s.y) for s in playbook.stages()}


def test_ctrl_l_lays_the_map_out_as_one_undo_step(window, qtbot):
    playbook = window.document.playbook
    expected = layout_positions(playbook)
    before = _positions(playbook)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.document.undo_stack.count() == 1, timeout=10000)
    assert _positions(playbook) == expected
    window.document.undo_stack.undo()
    assert _positions(playbook) == before


@pytest.fixture
def large_window(window, tmp_path):
    path = tmp_path / "large.journey"
    Store.create(path, realistic_map(1000)).close()
    assert window.open_file(path)
    return window


def test_cancel_or_esc_leaves_the_map_and_the_undo_history_as_they_were(large_window, qtbot):
    window = large_window
    canvas = window.canvas
    playbook = window.document.playbook
    before = playbook_to_dict(playbook)
    bar = canvas.layout_progress

    window.map_actions.auto_layout.trigger()
    qtbot.waitUntil(bar.isVisible, timeout=10000)
    assert "1,000 stages" in bar.label.text()
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert not bar.isVisible() and canvas.layout_run is None

    window.map_actions.auto_layout.trigger()
    qtbot.waitUntil(bar.isVisible, timeout=10000)
    qtbot.mouseClick(bar.cancel, Qt.MouseButton.LeftButton)
    assert not bar.isVisible() and canvas.layout_run is None

    qtbot.wait(3000)  # longer than the layout takes: nothing arrives late
    assert playbook_to_dict(playbook) == before
    assert window.document.undo_stack.count() == 0


def test_a_result_for_a_map_changed_meanwhile_is_not_applied(window, qtbot):
    playbook = window.document.playbook
    stage = playbook.stages()[0]
    window.map_actions.auto_layout.trigger()
    assert window.canvas.layout_run is not None
    window.apply_edit(
        ops.move_stage(playbook, stage.id, stage.phase, stage.lane, stage.x + 40, stage.y)
    )
    moved_by_hand = _positions(playbook)
    qtbot.waitUntil(lambda: window.canvas.layout_run is None, timeout=10000)
    assert _positions(playbook) == moved_by_hand
    assert window.document.undo_stack.count() == 1  # the move alone
    assert window.statusBar().currentMessage() == STALE_LAYOUT
