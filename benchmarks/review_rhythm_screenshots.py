"""The review rhythm as a revenue team runs it: a weekly meeting started from its pre-filled
agenda with a decision taken, the improvements log with a measured result, and a big-leap
project badged on the map, on the sample.

    python benchmarks/review_rhythm_screenshots.py 1920x1080 OUT_FOLDER [--real-display]

Offscreen, or on $DISPLAY under Xvfb and openbox, as readme_screenshots.py explains.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from readme_screenshots import screen_from_arguments, shooter

TODAY = datetime.date(2026, 11, 30)


def main() -> None:
    size, out, real = screen_from_arguments()
    from journeyapp.models.review_entities import Cadence, DecisionChoice
    from PySide6.QtCore import Qt

    from journeyapp.app import create_application
    from journeyapp.document import Document
    from journeyapp.main_window import MainWindow
    from journeyapp.settings import AppSettings

    app = create_application()
    window = MainWindow(AppSettings())
    window.set_document(Document.new_untitled("b2b-saas"))
    window.scene.today = lambda: TODAY
    window.show()
    panels = window.panels
    take = shooter(app, size, out, real)

    def shoot(name: str, dock=None, share: float = 0.6) -> None:
        if dock is not None:
            window.resizeDocks([dock], [int(window.height() * share)], Qt.Orientation.Vertical)
        take(window, name)

    window.canvas.zoom_to_fit()
    take(window, "map-fitted")

    window.panel_bar.open(panels.dock_meetings)
    meetings = panels.meetings
    meetings.ask_cadence = lambda: Cadence.WEEKLY
    meetings.ask_text = lambda *args: "Maya Lindqvist, Sam Ortiz, Priya Shah"
    meetings.start_meeting()
    if meetings.decisions.rowCount():
        meetings.decisions.item(0, 2).setText("Fewer price losses at negotiation; keep it")
        choice = meetings.decisions.cellWidget(0, 0)
        choice.setCurrentIndex(choice.findData(DecisionChoice.KEEP))
    shoot("meeting", panels.dock_meetings)

    window.panel_bar.open(panels.dock_improvements)
    panels.improvements.today = lambda: TODAY.isoformat()
    panels.improvements.set_playbook(window.document.playbook)
    shoot("improvements", panels.dock_improvements, 0.4)

    window.panel_bar.open(panels.dock_projects)
    projects = panels.projects
    if not len(window.document.playbook.projects):
        window.scene.select_stage("stage-discovery")
        import journeyapp.widgets.panels.projects_panel as projects_panel

        projects_panel.ask_for_text = lambda *args: "Redesign qualification for mid-market"
        projects.add()
    shoot("projects", panels.dock_projects, 0.55)
    window.hide()  # closing would ask about the untitled work


if __name__ == "__main__":
    main()
