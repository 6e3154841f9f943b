"""Each theme's colours read from the back of a room: text on fields, greyed figures, the
fields' and check boxes' boxes against the window around them (WCAG contrast ratios)."""

from __future__ import annotations

import pytest
from journeyapp.widgets.legible_colour import contrast
from PySide6.QtGui import QColor, QPalette

from journeyapp.themes import Theme, palette_for

R = QPalette.ColorRole
DISABLED = QPalette.ColorGroup.Disabled


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK, Theme.PROJECTOR])
def test_every_theme_reads_at_a_distance(qapp, theme):
    palette = palette_for(theme)
    base, window = palette.color(R.Base), palette.color(R.Window)
    assert contrast(palette.color(R.Text), base) >= 7  # text in fields and tables
    assert contrast(palette.color(R.WindowText), window) >= 7
    # greyed figures ("fewer than 20 deals") and muted captions, still legible
    assert contrast(palette.color(DISABLED, R.Text), base) >= 3.5
    assert contrast(palette.color(DISABLED, R.WindowText), window) >= 3.5
    assert contrast(palette.color(R.PlaceholderText), base) >= 3.5
    # an empty field or an unticked box stands apart from the window it sits in: by its fill,
    # or by the outline Fusion draws round it (the window's colour, darkened)
    assert max(contrast(base, window), contrast(window.darker(140), base)) >= 1.2


def test_the_replay_s_badges_hold_white_text_legibly(qapp):
    from journeyapp.widgets.canvas.replay_overlay import PACE_COLOURS

    for colour in PACE_COLOURS.values():
        assert contrast(QColor("white"), colour) >= 4.5, colour.name()


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK, Theme.PROJECTOR])
def test_a_replay_s_sla_line_reads_in_every_theme(window, theme):
    from journeyapp.models.first_touch import SlaState
    from journeyapp.widgets.canvas.replay_overlay import SLA_COLOURS

    window.set_theme(theme)
    panel = window.panels.deals
    background = panel.palette().color(R.Window)
    for state, colour in SLA_COLOURS.items():
        panel._sla_colour = colour
        panel._paint_text(panel.sla_line, colour)
        shown = QColor(panel.sla_line.styleSheet().removeprefix("color: ").rstrip(";"))
        assert contrast(shown, background) >= 4.5, (theme, state)
    assert SlaState.BREACHED in SLA_COLOURS
