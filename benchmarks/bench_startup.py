"""Start-up: from launching ``python -m journeyapp --sample`` (what the quick start runs) to the
main window's first paint, the sample playbook's map in it.

Figure: seconds from just before the child process is started to the line the app prints once
its main window has been painted for the first time (JOURNEYAPP_EXIT_AFTER_FIRST_PAINT makes it
print that line and quit), median over runs. Baseline, same run, measured the same way and
launched turn about with the app: a bare Python process that imports PySide6, creates a
QApplication, shows an empty QMainWindow and reports its first paint. A third launch, the
libraries floor, is that bare window in a process that first imports NetworkX and sqlite-utils,
which the model is built on: no start-up of this design can beat it. Each launch gets fresh,
empty settings and data folders, so no remembered window or crash-recovery offer changes the
run. Python's byte-code caches are kept, as on a user's machine (PYTHONDONTWRITEBYTECODE is
dropped; the caches go to a folder of the run's own, written by one uncounted launch of each
first). Qt's offscreen platform on a virtual screen of 1920 × 1080 (the platform's own is
800 × 800, which the app's window, keeping to its screen, would shrink to) unless
QT_QPA_PLATFORM says otherwise (e.g. ``xcb`` under ``xvfb-run``). Prints one JSON object on
its last line.

    python benchmarks/bench_startup.py [--quick] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from virtual_screen import offscreen_unless_told

# The names the app uses (journeyapp/app.py); spelled out so this file imports no Qt.
EXIT_AFTER_FIRST_PAINT = "JOURNEYAPP_EXIT_AFTER_FIRST_PAINT"
FIRST_PAINT_MARKER = b"journeyapp: first paint"
TIMEOUT_S = 60.0

APP = [sys.executable, "-m", "journeyapp", "--sample"]
SCREEN = (1920, 1080)

# The baseline reports its first paint exactly as the app's hook does.
BARE_WINDOW = f"""
import sys
{{libraries}}
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class ExitAfterFirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        print({FIRST_PAINT_MARKER.decode()!r}, flush=True)
        QApplication.quit()

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.installEventFilter(ExitAfterFirstPaint(window))
window.resize(1440, 900)
window.show()
sys.exit(app.exec())
"""
BASELINE = [sys.executable, "-c", BARE_WINDOW.format(libraries="")]
# A floor for this design: the bare window in a process that first loads the libraries the
# model is built on (the playbook is a NetworkX graph, stored through sqlite-utils).
LIBRARIES_FLOOR = [
    sys.executable,
    "-c",
    BARE_WINDOW.format(libraries="import networkx, sqlite_utils"),
]


def isolated_env(home: Path, pycache: Path) -> dict[str, str]:
    """The environment of one launch: its own empty user folders, the first-paint hook on,
    and Python's byte-code caches kept (in ``pycache``) as a user's Python keeps them."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    for name in ("data", "config", "cache"):
        (home / name).mkdir(parents=True)
    env["JOURNEYAPP_DATA_DIR"] = str(home / "data")
    env["XDG_DATA_HOME"] = str(home / "data")
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_CACHE_HOME"] = str(home / "cache")
    env[EXIT_AFTER_FIRST_PAINT] = "1"
    return env


def first_paint_seconds(command: list[str], home: Path, pycache: Path) -> float:
    """Seconds from starting ``command`` to its first-paint line; the process must then exit 0."""
    env = isolated_env(home, pycache)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=home, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    seen, elapsed = b"", None
    fd = process.stdout.fileno()
    while elapsed is None:
        remaining = TIMEOUT_S - (time.perf_counter() - start)
        ready, _, _ = select.select([fd], [], [], max(remaining, 0))
        if not ready:
            process.kill()
            process.communicate()
            raise RuntimeError(f"no first paint within {TIMEOUT_S:.0f} s: {command[-2:]}")
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        seen += chunk
        if FIRST_PAINT_MARKER in seen:
            elapsed = time.perf_counter() - start
    try:
        _, errors = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        _, errors = process.communicate()
    if elapsed is None or process.returncode != 0:
        tail = errors.decode(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(
            f"{command[-2:]} exited {process.returncode} "
            f"{'after' if elapsed else 'before'} its first paint: {' | '.join(tail)}"
        )
    return elapsed


LAUNCHES = {"app": APP, "bare": BASELINE, "floor": LIBRARIES_FLOOR}


def launch_turn_about(runs: int, root: Path) -> dict[str, list[float]]:
    """Seconds to first paint of each launch, ``runs`` times, taking turns so that a busy
    spell on the machine hits them all; one uncounted launch of each first (byte-code cached,
    files in the page cache)."""
    pycache = root / "pycache"
    for name, command in LAUNCHES.items():
        first_paint_seconds(command, root / f"warm-{name}", pycache)
    times: dict[str, list[float]] = {name: [] for name in LAUNCHES}
    for n in range(runs):
        for name, command in LAUNCHES.items():
            times[name].append(first_paint_seconds(command, root / f"{name}{n}", pycache))
        shown = ", ".join(f"{name} {times[name][-1]:.3f} s" for name in LAUNCHES)
        print(f"run {n + 1}/{runs}: {shown}", flush=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, help="launches of each (default 15, --quick 5)")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 15)
    offscreen_unless_told(*SCREEN)  # every launch on the same screen, a real one's size
    root = Path(tempfile.mkdtemp(prefix="startup-bench-"))
    try:
        times = launch_turn_about(runs, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    figure, baseline, floor = (statistics.median(times[name]) for name in LAUNCHES)
    print(
        json.dumps(
            {
                "benchmark": "startup",
                "runs": runs,
                "platform": os.environ["QT_QPA_PLATFORM"].split(":")[0],
                "screen": list(SCREEN) if "configfile" in os.environ["QT_QPA_PLATFORM"] else None,
                "app_first_paint_median_s": round(figure, 3),
                "app_first_paint_min_s": round(min(times["app"]), 3),
                "baseline_bare_window_first_paint_median_s": round(baseline, 3),
                "baseline_bare_window_first_paint_min_s": round(min(times["bare"]), 3),
                "ratio": round(figure / baseline, 2),
                "libraries_floor_first_paint_median_s": round(floor, 3),
                "libraries_floor_ratio": round(floor / baseline, 2),
                "ratio_to_libraries_floor": round(figure / floor, 2),
                "targets": {"ratio": 1.5, "app_first_paint_s": 0.6, "floor_ratio": 1.6},
            }
        )
    )


if __name__ == "__main__":
    main()
