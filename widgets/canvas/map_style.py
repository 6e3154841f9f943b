"""Colours, pens and fonts of the map, chosen for the light or dark palette in use."""

from __future__ import annotations

from journeyapp.models.frozen_records import frozen_record
from PySide6.QtGui import QColor, QFont, QPalette


@frozen_record
class MapStyle:
    dark: bool
    background: QColor
    grid_line: QColor
    header_fill: QColor
    header_text: QColor
    band_fill: QColor
    card_fill: QColor
    card_border: QColor
    card_text: QColor
    card_subtle_text: QColor
    selection: QColor
    hover: QColor
    arrow: QColor
    arrow_muted: QColor
    cross_team: QColor
    label_fill: QColor
    warning: QColor
    font_family: str = "DejaVu Sans"
    arrow_scale: float = 1.0  # thicker arrows for a room to read from the back

    @classmethod
    def for_palette(cls, palette: QPalette) -> MapStyle:
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        return cls.dark_style() if dark else cls.light_style()

    @classmethod
    def projector_style(cls) -> MapStyle:
        """High contrast for a projector in a lit room: black on white, heavy lines."""
        return cls(
            dark=False,
            background=QColor("#ffffff"),
            grid_line=QColor("#8a93a3"),
            header_fill=QColor("#dde2ea"),
            header_text=QColor("#000000"),
            band_fill=QColor(0, 0, 0, 14),
            card_fill=QColor("#ffffff"),
            card_border=QColor("#1b1f27"),
            card_text=QColor("#000000"),
            card_subtle_text=QColor("#262b35"),
            selection=QColor("#0b57d0"),
            hover=QColor("#3d7be0"),
            arrow=QColor("#111318"),
            arrow_muted=QColor("#5b6472"),
            cross_team=QColor("#312e81"),
            label_fill=QColor("#ffffff"),
            warning=QColor("#b45309"),
            arrow_scale=2.2,
        )

    @classmethod
    def dark_style(cls) -> MapStyle:
        return cls(
            dark=True,
            background=QColor("#1e2127"),
            grid_line=QColor("#3a3f4b"),
            header_fill=QColor("#2a2e36"),
            header_text=QColor("#e6e9ef"),
            band_fill=QColor(255, 255, 255, 10),
            card_fill=QColor("#2c313a"),
            card_border=QColor("#4b5263"),
            card_text=QColor("#f0f2f5"),
            card_subtle_text=QColor("#aab2bf"),
            selection=QColor("#61afef"),
            hover=QColor("#8fc6f5"),
            arrow=QColor("#c8ccd4"),
            arrow_muted=QColor("#6b7280"),
            cross_team=QColor("#a5b4fc"),
            label_fill=QColor("#262a31"),
            warning=QColor("#e5c07b"),
        )

    @classmethod
    def light_style(cls) -> MapStyle:
        return cls(
            dark=False,
            background=QColor("#f6f7f9"),
            grid_line=QColor("#d5d9e0"),
            header_fill=QColor("#e9ecf1"),
            header_text=QColor("#1f2430"),
            band_fill=QColor(0, 0, 0, 8),
            card_fill=QColor("#ffffff"),
            card_border=QColor("#c3c9d3"),
            card_text=QColor("#1b1f27"),
            card_subtle_text=QColor("#5b6472"),
            selection=QColor("#1a73e8"),
            hover=QColor("#6ea8f7"),
            arrow=QColor("#3d4452"),
            arrow_muted=QColor("#a0a7b3"),
            cross_team=QColor("#4338ca"),
            label_fill=QColor("#ffffff"),
            warning=QColor("#d97706"),
        )

    def font(self, pixel_size: int, bold: bool = False) -> QFont:
        """A font sized in scene units, so it scales with the map's zoom."""
        return scene_font(self.font_family, pixel_size, bold)


def scene_font(family: str, pixel_size: int, bold: bool = False) -> QFont:
    """A font of ``family`` sized in scene units, so it scales with the map's zoom."""
    font = QFont(family)
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font
