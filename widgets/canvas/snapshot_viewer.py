"""A snapshot opened read-only: the map as it was, in a window of its own."""

from __future__ import annotations

from journeyapp.models.playbook import Playbook
from journeyapp.widgets.canvas.map_scene import MapScene
from journeyapp.widgets.canvas.map_style import MapStyle
from journeyapp.widgets.canvas.map_view import JourneyCanvas
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow


class SnapshotViewer(QMainWindow):
    def __init__(self, playbook: Playbook, name: str, saved: str, style: MapStyle, parent=None):
        super().__init__(parent)
        self.setObjectName("snapshot_viewer")
        self.setAccessibleName(f"Snapshot {name}, read-only")
        self.setWindowTitle(f"{name} — snapshot, read-only")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.scene = MapScene(style, self)
        self.scene.set_playbook(playbook, [])
        self.canvas = JourneyCanvas(self.scene, self)
        self.canvas.read_only = True
        self.canvas.apply_edit = lambda _edit: False  # a snapshot never changes
        self.setCentralWidget(self.canvas)
        note = QLabel(
            f"Saved {saved.replace('T', ' ')[:16]}. Read-only: restore it from the "
            "Review panel to make it the playbook again."
        )
        note.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(note)
        self.resize(1200, 760)
        QTimer.singleShot(0, self.canvas.zoom_to_fit)
