"""The README's screenshots, taken as a first-time facilitator sees the app: fresh settings, the
window as it opens on a screen of the given size.

    python benchmarks/readme_screenshots.py 1280x720 OUT_FOLDER [--real-display]

Offscreen (the default) Qt is given a virtual screen of that size and each picture is the
window's own grab. With --real-display the app runs on $DISPLAY (Xvfb with a window manager,
see below) and each picture is the whole screen as X shows it, frame and all:

    Xvfb :99 -screen 0 1280x720x24 & DISPLAY=:99 openbox &
    DISPLAY=:99 python benchmarks/readme_screenshots.py 1280x720 OUT --real-display
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fresh_settings import fresh_settings
from virtual_screen import virtual_screen


def isolated_settings() -> None:
    fresh_settings()


def screen_from_arguments() -> tuple[str, Path, bool]:
    """SIZE OUT [--real-display] from the command line, with settings of their own and, off
    a real display, a virtual screen of that size: (size, out folder, real)."""
    size, out = sys.argv[1], Path(sys.argv[2])
    real = "--real-display" in sys.argv
    width, height = (int(n) for n in size.split("x"))
    out.mkdir(parents=True, exist_ok=True)
    isolated_settings()
    if not real:
        virtual_screen(width, height)
    return size, out, real


def shooter(app, size: str, out: Path, real: bool):
    """shoot(window, name): the window's grab, or the whole X screen, as NAME-SIZE.png."""
    from PySide6.QtTest import QTest

    def shoot(window, name: str) -> None:
        for _ in range(3):
            app.processEvents()
        QTest.qWait(400 if real else 100)
        path = out / f"{name}-{size}.png"
        if real:
            subprocess.run(["import", "-window", "root", str(path)], check=True)
        else:
            window.grab().save(str(path))

    return shoot


def sample_window(size: str, out: Path, real: bool, today=None, dock_share: float = 0.6):
    """The app's window on a fresh copy of the sample, shown (its map's today fixed, if given),
    and shoot(name, dock=None, share=dock_share) that takes it with ``dock`` given that share
    of its height."""
    from PySide6.QtCore import Qt

    from journeyapp.app import create_application
    from journeyapp.document import Document
    from journeyapp.main_window import MainWindow
    from journeyapp.settings import AppSettings

    app = create_application()
    window = MainWindow(AppSettings())
    window.set_document(Document.new_untitled("b2b-saas"))
    if today is not None:
        window.scene.today = lambda: today
    window.show()
    take = shooter(app, size, out, real)

    def shoot(name: str, dock=None, share: float = dock_share) -> None:
        if dock is not None:
            window.resizeDocks([dock], [int(window.height() * share)], Qt.Orientation.Vertical)
        take(window, name)

    return app, window, shoot


def main() -> None:
    size, out, real = screen_from_arguments()
    from journeyapp.models.journey_walk import stages_along_journey

    from journeyapp.app import create_application
    from journeyapp.document import Document
    from journeyapp.main_window import MainWindow
    from journeyapp.settings import AppSettings

    app = create_application()
    shoot = shooter(app, size, out, real)

    def opened(template: str) -> MainWindow:
        window = MainWindow(AppSettings())
        window.set_document(Document.new_untitled(template))
        window.show()
        return window

    window = opened("blank")
    shoot(window, "empty-map")
    window.hide()  # closing would ask about the untitled work

    window = opened("b2b-saas")
    shoot(window, "first-window")
    playbook = window.document.playbook
    mql = next(s for s in playbook.stages() if s.name == "MQL")
    window.scene.select_stage(mql.id)
    shoot(window, "stage-selected")

    window.panel_bar.click(window.panels.dock_deals)
    deal = playbook.deals["deal-sample-contoso"]  # lost, after a step the map has no path for
    window.panels.deals.show_deal(deal.id)
    window.panels.deals.go(len(deal.path) - 1)
    shoot(window, "deal-replay")
    window.panel_bar.click(window.panels.dock_review)
    review = window.panels.review
    review.save("2026 Q3")
    from journeyapp.models import operations
    from journeyapp.models.change import Kind

    window.apply_edit(operations.set_fields(playbook, Kind.STAGE, mql.id, name="Hot lead"))
    review.compare_to.setCurrentIndex(review.compare_to.findData("now"))
    review.compare()
    shoot(window, "review-diff")
    window.document.undo_stack.undo()
    window.hide()  # closing would ask about the untitled work

    window = opened("b2b-saas")
    order = stages_along_journey(window.document.playbook)
    window.workshop.enter()
    for step in range(1, len(order) + 1):
        if step in (1, 6, len(order)):
            shoot(window, f"workshop-stage-{step:02d}")
        window.workshop.next()
    window.workshop.leave()
    window.hide()  # closing would ask about the untitled work


if __name__ == "__main__":
    main()
