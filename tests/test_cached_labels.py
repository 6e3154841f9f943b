"""Arrow labels are copied from pixmaps kept at the view's scale: what shows is what drawing
them would show, after edits, selection and zooming as before."""

from __future__ import annotations

import pytest
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.widgets.canvas import handoff_item
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter, QPixmapCache

# An antialiased edge composited from a pixmap may round one level apart from one drawn in
# place; text or a box out of place differs by far more.
TOLERANCE = 2


def _render(viewport, area: QRect) -> QImage:
    image = QImage(viewport.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    viewport.render(image)
    return image.copy(area)


def _drawn_in_place(monkeypatch, viewport, area: QRect) -> QImage:
    with monkeypatch.context() as patch:
        patch.setattr(handoff_item, "draw_cached", lambda painter, key, rect, draw: draw(painter))
        return _render(viewport, area)


def _largest_difference(one: QImage, other: QImage) -> int:
    assert one.size() == other.size()
    first, second = one.constBits().tobytes(), other.constBits().tobytes()
    return max(abs(a - b) for a, b in zip(first, second, strict=True))


def _label_area(canvas, item) -> QRect:
    return canvas.mapFromScene(item.label_rect.adjusted(-4, -4, 4, 4)).boundingRect()


def _labelled_item(window):
    scene = window.canvas.map_scene
    return next(
        item
        for item in scene.handoff_items.values()
        if not item.label_rect.isNull() and item.data_shown.sla_hours is not None
    )


@pytest.mark.parametrize("zoom", [1.0, 1.37, 2.5])
def test_a_cached_label_shows_what_drawing_it_shows(window, monkeypatch, zoom):
    canvas = window.canvas
    canvas.set_zoom(zoom)
    item = _labelled_item(window)
    canvas.centerOn(item.label_rect.center())
    area = _label_area(canvas, item)
    QPixmapCache.clear()
    _render(canvas.viewport(), area)  # the pixmap made
    cached = _render(canvas.viewport(), area)  # and copied
    in_place = _drawn_in_place(monkeypatch, canvas.viewport(), area)
    assert _largest_difference(cached, in_place) <= TOLERANCE


def test_a_label_shows_its_new_trigger_and_its_selection_not_an_old_pixmap(window, monkeypatch):
    canvas = window.canvas
    canvas.set_zoom(1.0)
    item = _labelled_item(window)
    canvas.centerOn(item.label_rect.center())
    area = _label_area(canvas, item)
    before = _render(canvas.viewport(), area)

    window.apply_edit(
        ops.set_fields(
            window.document.playbook, Kind.HANDOFF, item.handoff_id, trigger="Signed order form"
        )
    )
    assert item.label_lines == ("Signed order form",)
    area = _label_area(canvas, item)
    after = _render(canvas.viewport(), area)
    assert after.size() != before.size() or _largest_difference(after, before) > 50
    assert _largest_difference(after, _drawn_in_place(monkeypatch, canvas.viewport(), area)) <= (
        TOLERANCE
    )

    item.setSelected(True)
    selected = _render(canvas.viewport(), area)
    assert _largest_difference(selected, after) > 50  # drawn in the selection's colour
    assert (
        _largest_difference(selected, _drawn_in_place(monkeypatch, canvas.viewport(), area))
        <= TOLERANCE
    )


def test_a_label_rendered_to_a_file_is_drawn_not_copied(window, monkeypatch):
    """A PDF or SVG of the map keeps its labels as text and shapes."""
    scene = window.canvas.map_scene
    copied = []
    monkeypatch.setattr(
        handoff_item, "draw_cached", lambda painter, key, rect, draw: copied.append(key)
    )
    image = QImage(800, 600, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    scene.render(painter)
    painter.end()
    assert copied == []
