"""An unexpected error in the app: one sentence for the user, the traceback in a log file."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

from journeyapp import error_report
from journeyapp.error_report import ExceptionHook


class _Button(QObject):
    clicked = Signal()


@pytest.fixture
def hook(qapp):
    installed = ExceptionHook()
    installed.install()
    yield installed
    installed.uninstall()


def _fails_deep_inside() -> None:
    raise ZeroDivisionError("the funnel divided by zero won deals")


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_told_in_one_sentence(hook, qtbot, messages):
    button = _Button()
    button.clicked.connect(_fails_deep_inside)
    QTimer.singleShot(0, button.clicked.emit)
    qtbot.waitUntil(lambda: len(messages) == 1)

    log = error_report.log_path()
    assert log.parent == error_report.untitled.data_dir()
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "_fails_deep_inside" in text
    assert "ZeroDivisionError: the funnel divided by zero won deals" in text
    assert messages == [
        "warning: Something went wrong (the funnel divided by zero won deals); every change "
        f"you saw made is saved, and the details are in {log}."
    ]


@pytest.mark.qt_no_exception_capture
def test_an_error_repeating_at_once_is_shown_once_and_logged_each_time(hook, qtbot, messages):
    button = _Button()
    button.clicked.connect(_fails_deep_inside)
    for _ in range(3):
        button.clicked.emit()
    qtbot.wait(10)
    assert len(messages) == 1
    assert error_report.log_path().read_text(encoding="utf-8").count("Traceback") == 3


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_thread_is_told_on_the_window_thread(hook, qtbot, messages):
    worker = threading.Thread(target=_fails_deep_inside)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(messages) == 1)
    assert "the funnel divided by zero won deals" in messages[0]


def test_the_log_starts_afresh_past_a_megabyte_keeping_one_old_log(qapp):
    log = error_report.log_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("x" * (error_report.MAX_LOG_BYTES + 1))
    try:
        _fails_deep_inside()
    except ZeroDivisionError:
        error_report.write_log(*sys.exc_info())
    assert log.stat().st_size < 10_000
    assert log.with_name("journeyapp.log.1").stat().st_size > error_report.MAX_LOG_BYTES


def test_uninstalling_puts_the_previous_hooks_back(qapp):
    before = (sys.excepthook, threading.excepthook)
    hook = ExceptionHook()
    hook.install()
    assert sys.excepthook == hook.handle
    hook.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_the_running_app_has_the_hook_installed():
    """The real start-up, with an error planted in a timer once the window is shown."""
    script = (
        "import json\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication, QMessageBox\n"
        "from journeyapp import app, error_report\n"
        "shown = []\n"
        "QMessageBox.warning = lambda parent, title, text: shown.append(text)\n"
        "def boom():\n"
        "    raise RuntimeError('planted')\n"
        "real_show = app.MainWindow.show\n"
        "def show(window):\n"
        "    real_show(window)\n"
        "    QTimer.singleShot(0, boom)\n"
        "    QTimer.singleShot(200, QApplication.quit)\n"
        "app.MainWindow.show = show\n"
        "app.run_app(sample=True)\n"
        "log = error_report.log_path().read_text(encoding='utf-8')\n"
        "print(json.dumps([shown, 'RuntimeError: planted' in log]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    shown, logged = json.loads(result.stdout.strip().splitlines()[-1])
    assert logged
    assert len(shown) == 1 and shown[0].startswith("Something went wrong (planted);")
