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
    from models.templates import SAMPLE, load_template

    return load_template(SAMPLE)
