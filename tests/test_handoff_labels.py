"""Handoff labels on the sample map: each beside its own arrow, wrapped (to two lines, or more
where it is narrow) before it is cut short, and on no card, no other label and no other
arrow's line."""

from __future__ import annotations

import math

import pytest
from journeyapp.models.change import Kind
from journeyapp.models.templates import load_template
from journeyapp.widgets.canvas.label_layout import LINE_WIDTHS, wrap
from journeyapp.widgets.canvas.map_scene import MapScene
from journeyapp.widgets.canvas.map_style import MapStyle
from PySide6.QtGui import QFont, QFontMetrics, QPainterPathStroker

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
    assert (
        len(items) == len(arrows(scene)) == len(list(scene.playbook.handoffs()))
    )  # every arrow has a label
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


def test_every_label_of_the_sample_shows_whole_wrapping_where_it_is_narrow(sample_scene):
    playbook = sample_scene.playbook
    shown = {
        " ".join(sample_scene.handoff_items[h.id].label_lines): " ".join(h.trigger.split())
        for h in playbook.handoffs()
    }
    assert all(line == trigger for line, trigger in shown.items()), shown
    lines = [sample_scene.handoff_items[h.id].label_lines for h in playbook.handoffs()]
    # Wide where there is room, on two lines; between two cards of a row, on more.
    assert ("SDR accepts: ICP fit and", "intent confirmed") in lines
    assert any(len(label) > 2 for label in lines)


def test_a_label_too_long_for_any_place_is_cut_short_on_its_last_line(qapp):
    font = QFont()
    text = "Qualified by the buying committee " * 8
    for width, most in LINE_WIDTHS:
        lines = wrap(text, font, width, most)
        assert len(lines) == most and lines[-1].endswith("…"), (width, lines)
        assert max(QFontMetrics(font).horizontalAdvance(line) for line in lines) <= width


def test_labels_stay_clear_after_a_card_moves(sample_scene, qtbot):
    """The moved arrows' labels are placed with the move; others their lines now cross,
    right after it."""
    from journeyapp.models.operations import move_stage

    scene = sample_scene
    playbook = scene.playbook
    lost = next(s for s in playbook.stages() if s.name == "Lost")
    edit = move_stage(playbook, lost.id, lost.phase, lost.lane, lost.x - 140, lost.y + 40)
    playbook.apply(edit)
    scene.apply_change(edit.change())
    qtbot.waitUntil(lambda: scene.labels_settled)
    for item in labelled(scene):
        for other in arrows(scene):
            if other is not item:
                assert not stroke(other.path, 1).intersects(item.label_rect), (
                    item.label_lines,
                    other.label_lines,
                )


def big_map(stages: int = 160):
    """Eight phases by four lanes, each stage handing off to the next two."""
    from journeyapp.models.entities import Handoff, Lane, Phase, Stage
    from journeyapp.models.playbook import Playbook

    playbook = Playbook()
    for p in range(8):
        playbook.phases.insert(Phase(f"p{p}", f"Phase {p}"))
    for lane in range(4):
        playbook.lanes.insert(Lane(f"l{lane}", f"Team {lane}", "#1f8a9e"))
    for i in range(stages):
        cell, slot = divmod(i, stages // 32)
        phase, lane = divmod(cell, 4)
        playbook.insert_entity(
            Kind.STAGE,
            Stage(f"s{i}", f"Step {i}", phase=f"p{phase}", lane=f"l{lane}",
                  x=24 + 240 * (slot % 2), y=24 + 130 * (slot // 2)),
        )  # fmt: skip
    for i in range(stages - 2):
        for step in (1, 2):
            playbook.insert_entity(
                Kind.HANDOFF, Handoff(f"h{i}-{step}", f"s{i}", f"s{i + step}", trigger="Qualified")
            )
    return playbook


def test_a_big_map_shows_before_its_labels_settle_and_they_settle_as_if_placed_at_once(qtbot):
    """1,200 labels placed before the map first showed held the window 1.5 s."""
    playbook = big_map()
    at_once = MapScene(MapStyle.light_style())
    at_once.set_playbook(playbook, [])
    assert not at_once.labels_settled  # the map is shown while they settle
    at_once.settle_labels_now()
    between_frames = MapScene(MapStyle.light_style())
    between_frames.set_playbook(playbook, [])
    qtbot.waitUntil(lambda: between_frames.labels_settled, timeout=20_000)
    placed = {i.handoff_id: i.label_rect for i in arrows(at_once)}
    assert {i.handoff_id: i.label_rect for i in arrows(between_frames)} == placed


def test_a_picture_of_the_map_waits_for_every_label(qapp):
    from journeyapp.widgets.canvas.view_image import png_bytes

    scene = MapScene(MapStyle.light_style())
    scene.set_playbook(big_map(), [])
    png_bytes(scene, scale=0.25)
    assert scene.labels_settled
