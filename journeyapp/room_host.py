"""The room the facilitator invites from workshop mode. Its web server runs on a thread of its
own with its own event loop; what phones ask for reaches the playbook as edits the Document
applies on the GUI thread, one at a time like the facilitator's own, and undoable alike."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import Future

import qrcode
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal

from journeyapp.document import Document
from journeyapp.models.change import Change, Kind
from journeyapp.room import Room
from journeyapp.room_cli import local_address
from journeyapp.room_server import RoomServer


class QtWriter(QObject):
    """Runs each job on the GUI thread, applying its edits through the Document."""

    _job = Signal(object, object)

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.busy = False  # running a room's job: the room tells the phones itself
        self._job.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def submit(self, job) -> Future:
        done: Future = Future()
        self._job.emit(job, done)
        return done

    def _run(self, job, done: Future) -> None:
        if not done.set_running_or_notify_cancel():
            return
        self.busy = True
        try:
            done.set_result(job(self.document.playbook, self.document.apply))
        except BaseException as error:  # handed to the room, which tells the phone
            done.set_exception(error)
        finally:
            self.busy = False


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code of ``text`` as rows of dark (True) and light modules, without a margin."""
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


class RoomHost(QObject):
    """A room open to phones, or none; the workshop shows its address and who is in."""

    guestsChanged = Signal()
    closed = Signal()

    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.room: Room | None = None
        self.server: RoomServer | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        document.changed.connect(self._on_change)

    @property
    def is_open(self) -> bool:
        return self.server is not None

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    def open(
        self, stage_id: str | None, private: bool = False, bind: str | None = None, port: int = 0
    ) -> str:
        """Start the room; its join address. Raises OSError if it cannot listen."""
        if self.server is not None:
            return self.server.url
        self.writer = QtWriter(self.document)
        self.room = Room(self.writer, stage_id, private)
        server = RoomServer(
            self.room, bind or local_address(), port, on_guests=self.guestsChanged.emit
        )
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="room", daemon=True)
        thread.start()
        try:
            url = asyncio.run_coroutine_threadsafe(server.start(), loop).result(timeout=10)
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            raise
        self.server, self._loop, self._thread = server, loop, thread
        return url

    def close(self) -> None:
        """Tell every phone the room has closed, stop the server; the code expires with it."""
        if self.server is None:
            return
        server, loop, thread = self.server, self._loop, self._thread
        self.server = self._loop = self._thread = None
        server.room.open = False  # from now on every request is refused
        closing = asyncio.run_coroutine_threadsafe(server.close(), loop)
        # Requests already under way wait for this thread to apply them: keep serving it
        # while the phones are told, or closing would wait on itself.
        deadline = time.monotonic() + 10
        while not closing.done() and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        closing.result(timeout=1)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()
        self.closed.emit()

    def guests(self) -> list:
        return self.server.connected() if self.server is not None else []

    def show_stage(self, stage_id: str | None) -> None:
        self._later(lambda server: server.show_stage(stage_id))

    def set_private(self, private: bool) -> None:
        if self.room is not None:
            self.room.private = private
            self._later(lambda server: server.send_views())

    def set_timer(self, left: int, running: bool) -> None:
        if self.room is not None:
            self.room.timer = {"left": left, "running": running}
            self._later(lambda server: server.send_views())

    def remove_guest(self, guest_id: str) -> None:
        self._later(lambda server: server.remove_guest(guest_id))

    def _later(self, make) -> None:
        """Run a coroutine of the server's on its loop, without waiting: it may need the GUI
        thread (every read of the playbook goes through it)."""
        if self.server is not None:
            asyncio.run_coroutine_threadsafe(make(self.server), self._loop)

    def _on_change(self, change: Change) -> None:
        """The facilitator's own edits (and undo and redo) reach the phones too."""
        if self.server is None or self.writer.busy:
            return  # a phone's edit: the room tells the phones once it is acknowledged
        if any(change.touches(kind) for kind in (Kind.NOTE, Kind.STAGE, Kind.ROUND)):
            self._later(lambda server: server.broadcast(change))
