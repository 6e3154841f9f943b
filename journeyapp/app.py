"""Start the desktop app: the Qt application, fonts, the main window and the first document."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from journeyapp import untitled
from journeyapp.display_check import check_display
from journeyapp.document import Document
from journeyapp.error_report import ExceptionHook
from journeyapp.main_window import APP_TITLE, MainWindow
from journeyapp.models.errors import PlaybookError
from journeyapp.models.resource_files import resource_path
from journeyapp.models.store import Store
from journeyapp.models.temp_files import remove_stale_temp_files
from journeyapp.models.templates import SAMPLE
from journeyapp.settings import AppSettings
from journeyapp.themes import FUSION_CHOSEN

# Set (to anything) by benchmarks/bench_startup.py: once the main window has been painted
# for the first time the app prints FIRST_PAINT_MARKER on stdout and quits.
EXIT_AFTER_FIRST_PAINT = "JOURNEYAPP_EXIT_AFTER_FIRST_PAINT"
FIRST_PAINT_MARKER = "journeyapp: first paint"


def register_fonts() -> None:
    """Bundle DejaVu Sans so the map reads the same everywhere (and in the PDF)."""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        # A program name first (an embedded interpreter's argv may be empty), or Qt would take
        # "-style" for it and never choose Fusion.
        app = QApplication([*(argv or sys.argv[:1] or ["journeyapp"]), "-style", "Fusion"])
        app.setProperty(FUSION_CHOSEN, True)
    app.setOrganizationName("journeyapp")
    app.setApplicationName("journeyapp")
    app.setApplicationDisplayName(APP_TITLE)
    register_fonts()
    return app


def first_document(window: MainWindow, file: Path | None, sample: bool) -> Document:
    """What the window opens with: the file asked for, recovered work, or a copy of the sample."""
    settings = window.settings
    if file is not None:
        return Document.open(file)
    if sample:
        return Document.new_untitled(SAMPLE)
    remove_stale_temp_files(untitled.untitled_dir())
    for recent in settings.recent_files()[:5]:
        remove_stale_temp_files(recent.parent)
    recovered = offer_recovery(window)
    if recovered is not None:
        return recovered
    untitled.sweep_unedited()
    for recent in settings.recent_files()[:1]:
        if recent.exists():
            try:
                return Document.open(recent)
            except PlaybookError as error:  # not reopened at every start, but said once
                settings.remove_recent_file(recent)
                window.show_notice(
                    f"{error} A fresh copy of the sample is open instead; the file is left "
                    f"where it is, in {recent.parent}."
                )
    return Document.new_untitled(SAMPLE)


RECOVER, KEEP, DELETE = "recover", "keep", "delete"


def ask_about_unsaved(window: MainWindow, orphan: untitled.Orphan, can_recover: bool) -> str:
    """What to do with one untitled playbook a crash left: RECOVER, KEEP (ask again next
    time) or DELETE. Asked for each file: none is deleted unless the user says so for it."""
    from PySide6.QtWidgets import QMessageBox  # asked after a crash only: not made at start-up

    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(APP_TITLE)
    box.setText(
        "journeyapp closed unexpectedly while you had an untitled playbook open "
        f"(last changed {orphan.modified:%d %b %Y %H:%M})."
        + (" Recover it?" if can_recover else " Another one is open now; keep this one?")
    )
    buttons = {}
    if can_recover:
        buttons[box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)] = RECOVER
    keep = box.addButton("Keep for Next Time", QMessageBox.ButtonRole.RejectRole)
    buttons[keep] = KEEP
    buttons[box.addButton("Delete It", QMessageBox.ButtonRole.DestructiveRole)] = DELETE
    box.setEscapeButton(keep)
    box.exec()
    return buttons.get(box.clickedButton(), KEEP)


def offer_recovery(window: MainWindow) -> Document | None:
    """Offer back each untitled playbook a crash left; open the one the user recovers."""
    recovered = None
    for orphan in untitled.find_orphans():
        choice = ask_about_unsaved(window, orphan, can_recover=recovered is None)
        if choice == DELETE and not untitled.discard_unless_held(orphan.path):
            window.show_notice(str(untitled.RecoveredElsewhere()))
        elif choice == RECOVER:
            try:
                recovered = Document.recover(orphan.path)
            except untitled.RecoveredElsewhere as elsewhere:
                window.show_notice(str(elsewhere))
            except PlaybookError as error:
                kept = untitled.set_aside(orphan.path)
                window.show_notice(
                    f"{error} The unsaved playbook is kept, set aside, in {kept.parent}."
                )
    return recovered


class _AfterFirstPaint(QObject):
    """On the watched window's first Paint event: once that paint is done, the children's
    (the map's among them) included, run ``then``."""

    def __init__(self, then, parent: QObject) -> None:
        super().__init__(parent)
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def _resume_collection() -> None:
    """The collector back on, what start-up made set aside for good (it lives as long as the
    app), so later collections need not walk it."""
    gc.freeze()
    gc.enable()


def _report_first_paint() -> None:
    print(FIRST_PAINT_MARKER, flush=True)
    QApplication.quit()


def run_app(file: Path | None = None, sample: bool = False) -> int:
    if file is not None:
        Store.open(file, read_only=True).close()  # a bad file is a one-line CLI error
    check_display()
    app = create_application()
    ExceptionHook(app).install()
    settings = AppSettings()
    window = MainWindow(settings)
    window.set_document(first_document(window, file, sample))
    window.installEventFilter(_AfterFirstPaint(_resume_collection, window))
    if os.environ.get(EXIT_AFTER_FIRST_PAINT):
        window.installEventFilter(_AfterFirstPaint(_report_first_paint, window))
    window.show()
    window.show_opening_notices(window.document)
    return app.exec()
