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
from readme_screenshots import sample_window, screen_from_arguments

TODAY = datetime.date(2026, 11, 30)


def main() -> None:
    size, out, real = screen_from_arguments()
    from journeyapp.models.review_entities import Cadence, DecisionChoice

    _app, window, shoot = sample_window(size, out, real, TODAY)
    panels = window.panels
    window.canvas.zoom_to_fit()
    shoot("map-fitted")

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
