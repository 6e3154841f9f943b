"""A countdown for one agenda item: set it, pause it, resume it; it says when time is up.

The clock is passed in (``time.monotonic`` by default), so tests run it by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

TICK_MS = 250


class Countdown(QObject):
    ticked = Signal(int)  # whole seconds left, whenever that number changes
    finished = Signal()  # once, when the time runs out
    stateChanged = Signal()  # set, started, paused or resumed

    def __init__(self, clock: Callable[[], float] = time.monotonic, parent=None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._length = 0.0
        self._left = 0.0  # seconds left when last paused or set
        self._since: float | None = None  # the clock when it last started running
        self._shown = -1
        self._done = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.poll)

    @property
    def running(self) -> bool:
        return self._since is not None

    @property
    def length(self) -> float:
        return self._length

    @property
    def is_up(self) -> bool:
        return self._done

    def remaining(self) -> float:
        if self._since is None:
            return self._left
        return max(0.0, self._left - (self._clock() - self._since))

    def set(self, seconds: float) -> None:
        """Set the length and stop; start() then counts down from it."""
        self._timer.stop()
        self._length = self._left = max(0.0, float(seconds))
        self._since = None
        self._done = False
        self._announce()
        self.stateChanged.emit()

    def start(self) -> None:
        if self.running or self._left <= 0:
            return
        self._since = self._clock()
        self._done = False
        self._timer.start()
        self.stateChanged.emit()

    def pause(self) -> None:
        if not self.running:
            return
        self._left = self.remaining()
        self._since = None
        self._timer.stop()
        self.stateChanged.emit()

    def toggle(self) -> None:
        """Start, pause or resume: one key for all three."""
        if self.running:
            self.pause()
        else:
            self.start()

    def poll(self) -> None:
        """Check the clock (the timer does this four times a second)."""
        self._announce()
        if self.running and self.remaining() <= 0:
            self._left = 0.0
            self._since = None
            self._timer.stop()
            self._done = True
            self.stateChanged.emit()
            self.finished.emit()

    def _announce(self) -> None:
        whole = int(-(-self.remaining() // 1))  # 59.2 seconds left shows as 60
        if whole != self._shown:
            self._shown = whole
            self.ticked.emit(whole)


def clock_face(seconds: int) -> str:
    minutes, seconds = divmod(max(0, seconds), 60)
    return f"{minutes}:{seconds:02d}"
