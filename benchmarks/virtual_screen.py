"""One screen of a given size for benchmarks on Qt's offscreen platform.

The offscreen platform's own screen is 800 × 800, and the main window keeps to the screen it
is on: a benchmark asking for a 1920 × 1080 window got one of 796 × 796, its map a third of
the size it claimed."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def virtual_screen(width: int, height: int) -> None:
    """Qt's offscreen platform, with one screen of ``width`` × ``height``."""
    config = Path(tempfile.mkdtemp()) / "screen.json"
    screen = {"name": "screen", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def offscreen_unless_told(width: int = 1920, height: int = 1080) -> None:
    """``virtual_screen``, unless QT_QPA_PLATFORM names another platform (xcb under Xvfb,
    whose screen has its own size)."""
    if os.environ.get("QT_QPA_PLATFORM", "offscreen").split(":")[0] == "offscreen":
        virtual_screen(width, height)
