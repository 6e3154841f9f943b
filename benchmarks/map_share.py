"""How much of the window the map gets, as a first-time facilitator opens the sample on a
screen of the given size: the default layout, then workshop mode.

    python benchmarks/map_share.py 1280x720
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import readme_screenshots as shots


def main() -> None:
    size = sys.argv[1]
    width, height = (int(n) for n in size.split("x"))
    shots.isolated_settings()
    shots.virtual_screen(width, height)
    from PySide6.QtTest import QTest

    from journeyapp.app import create_application
    from journeyapp.document import Document
    from journeyapp.main_window import MainWindow
    from journeyapp.settings import AppSettings

    app = create_application()
    window = MainWindow(AppSettings())
    window.set_document(Document.new_untitled("b2b-saas"))
    window.show()

    def share() -> float:
        QTest.qWait(300)
        canvas = window.canvas
        return canvas.width() * canvas.height() / (window.width() * window.height())

    default = share()
    window.workshop.enter()
    workshop = share()
    window.workshop.leave()
    print(
        f"{size}: window {window.width()}×{window.height()}, the map has {default:.1%} "
        f"of it; in workshop mode {workshop:.1%}"
    )
    window.hide()  # closing would ask about the untitled work
    app.processEvents()


if __name__ == "__main__":
    main()
