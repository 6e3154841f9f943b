"""Unexpected errors in the running app: the traceback goes to a log, the user gets one sentence.

Every edit is committed to the file when it is shown as done, so an error in
a slot or a paint loses nothing the user saw; the sentence says so and where
the details are, for a bug report.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from journeyapp import untitled
from journeyapp.models.errors import quoted_briefly
from journeyapp.widgets.plain_text import as_typed

LOG_NAME = "journeyapp.log"
MAX_LOG_BYTES = 1_000_000  # then the log becomes journeyapp.log.1 and a new one starts
QUIET_SECONDS = 10  # the same sentence again within this time is only logged


def log_path() -> Path:
    return untitled.data_dir() / LOG_NAME


def write_log(
    exc_type: type[BaseException], error: BaseException, tb: TracebackType | None
) -> Path:
    """Append the traceback, with the time, to the log in the user data folder."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
        os.replace(path, path.with_name(LOG_NAME + ".1"))
    details = "".join(traceback.format_exception(exc_type, error, tb))
    stamp = datetime.now().isoformat(sep=" ", timespec="seconds")
    with path.open("a", encoding="utf-8") as log:
        log.write(f"--- {stamp}\n{details}\n")
    return path


def sentence(error: BaseException, log: Path | None) -> str:
    """What the user is told: the reason on one line, and where the details are."""
    reason = quoted_briefly(str(error), 200).rstrip(".") or type(error).__name__
    if log is None:
        return (
            f"Something went wrong ({reason}); every change you saw made is saved, "
            f"but the details could not be written to {log_path()}."
        )
    return (
        f"Something went wrong ({reason}); every change you saw made is saved, "
        f"and the details are in {log}."
    )


class ExceptionHook(QObject):
    """Installed as sys.excepthook and threading.excepthook while the app runs."""

    _report = Signal(str)  # from any thread; the message box opens on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report.connect(self._show)
        self._showing = False
        self._last_shown: tuple[str, float] = ("", 0.0)
        self._previous: tuple | None = None

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def handle(
        self, exc_type: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, error, tb)
            return
        traceback.print_exception(exc_type, error, tb)  # for whoever started it from a terminal
        try:
            log = write_log(exc_type, error, tb)
        except OSError:
            log = None
        self._report.emit(sentence(error, log))

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit and args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, text: str) -> None:
        last, when = self._last_shown
        repeated = text == last and time.monotonic() - when < QUIET_SECONDS
        if self._showing or repeated:  # an error in every paint is logged, not re-shown
            return
        self._last_shown = (text, time.monotonic())
        self._showing = True
        try:
            from PySide6.QtWidgets import QMessageBox

            title = QApplication.applicationDisplayName()
            QMessageBox.warning(QApplication.activeWindow(), title, as_typed(text))
        finally:
            self._showing = False
