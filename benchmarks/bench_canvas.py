"""Canvas speed on a large map: open and fit, full repaints, and one edit applied and drawn.

Workload: 2,000 stages and 6,000 handoffs over 5 phases and 4 lanes (--quick: a tenth).
Baseline, same run: a bare QGraphicsScene with as many plain rect, text and line items.
Prints one JSON object on its last line.

    python benchmarks/bench_canvas.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from generated_maps import large_map
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.store import Store
from journeyapp.widgets.canvas.map_scene import MapScene
from journeyapp.widgets.canvas.map_style import MapStyle
from journeyapp.widgets.canvas.map_view import JourneyCanvas
from PySide6.QtCore import QEvent, QObject, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from journeyapp.app import create_application
from journeyapp.document import Document

WIDTH, HEIGHT = 1920, 1080


def render_median(view: QGraphicsView, repeats: int) -> float:
    view.viewport().render(QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied))
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        view.viewport().render(image)  # a real paint of the view, as on screen
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


class PaintedAreas(QObject):
    """Counts the pixels the viewport is asked to repaint (the bounding box of each paint)."""

    def __init__(self) -> None:
        super().__init__()
        self.areas: list[int] = []

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            box = event.region().boundingRect()
            self.areas.append(box.width() * box.height())
        return False


def bare_scene_view(playbook, scene_rect: QRectF) -> QGraphicsView:
    """The same number of plain items, at the same places, with no Python paint()."""
    scene = QGraphicsScene()
    rects = {}
    for i, stage in enumerate(playbook.stages()):
        x, y = (i % 100) * 240.0, (i // 100) * 130.0
        rects[stage.id] = (x, y)
        scene.addItem(QGraphicsRectItem(x, y, 200, 96))
        text = QGraphicsSimpleTextItem(stage.name)
        text.setPos(x + 10, y + 10)
        scene.addItem(text)
    for handoff in playbook.handoffs():
        (x1, y1), (x2, y2) = rects[handoff.source], rects[handoff.target]
        scene.addItem(QGraphicsLineItem(x1 + 200, y1 + 48, x2, y2 + 48))
    view = QGraphicsView(scene)
    view.keep_scene_alive = scene
    view.resize(WIDTH, HEIGHT)
    view.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    return view


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    stages, handoffs = 2000 // scale, 6000 // scale
    repeats = 5 if args.quick else 15
    app = create_application()

    playbook = large_map(stages, handoffs)
    folder = Path(tempfile.mkdtemp())
    Store.create(folder / "large.journey", playbook).close()

    start = time.perf_counter()
    document = Document.open(folder / "large.journey")
    scene = MapScene(MapStyle.for_palette(app.palette()))
    scene.set_playbook(document.playbook, document.problems())
    canvas = JourneyCanvas(scene)
    canvas.apply_edit = lambda edit: bool(document.apply(edit)) or True
    document.changed.connect(scene.apply_change)
    canvas.resize(WIDTH, HEIGHT)
    canvas.show()
    canvas.zoom_to_fit()
    app.processEvents()
    open_fit_ms = (time.perf_counter() - start) * 1000

    fit_ms = render_median(canvas, repeats)
    # The same fit drawn item by item (what the cached picture saves), for comparison.
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    item_times = []
    for _ in range(max(3, repeats // 3)):
        start = time.perf_counter()
        with QPainter(image) as painter:
            canvas.render(painter)
        item_times.append(time.perf_counter() - start)
    fit_items_ms = statistics.median(item_times) * 1000
    canvas.set_zoom(1.0)
    canvas.centerOn(scene.card_rect("s0").center())
    full_zoom_ms = render_median(canvas, repeats)

    rename_times, move_times, move_apply_times, move_areas = [], [], [], []
    painted = PaintedAreas()
    canvas.viewport().installEventFilter(painted)
    canvas.set_zoom(1.0)
    for i in range(repeats * 2):
        stage_id = f"s{(i * 37) % stages}"
        canvas.centerOn(scene.card_rect(stage_id).center())
        app.processEvents()
        stage = document.playbook.stage(stage_id)
        if i % 2:
            edit = ops.rename(document.playbook, Kind.STAGE, stage_id, f"Renamed {i}")
        else:
            edit = ops.move_stage(
                document.playbook, stage_id, stage.phase, stage.lane, stage.x + 8, stage.y
            )
        painted.areas.clear()
        start = time.perf_counter()
        document.apply(edit)
        applied = time.perf_counter()
        app.processEvents()  # paints what the edit dirtied, as the window would
        (rename_times if i % 2 else move_times).append(time.perf_counter() - start)
        if not i % 2:
            move_apply_times.append(applied - start)
            move_areas.append(sum(painted.areas))
    edit_ms = statistics.median(rename_times + move_times) * 1000

    baseline = bare_scene_view(playbook, scene.sceneRect())
    baseline.show()
    baseline.fitInView(baseline.scene().itemsBoundingRect())
    app.processEvents()
    baseline_fit_ms = render_median(baseline, repeats)

    result = {
        "benchmark": "canvas",
        "stages": stages,
        "handoffs": handoffs,
        "open_and_fit_ms": round(open_fit_ms, 1),
        "repaint_fit_median_ms": round(fit_ms, 2),
        "repaint_100pct_median_ms": round(full_zoom_ms, 2),
        "edit_applied_and_drawn_median_ms": round(edit_ms, 2),
        "rename_median_ms": round(statistics.median(rename_times) * 1000, 2),
        "move_median_ms": round(statistics.median(move_times) * 1000, 2),
        "move_apply_only_median_ms": round(statistics.median(move_apply_times) * 1000, 2),
        "move_repainted_area_median_px": int(statistics.median(move_areas)),
        "baseline_bare_scene_repaint_fit_median_ms": round(baseline_fit_ms, 2),
        "ratio_fit_to_baseline": round(fit_ms / baseline_fit_ms, 2),
        "repaint_fit_items_drawn_median_ms": round(fit_items_ms, 2),
        "targets": {"repaint_fit_ms": 16, "ratio": 2.0, "edit_ms": 5},
    }
    document.close()
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
