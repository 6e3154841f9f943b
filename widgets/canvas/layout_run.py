"""One automatic layout computed in a worker process, from a snapshot of the map.

The worker reads only the snapshot's plain values, never the live playbook. A process, not a
thread: the layout is pure Python, and a thread would hold the interpreter lock the window
needs between every card it draws (showing the progress bar stalled the window 100 ms).
"""

from __future__ import annotations

import json
import sys

from journeyapp.models.layered_layout import MapSnapshot
from journeyapp.models.layout_worker import snapshot_to_json
from PySide6.QtCore import QObject, QProcess, Signal


class LayoutRun(QObject):
    progressed = Signal(float)  # the share done, 0 to 1
    laidOut = Signal(object)  # each stage's (x, y) in its cell
    failed = Signal(str)

    def __init__(self, snapshot: MapSnapshot, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.snapshot = snapshot
        self._process = QProcess(self)
        self._process.readyReadStandardOutput.connect(self._read)
        self._process.finished.connect(self._ended)
        self._process.errorOccurred.connect(self._could_not_start)
        self._pending = b""
        self._done = False

    def start(self) -> None:
        self._process.start(sys.executable, ["-m", "journeyapp.models.layout_worker"])
        self._process.write(snapshot_to_json(self.snapshot).encode("utf-8"))
        self._process.closeWriteChannel()

    def cancel(self) -> None:
        """Stop now and report nothing."""
        self._done = True
        if self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.kill()
            self._process.waitForFinished(1000)

    def _read(self) -> None:
        self._pending += bytes(self._process.readAllStandardOutput())
        *lines, self._pending = self._pending.split(b"\n")
        for line in lines:
            word, _, rest = line.decode("utf-8").partition(" ")
            if self._done:
                return
            if word == "progress":
                self.progressed.emit(float(rest))
            elif word == "positions":
                self._done = True
                positions = {key: (x, y) for key, (x, y) in json.loads(rest).items()}
                self.laidOut.emit(positions)

    def _ended(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read()
        if not self._done:
            self._done = True
            said = bytes(self._process.readAllStandardError()).decode("utf-8", "replace")
            last = said.strip().splitlines()[-1] if said.strip() else f"exit code {code}"
            self.failed.emit(f"The automatic layout stopped ({last}).")

    def _could_not_start(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self._done:
            self._done = True
            self.failed.emit(
                f"The automatic layout could not start ({self._process.errorString()})."
            )
