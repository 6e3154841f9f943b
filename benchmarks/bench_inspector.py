"""Typing into a 10,000-character methodology note: a keystroke, and the pause that saves it.

Baseline, same run: the same keystrokes in a bare QPlainTextEdit holding the same text.
Prints one JSON object on its last line.

    python benchmarks/bench_inspector.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from journeyapp.widgets.inspectors.stage_inspector import StageInspector
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit

from journeyapp.app import create_application
from journeyapp.document import Document

NOTE = ("• Ask what a good outcome looks like for them this quarter.\n" * 200)[:10_000]


def keystroke_median(widget, app, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        QTest.keyClick(widget, Qt.Key.Key_A)
        app.processEvents()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    repeats = 20 if parser.parse_args().quick else 100
    app = create_application()
    document = Document.new_untitled("b2b-saas")
    inspector = StageInspector()
    inspector.set_playbook(document.playbook)
    inspector.editRequested.connect(document.apply)
    document.changed.connect(inspector.on_change)
    stage = next(s for s in document.playbook.stages() if document.playbook.activities_of(s.id))
    inspector.show_stage(stage.id)
    inspector.resize(420, 900)
    inspector.show()
    field = inspector.activities.methodology_edit
    field.setFocus()
    field.setPlainText(NOTE)
    field.moveCursor(field.textCursor().MoveOperation.End)
    typing_ms = keystroke_median(field, app, repeats)
    saves = []
    for _ in range(max(5, repeats // 10)):
        QTest.keyClick(field, Qt.Key.Key_B)
        start = time.perf_counter()
        inspector.flush()  # what the typing pause does: one edit, merged, committed to the file
        app.processEvents()
        saves.append(time.perf_counter() - start)
    save_ms = statistics.median(saves) * 1000
    stored = len(document.playbook.activities_of(stage.id)[0].methodology)

    bare = QPlainTextEdit()
    bare.setPlainText(NOTE)
    bare.resize(420, 900)
    bare.show()
    bare.setFocus()
    bare.moveCursor(bare.textCursor().MoveOperation.End)
    baseline_ms = keystroke_median(bare, app, repeats)
    document.close()
    result = {
        "benchmark": "inspector",
        "note_chars": len(NOTE),
        "stored_chars": stored,
        "keystroke_median_ms": round(typing_ms, 3),
        "save_after_pause_median_ms": round(save_ms, 3),
        "baseline_bare_text_edit_keystroke_median_ms": round(baseline_ms, 3),
        "ratio_keystroke_to_baseline": round(typing_ms / baseline_ms, 2),
        "undo_steps": document.undo_stack.count(),
    }
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
