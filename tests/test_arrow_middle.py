"""A handoff's label starts out halfway along its arrow, whichever way the arrow runs."""

from __future__ import annotations

import pytest
from journeyapp.models.entities import HandoffKind
from journeyapp.models.map_geometry import CARD_HEIGHT, CARD_WIDTH
from journeyapp.widgets.canvas.handoff_item import HandoffArrowData, HandoffItem
from journeyapp.widgets.canvas.map_style import MapStyle
from PySide6.QtCore import QPointF, QRectF

SOURCE = QRectF(400, 400, CARD_WIDTH, CARD_HEIGHT)
# Where the target card is, from the source: ahead, behind, below, above, and behind at
# another height (a recycle loops under the cards there, a curve with no half-turn symmetry).
TARGETS = [(460, 0), (460, 210), (-460, 0), (-460, -130), (0, 210), (0, -210), (-700, 90)]


@pytest.mark.parametrize("kind", list(HandoffKind))
@pytest.mark.parametrize("dx, dy", TARGETS)
def test_the_label_sits_halfway_along_the_arrow(qapp, kind, dx, dy):
    item = HandoffItem("h", HandoffArrowData(kind, "Lead accepted", 24), MapStyle.light_style())
    item.set_ends(SOURCE, SOURCE.translated(dx, dy))
    halfway = item.path.pointAtPercent(0.5)  # Qt measures the curve's length
    centre = item.label_rect.center()
    assert (centre - halfway).manhattanLength() < 0.5

    step = QPointF(37.5, -12.25)  # both cards moved: the arrow and its label move along
    assert item.set_ends(SOURCE.translated(step), SOURCE.translated(dx, dy).translated(step)) == (
        "moved"
    )
    centre = item.label_rect.center()
    assert (centre - item.path.pointAtPercent(0.5)).manhattanLength() < 0.5

    item.set_ends(SOURCE, SOURCE.translated(dx + 40, dy))  # rerouted: put halfway again
    centre = item.label_rect.center()
    assert (centre - item.path.pointAtPercent(0.5)).manhattanLength() < 0.5
