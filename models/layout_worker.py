"""The automatic layout as its own process: a map snapshot in on stdin, positions out on stdout.

The layout is pure Python; in a thread of the app it would share the interpreter lock with
the window, which then waited for it between every card it drew. Lines written:
``progress 0.42`` as it goes, then ``positions {"stage id": [x, y], ...}``.

    python -m journeyapp.models.layout_worker < snapshot.json
"""

from __future__ import annotations

import json
import sys

from journeyapp.models.layered_layout import MapSnapshot, arrange


def snapshot_to_json(snapshot: MapSnapshot) -> str:
    return json.dumps(
        {
            "phases": snapshot.phases,
            "lanes": snapshot.lanes,
            "stages": snapshot.stages,
            "handoffs": snapshot.handoffs,
        },
        ensure_ascii=False,
    )


def snapshot_from_json(text: str) -> MapSnapshot:
    data = json.loads(text)
    return MapSnapshot(
        phases=tuple(data["phases"]),
        lanes=tuple(data["lanes"]),
        stages=tuple((s, p, lane, float(x), float(y)) for s, p, lane, x, y in data["stages"]),
        handoffs=tuple((s, t, kind) for s, t, kind in data["handoffs"]),
    )


def main() -> int:
    snapshot = snapshot_from_json(sys.stdin.read())

    def progress(share: float) -> None:
        print(f"progress {share:.3f}", flush=True)

    positions = arrange(snapshot, progress)
    print("positions " + json.dumps(positions, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
