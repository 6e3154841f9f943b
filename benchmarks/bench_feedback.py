"""Sales' verdict in the Feedback panel at a real company's size: what one verdict costs in
the real window, waiting list and all.

Workload: the sample with the closed-loop demo scaled to 100,000 leads (--quick: 10,000),
about a fifth of them handed to sales at MQL → SQL; in the main window (offscreen), with the
Feedback panel open on its waiting list, 20 verdicts given one at a time with the Accept
button, each timed until the window has caught up (events processed). Baseline, same run:
the same 20 verdicts applied through the window before the Feedback panel is first opened
(it is made then): what the edit itself, the undo stack, the map and the other panels cost.
Prints one JSON line.

    python benchmarks/bench_feedback.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from fresh_settings import fresh_settings
from virtual_screen import offscreen_unless_told

sys.path.insert(0, str(Path(__file__).parent))
VERDICTS = 20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    leads = 10_000 if parser.parse_args().quick else 100_000
    offscreen_unless_told(1920, 1080)
    fresh_settings()
    from closed_loop_demo import MQL_SQL, add_demo
    from journeyapp.models import verdicts
    from journeyapp.models.feedback import handed_leads

    from journeyapp.app import create_application
    from journeyapp.document import Document
    from journeyapp.main_window import MainWindow
    from journeyapp.settings import AppSettings

    app = create_application()
    window = MainWindow(AppSettings())
    window.set_document(Document.new_untitled("b2b-saas"))
    add_demo(window.document.playbook, window.apply_edit, leads=leads)
    window.resize(1920, 1080)
    window.show()
    app.processEvents()

    def settle() -> None:
        app.processEvents()

    # Baseline: the same kind of verdict applied through the window before the Feedback
    # panel is first opened (it is made then), so no panel follows the verdicts.
    playbook = window.document.playbook
    handed = handed_leads(playbook)
    waiting = [i.lead.id for i in handed if i.verdict is None][: 2 * VERDICTS]
    baseline = []
    for lead_id in waiting[VERDICTS:]:
        started = time.perf_counter()
        window.apply_edit(verdicts.set_verdict(playbook, lead_id, MQL_SQL, "accepted", by="Sam"))
        settle()
        baseline.append(time.perf_counter() - started)

    window.panel_bar.open(window.panels.dock_feedback)
    settle()
    panel = window.panels.feedback
    panel.form.by.setText("Sam")
    timed = []
    for _ in range(VERDICTS):
        panel.table.selectRow(0)
        started = time.perf_counter()
        panel.form.buttons["accepted"].click()
        settle()
        timed.append(time.perf_counter() - started)
    figure, base = statistics.median(timed), statistics.median(baseline)
    print(
        json.dumps(
            {
                "benchmark": "feedback",
                "leads": leads,
                "handed_over": len(handed),
                "verdict_in_panel_median_s": round(figure, 4),
                "baseline_verdict_panel_closed_median_s": round(base, 4),
                "ratio": round(figure / base, 2),
            }
        )
    )
    window.hide()
    os._exit(0)  # closing would ask about the untitled work


if __name__ == "__main__":
    main()
