"""Where the main window opens the first time, and how its docks share the room with the map.

The map gets the space: the inspector takes a column on the right (the undo
history is a tab behind it, the overview a short strip under it) and the
panels under the map stay closed until their name is clicked in the panel bar.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow

SMALL_SCREEN = QSize(1600, 900)  # on a screen smaller than this either way, open maximised
SCREEN_SHARE = 0.9  # on a larger one, this share of it, centred
# Bumped when the default layout changes, so a layout saved by an older version is not restored.
LAYOUT_VERSION = 1

RIGHT_SHARE = 0.23  # the inspector column's share of the window's width …
# … kept between these, in pixels: the stage form's fields side by side need about 365 and a
# scroll bar, so the narrowest column never scrolls sideways.
RIGHT_WIDTH = (390, 460)
OVERVIEW_HEIGHT = 150
# No dock is squeezed below the size that keeps its text readable.
INSPECTOR_MINIMUM = QSize(280, 260)
SIDE_MINIMUM_HEIGHT = 100
BOTTOM_MINIMUM_HEIGHT = 150  # a table's header and three rows
PROBLEMS_MINIMUM_HEIGHT = 110  # the problems list's title and two lines


def first_geometry(available: QRect) -> tuple[QRect, bool]:
    """The window's first place on a screen with ``available`` room, and whether it is
    maximised there. A maximised window's place is where it goes when restored: a share of
    the screen, so that with the frame a window manager adds it still fits."""
    size = QSize(round(available.width() * SCREEN_SHARE), round(available.height() * SCREEN_SHARE))
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(available.center())
    small = available.width() < SMALL_SCREEN.width() or available.height() < SMALL_SCREEN.height()
    return rect, small


def place_on_screen(window: QMainWindow) -> None:
    """Size ``window`` to the screen the user is on (the one under the mouse)."""
    screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
    rect, maximised = first_geometry(screen.availableGeometry())
    window.setGeometry(rect)
    if maximised:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def arrange_docks(
    window: QMainWindow,
    inspector: QDockWidget,
    history: QDockWidget,
    overview: QDockWidget,
    bottom: list[QDockWidget],
) -> None:
    """The default layout: the history tabbed behind the inspector, the overview under them,
    and every panel under the map (``bottom``, Problems first) tabbed together and closed."""
    # Tabbed before the corner is given to the right column: after it, Qt would lay the panels
    # side by side, and the window could not be narrower than all of them together.
    for dock in bottom[1:]:
        window.tabifyDockWidget(bottom[0], dock)
    # The right column runs the window's full height; the panels under the map stay under it.
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    window.tabifyDockWidget(inspector, history)
    inspector.raise_()
    inspector.setMinimumSize(INSPECTOR_MINIMUM)
    history.setMinimumSize(INSPECTOR_MINIMUM)
    overview.setMinimumHeight(SIDE_MINIMUM_HEIGHT)
    for dock in bottom:
        dock.setMinimumHeight(BOTTOM_MINIMUM_HEIGHT)
        dock.hide()
    bottom[0].setMinimumHeight(PROBLEMS_MINIMUM_HEIGHT)


FRAME_ALLOWANCE = 40  # a window manager's title bar and borders around the window
ROOMY_HEIGHT = 640  # more than every dock's minimum and the bars together ask for
LEAST_SIDE_HEIGHTS = (140, 60)  # the inspector (and history) and the overview, on the least room


def fit_to_screen(
    window: QMainWindow, available: QRect, column: list[QDockWidget], overview: QDockWidget
) -> None:
    """Lower the right column's minimum heights where the window could not otherwise fit the
    screen's height (a 720-line projector with the text at 150 %): the inspector (and the
    history behind it, ``column``) first, then the overview, never below a readable least."""
    if available.height() >= ROOMY_HEIGHT:
        return  # no need to lay the window out before its first paint to know it fits
    over = window.minimumSizeHint().height() + FRAME_ALLOWANCE - available.height()
    if over <= 0:
        return
    least_column, least_overview = LEAST_SIDE_HEIGHTS
    cut = min(over, max(0, column[0].minimumHeight() - least_column))
    for dock in column:
        dock.setMinimumHeight(dock.minimumHeight() - cut)
    over -= cut
    overview.setMinimumHeight(max(least_overview, overview.minimumHeight() - over))


def size_docks(window: QMainWindow, inspector: QDockWidget, overview: QDockWidget) -> None:
    """Give the right column a width that suits the window, and the overview a short strip."""
    low, high = RIGHT_WIDTH
    width = max(low, min(high, round(window.width() * RIGHT_SHARE)))
    window.resizeDocks([inspector], [width], Qt.Orientation.Horizontal)
    if not overview.isHidden():
        rest = max(INSPECTOR_MINIMUM.height(), window.height() - OVERVIEW_HEIGHT)
        window.resizeDocks([inspector, overview], [rest, OVERVIEW_HEIGHT], Qt.Orientation.Vertical)


def bottom_panel_height(window: QMainWindow) -> int:
    """How tall a panel under the map opens: a third of the window, within sensible bounds."""
    return max(BOTTOM_MINIMUM_HEIGHT + 40, min(360, round(window.height() * 0.32)))
