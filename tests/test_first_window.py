"""The first minute: the window sized to its screen, card names legible at the first view,
the view refitting as the window changes size until the user takes over, and the map getting
most of the window."""

from __future__ import annotations

import pytest
from journeyapp.models import operations as ops
from journeyapp.widgets.canvas.map_view import LEGIBLE_NAME_PX
from journeyapp.widgets.canvas.stage_item import TITLE_PIXEL_SIZE
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSlider, QScrollArea

from journeyapp.app import create_application
from journeyapp.document import Document
from journeyapp.main_window import MainWindow
from journeyapp.settings import AppSettings
from journeyapp.window_layout import first_geometry

TITLE_BAR = 30  # about what a window manager adds above a window


@pytest.fixture
def fresh(qtbot, messages):
    """A main window as a first run opens it (no saved settings), at a size or as placed."""
    made = []

    def make(size: tuple[int, int] | None = None, template: str = "b2b-saas") -> MainWindow:
        create_application()
        main = MainWindow(AppSettings())
        qtbot.addWidget(main)
        main.set_document(Document.new_untitled(template))
        if size is not None:
            main.setWindowState(Qt.WindowState.WindowNoState)
            main.resize(*size)
        main.show()
        qtbot.waitExposed(main)
        qtbot.wait(30)  # the first fit waits for the layout to settle
        made.append(main)
        return main

    yield make
    for main in made:
        main.close()


def name_px(window: MainWindow) -> float:
    return TITLE_PIXEL_SIZE * window.canvas.zoom()


def visible_scene_rect(window: MainWindow):
    canvas = window.canvas
    return canvas.mapToScene(canvas.viewport().rect()).boundingRect()


def test_a_first_run_opens_sized_to_the_screen_maximised_on_a_small_one(qtbot, messages):
    create_application()
    main = MainWindow(AppSettings())
    qtbot.addWidget(main)
    assert main.windowState() & Qt.WindowState.WindowMaximized  # the test screen is 800×600
    # Maximised there; restored, the window and its title bar fit the screen (a window the
    # size of the screen went under the top edge once the window manager framed it).
    small, maximised = first_geometry(QRect(0, 0, 1280, 720))
    assert maximised
    assert QRect(0, 0, 1280, 720).contains(small.adjusted(-4, -TITLE_BAR, 4, 4))
    assert first_geometry(QRect(0, 0, 1599, 1200))[1]
    big, maximised = first_geometry(QRect(1920, 0, 2560, 1440))
    assert not maximised
    assert QRect(1920, 0, 2560, 1440).contains(big)  # on that screen, not the first one
    assert big.width() >= 1600 and big.height() >= 900
    assert big.size() != main.size()


@pytest.mark.parametrize("size", [None, (1280, 720), (1920, 1080)])
def test_the_first_view_shows_card_names_at_a_legible_size(fresh, size):
    window = fresh(size)
    assert name_px(window) >= LEGIBLE_NAME_PX >= 11
    playbook = window.document.playbook
    first = playbook.stages_in_journey_order()[0]
    visible = visible_scene_rect(window)
    assert visible.contains(window.scene.card_rect(first.id))  # the journey's start, not blank
    shown = [s for s in playbook.stages() if visible.contains(window.scene.card_rect(s.id))]
    if size is not None:  # on the test's 800×600 screen there is room for the first card only
        assert len(shown) >= 4


def test_a_map_that_fits_legibly_is_shown_whole(fresh):
    window = fresh((1920, 1080), template="blank")
    grid = window.scene.grid
    visible = visible_scene_rect(window)
    assert visible.width() >= grid.width and visible.height() >= grid.height
    assert name_px(window) >= 11


def test_the_view_refits_when_the_window_grows_until_the_user_zooms(fresh, qtbot):
    window = fresh((1280, 720), template="blank")
    small_zoom = window.canvas.zoom()
    window.resize(1920, 1080)
    qtbot.wait(30)
    grown_zoom = window.canvas.zoom()
    assert grown_zoom > small_zoom * 1.2  # refitted: the grid grew with the window
    grid = window.scene.grid
    visible = visible_scene_rect(window)
    assert visible.width() >= grid.width and visible.height() >= grid.height

    window.action_zoom_out.trigger()
    chosen = window.canvas.zoom()
    window.resize(1280, 720)
    qtbot.wait(30)
    assert window.canvas.zoom() == pytest.approx(chosen)  # the user's zoom is kept

    window.action_zoom_fit.trigger()  # Ctrl+0 fits again, and keeps fitting
    fitted = window.canvas.zoom()
    window.resize(1920, 1080)
    qtbot.wait(30)
    assert window.canvas.zoom() > fitted * 1.2


def test_scrolling_the_map_stops_the_refit(fresh, qtbot):
    window = fresh((1280, 720))
    bar = window.canvas.horizontalScrollBar()
    bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)  # as a click on the bar
    scrolled_to = visible_scene_rect(window).left()
    assert scrolled_to > 300  # past the start of the journey
    zoom = window.canvas.zoom()
    window.resize(1100, 700)  # a refit would go back to the start of the journey
    qtbot.wait(30)
    assert window.canvas.zoom() == pytest.approx(zoom)
    assert visible_scene_rect(window).left() == pytest.approx(scrolled_to, abs=2)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_map_gets_most_of_the_window_and_every_dock_stays_readable(fresh, qtbot, size):
    window = fresh(size)
    canvas = window.canvas
    share = canvas.width() * canvas.height() / (window.width() * window.height())
    assert share >= 0.55, f"the map has {share:.0%} of the window at {size}"
    inspector = window.dock_inspector
    assert inspector.isVisible() and inspector.height() >= 260 and inspector.width() >= 280
    window.scene.select_stage(window.document.playbook.stages()[0].id)
    name = window.inspector.name_edit
    assert name.isVisible()
    qtbot.wait(10)
    areas = [a for a in inspector.findChildren(QScrollArea) if a.isVisible()]
    assert areas
    for area in areas:
        assert not area.horizontalScrollBar().isVisible()  # the form is never cut at the side
    assert name.height() >= name.fontMetrics().height()
    inside = window.rect()
    for part in (window.panel_bar, window.find_field, inspector, window.dock_minimap):
        corner = part.mapTo(window, part.rect().bottomRight())
        assert inside.contains(corner), f"{part.objectName()} runs off the window"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_panel_under_the_map_fits_its_width_and_the_replay_keeps_its_timeline(
    fresh, qtbot, size
):
    """At 1280×720 the replay's timeline was squeezed to a stub beside its buttons, and the
    Deals and Review panels scrolled sideways, hiding their last column. Tables may scroll;
    a panel's own layout may not."""
    window = fresh(size)
    window.panels.deals.show_deal(next(iter(window.document.playbook.deals)))
    for dock in window.panel_bar.actions_by_dock:
        window.panel_bar.click(dock)
        qtbot.waitUntil(dock.isVisible)
        qtbot.wait(10)
        areas = [a for a in dock.findChildren(QScrollArea) if a.isVisible()]
        sideways = [a for a in areas if a.horizontalScrollBar().isVisible()]
        assert not sideways, f"{dock.windowTitle()} scrolls sideways at {size}"
        if dock is window.panels.dock_deals:
            assert window.panels.deals.scrubber.width() >= 160
        window.panel_bar.click(dock)


def test_panels_under_the_map_open_on_demand_and_close_again(fresh, qtbot):
    window = fresh((1280, 720))
    bar, dock = window.panel_bar, window.panels.dock_problems
    assert not dock.isVisible() and not bar.open_docks()
    before = window.canvas.height()
    bar.actions_by_dock[dock].trigger()
    qtbot.wait(10)
    assert dock.isVisible() and bar.actions_by_dock[dock].isChecked()
    assert dock.height() < window.height() * 0.3  # one line of problems opens short
    assert window.canvas.height() < before
    bar.actions_by_dock[dock].trigger()
    qtbot.wait(10)
    assert not dock.isVisible() and not bar.actions_by_dock[dock].isChecked()
    assert window.canvas.height() == before


def test_a_new_stage_on_an_empty_map_takes_the_hint_away(fresh, qtbot):
    window = fresh((1600, 1000), template="blank")
    canvas = window.canvas
    box = canvas.empty_map_hint_rect()
    assert not box.isNull() and canvas.viewport().rect().contains(box)

    def dark_pixels() -> int:
        image = canvas.viewport().grab().toImage()
        return sum(
            image.pixelColor(x, y).lightness() < 110
            for x in range(box.left(), box.right(), 2)
            for y in range(box.top(), box.bottom(), 2)
        )

    with_hint = dark_pixels()
    assert with_hint > 100  # the hint's words are drawn there
    playbook = window.document.playbook
    window.apply_edit(ops.add_stage(playbook, "Lead", "awareness", "marketing", 24, 24))
    qtbot.wait(10)
    assert canvas.empty_map_hint_rect().isNull()
    assert dark_pixels() < with_hint / 10
    window.action_undo.trigger()
    qtbot.wait(10)
    assert not canvas.empty_map_hint_rect().isNull()
    assert dark_pixels() > 100


def test_a_view_chosen_as_a_map_opens_is_kept(fresh, qtbot):
    """The first view of a map waits for the window's layout to settle; a view chosen
    before then (Ctrl+0 as the map opens) is the one shown."""
    window = fresh((1280, 720))
    window.set_document(Document.new_untitled("b2b-saas"))
    window.action_zoom_fit.trigger()
    qtbot.wait(30)
    assert window.canvas.fit_mode == "whole"
    grid = window.scene.grid
    visible = visible_scene_rect(window)
    assert visible.width() >= grid.width and visible.height() >= grid.height
    assert name_px(window) < LEGIBLE_NAME_PX  # fitted, not the legible first view


def test_the_view_menu_opens_a_panel_in_front_and_the_bar_marks_exactly_the_open_ones(window):
    bar = window.panel_bar
    glossary, deals = window.panels.dock_glossary, window.panels.dock_deals
    glossary.toggleViewAction().trigger()  # View → Glossary
    deals.toggleViewAction().trigger()  # View → Deals, with Glossary open
    assert not deals.visibleRegion().isEmpty()  # in front, not behind Glossary's tab
    assert bar.actions_by_dock[deals].isChecked() and bar.actions_by_dock[glossary].isChecked()
    glossary.toggleViewAction().trigger()  # View → Glossary off
    assert glossary.isHidden() and not deals.isHidden()
    assert not bar.actions_by_dock[glossary].isChecked()
    assert bar.actions_by_dock[deals].isChecked()


def test_tab_from_the_find_field_never_lands_on_a_tab_bar_out_of_sight(window, qtbot):
    from PySide6.QtWidgets import QApplication, QTabBar

    window.find_field.setFocus()
    qtbot.waitUntil(window.find_field.hasFocus)
    QTest.qWait(10)  # the tab bars are sorted out once the window has laid its panels out
    for _ in range(3):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert not (isinstance(focus, QTabBar) and focus.count() == 0)
        assert window.rect().contains(focus.mapTo(window, focus.rect().center()))


def test_on_a_short_screen_the_right_column_gives_way_so_the_window_fits(window):
    """A 720-line projector with the text at 150 % leaves 480 logical lines: the window's
    least height, title bar included, fits them."""
    from journeyapp.window_layout import FRAME_ALLOWANCE, fit_to_screen

    short = QRect(0, 0, 853, 480)
    fit_to_screen(window, short, [window.dock_inspector, window.dock_history], window.dock_minimap)
    assert window.minimumSizeHint().height() + FRAME_ALLOWANCE <= short.height()
    assert window.dock_inspector.minimumHeight() >= 140


def test_every_panel_under_the_map_can_open_short_leaving_the_map_its_room(window):
    """A panel asks no more height than a 1280×720 window's panel share (about 230 px): a long
    form scrolls inside it rather than pushing the map down to a strip."""
    for dock in window.panel_bar.actions_by_dock:
        window.panel_bar.open(dock)
        assert dock.minimumSizeHint().height() <= 240, dock.objectName()
        dock.close()
