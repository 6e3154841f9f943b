"""Canvas speed in the real main window, minimap shown, on realistic maps and on the tangle.

Workload: ``realistic_map`` of 30, 100, 300 and 1,000 stages (phases × lanes, 1.0–1.3 handoffs
a stage; --quick: up to 300), each opened in the main window at 1920×1080 with its minimap,
and the 2,000-stage tangle of 6,000 long random arrows as a stress case (--quick: none). On
Qt's offscreen platform the window is on a virtual screen of that size (the platform's own is
800 × 800, and the window keeps to its screen); the JSON says the size the window and its
map were shown at.

Each figure is a median, taken in turn with its baseline in the same run: a bare
QGraphicsScene holding a plain rect and text item per card, and per arrow a path item of its
line stroked with its pen, its arrowhead and its label's box (``drawn_parts``), at the same
places, in a bare QGraphicsView of the same size and zoom, drawing item by item as ours does
at that zoom.

- open: Document.open to the map fitted (Ctrl+0 as it opens: on its own the window shows a
  map this big at a legible zoom, from the start of the journey) and painted, against
  building and painting the bare scene fitted; and how long its labels then take to settle,
  placed between frames;
- a move, a rename and an undo at 100 %: applied, committed to the file and drawn, each to
  its first frame (the labels its lines now cross settle after, on a timer, timed apart);
- a select-all drag at 100 %: one mouse-move frame, moved and drawn, against the same drag of
  every item in the bare scene; then the drop and its undo, each to its first frame, and
  the labels they moved settled;
- the tangle: one card moved at 100 %, against the bare scene's same move: its rect moved
  as far, and the card's arrows given the lines, arrowheads and label boxes ours took, then
  drawn; after each move (there and on the realistic maps), how long the labels its
  lines now cross take to settle between frames.

Prints one JSON object on its last line.

    python benchmarks/bench_canvas.py [--quick]
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
from generated_maps import large_map, realistic_map
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.store import Store
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)
from virtual_screen import offscreen_unless_told

from journeyapp.app import create_application
from journeyapp.document import Document
from journeyapp.main_window import MainWindow
from journeyapp.settings import AppSettings

WIDTH, HEIGHT = 1920, 1080
MOVABLE = QGraphicsItem.GraphicsItemFlag.ItemIsMovable
SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
FRAME_DELIVERIES = 4  # input → scene update → repaint, and one to spare


def arrow_items(scene) -> dict:
    """The map's arrow items, keyed by kind ("handoff", "recycle") and handoff id."""
    return {("handoff", key): item for key, item in scene.handoff_items.items()} | {
        ("recycle", key): item for key, item in scene.recycle_items.items()
    }


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def drawn() -> None:
    QApplication.processEvents()  # what the edit dirtied is painted, as the window would


def first_frame() -> None:
    """Deliver what the edit posted, the repaint it asked for among them, and stop there.
    What the window does after that frame, on its timers (labels settling), is timed apart
    by ``settled``: the event loop paints before it runs timers, so a user sees this frame
    first. An event posted while others are delivered waits for the next delivery (the
    scene's update posts the repaint), so a few are made: with one, a drag frame was
    painted every other frame."""
    for _ in range(FRAME_DELIVERIES):
        QApplication.sendPostedEvents()


def bare_view(window, zoom: float) -> QGraphicsView:
    """The same cards and arrows as plain items, where ours are, in a view like ours. Its
    ``cards`` and ``arrows`` are keyed as ours are (an arrow by its kind and handoff id)."""
    scene = QGraphicsScene()
    ours = window.canvas.map_scene
    cards, arrows = {}, {}
    for stage_id in ours.stage_items:
        rect = ours.card_rect(stage_id)
        card = cards[stage_id] = QGraphicsRectItem(0, 0, rect.width(), rect.height())
        card.setPos(rect.topLeft())
        card.setFlags(MOVABLE | SELECTABLE)
        scene.addItem(card)
        text = QGraphicsSimpleTextItem(window.document.playbook.stage(stage_id).name, card)
        text.setPos(10, 10)
    for key, item in arrow_items(ours).items():
        arrows[key] = bare_arrow(item.drawn_parts(), window.canvas.map_scene.style.label_fill)
        scene.addItem(arrows[key])
    scene.setSceneRect(ours.sceneRect())
    view = QGraphicsView(scene)
    view.keep_scene_alive = scene
    view.cards, view.arrows = cards, arrows
    view.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    view.resize(window.canvas.viewport().size())
    view.scale(zoom, zoom)
    view.show()
    return view


def bare_arrow(parts: tuple, label_fill) -> QGraphicsPathItem:
    """An arrow as plain items drawn as ours is at 100 %: its line stroked with its pen, its
    arrowhead filled, and its label's box (without the text: ours draws a cached picture)."""
    line = QGraphicsPathItem()
    head = QGraphicsPolygonItem(line)
    head.setPen(Qt.PenStyle.NoPen)
    label = QGraphicsRectItem(line)
    label.setBrush(label_fill)
    show_parts(line, parts)
    return line


def show_parts(line: QGraphicsPathItem, parts: tuple) -> None:
    """Give a bare arrow the line, pen, arrowhead and label box ``drawn_parts`` gave."""
    path, pen, arrowhead, label_box = parts
    line.setPath(path)
    line.setPen(pen)
    head, label = line.childItems()
    head.setPolygon(arrowhead)
    head.setBrush(pen.color())
    label.setRect(label_box)
    label.setPen(QPen(pen.color(), 1))
    label.setVisible(not label_box.isNull())


def mouse(view, kind: QEvent.Type, point: QPoint, held: bool) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
    global_point = QPointF(view.viewport().mapToGlobal(point))
    event = QMouseEvent(
        kind, QPointF(point), global_point, button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(view.viewport(), event)


def drag_frames(view, start: QPoint, frames: int) -> list[float]:
    """Press on ``start``, then move a few pixels a frame: each frame's move and paint."""
    mouse(view, QEvent.Type.MouseButtonPress, start, True)
    drawn()
    times = []
    for step in range(1, frames + 1):
        point = start + QPoint(3 * step, 2 * step)
        times.append(
            timed(lambda p=point: (mouse(view, QEvent.Type.MouseMove, p, True), first_frame()))
        )
    return times


def release(view, point: QPoint) -> None:
    mouse(view, QEvent.Type.MouseButtonRelease, point, False)
    first_frame()


def settled(window) -> float:
    """How long the labels still waiting take to find their places, the window running."""
    scene = window.canvas.map_scene

    def work():
        while not scene.labels_settled:
            drawn()
        first_frame()  # the labels where they settled, painted

    return timed(work)


def open_window(path: Path, window: MainWindow) -> tuple[float, float]:
    """The map fitted and painted; then its labels settled."""

    def work():
        window.set_document(Document.open(path))
        window.canvas.zoom_to_fit()
        drawn()
        window.canvas.viewport().repaint()

    return timed(work), settled(window)


def open_bare(window) -> float:
    def work():
        view = bare_view(window, window.canvas.zoom())
        view.fitInView(view.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        drawn()
        view.viewport().repaint()
        view.close()

    return timed(work)


def edits(window, repeats: int, after_move=None) -> dict[str, list[float]]:
    """A move, a rename and an undo at 100 %, each applied, committed and drawn; and after
    a move, how long the labels its lines now cross take to settle between frames.
    ``after_move(stage_id)``, if given, is called once each move has settled (untimed)."""
    canvas, document = window.canvas, window.document
    canvas.set_zoom(1.0)
    stage_ids = list(canvas.map_scene.stage_items)
    found = {"move": [], "move_labels_settled": [], "rename": [], "undo": []}
    for i in range(repeats):
        stage_id = stage_ids[(i * 37) % len(stage_ids)]
        canvas.centerOn(canvas.map_scene.card_rect(stage_id).center())
        drawn()
        stage = document.playbook.stage(stage_id)
        move = ops.move_stage(document.playbook, stage_id, stage.phase, stage.lane,
                              stage.x + 8, stage.y)  # fmt: skip
        found["move"].append(timed(lambda e=move: (document.apply(e), first_frame())))
        found["move_labels_settled"].append(settled(window))
        if after_move is not None:
            after_move(stage_id)
        rename = ops.rename(document.playbook, Kind.STAGE, stage_id, f"Renamed {i}")
        found["rename"].append(timed(lambda e=rename: (document.apply(e), first_frame())))
        settled(window)
        found["undo"].append(timed(lambda: (document.undo_stack.undo(), first_frame())))
        settled(window)
    return found


def select_all_drag(window, frames: int) -> dict[str, float]:
    canvas, document = window.canvas, window.document
    canvas.set_zoom(1.0)
    stage_ids = list(canvas.map_scene.stage_items)
    middle = stage_ids[len(stage_ids) // 2]
    canvas.centerOn(canvas.map_scene.card_rect(middle).center())
    start = canvas.mapFromScene(canvas.map_scene.card_rect(middle).center())
    for item in canvas.map_scene.stage_items.values():
        item.setSelected(True)
    drawn()
    settled(window)
    frame_times = drag_frames(canvas, start, frames)
    end = start + QPoint(3 * frames, 2 * frames)
    drop_ms = timed(lambda: release(canvas, end))
    drop_settled_ms = settled(window)
    undo_ms = timed(lambda: (document.undo_stack.undo(), first_frame()))
    undo_settled_ms = settled(window)
    canvas.map_scene.clearSelection()

    bare = bare_view(window, 1.0)
    bare.centerOn(canvas.map_scene.card_rect(middle).center())
    for card in bare.cards.values():
        card.setSelected(True)
    drawn()
    bare_start = bare.mapFromScene(canvas.map_scene.card_rect(middle).center())
    bare_times = drag_frames(bare, bare_start, frames)
    release(bare, bare_start + QPoint(3 * frames, 2 * frames))
    bare.close()
    return {
        "frame": statistics.median(frame_times[1:]),
        "bare_frame": statistics.median(bare_times[1:]),
        "drop": drop_ms,
        "drop_labels_settled": drop_settled_ms,
        "undo": undo_ms,
        "undo_labels_settled": undo_settled_ms,
    }


def one_card_moves(window, repeats: int) -> dict[str, float]:
    """The tangle: one card moved at 100 % (applied, committed, drawn), against the bare
    scene's same move: the card's rect moved as far and its arrows given the parts ours drew
    after the move, then drawn."""
    settled(window)
    ours_scene, playbook = window.canvas.map_scene, window.document.playbook
    moves: list[tuple[str, dict]] = []  # each moved card, and what its arrows drew after

    def keep_parts(stage_id: str) -> None:
        touching = {h.id for h in playbook.incoming(stage_id) + playbook.outgoing(stage_id)}
        parts = {
            key: item.drawn_parts()
            for key, item in arrow_items(ours_scene).items()
            if key[1] in touching
        }
        moves.append((stage_id, parts))

    bare = bare_view(window, 1.0)  # as ours was before the moves, which it makes again
    bare.hide()
    ours = edits(window, repeats, after_move=keep_parts)
    # Settled before the bare scene moves: labels still being placed in the window between
    # frames would be timed as the bare scene's.
    settled(window)
    bare.show()
    times = []
    for stage_id, parts_after in moves:
        card = bare.cards[stage_id]
        bare.centerOn(card.sceneBoundingRect().center())
        drawn()

        def same_move(card=card, parts_after=parts_after) -> None:
            card.moveBy(8, 0)
            for key, parts in parts_after.items():
                show_parts(bare.arrows[key], parts)
            first_frame()

        times.append(timed(same_move))
    bare.close()
    return {
        "move_ms": statistics.median(ours["move"]),
        "move_labels_settled_ms": statistics.median(ours["move_labels_settled"]),
        "bare_move_ms": statistics.median(times),
        "moved_card_arrows": statistics.median(len(parts) for _, parts in moves),
    }


def measure_map(window, playbook, label: str, repeats: int, frames: int) -> dict:
    folder = Path(tempfile.mkdtemp())
    path = folder / f"{label}.journey"
    Store.create(path, playbook).close()
    window.set_document(Document.new_untitled())  # the map's own open is the one timed
    drawn()
    opens, labels, bare_opens = [], [], []
    for _ in range(3):
        shown, labels_settled = open_window(path, window)
        opens.append(shown)
        labels.append(labels_settled)
        bare_opens.append(open_bare(window))
    found = {
        "open_ms": statistics.median(opens),
        "open_labels_settled_ms": statistics.median(labels),
        "bare_open_ms": statistics.median(bare_opens),
    }
    if label == "tangle":
        return found | one_card_moves(window, repeats)
    times = edits(window, repeats)
    for name, values in times.items():
        found[f"{name}_ms"] = statistics.median(values)
    drags = [select_all_drag(window, frames) for _ in range(3)]
    for key in drags[0]:
        found[f"drag_{key}_ms"] = statistics.median(d[key] for d in drags)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    offscreen_unless_told(WIDTH, HEIGHT)
    sizes = (30, 100, 300) if args.quick else (30, 100, 300, 1000)
    repeats, frames = (5, 6) if args.quick else (11, 10)
    fresh_settings()
    app = create_application()
    window = MainWindow(AppSettings())
    window.resize(WIDTH, HEIGHT)
    window.show()
    window.dock_minimap.show()
    drawn()
    viewport = window.canvas.viewport().size()
    result: dict = {
        "benchmark": "canvas",
        "sizes": list(sizes),
        "window": [window.width(), window.height()],  # as shown, not as asked for
        "canvas_viewport": [viewport.width(), viewport.height()],
    }
    for size in sizes:
        figures = measure_map(window, realistic_map(size), f"realistic-{size}", repeats, frames)
        for key, value in figures.items():
            result[f"{key}_{size}"] = round(value, 2)
        result[f"ratio_open_{size}"] = round(figures["open_ms"] / figures["bare_open_ms"], 2)
        result[f"ratio_drag_frame_{size}"] = round(
            figures["drag_frame_ms"] / figures["drag_bare_frame_ms"], 2
        )
    if not args.quick:
        tangle = measure_map(window, large_map(2000, 6000), "tangle", repeats, frames)
        result["tangle_stages"] = 2000
        for key, value in tangle.items():
            result[f"tangle_{key}"] = round(value, 2)
        result["ratio_tangle_move"] = round(tangle["move_ms"] / tangle["bare_move_ms"], 2)
    result["minimap_shown"] = window.minimap.isVisible()
    result["targets"] = {
        "edit_ms": 16,
        "drag_frame_ms": 33,
        "drag_frame_ratio_300": 3.0,
        "drop_ms_300": 100,
        "open_ratio": 3.0,
        "tangle_move_ratio": 2.0,
    }
    window.document.close()
    print(json.dumps(result))
    sys.stdout.flush()
    del app


if __name__ == "__main__":
    main()
