"""The main window: the map in the middle, the inspector and undo history docked beside it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QTabBar,
    QWidget,
)

from journeyapp.action_names import NAME_PROPERTY
from journeyapp.document import Document
from journeyapp.map_actions import MapActions
from journeyapp.models.change import Change, Kind
from journeyapp.models.errors import PlaybookError
from journeyapp.models.playbook import Edit
from journeyapp.models.validation import Severity
from journeyapp.models.words import count
from journeyapp.panel_bar import PanelBar
from journeyapp.panels import AgreementPanels, PanelDock
from journeyapp.save_path import with_suffix_confirmed
from journeyapp.settings import AppSettings
from journeyapp.themes import Theme, apply_theme, map_style_for
from journeyapp.widgets.canvas.find_stage import FindStageField
from journeyapp.widgets.canvas.grid_editor import GridEditor
from journeyapp.widgets.canvas.map_scene import MapScene
from journeyapp.widgets.canvas.map_view import JourneyCanvas
from journeyapp.widgets.canvas.minimap import Minimap
from journeyapp.widgets.plain_text import as_typed
from journeyapp.window_layout import (
    LAYOUT_VERSION,
    arrange_docks,
    fit_to_screen,
    place_on_screen,
    size_docks,
)

if TYPE_CHECKING:
    from journeyapp.widgets.canvas.diff_overlay import DiffOverlay
    from journeyapp.workshop import WorkshopMode

APP_TITLE = "Journey Playbook"


def app_version() -> str:
    """The installed package's version, as its metadata says."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("journeyapp")
    except PackageNotFoundError:
        return "(version unknown: not installed)"


FILE_FILTER = "Journey playbooks (*.journey)"
PROBLEM_DELAY_MS = 150
FIND_FIELD_WIDTH = 260


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setAccessibleName("Journey Playbook main window")
        self.settings = settings
        self.document: Document | None = None
        self.last_error: str | None = None
        self._shown_once = False
        self._problem_timer = QTimer(self)
        self._problem_timer.setSingleShot(True)
        self._problem_timer.setInterval(PROBLEM_DELAY_MS)
        self._problem_timer.timeout.connect(self._refresh_problems)
        self.undo_group = QUndoGroup(self)

        self.theme = Theme(settings.theme()) if settings.theme() in set(Theme) else Theme.SYSTEM
        apply_theme(self.theme)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        self.scene = MapScene(map_style_for(self.theme), self)
        self.canvas = JourneyCanvas(self.scene, self)
        self.setCentralWidget(self.canvas)
        self.canvas.editRequested.connect(self.apply_edit)
        self.canvas.refused.connect(self.show_error)
        self.canvas.told.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.grid_editor = GridEditor(self, lambda: self.document.playbook)
        self.grid_editor.editRequested.connect(self.apply_edit)
        self.grid_editor.refused.connect(self.show_error)
        self.canvas.gridMenuRequested.connect(self.grid_editor.show_menu)
        self.canvas.gridRenameRequested.connect(self.grid_editor.ask_rename)

        self.panels = AgreementPanels(self)
        self.dock_inspector = self.panels.dock_inspector
        # Tabbed behind the inspector: its list is made when its tab is first chosen.
        self.dock_history = self._dock(
            "dock_history", "History", self._make_undo_view, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.minimap = Minimap(self.canvas)
        self.dock_minimap = self._dock(
            "dock_minimap", "Overview", self.minimap, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.find_field = FindStageField()
        self.find_field.found.connect(self._show_found_stage)
        self.find_field.notFound.connect(
            lambda text: self.statusBar().showMessage(f"No stage matches “{text}”.", 4000)
        )
        # In the menu bar's corner, so the map does not lose a toolbar's height to it.
        self.find_field.setFixedWidth(FIND_FIELD_WIDTH)
        corner = QWidget(self.menuBar())  # the menu bar places a corner widget by its size hint
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 2, 6, 2)
        corner_layout.addWidget(self.find_field)
        self.menuBar().setCornerWidget(corner, Qt.Corner.TopRightCorner)
        bottom = self.panels.bottom_docks()
        arrange_docks(self, self.dock_inspector, self.dock_history, self.dock_minimap, bottom)
        self.panel_bar = PanelBar(self, bottom)
        # Qt keeps an emptied tab bar of tabbed panels in the Tab order, out of sight: each
        # time panels open or close, only a bar with tabs takes the keyboard focus.
        self._tab_bars_later = QTimer(self, singleShot=True, interval=0)
        self._tab_bars_later.timeout.connect(self._tidy_tab_bars)
        for dock in self.findChildren(QDockWidget):
            dock.visibilityChanged.connect(self._tab_bars_later.start)
        self._tab_bars_later.start()

        self.problem_label = QLabel()
        self.problem_label.setObjectName("status_problems")
        self.problem_label.setAccessibleName("Problem count")
        self.read_only_label = QLabel()
        self.read_only_label.setObjectName("status_read_only")
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.statusBar().addPermanentWidget(self.problem_label)

        self._workshop: WorkshopMode | None = None  # made when first asked for
        self._diff_overlay: DiffOverlay | None = None  # made when first shown
        self.snapshot_viewers: list = []
        self.shortcuts_window = None  # made when first shown
        self.getting_started_window = None
        self._create_actions()
        self._create_menus()
        geometry, state = settings.window_geometry(), settings.window_state()
        if geometry is None or not self.restoreGeometry(geometry):
            place_on_screen(self)
        screen = self.screen() or QGuiApplication.primaryScreen()
        fit_to_screen(
            self,
            screen.availableGeometry(),
            [self.dock_inspector, self.dock_history],
            self.dock_minimap,
        )
        # A layout saved before the current default (LAYOUT_VERSION) gives way to it.
        self._first_start = state is None or not self.restoreState(state, LAYOUT_VERSION)

    # -- construction -------------------------------------------------------

    def _tidy_tab_bars(self) -> None:
        for bar in self.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            bar.setFocusPolicy(Qt.FocusPolicy.TabFocus if bar.count() else Qt.FocusPolicy.NoFocus)

    def _dock(self, name: str, title: str, widget, area) -> QDockWidget:
        """A dock on the window holding ``widget``; or, given the function that makes it, a
        PanelDock that makes it when first shown or asked for."""
        if isinstance(widget, QWidget):
            dock = QDockWidget(title, self)
            dock.setWidget(widget)
        else:
            dock = PanelDock(title, self, widget)
        dock.setObjectName(name)
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        return dock

    def _make_undo_view(self) -> QWidget:
        from PySide6.QtWidgets import QUndoView  # its classes' enums cost start-up milliseconds

        view = QUndoView(self.undo_group)
        view.setObjectName("undo_view")
        view.setAccessibleName("Undo history")
        view.setEmptyLabel("Opened")
        return view

    @property
    def undo_view(self) -> QWidget:
        """The undo history's list (made when first asked for)."""
        return self.dock_history.widget()

    @property
    def workshop(self) -> WorkshopMode:
        """Workshop mode, made the first time it is asked for: start-up does without it."""
        if self._workshop is None:
            from journeyapp.workshop import WorkshopMode

            self._workshop = WorkshopMode(self)
        return self._workshop

    def _action(self, name: str, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.action_new = self._action(
            "action_new", "&New", self.new_blank, key.New, "Start an empty playbook"
        )
        self.action_new_sample = self._action(
            "action_new_sample",
            "New from &Sample",
            self.new_sample,
            None,
            "Start from the B2B SaaS sample playbook",
        )
        self.action_open = self._action("action_open", "&Open…", self._ask_open, key.Open)
        self.action_save_as = self._action(
            "action_save_as", "Save &As…", self._ask_save_as, key.SaveAs
        )
        self.action_export_json = self._action(
            "action_export_json", "Export &JSON…", lambda: self._ask_export("json")
        )
        self.action_export_graphml = self._action(
            "action_export_graphml", "Export &GraphML…", lambda: self._ask_export("graphml")
        )
        self.action_import_deals = self._action(
            "action_import_deals",
            "&Import Deals…",
            self.import_deals,
            tip="Bring deals' stage histories in from a CRM export (CSV)",
        )
        self.action_import_leads = self._action(
            "action_import_leads",
            "Import &Leads…",
            self.import_leads,
            tip="Bring leads' lifecycle stages in from a CRM export (CSV)",
        )
        self.action_import_touches = self._action(
            "action_import_touches",
            "Import &Touches…",
            self.import_touches,
            tip="Bring the receiving team's calls, emails and meetings in from an activity "
            "export, so SLAs are measured on first touch",
        )
        self.action_export_pdf = self._action(
            "action_export_pdf",
            "Export &PDF Playbook…",
            self.export_pdf,
            tip="The playbook as a PDF handbook: the map, each stage, RACI, roles, definitions",
        )
        self.action_export_interview_guide = self._action(
            "action_export_interview_guide",
            "Export &Interview Guide…",
            lambda: self.export_interview_guide(),
            tip="One page for a win/loss interviewer: the questions for the stages a deal "
            "went through, in the map's words",
        )
        self.action_export_html = self._action(
            "action_export_html",
            "Export &Web Playbook…",
            lambda: self._ask_export("html"),
            tip="The playbook as one web page for an intranet or wiki: the map, stages, roles",
        )
        self.action_export_png = self._action(
            "action_export_png", "Export Map as &PNG…", lambda: self._ask_export("png")
        )
        self.action_export_svg = self._action(
            "action_export_svg", "Export Map as S&VG…", lambda: self._ask_export("svg")
        )
        self.action_find = self._action("action_find", "&Find Stage…", self._focus_find, key.Find)
        self.action_quit = self._action("action_quit", "&Quit", self.close, key.Quit)
        self.action_add_phase = self._action(
            "action_add_phase", "Add &Phase…", lambda: self.grid_editor.ask_add(Kind.PHASE)
        )
        self.action_add_lane = self._action(
            "action_add_lane", "Add &Lane…", lambda: self.grid_editor.ask_add(Kind.LANE)
        )

        # The group keeps their text ("Undo Rename …") and enabled state following the stack;
        # triggering asks the Document, which moves the stack only once the file took the step.
        self.action_undo = self.undo_group.createUndoAction(self, "&Undo")
        self.action_undo.setObjectName("action_undo")
        self.action_undo.setShortcut(key.Undo)
        self.action_undo.setProperty(NAME_PROPERTY, "Undo")  # its text names the step
        self.action_undo.triggered.disconnect()
        self.action_undo.triggered.connect(lambda: self.document and self.document.undo())
        self.action_redo = self.undo_group.createRedoAction(self, "&Redo")
        self.action_redo.setObjectName("action_redo")
        # Platforms disagree on Redo (Ctrl+Y or Ctrl+Shift+Z); people bring both habits.
        redo_keys = QKeySequence.keyBindings(key.Redo)
        for extra in ("Ctrl+Y", "Ctrl+Shift+Z"):
            if QKeySequence(extra) not in redo_keys:
                redo_keys.append(QKeySequence(extra))
        self.action_redo.setShortcuts(redo_keys)
        self.action_redo.setProperty(NAME_PROPERTY, "Redo")
        self.action_redo.triggered.disconnect()
        self.action_redo.triggered.connect(lambda: self.document and self.document.redo())
        self.addAction(self.action_undo)
        self.addAction(self.action_redo)

        self.action_zoom_in = self._action(
            "action_zoom_in", "Zoom &In", self.canvas.zoom_in, key.ZoomIn
        )
        self.action_zoom_out = self._action(
            "action_zoom_out", "Zoom &Out", self.canvas.zoom_out, key.ZoomOut
        )
        self.action_zoom_fit = self._action(
            "action_zoom_fit", "Zoom to &Fit", self.canvas.zoom_to_fit, "Ctrl+0"
        )
        self.map_actions = MapActions(self, self.canvas)
        self.action_toggle_inspector = self.dock_inspector.toggleViewAction()
        self.action_toggle_inspector.setObjectName("action_toggle_inspector")
        self.action_toggle_history = self.dock_history.toggleViewAction()
        self.action_toggle_history.setObjectName("action_toggle_history")
        self.action_about = self._action("action_about", "&About", self._about)
        self.action_shortcuts = self._action(
            "action_shortcuts",
            "&Keyboard Shortcuts",
            self.show_shortcuts,
            "Ctrl+/",
            "Every key the window answers to",
        )
        self.action_getting_started = self._action(
            "action_getting_started",
            "&Getting Started",
            self.show_getting_started,
            key.HelpContents,
            "Add stages, connect them, agree roles, import deals, run the workshop, publish",
        )
        self.action_workshop = self._action(
            "action_workshop",
            "&Workshop Mode",
            lambda: self.workshop.toggle(),
            "F5",
            "Full screen for a room: walk the stages with PageDown, park notes, vote, time it",
        )
        self.action_invite_room = self._action(
            "action_invite_room",
            "&Invite the Room",
            lambda: self.workshop.room.invite(),
            None,
            "Let the room join from their phones over this network: a QR code on the projector",
        )
        self.action_room_people = self._action(
            "action_room_people",
            "&People in the Room…",
            lambda: self.workshop.room.show_people(),
            None,
            "Who has joined the room from their phones, and asking one of them to leave",
        )
        self.action_room_anonymous = self._action(
            "action_room_anonymous",
            "Allow Joining &Anonymously",
            lambda checked: self.workshop.room.set_anonymous(checked),
            None,
            "Let participants join the room without giving a name",
        )
        self.action_room_anonymous.setCheckable(True)
        self.action_room_anonymous.setChecked(True)
        self.action_close_room = self._action(
            "action_close_room",
            "&Close the Room",
            lambda: self.workshop.room.close_room(),
            None,
            "Stop the room's server; every phone shows that the room has closed",
        )

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.setObjectName("menu_file")
        file_menu.addActions([self.action_new, self.action_new_sample, self.action_open])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("menu_recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.action_save_as)
        self.action_playbook_properties = self._action(
            "action_playbook_properties",
            "Playbook P&roperties…",
            self._ask_properties,
            tip="The playbook's name, company, version, owner and logo, and the business hours "
            "SLAs count",
        )
        file_menu.addAction(self.action_playbook_properties)
        file_menu.addSeparator()
        file_menu.addAction(self.action_import_deals)
        file_menu.addAction(self.action_import_leads)
        file_menu.addAction(self.action_import_touches)
        file_menu.addSeparator()
        file_menu.addActions(
            [
                self.action_export_pdf,
                self.action_export_interview_guide,
                self.action_export_html,
                self.action_export_json,
                self.action_export_graphml,
                self.action_export_png,
                self.action_export_svg,
            ]
        )
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.setObjectName("menu_edit")
        edit_menu.addActions([self.action_undo, self.action_redo])
        edit_menu.addSeparator()
        self.map_actions.fill_edit_menu(edit_menu)

        map_menu = bar.addMenu("&Map")
        map_menu.setObjectName("menu_map")
        self.map_actions.fill_map_menu(map_menu)
        map_menu.addSeparator()
        map_menu.addActions([self.action_add_phase, self.action_add_lane])
        map_menu.addSeparator()
        map_menu.addAction(self.action_find)

        view_menu = bar.addMenu("&View")
        view_menu.setObjectName("menu_view")
        view_menu.addActions(
            [
                self.action_zoom_in,
                self.action_zoom_out,
                self.action_zoom_fit,
                self.map_actions.zoom_selection,
            ]
        )
        view_menu.addSeparator()
        self.action_toggle_minimap = self.dock_minimap.toggleViewAction()
        self.action_toggle_minimap.setObjectName("action_toggle_minimap")
        view_menu.addActions(
            [self.action_toggle_inspector, self.action_toggle_history, self.action_toggle_minimap]
        )
        view_menu.addActions(self.panels.toggle_actions())
        view_menu.addSeparator()
        view_menu.addAction(self.action_workshop)
        view_menu.addActions(
            [
                self.action_invite_room,
                self.action_room_people,
                self.action_room_anonymous,
                self.action_close_room,
            ]
        )
        theme_menu = view_menu.addMenu("&Theme")
        theme_menu.setObjectName("menu_theme")
        self.theme_actions: dict[Theme, QAction] = {}
        group = QActionGroup(self)
        for theme in Theme:
            action = QAction(theme.title, self, checkable=True)
            action.setObjectName(f"action_theme_{theme.value}")
            action.setChecked(theme is self.theme)
            action.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
            group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[theme] = action

        help_menu = bar.addMenu("&Help")
        help_menu.setObjectName("menu_help")
        help_menu.addActions([self.action_getting_started, self.action_shortcuts])
        help_menu.addSeparator()
        help_menu.addAction(self.action_about)

    # -- themes -------------------------------------------------------------

    def set_theme(self, theme: Theme, remember: bool = True) -> None:
        """Show the app and the map in ``theme``; remembered for the next start."""
        self.theme = theme
        if remember:
            self.settings.set_theme(theme.value)
        self.theme_actions[theme].setChecked(True)
        apply_theme(theme)
        self._restyle_map()

    def _system_scheme_changed(self, *_args) -> None:
        if self.theme is Theme.SYSTEM:
            apply_theme(self.theme)
            self._restyle_map()

    def _restyle_map(self) -> None:
        self.scene.set_style(map_style_for(self.theme))
        self.canvas.overview.reset()
        self.minimap.reset()
        self.canvas.viewport().update()

    # -- documents ----------------------------------------------------------

    def set_document(self, document: Document) -> None:
        """Show ``document``; the one shown before is closed."""
        old = self.document
        self.canvas.cancel_layout()  # a layout of the old map is of no use to the new one
        if old is not None:
            if self._workshop is not None:
                self._workshop.room.close_room()
            old.changed.disconnect(self._on_change)
            old.locationChanged.disconnect(self._refresh_title)
            old.saveFailed.disconnect(self.show_error)
            self.undo_group.removeStack(old.undo_stack)
        self.document = document
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        document.changed.connect(self._on_change)
        document.locationChanged.connect(self._refresh_title)
        document.saveFailed.connect(self.show_error)
        self.scene.set_playbook(document.playbook, document.problems())
        self.refresh_read_only()
        self.panels.set_playbook(document.playbook)
        self.panels.show_problems(document.problems())
        self.find_field.set_playbook(document.playbook)
        self.canvas.overview.reset()
        self.minimap.reset()
        if old is not None:
            old.close()
        if not document.is_untitled:
            self.settings.add_recent_file(document.path)
        self._refresh_title()
        self._refresh_status()
        if self.isVisible():
            self.canvas.show_map_soon()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle_map()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self._first_start:
                size_docks(self, self.dock_inspector, self.dock_minimap)
            self.canvas.show_map_soon()

    def open_file(self, path: str | Path) -> bool:
        if self._is_open_here(Path(path)):  # opened again, it would read as someone else's
            self.statusBar().showMessage(f"{Path(path).name} is open in this window.", 4000)
            return True
        if not self._may_close_document():
            return False
        try:
            document = Document.open(path)
        except PlaybookError as error:
            self.show_error(str(error))
            return False
        self.set_document(document)
        self.show_opening_notices(document)
        return True

    def _is_open_here(self, path: Path) -> bool:
        """Whether the window has the file open for editing (one it has read-only is opened
        again: the window that held it may have let go)."""
        if self.document is None or self.document.read_only:
            return False
        try:
            return path.samefile(self.document.path)
        except OSError:
            return False

    def show_opening_notices(self, document: Document) -> None:
        """What the user should know about a file just opened: read-only, and why; parts of
        it that pointed at nothing and were made to fit."""
        said = []
        if document.read_only:
            said.append(document.read_only_reason or "Opened read-only.")
        if document.store.repairs:
            listed = " ".join(document.store.repairs[:5])
            more = len(document.store.repairs) - 5
            said.append(
                f"{document.display_name} opened, with "
                f"{count(len(document.store.repairs), 'problem')} set right in memory "
                f"(the file is unchanged until you edit): {listed}"
                + (f" … and {more} more." if more > 0 else "")
            )
        if said:
            self.show_notice(" ".join(said))

    def new_blank(self) -> None:
        self._new_from("blank")

    def new_sample(self) -> None:
        self._new_from("b2b-saas")

    def _new_from(self, template: str) -> None:
        if not self._may_close_document():
            return
        try:
            self.set_document(Document.new_untitled(template))
        except PlaybookError as error:
            self.show_error(str(error))

    def save_as(self, path: str | Path) -> bool:
        self.send_typed()  # the copy holds what the window shows
        path = with_suffix_confirmed(self, Path(path), ".journey")
        if path is None:
            return False
        try:
            self.document.save_as(path)
        except PlaybookError as error:
            self.show_error(str(error))
            return False
        self.settings.add_recent_file(self.document.path)
        self.statusBar().showMessage(f"Saved as {path.name}", 4000)
        return True

    def export(self, kind: str, path: str | Path) -> bool:
        """Write the playbook (json, graphml, a web page) or the map (png, svg) to ``path``."""
        from journeyapp.export.atomic_file import write_atomically
        from journeyapp.export.graphml import write_graphml
        from journeyapp.export.html.playbook_html import write_html
        from journeyapp.export.json_interchange import write_json
        from journeyapp.widgets.canvas.view_image import png_bytes, svg_bytes

        playbook, source = self.document.playbook, self.document.path
        writers = {
            "json": lambda: write_json(playbook, path, source),
            "graphml": lambda: write_graphml(playbook, path, source),
            "html": lambda: write_html(playbook, path, source),
            "png": lambda: write_atomically(path, png_bytes(self.scene), source),
            "svg": lambda: write_atomically(
                path, svg_bytes(self.scene, playbook.meta.name), source
            ),
        }
        try:
            writers[kind]()
        except PlaybookError as error:
            self.show_error(str(error))
            return False
        self.statusBar().showMessage(f"Exported {Path(path).name}", 4000)
        return True

    def apply_edit(self, edit: Edit) -> bool:
        """Ask the Document to apply a widget's edit; a refused edit is explained, not lost."""
        if self.document is None:
            return False  # the window is closing
        if self._workshop is not None and not self._workshop.allows(edit):
            self.statusBar().showMessage("The map is locked for the workshop (L unlocks it).", 4000)
            return False
        try:
            self.document.apply(edit)
        except PlaybookError as error:
            self.show_error(str(error))
            self.panels.refresh()
            return False
        return True

    # -- following the document -------------------------------------------

    def _on_change(self, change: Change) -> None:
        self.scene.apply_change(change)
        self.panels.on_change(change)
        if change.touches(Kind.STAGE):
            self.find_field.refresh_names(change.get(Kind.STAGE))
        self._refresh_title()  # the playbook's name, or untitled work now edited
        if self._workshop is not None:
            self._workshop.refresh(change)
        self._problem_timer.start()

    def open_snapshot(self, snapshot_id: str) -> None:
        """A snapshot in a read-only window of its own."""
        from journeyapp.models import snapshots
        from journeyapp.widgets.canvas.snapshot_viewer import SnapshotViewer

        snapshot = self.document.playbook.snapshots[snapshot_id]
        try:
            playbook = snapshots.opened(snapshot)
        except PlaybookError as error:
            self.show_error(str(error))
            return
        viewer = SnapshotViewer(
            playbook, snapshot.name, snapshot.taken_at, map_style_for(self.theme), self
        )
        viewer.show()
        self.snapshot_viewers.append(viewer)
        viewer.destroyed.connect(
            lambda: (
                self.snapshot_viewers.remove(viewer) if viewer in self.snapshot_viewers else None
            )
        )

    @property
    def inspector(self):
        """The stage inspector (made when first asked for)."""
        return self.panels.inspectors.stage

    @property
    def handoff_inspector(self):
        """The handoff inspector (made when first asked for)."""
        return self.panels.inspectors.handoff

    @property
    def diff_overlay(self) -> DiffOverlay:
        """What changed since a snapshot, as marks on the map."""
        if self._diff_overlay is None:
            from journeyapp.widgets.canvas.diff_overlay import DiffOverlay

            self._diff_overlay = DiffOverlay(self.scene)
        return self._diff_overlay

    def show_diff(self, differences, old) -> None:
        """What changed since a snapshot, on the map; None takes it off."""
        if differences is None:
            self.diff_overlay.clear()
        else:
            self.diff_overlay.show(differences, old)

    def refresh_read_only(self) -> None:
        """The map takes no edits in a read-only file, or while the workshop lock is on."""
        read_only = self.document is not None and self.document.read_only
        locked = self._workshop is not None and self._workshop.locked
        self.map_actions.set_read_only(read_only or locked)

    def _refresh_problems(self) -> None:
        """Validate once typing or dragging pauses, so edits on big maps stay instant."""
        if self.document is not None:
            self.scene.set_problems(self.document.problems())
            self.panels.show_problems(self.document.problems())
            self._refresh_status()

    def _focus_find(self) -> None:
        self.find_field.setFocus()
        self.find_field.selectAll()

    def _show_found_stage(self, stage_id: str) -> None:
        self.canvas.centre_on_stage(stage_id)
        self.canvas.setFocus()

    def _refresh_title(self) -> None:
        """ "Q4 plan — q4.journey — saved": every edit is in the file at once, so a named file
        never shows an asterisk; untitled work does once edited, until it is given a file."""
        document = self.document
        if document is None:
            self.setWindowTitle(APP_TITLE)
            return
        parts = [document.playbook.meta.name.strip()]
        if document.is_untitled:
            parts.append("Untitled[*]")  # Qt shows the asterisk while the window is modified
        else:
            parts.append(document.display_name)
            parts.append("read-only" if document.read_only else "saved")
        parts.append(APP_TITLE)
        self.setWindowTitle(" — ".join(part for part in parts if part))
        self.setWindowModified(document.has_unsaved_work())

    def shown_title(self) -> str:
        """The title as the title bar shows it (the asterisk placeholder resolved)."""
        mark = "*" if self.isWindowModified() else ""
        return self.windowTitle().replace("[*]", mark)

    def _refresh_status(self) -> None:
        problems = self.document.problems()
        errors = sum(p.severity is Severity.ERROR for p in problems)
        warnings = len(problems) - errors
        self.problem_label.setText(f"{count(errors, 'error')} · {count(warnings, 'warning')}")
        self.read_only_label.setText("Read-only" if self.document.read_only else "")

    # -- closing ------------------------------------------------------------

    def send_typed(self) -> None:
        """What is typed but not yet sent belongs to this document: a panel's field, a
        stage's new name on its card, a note in workshop mode, each kept as leaving it keeps
        it."""
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus):
            focus.clearFocus()  # a table cell being edited keeps its text as leaving it does
        self.panels.flush()
        self.canvas.finish_rename()
        if self._workshop is not None:
            self._workshop.panel.flush()

    def _may_close_document(self) -> bool:
        """Ask to keep untitled work, or work whose file went while it was open, before it is
        closed; False if the user cancels."""
        self.send_typed()
        document = self.document
        if document is None or not document.has_unsaved_work():
            return True
        from PySide6.QtWidgets import QMessageBox

        question = (
            "Save this untitled playbook before closing it?"
            if document.is_untitled
            else f"{document.path.name} was deleted or replaced while it was open here, and "
            "this window's work is in no file now. Save it under a name before closing?"
        )
        answer = QMessageBox.question(
            self,
            APP_TITLE,
            as_typed(question),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            return self._ask_save_as()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close_document():
            event.ignore()
            return
        self.canvas.cancel_layout()
        if self._workshop is not None:
            self._workshop.room.close_room()
            self._workshop.leave()  # remember the window as the user arranged it, not the room's
        self.settings.save_window(self.saveGeometry(), self.saveState(LAYOUT_VERSION))
        if self.document is not None:
            self.undo_group.removeStack(self.document.undo_stack)
            self.document.close()
            self.document = None
        event.accept()

    # -- dialogs ----------------------------------------------------------

    def _ask_properties(self) -> None:
        from journeyapp.properties_dialog import open_playbook_properties  # made when asked for

        open_playbook_properties(self)

    def _ask_open(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open playbook", "", FILE_FILTER)
        if path:
            self.open_file(path)

    def _ask_save_as(self) -> bool:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "Save playbook as", "", FILE_FILTER)
        return bool(path) and self.save_as(path)

    def _ask_export(self, kind: str) -> None:
        label = {
            "json": "JSON (*.json)",
            "graphml": "GraphML (*.graphml)",
            "html": "Web page (*.html)",
            "png": "PNG image (*.png)",
            "svg": "SVG image (*.svg)",
        }[kind]
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "Export", "", label)
        if path:
            self.export(kind, path)

    def export_pdf(self) -> Path | None:
        """Ask what to include and where; the written PDF's path, or None."""
        from journeyapp.pdf_export import PdfExportDialog  # reportlab loads when first used

        dialog = PdfExportDialog(self.document.playbook, self, self.document.path)
        dialog.exec()
        if dialog.written is not None:
            self.statusBar().showMessage(
                f"Wrote {dialog.written.name} ({dialog.pages} pages).", 8000
            )
        return dialog.written

    def export_meeting_notes(self, meeting_id: str) -> Path | None:
        from journeyapp.meeting_export import export_meeting_notes

        return export_meeting_notes(self, meeting_id)

    def export_interview_guide(self, deal_id: str = "") -> Path | None:
        """Write a deal's win/loss interview guide; its path, or None."""
        from journeyapp.interview_guide_export import export_interview_guide

        return export_interview_guide(self, deal_id)

    def import_deals(self) -> bool:
        """Run the import wizard; True if deals came in (one undo step)."""
        from journeyapp.import_wizard import ImportWizard  # the CRM formats load when first used

        wizard = ImportWizard(self.document.playbook, self.apply_edit, self)
        wizard.exec()
        if wizard.imported:
            self.panel_bar.open(self.panels.dock_deals)
        return wizard.imported

    def import_leads(self) -> bool:
        """Run the import wizard on a lead export; True if leads came in (one undo step)."""
        from journeyapp.import_kinds import lead_import
        from journeyapp.import_wizard import ImportWizard

        wizard = ImportWizard(self.document.playbook, self.apply_edit, self, lead_import())
        wizard.exec()
        if wizard.imported:
            self.statusBar().showMessage(
                f"Imported {count(wizard.plan.deals_new + wizard.plan.deals_updated, 'lead')} "
                f"from {wizard.plan.file_name}.",
                8000,
            )
        return wizard.imported

    def import_touches(self) -> bool:
        """Read an activity export, say what it holds, and attach its touches (one undo step)."""
        from journeyapp.touch_dialog import TouchImportDialog

        dialog = TouchImportDialog(self, self.document.playbook)
        if dialog.exec() != TouchImportDialog.DialogCode.Accepted or dialog.edit is None:
            return False
        self.apply_edit(dialog.edit)
        self.statusBar().showMessage(
            f"Imported {count(dialog.plan.added, 'touch', 'touches')} from "
            f"{dialog.plan.file_name}.",
            8000,
        )
        return True

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(path.name, lambda p=path: self.open_file(p))
            action.setToolTip(str(path))
        if not recent:
            self.recent_menu.addAction("No recent playbooks").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear list", self.settings.clear_recent_files)

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            f"About {APP_TITLE}",
            f"<p><b>{APP_TITLE}</b> {app_version()}</p>"
            "<p>Maps the buyer's journey with sales and marketing, agrees who does what at "
            "each stage, and publishes the playbook.</p>",
        )

    def show_shortcuts(self) -> None:
        """The keyboard shortcuts window, listing the actions as they are now."""
        from journeyapp.shortcuts_window import ShortcutsWindow

        if self.shortcuts_window is None:
            self.shortcuts_window = ShortcutsWindow(self)
        self.shortcuts_window.refresh()
        self.shortcuts_window.show()
        self.shortcuts_window.raise_()

    def show_getting_started(self) -> None:
        from journeyapp.getting_started import GettingStartedWindow

        if self.getting_started_window is None:
            self.getting_started_window = GettingStartedWindow(self)
        self.getting_started_window.show()
        self.getting_started_window.raise_()

    def show_error(self, message: str) -> None:
        self.last_error = message
        self.statusBar().showMessage(message, 8000)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, APP_TITLE, as_typed(message))

    def show_notice(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, APP_TITLE, as_typed(message))
