"""What the app remembers between runs: recent files and window geometry, in QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class AppSettings:
    def __init__(self) -> None:
        self._settings = QSettings("journeyapp", "journeyapp")

    def recent_files(self) -> list[Path]:
        value = self._settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [Path(p) for p in value or [] if isinstance(p, str)]

    def add_recent_file(self, path: Path) -> None:
        path = path.resolve()
        recent = [p for p in self.recent_files() if p != path]
        recent.insert(0, path)
        self._settings.setValue("recent_files", [str(p) for p in recent[:MAX_RECENT]])

    def remove_recent_file(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != path.resolve()]
        self._settings.setValue("recent_files", [str(p) for p in recent])

    def clear_recent_files(self) -> None:
        self._settings.setValue("recent_files", [])

    def window_geometry(self) -> QByteArray | None:
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._settings.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._settings.setValue("window/geometry", geometry)
        self._settings.setValue("window/state", state)

    def theme(self) -> str:
        value = self._settings.value("theme", "system")
        return value if isinstance(value, str) else "system"

    def set_theme(self, theme: str) -> None:
        self._settings.setValue("theme", theme)

    def sync(self) -> None:
        self._settings.sync()
