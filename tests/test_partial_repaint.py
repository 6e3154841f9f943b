"""Repainting only part of the view draws exactly what a full repaint would."""

from __future__ import annotations

import math
from itertools import pairwise

from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.entities import HandoffKind
from journeyapp.widgets.canvas.arrow_pieces import cut_into_pieces
from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import QImage, QPainterPath, QRegion


def _full_render(viewport) -> QImage:
    image = QImage(viewport.size(), QImage.Format.Format_ARGB32_Premultiplied)
    viewport.render(image)
    return image


def test_a_partial_repaint_after_an_edit_matches_a_full_one(window):
    """Only the card's inside is repainted for new text, and arrows under it skip painting."""
    canvas = window.canvas
    canvas.set_zoom(1.0)
    playbook = window.document.playbook
    mql = next(s for s in playbook.stages() if s.name == "MQL")
    canvas.centerOn(canvas.map_scene.card_rect(mql.id).center())
    viewport = canvas.viewport()
    shown = _full_render(viewport)
    window.apply_edit(ops.rename(playbook, Kind.STAGE, mql.id, "Marketing qualified lead"))
    item = canvas.map_scene.stage_items[mql.id]
    inner = canvas.mapFromScene(item.mapRectToScene(item.inner_rect())).boundingRect()
    area = inner.adjusted(-2, -2, 2, 2)  # what the view repaints for it
    viewport.render(shown, area.topLeft(), QRegion(area))
    assert shown == _full_render(viewport)


def test_repainting_a_small_area_crossed_by_a_long_arrow_draws_it_the_same(window):
    """A long arrow strokes only its pieces near the area, and nothing it shows there is lost."""
    canvas = window.canvas
    canvas.set_zoom(1.5)
    scene = canvas.map_scene
    handoffs = window.document.playbook.handoffs()
    longest = max(
        (h for h in handoffs if h.kind is HandoffKind.CROSS_TEAM),
        key=lambda h: scene.handoff_items[h.id].path.length(),
    )
    path = scene.handoff_items[longest.id].path
    viewport = canvas.viewport()
    for fraction in (0.3, 0.55, 0.8):
        point = path.pointAtPercent(fraction)
        canvas.centerOn(point)
        full = _full_render(viewport)
        centre = canvas.mapFromScene(point)
        area = QRect(centre.x() - 30, centre.y() - 30, 60, 60)
        blank = QImage(viewport.size(), QImage.Format.Format_ARGB32_Premultiplied)
        blank.fill(0)
        viewport.render(blank, area.topLeft(), QRegion(area))
        assert blank.copy(area) == full.copy(area), f"differs at {fraction:.0%} along the arrow"


def test_an_arrow_cut_into_pieces_runs_end_to_end_and_keeps_its_length():
    """Each piece starts where the last ended, so a dashed line's pattern runs on unbroken."""
    path = QPainterPath(QPointF(0, 0))
    path.cubicTo(QPointF(900, 0), QPointF(100, 600), QPointF(1400, 600))
    pieces = cut_into_pieces(path)
    assert len(pieces) > 5
    for before, after in pairwise(pieces):
        assert before.line.last() == after.line.first()
        assert after.start > before.start
    last = pieces[-1].line
    tail = sum(math.dist((a.x(), a.y()), (b.x(), b.y())) for a, b in pairwise(last.toList()))
    assert math.isclose(pieces[-1].start + tail, path.length(), rel_tol=0.01)
    assert pieces[0].line.first() == QPointF(0, 0)
    assert last.last() == QPointF(1400, 600)
