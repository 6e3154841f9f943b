"""Auto-layout at the sizes a real company reaches: speed, crossings, and a window that stays live.

Workload: realistic maps (generated_maps.realistic_map) of 30, 100, 300 and 1,000 stages.
For each: the median time of the layout itself, and the straight-line crossings after it.
In the real main window at 1,000 stages: the longest event-loop stall while the worker runs
(a 5 ms timer records its gaps), and the time to apply its result. The glide's frames per
second at 300 stages, as the window first shows the map.
Baseline, same run: one bare NetworkX pass over the same graph (cycles condensed, then
topological generations), the least any layered layout does. (Graphviz dot alone on the same
graph, with no phase or lane constraint, took 0.2 s at 300 stages and 164 s at 1,000.)
Prints one JSON object on its last line.

    python benchmarks/bench_layout.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fresh_settings import fresh_settings
from generated_maps import realistic_map
from journeyapp.models.auto_layout import auto_layout, crossings, snapshot
from journeyapp.models.layered_layout import arrange
from journeyapp.models.map_geometry import card_rect, compute_grid
from virtual_screen import virtual_screen

SIZES = (30, 100, 300, 1000)
# The old layout's crossings (dot with phase anchors, as of commit 06f9a8f) on the same maps,
# measured once: it took 9 s at 300 stages and 16 minutes at 1,000 on this shared machine.
BEFORE_CROSSINGS = {"sample": 6, 30: 8, 100: 33, 300: 190, 1000: 2211}


def centres(playbook) -> dict:
    grid = compute_grid(playbook)
    result = {}
    for stage in playbook.stages():
        left, top, width, height = card_rect(grid, stage.phase, stage.lane, stage.x, stage.y)
        result[stage.id] = (left + width / 2, top + height / 2)
    return result


def crossings_after(playbook) -> int:
    playbook.apply(auto_layout(playbook))
    return crossings(playbook, centres(playbook))


def median_seconds(work, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_layering(playbook) -> None:
    """One bare NetworkX pass over the same graph: its cycles condensed, then layered."""
    import networkx as nx

    condensed = nx.condensation(playbook.graph)
    list(nx.topological_generations(condensed))


def screen_and_settings(width: int, height: int) -> None:
    """A virtual screen of that size, and settings of the run's own."""
    virtual_screen(width, height)
    fresh_settings()


def open_window(app, stages: int):
    from journeyapp.models.store import Store

    from journeyapp.document import Document
    from journeyapp.main_window import MainWindow
    from journeyapp.settings import AppSettings

    path = Path(tempfile.mkdtemp()) / "map.journey"
    Store.create(path, realistic_map(stages)).close()
    window = MainWindow(AppSettings())
    window.set_document(Document.open(path))
    window.resize(1280, 720)
    window.show()
    for _ in range(20):
        app.processEvents()
    return window


def stall_while_laying_out(app, stages: int) -> dict:
    """Ctrl+L in the real window: the longest gap of a 5 ms timer while the worker runs."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    window = open_window(app, stages)
    canvas = window.canvas
    clock, gaps, last = QElapsedTimer(), [], [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    window.map_actions.auto_layout.trigger()
    run = canvas.layout_run
    marks = {}
    run.laidOut.disconnect(canvas._laid_out)  # to note the time before the result is applied
    run.laidOut.connect(lambda _: marks.setdefault("laid", (clock.elapsed(), len(gaps))))
    run.laidOut.connect(canvas._laid_out)
    while canvas.layout_run is not None and clock.elapsed() < 120_000:
        app.processEvents()
    applied = clock.elapsed()
    timer.stop()
    laid_at, ticks = marks.get("laid", (applied, len(gaps)))
    result = {
        "max_stall_while_laying_out_ms": max(gaps[:ticks]),
        "worker_wall_s": round(laid_at / 1000, 3),
        "apply_on_window_s": round((applied - laid_at) / 1000, 3),
        "undo_steps": window.document.undo_stack.count(),
    }
    window.close()
    return result


def glide_fps(app, stages: int) -> dict:
    from PySide6.QtCore import QVariantAnimation

    window = open_window(app, stages)
    canvas = window.canvas
    window.map_actions.auto_layout.trigger()
    while canvas.layout_run is not None:
        app.processEvents()
    running = [
        a
        for a in canvas.findChildren(QVariantAnimation)
        if a.state() == QVariantAnimation.State.Running
    ]
    frames = []
    if running:
        running[0].valueChanged.connect(lambda _: frames.append(time.perf_counter()))
        while running[0].state() == QVariantAnimation.State.Running:
            app.processEvents()
    window.close()
    if len(frames) < 2:
        return {"glide_fps": None, "glide_frames": len(frames)}
    fps = (len(frames) - 1) / (frames[-1] - frames[0])
    return {"glide_fps": round(fps, 1), "glide_frames": len(frames)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = SIZES[:3] if args.quick else SIZES
    result: dict = {"benchmark": "layout", "sizes": list(sizes)}
    for stages in sizes:
        shot = snapshot(realistic_map(stages))
        repeats = 3 if stages >= 1000 or args.quick else 7
        result[f"layout_{stages}_median_s"] = round(
            median_seconds(lambda shot=shot: arrange(shot), repeats), 4
        )
        result[f"crossings_{stages}"] = crossings_after(realistic_map(stages))
        result[f"crossings_{stages}_before"] = BEFORE_CROSSINGS[stages]
        playbook = realistic_map(stages)
        baseline = median_seconds(lambda playbook=playbook: bare_layering(playbook), repeats)
        result[f"baseline_networkx_layering_{stages}_s"] = round(baseline, 4)
        result[f"ratio_{stages}"] = round(result[f"layout_{stages}_median_s"] / baseline, 1)
    from journeyapp.models.templates import SAMPLE, load_template

    result["crossings_sample"] = crossings_after(load_template(SAMPLE))
    result["crossings_sample_before"] = BEFORE_CROSSINGS["sample"]
    biggest = sizes[-1]
    result["crossings_worse_than_before"] = sum(
        result[f"crossings_{n}"] > BEFORE_CROSSINGS[n] for n in sizes
    ) + (result["crossings_sample"] > BEFORE_CROSSINGS["sample"])

    screen_and_settings(1280, 720)
    from journeyapp.app import create_application

    app = create_application()
    result["stall_stages"] = biggest
    result.update(stall_while_laying_out(app, biggest))
    result["glide_stages"] = 300
    result.update(glide_fps(app, 300))
    result["targets"] = {
        "layout_1000_s": 3.0,
        "stall_ms": 50,
        "glide_fps": 30,
        "crossings_worse": 0,
    }
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
