"""Work on hundreds of thousands of records without Python's cycle collector getting in the way."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector: a bulk import makes millions of small objects and no
    cycles among them, so the collector would only walk them over and over (it made a
    million-row import half again as slow)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # A paused collector still counts what is made, and its first run after the pause
        # would walk every object made in it (seconds, for a million records) to find no
        # garbage. They are set aside for good instead, as start-up's are (app.py): plain
        # records, freed as usual when no longer used. Not handed back with gc.unfreeze():
        # walking what was set aside crashed the interpreter in the test suite.
        gc.freeze()
        if was_enabled:
            gc.enable()
