"""Handoff labels on the sample map: each beside its own arrow, wrapped to two lines before
it is cut short, and on no card, no other label and no other arrow's line."""

from __future__ import annotations

import math

import pytest
from journeyapp.models.templates import load_template
from journeyapp.widgets.canvas.map_scene import MapScene
from journeyapp.widgets.canvas.map_style import MapStyle
from PySide6.QtGui import QPainterPathStroker

NEAR = 6.0  # scene units between a label and its own arrow, at most


def stroke(path, width):
    stroker = QPainterPathStroker()
    stroker.setWidth(width)
    return stroker.createStroke(path)


@pytest.fixture
def sample_scene(qapp):
    scene = MapScene(MapStyle.light_style())
    scene.set_playbook(load_template("b2b-saas"), [])
    return scene


def arrows(scene):
    return [*scene.handoff_items.values(), *scene.recycle_items.values()]


def labelled(scene):
    return [item for item in arrows(scene) if not item.label_rect.isNull()]


def test_no_label_lies_on_a_card_another_label_or_another_arrows_line(sample_scene):
    scene = sample_scene
    items = labelled(scene)
    assert len(items) == len(arrows(scene)) == 17  # every arrow of the sample has a label
    cards = [scene.card_rect(stage_id) for stage_id in scene.stage_items]
    for item in items:
        label = item.label_rect
        assert not any(label.intersects(card) for card in cards), item.label_lines
        for other in arrows(scene):
            if other is item:
                continue
            assert not label.intersects(other.label_rect), (item.label_lines, other.label_lines)
            assert not stroke(other.path, 1).intersects(label), (
                item.label_lines,
                other.label_lines,
            )


def test_each_label_sits_beside_its_own_arrow(sample_scene):
    for item in labelled(sample_scene):
        label = item.label_rect
        assert stroke(item.path, 2 * NEAR).intersects(label), item.label_lines
        centre = label.center()
        points = [item.path.pointAtPercent(n / 200) for n in range(201)]
        nearest = min(math.hypot(p.x() - centre.x(), p.y() - centre.y()) for p in points)
        assert nearest <= math.hypot(label.width() / 2, label.height() / 2) + NEAR


def test_a_label_wraps_to_two_lines_before_it_is_cut_short(sample_scene):
    playbook = sample_scene.playbook
    for handoff in playbook.handoffs():
        lines = sample_scene.handoff_items[handoff.id].label_lines
        text = " ".join(handoff.trigger.split())
        if " ".join(lines) != text:
            assert len(lines) == 2 and lines[1].endswith("…"), lines
    whole = {
        " ".join(sample_scene.handoff_items[h.id].label_lines): h.trigger
        for h in playbook.handoffs()
    }
    # Longer than the 30 characters a label used to show, and whole now, on two lines.
    assert "SDR accepts: ICP fit and intent confirmed" in whole
    assert "Handover meeting with customer success" in whole


def test_labels_stay_clear_after_a_card_moves(sample_scene):
    from journeyapp.models.operations import move_stage

    scene = sample_scene
    playbook = scene.playbook
    lost = next(s for s in playbook.stages() if s.name == "Lost")
    edit = move_stage(playbook, lost.id, lost.phase, lost.lane, lost.x - 140, lost.y + 40)
    playbook.apply(edit)
    scene.apply_change(edit.change())
    for item in labelled(scene):
        for other in arrows(scene):
            if other is not item:
                assert not stroke(other.path, 1).intersects(item.label_rect), (
                    item.label_lines,
                    other.label_lines,
                )
