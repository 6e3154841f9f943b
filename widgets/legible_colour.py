"""Colours that say something (on time, late, breached) kept legible on whatever they are
drawn on: WCAG contrast, and the same hue made lighter or darker until it reads."""

from __future__ import annotations

from PySide6.QtGui import QColor

LEGIBLE = 4.5  # WCAG AA for text


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(one: QColor, other: QColor) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def legible(colour: QColor, background: QColor, least: float = LEGIBLE) -> QColor:
    """``colour``, or its hue made lighter on a dark background (darker on a light one)
    until it reads on ``background``."""
    shown = QColor(colour)
    lighter = _luminance(background) < 0.18
    for _ in range(40):
        if contrast(shown, background) >= least:
            return shown
        hue, saturation, lightness, alpha = shown.getHslF()
        lightness = min(1.0, lightness + 0.03) if lighter else max(0.0, lightness - 0.03)
        shown = QColor.fromHslF(max(hue, 0.0), saturation, lightness, alpha)
    return shown
