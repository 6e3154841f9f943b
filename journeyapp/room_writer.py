"""The one writer a room's requests go through. A job reads the playbook and may apply edits;
it runs where every other edit runs: on the GUI thread for the app's Document, or inline for
the headless host, whose event loop is the only thing touching its edit session."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Protocol, TypeVar

from journeyapp.models.edit_session import EditSession
from journeyapp.models.playbook import Edit, Playbook

T = TypeVar("T")
Apply = Callable[[Edit], None]
Job = Callable[[Playbook, Apply], T]


class Writer(Protocol):
    def submit(self, job: Job) -> Future: ...


class SessionWriter:
    """The headless host's writer: runs each job at once, applying through the edit session
    (each edit committed to the file before the job goes on)."""

    def __init__(self, session: EditSession) -> None:
        self.session = session

    def submit(self, job: Job) -> Future:
        done: Future = Future()
        try:
            done.set_result(job(self.session.playbook, self.session.apply))
        except BaseException as error:  # handed to whoever waits for the job
            done.set_exception(error)
        return done
