"""The closed loop as a VP of Marketing sees it before a quarterly review: the funnel with its
intervals and the signed commitment, Deal figures split by source, the map tinted by one
source, and sales' feedback (the waiting leads, the coverage, the rejections by reason), on
the sample with the demo leads of closed_loop_demo.py.

    python benchmarks/closed_loop_screenshots.py 1280x720 OUT_FOLDER [--real-display]

Offscreen, or on $DISPLAY under Xvfb and openbox, as readme_screenshots.py explains.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from readme_screenshots import sample_window, screen_from_arguments


def main() -> None:
    size, out, real = screen_from_arguments()
    height = int(size.split("x")[1])
    from closed_loop_demo import add_demo
    from PySide6.QtCore import Qt

    _app, window, shoot = sample_window(size, out, real, dock_share=0.55)
    add_demo(window.document.playbook, window.apply_edit)
    panels = window.panels

    window.panel_bar.open(panels.dock_funnel)
    funnel = panels.funnel
    funnel.today = lambda: datetime.date(2026, 11, 2)
    funnel.target.setText("3.6M")
    funnel.deal_size.setText("30k")
    funnel.period.setText("2026-Q4")
    funnel.rates_from.setText("2026-Q3")
    funnel.calculate()
    funnel.commit()
    funnel.ask_text = lambda *args: "Maya Lindqvist"
    funnel.sign_off("marketing")
    shoot("funnel", panels.dock_funnel)

    window.panel_bar.open(panels.dock_figures)
    figures = panels.figures
    figures.split_box.setChecked(True)
    shoot("figures-by-source", panels.dock_figures)
    figures.split_box.setChecked(False)
    figures.heat_box.setChecked(True)
    figures.source.setCurrentText("Paid Social")
    window.resizeDocks([panels.dock_figures], [int(height * 0.4)], Qt.Orientation.Vertical)
    window.canvas.centre_on_stage("stage-proposal")
    shoot("map-tint-paid-social")

    window.panel_bar.open(panels.dock_feedback)
    feedback = panels.feedback
    feedback.table.selectRow(0)
    feedback.form.by.setText("Sam Ortiz")
    shoot("feedback-waiting", panels.dock_feedback)
    feedback.show_choice.setCurrentIndex(feedback.show_choice.findText("Accepted"))
    last = feedback.model.columnCount() - 1
    measured = next(
        row for row in range(feedback.model.rowCount()) if feedback.model.contact(row) is not None
    )
    feedback.table.selectRow(measured)
    feedback.table.scrollTo(feedback.model.index(measured, last))
    shoot("feedback-contact-process", panels.dock_feedback)
    feedback.show_choice.setCurrentIndex(0)
    feedback.tabs.setCurrentIndex(1)
    shoot("feedback-coverage", panels.dock_feedback)
    feedback.tabs.setCurrentIndex(2)
    shoot("feedback-rejections", panels.dock_feedback)
    window.hide()  # closing would ask about the untitled work


if __name__ == "__main__":
    main()
