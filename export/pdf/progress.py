"""How far a PDF export has got, told to whoever asked (a progress dialog, a terminal), who
may stop it by raising ``ExportCancelled`` from the report."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from journeyapp.export.atomic_file import ExportError

Progress = Callable[[str], None]
_listener: ContextVar[Progress | None] = ContextVar("pdf_progress", default=None)


class ExportCancelled(ExportError):
    """The user stopped the export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled; nothing was written.")


@contextlib.contextmanager
def reporting_to(progress: Progress | None) -> Iterator[None]:
    token = _listener.set(progress)
    try:
        yield
    finally:
        _listener.reset(token)


def report(message: str) -> None:
    listener = _listener.get()
    if listener is not None:
        listener(message)


def report_every(done: int, total: int, what: str, step: int = 250) -> None:
    """Report ``what`` with a count, every ``step`` items of a long loop."""
    if done % step == 0 and total > step:
        report(f"{what} ({done:,} of {total:,})…")
