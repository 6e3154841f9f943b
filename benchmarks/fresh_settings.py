"""Settings and data folders of a run's own, so no remembered window, recent file or
crash-recovery offer from an earlier run (or the user's) changes what a benchmark measures."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

FOLDERS = ("JOURNEYAPP_DATA_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")


def fresh_settings() -> Path:
    """Point the app's data folder and the XDG folders at new empty ones; returns the
    folder that holds them."""
    home = Path(tempfile.mkdtemp())
    for name in FOLDERS:
        (home / name).mkdir()
        os.environ[name] = str(home / name)
    return home
