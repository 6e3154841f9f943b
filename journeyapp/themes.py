"""Light, dark and projector themes; by default the app follows the system's dark mode."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from journeyapp.widgets.canvas.map_style import MapStyle


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    PROJECTOR = "projector"

    @property
    def title(self) -> str:
        return {
            Theme.SYSTEM: "Follow the System",
            Theme.LIGHT: "Light",
            Theme.DARK: "Dark",
            Theme.PROJECTOR: "Projector (high contrast)",
        }[self]


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def effective(theme: Theme) -> Theme:
    """The theme actually shown: the system's light or dark for SYSTEM."""
    if theme is Theme.SYSTEM:
        return Theme.DARK if system_is_dark() else Theme.LIGHT
    return theme


def _palette(colours: dict[QPalette.ColorRole, str], disabled_text: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return palette


R = QPalette.ColorRole
DARK = {
    R.Window: "#23262d",
    R.WindowText: "#e6e9ef",
    # Fields lighter than the window: Fusion outlines a field in the window's colour darkened,
    # which on a dark window does not show, so a darker field and an unticked box vanished.
    R.Base: "#323741",
    R.AlternateBase: "#383e49",
    R.Text: "#e6e9ef",
    R.Button: "#2c3038",
    R.ButtonText: "#e6e9ef",
    R.Highlight: "#3d7be0",
    R.HighlightedText: "#ffffff",
    R.ToolTipBase: "#2c3038",
    R.ToolTipText: "#e6e9ef",
    R.PlaceholderText: "#9aa1ae",
    R.Link: "#8fc6f5",
    R.Mid: "#3a3f4b",
    R.Dark: "#15171c",
}
LIGHT = {
    R.Window: "#f3f4f7",
    R.WindowText: "#1b1f27",
    R.Base: "#ffffff",
    R.AlternateBase: "#f6f7f9",
    R.Text: "#1b1f27",
    R.Button: "#eceef2",
    R.ButtonText: "#1b1f27",
    R.Highlight: "#1a73e8",
    R.HighlightedText: "#ffffff",
    R.ToolTipBase: "#ffffff",
    R.ToolTipText: "#1b1f27",
    R.PlaceholderText: "#6b7280",
    R.Link: "#1a56c4",
    R.Mid: "#c3c9d3",
    R.Dark: "#9aa3b2",
}
PROJECTOR = {
    **LIGHT,
    R.Window: "#ffffff",
    R.WindowText: "#000000",
    R.Text: "#000000",
    R.ButtonText: "#000000",
    R.Highlight: "#0b57d0",
}


def palette_for(theme: Theme) -> QPalette:
    shown = effective(theme)
    if shown is Theme.DARK:
        return _palette(DARK, "#8f97a6")
    if shown is Theme.PROJECTOR:
        return _palette(PROJECTOR, "#5b6472")
    return _palette(LIGHT, "#6b7280")  # greyed, yet legible from the back of the room


def map_style_for(theme: Theme) -> MapStyle:
    shown = effective(theme)
    if shown is Theme.PROJECTOR:
        return MapStyle.projector_style()
    return MapStyle.dark_style() if shown is Theme.DARK else MapStyle.light_style()


# Set on an application started with the Fusion style: asking it for its style would have
# PySide6 make QStyle's enums, milliseconds of start-up.
FUSION_CHOSEN = "journeyapp_fusion_chosen"


def apply_theme(theme: Theme) -> None:
    """Give the whole application the theme's palette (the Fusion style honours it fully)."""
    app = QApplication.instance()
    if app is None:
        return
    if not app.property(FUSION_CHOSEN) and app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette_for(theme))
