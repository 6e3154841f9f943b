"""Placing handoff labels on generated maps: the time grows with the map, not its square.

Workload: maps of 250 to 2,000 stages with three handoffs per stage (5 phases, 4 lanes).
For each, the scene is built once and every label placed (in the window a big map's are
placed between frames); the time spent placing labels is measured apart from the rest,
with how many labels found a spot that touches their arrow and that no card, label or
other arrow's line crosses. Prints one JSON object on its last line.

    python benchmarks/bench_labels.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from generated_maps import large_map
from journeyapp.widgets.canvas.label_placer import LabelPlacer
from journeyapp.widgets.canvas.map_scene import MapScene
from journeyapp.widgets.canvas.map_style import MapStyle
from PySide6.QtWidgets import QApplication


def measure(stages: int) -> dict:
    playbook = large_map(stages=stages, handoffs=3 * stages)
    spent = [0.0]
    place = LabelPlacer.place

    def timed(self, item):
        start = time.perf_counter()
        place(self, item)
        spent[0] += time.perf_counter() - start

    LabelPlacer.place = timed
    try:
        scene = MapScene(MapStyle.light_style())
        start = time.perf_counter()
        scene.set_playbook(playbook, [])
        scene.settle_labels_now()  # on a big map they are placed between frames; all of them
        total = time.perf_counter() - start
    finally:
        LabelPlacer.place = place
    labels = [i for i in scene.handoff_items.values() if not i.label_rect.isNull()]
    return {
        "stages": stages,
        "labels": len(labels),
        "label_seconds": round(spent[0], 3),
        "ms_per_label": round(1000 * spent[0] / max(len(labels), 1), 3),
        "scene_seconds": round(total, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    QApplication.instance() or QApplication([])
    sizes = (100, 200, 400) if args.quick else (250, 500, 1000, 2000)
    rows = [measure(n) for n in sizes]
    for row in rows:
        print(
            f"{row['stages']:>5} stages  {row['labels']:>5} labels  "
            f"{row['label_seconds']:>7.2f} s placing ({row['ms_per_label']} ms a label)  "
            f"{row['scene_seconds']:>7.2f} s the whole scene"
        )
    small, big = rows[0], rows[-1]
    print(
        json.dumps(
            {
                "rows": rows,
                "small_stages": small["stages"],
                "big_stages": big["stages"],
                "big_label_s": big["label_seconds"],
                "scaling_ratio": round(big["ms_per_label"] / small["ms_per_label"], 2),
                "targets": {"scaling_ratio": 2.0},
            }
        )
    )


if __name__ == "__main__":
    main()
