"""Before Qt starts: make sure it can open a window, or say in one line what to install.

Qt's X11 plugin needs some system libraries that minimal Linux installs lack;
without them Qt aborts the process with a long message instead of an error.
"""

from __future__ import annotations

import os
import sys

# Library name (for ctypes) -> Debian/Ubuntu package that provides it.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-image": "libxcb-image0",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-randr": "libxcb-randr0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


class DisplayError(RuntimeError):
    """Qt cannot open a window on this system; the message says what to install."""


def uses_x11() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.startswith("xcb")
    return (
        sys.platform.startswith("linux")
        and bool(os.environ.get("DISPLAY"))
        and not bool(os.environ.get("WAYLAND_DISPLAY"))
    )


def missing_x11_packages() -> list[str]:
    import ctypes.util  # only on X11: it loads subprocess and more

    return [
        package for name, package in XCB_LIBRARIES.items() if not ctypes.util.find_library(name)
    ]


def check_display() -> None:
    """Raise DisplayError if the X11 window system plugin would fail to load."""
    if not uses_x11():
        return
    missing = missing_x11_packages()
    if missing:
        packages = " ".join(missing)
        raise DisplayError(
            f"Qt cannot open a window: system libraries are missing "
            f"(on Debian or Ubuntu: sudo apt-get install {packages})."
        )
