"""The map's fixed sizes in scene units: cards, padding, headers, and how bands grow.

Nothing to import here, so the layout worker (``models/layout_worker.py``) starts quickly.
"""

from __future__ import annotations

import math

CARD_WIDTH = 200.0
CARD_HEIGHT = 96.0
CELL_PADDING = 24.0
PHASE_HEADER_HEIGHT = 56.0
LANE_HEADER_WIDTH = 150.0
MIN_COLUMN_WIDTH = 2 * CELL_PADDING + CARD_WIDTH + 40.0
MIN_ROW_HEIGHT = 2 * CELL_PADDING + CARD_HEIGHT + 24.0
SIZE_STEP = 60.0  # columns and rows grow in steps, so nudging a card rarely moves the rest


def stepped(size: float, minimum: float) -> float:
    """A column's width or a row's height for ``size`` of content."""
    return max(minimum, math.ceil(size / SIZE_STEP) * SIZE_STEP)
