"""Test set-up: Qt runs offscreen, and every test gets its own settings and data folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TESTS_DIR = Path(__file__).resolve().parent
DATA_DIR = TESTS_DIR / "data"


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the user data and config folders (and QSettings, if Qt is loaded) at a temp dir."""
    home = tmp_path / "user"
    for name in ("data", "config", "cache"):
        (home / name).mkdir(parents=True)
    monkeypatch.setenv("JOURNEYAPP_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QSettings

        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, str(home / "config"))
    return home


@pytest.fixture
def sample_playbook():
    from journeyapp.models.templates import SAMPLE, load_template

    return load_template(SAMPLE)


@pytest.fixture
def messages(monkeypatch):
    """Record message boxes instead of showing them; questions are answered "Discard"."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def record(kind):
        def show(parent, title, text, *args, **kwargs):
            shown.append(f"{kind}: {text}")
            return QMessageBox.StandardButton.Discard

        return show

    for kind in ("warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    return shown


@pytest.fixture
def window(qtbot, messages):
    """The main window on a fresh untitled copy of the sample playbook."""
    from journeyapp.app import create_application
    from journeyapp.document import Document
    from journeyapp.main_window import MainWindow
    from journeyapp.settings import AppSettings

    create_application()
    main = MainWindow(AppSettings())
    qtbot.addWidget(main)
    main.set_document(Document.new_untitled("b2b-saas"))
    main.resize(1600, 1000)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


@pytest.fixture(scope="session", autouse=True)
def empty_clipboard_at_exit():
    """Empty Qt's clipboard before the interpreter exits.

    With the offscreen platform, PySide6 crashes at exit (SIGSEGV) if the
    clipboard still holds data this process put there.
    """
    yield
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            QApplication.clipboard().clear()


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """The project's wheel, built once per run the way pip builds it for an install."""
    import subprocess

    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(folder), "."],
        cwd=TESTS_DIR.parent,
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = folder.glob("journeyapp-*.whl")
    return wheel


@pytest.fixture(scope="session")
def unpacked_wheel(built_wheel: Path, tmp_path_factory) -> Path:
    """The wheel's files as pip would lay them out in site-packages."""
    import zipfile

    target = tmp_path_factory.mktemp("site-packages")
    zipfile.ZipFile(built_wheel).extractall(target)
    return target
